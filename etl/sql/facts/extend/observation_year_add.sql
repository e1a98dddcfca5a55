-- Purpose: the touched f_observation_year cells added up again from f_observation, as facts/observation_year.sql
-- does (the same aggregates); next_year is set by observation_year_next.sql.
INSERT INTO f_observation_year
SELECT indicator_code, any_value(gemeente_code) AS gemeente_code, any_value(wijk_code) AS wijk_code,
       buurt_code, initiative_code, year, any_value(status) AS status,
       any_value(theme_mask) AS theme_mask, sum(value) AS total, count(*) AS n,
       arg_max(value, period_end) AS latest, max(period_end) AS latest_end, NULL AS next_year
FROM f_observation o
SEMI JOIN (SELECT DISTINCT * FROM fact_touched) t
    ON o.indicator_code = t.indicator_code AND o.buurt_code IS NOT DISTINCT FROM t.buurt_code
   AND o.initiative_code = t.initiative_code AND o.year = t.year
GROUP BY indicator_code, buurt_code, initiative_code, year
ORDER BY indicator_code, gemeente_code, year;
