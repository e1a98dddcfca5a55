-- Purpose: per gemeente (the national map), a context statistic of the latest year up to the period's
-- end (NULL = missing or secret at the source), with that year.
SELECT area_code AS gemeente_code, value, year
FROM v_area_stat
WHERE stat_code = $stat AND level = 'gemeente' AND year <= $year
QUALIFY row_number() OVER (PARTITION BY area_code ORDER BY year DESC) = 1
ORDER BY gemeente_code
