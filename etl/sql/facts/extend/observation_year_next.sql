-- Purpose: next_year again where the load can have changed it. In a unit (indicator, buurt, initiative) whose
-- earliest touched year is `first`, these are its rows from `first` on and the one row before `first` whose
-- next year was `first` or later (or none): exactly the rows with next_year NULL or >= first, a run of the
-- unit's last years, so lead() over them alone is right. Only rows whose next_year changes are written.
UPDATE f_observation_year y
SET next_year = n.next_year
FROM (
    SELECT y2.indicator_code, y2.buurt_code, y2.initiative_code, y2.year,
           lead(y2.year) OVER (PARTITION BY y2.indicator_code, y2.buurt_code, y2.initiative_code
                               ORDER BY y2.year) AS next_year
    FROM f_observation_year y2
    JOIN (
        SELECT indicator_code, buurt_code, initiative_code, min(year) AS first
        FROM fact_touched
        GROUP BY ALL
    ) u ON y2.indicator_code = u.indicator_code AND y2.buurt_code IS NOT DISTINCT FROM u.buurt_code
       AND y2.initiative_code = u.initiative_code
    WHERE y2.next_year IS NULL OR y2.next_year >= u.first
) n
WHERE y.indicator_code = n.indicator_code AND y.buurt_code IS NOT DISTINCT FROM n.buurt_code
  AND y.initiative_code = n.initiative_code AND y.year = n.year
  AND y.next_year IS DISTINCT FROM n.next_year;
