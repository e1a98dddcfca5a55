-- Purpose: publish the valid rows of a staged grants file.
INSERT INTO grant_award (code, funder_code, initiative_code, amount, start_date, end_date, description, batch_id)
SELECT p_subsidiecode, p_financiercode, p_initiatiefcode, CAST(p_bedrag AS DECIMAL(14, 2)),
       p_startdatum, p_einddatum, p_omschrijving, $batch_id
FROM ok;
