-- Purpose: context statistics with the level, gemeente and wijk of their area, sorted by statistic and gemeente:
-- the map and need queries ask for one statistic in one gemeente.
CREATE OR REPLACE TABLE f_area_stat AS
SELECT s.area_code, a.level,
       CASE a.level WHEN 'gemeente' THEN a.code
                    WHEN 'wijk' THEN a.parent_code
                    ELSE w.parent_code END AS gemeente_code,
       CASE a.level WHEN 'wijk' THEN a.code WHEN 'buurt' THEN a.parent_code END AS wijk_code,
       s.year, s.stat_code, s.value, s.source, s.batch_id
FROM area_stat s
JOIN area a ON a.code = s.area_code
LEFT JOIN area w ON a.level = 'buurt' AND w.code = a.parent_code
ORDER BY s.stat_code, gemeente_code, s.area_code, s.year;
