-- Purpose: publish the valid rows of a staged initiatives file (the initiative rows).
INSERT INTO initiative (code, name, organisation_code, form, start_date, end_date, status, description, batch_id)
SELECT p_initiatiefcode, p_naam, p_organisatiecode, p_vorm, p_startdatum, p_einddatum, p_status,
       p_omschrijving, $batch_id
FROM ok;
