-- Purpose: publish the valid rows of a staged area statistics file; missing stays NULL.
INSERT INTO area_stat (area_code, year, stat_code, value, source, batch_id)
SELECT p_gebiedscode, p_jaar, p_statistiek, p_waarde, p_bron, $batch_id
FROM ok;
