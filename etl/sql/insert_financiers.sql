-- Purpose: publish the valid rows of a staged funders file.
INSERT INTO funder (code, name, funder_type, batch_id)
SELECT p_financiercode, p_naam, p_type, $batch_id
FROM ok;
