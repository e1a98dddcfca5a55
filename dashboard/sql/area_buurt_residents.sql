-- Purpose: every buurt of $gemeente with its residents per year (none: one row without a year), sorted by
-- buurt and year: the map of initiatives per 1000 residents takes each buurt's latest year up to the
-- period's end, as map_initiatives.sql does (initiative_set.py). Without a gemeente no rows: the national
-- map counts per gemeente (map_gemeente_initiatives.sql).
SELECT b.buurt_code, s.year, s.value AS residents
FROM v_buurt b
LEFT JOIN v_area_stat s
       ON s.area_code = b.buurt_code AND s.stat_code = 'inwoners' AND s.gemeente_code = $gemeente
WHERE b.gemeente_code = $gemeente
ORDER BY b.buurt_code, s.year
