-- Purpose: the context statistics the map can show (only those with at least one value).
SELECT d.code, d.name_nl, d.name_en, d.unit, d.is_count
FROM v_stat_def d
WHERE EXISTS (SELECT 1 FROM v_area_stat s WHERE s.stat_code = d.code AND s.value IS NOT NULL)
ORDER BY d.name_nl, d.code
