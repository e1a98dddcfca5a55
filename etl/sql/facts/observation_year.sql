-- Purpose: the observations per indicator, initiative, buurt and year: their sum and count, and the year's latest
-- value (with its period end). Totals over whole years (KPIs, maps) read this table: a quarter of the
-- rows of f_observation, and for the 'laatste' rule one row per unit and year instead of one per
-- observation. Same sort as f_observation.
CREATE OR REPLACE TABLE f_observation_year AS
SELECT indicator_code, any_value(gemeente_code) AS gemeente_code, any_value(wijk_code) AS wijk_code,
       buurt_code, initiative_code, year, any_value(status) AS status,
       any_value(theme_mask) AS theme_mask, sum(value) AS total, count(*) AS n,
       arg_max(value, period_end) AS latest, max(period_end) AS latest_end
FROM f_observation
GROUP BY indicator_code, buurt_code, initiative_code, year  -- gemeente, wijk, status, theme follow from these
ORDER BY indicator_code, gemeente_code, year;
