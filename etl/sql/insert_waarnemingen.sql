-- Purpose: publish the valid rows of a staged observations file.
INSERT INTO observation (initiative_code, indicator_code, buurt_code, period_start, period_end, value, target, batch_id)
SELECT p_initiatiefcode, p_indicatorcode, p_buurtcode, p_periode_start, p_periode_eind, p_waarde,
       p_doel, $batch_id
FROM ok;
