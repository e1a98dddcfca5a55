-- Purpose: the figures with a value (area, year, statistic) that the published batches of the template
-- files $names hold, and the batch each came from: a missing value of another file never replaces them.
SELECT s.area_code, s.year, s.stat_code, b.batch_id, b.source_name
FROM area_stat s JOIN load_batch b ON b.batch_id = s.batch_id
WHERE b.status = 'gepubliceerd' AND list_contains($names, b.source_name) AND s.value IS NOT NULL
