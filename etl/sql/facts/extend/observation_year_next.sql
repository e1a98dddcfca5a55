-- Purpose: next_year again for the units (indicator, buurt, initiative) the load touched: a year added or gone
-- changes the next year of the unit's other rows. Only rows whose next_year changes are written.
UPDATE f_observation_year y
SET next_year = n.next_year
FROM (
    SELECT y2.indicator_code, y2.buurt_code, y2.initiative_code, y2.year,
           lead(y2.year) OVER (PARTITION BY y2.indicator_code, y2.buurt_code, y2.initiative_code
                               ORDER BY y2.year) AS next_year
    FROM f_observation_year y2
    SEMI JOIN (SELECT DISTINCT indicator_code, buurt_code, initiative_code FROM fact_touched) u
        ON y2.indicator_code = u.indicator_code AND y2.buurt_code IS NOT DISTINCT FROM u.buurt_code
       AND y2.initiative_code = u.initiative_code
) n
WHERE y.indicator_code = n.indicator_code AND y.buurt_code IS NOT DISTINCT FROM n.buurt_code
  AND y.initiative_code = n.initiative_code AND y.year = n.year
  AND y.next_year IS DISTINCT FROM n.next_year;
