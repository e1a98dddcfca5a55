-- Purpose: the f_observation_year cells the load touched leave, to be added up again from f_observation.
DELETE FROM f_observation_year y
USING (SELECT DISTINCT * FROM fact_touched) t
WHERE y.indicator_code = t.indicator_code AND y.buurt_code IS NOT DISTINCT FROM t.buurt_code
  AND y.initiative_code = t.initiative_code AND y.year = t.year;
