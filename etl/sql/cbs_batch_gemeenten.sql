-- Purpose: the gemeenten of the rows of each published batch whose file name starts with $prefix (the
-- template files `wijkwaarde cbs` writes: a newer one replaces those whose gemeenten it all covers).
SELECT b.source_name, 'GM' || substr(a.code, 3, 4) AS gemeente
FROM load_batch b JOIN area a ON a.batch_id = b.batch_id
WHERE b.status = 'gepubliceerd' AND starts_with(b.source_name, $prefix)
UNION
SELECT b.source_name, 'GM' || substr(s.area_code, 3, 4) AS gemeente
FROM load_batch b JOIN area_stat s ON s.batch_id = b.batch_id
WHERE b.status = 'gepubliceerd' AND starts_with(b.source_name, $prefix)
UNION
SELECT b.source_name, NULL AS gemeente
FROM load_batch b
WHERE b.status = 'gepubliceerd' AND starts_with(b.source_name, $prefix)
