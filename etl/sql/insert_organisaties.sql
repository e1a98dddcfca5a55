-- Purpose: publish the valid rows of a staged organisations file.
INSERT INTO organisation (code, name, coc_number, place, batch_id)
SELECT p_organisatiecode, p_naam, p_kvk_nummer, p_plaats, $batch_id
FROM ok;
