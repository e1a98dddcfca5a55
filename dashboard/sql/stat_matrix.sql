-- Purpose: per area of one level (optionally one gemeente), each context statistic of the latest year up
-- to $year (NULL = missing or secret), long form, for z-scores (similar buurten, need index); only the
-- statistics in $stats when it is not NULL (the similar buurten compare nine of them).
SELECT area_code, gemeente_code, stat_code, year, value
FROM v_area_stat
WHERE level = $level AND ($gemeente IS NULL OR gemeente_code = $gemeente) AND year <= $year
  AND ($stats IS NULL OR list_contains($stats, stat_code))
QUALIFY row_number() OVER (PARTITION BY area_code, stat_code ORDER BY year DESC) = 1
ORDER BY area_code, stat_code
