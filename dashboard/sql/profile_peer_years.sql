-- Purpose: per statistic and year, how many areas of one level in the gemeente have a row, so the
-- profile can tell years in which the selected area's code was absent (boundary changes).
SELECT stat_code, year, count(DISTINCT area_code) AS areas
FROM v_area_stat
WHERE gemeente_code = $gemeente AND level = $level
GROUP BY stat_code, year
ORDER BY stat_code, year
