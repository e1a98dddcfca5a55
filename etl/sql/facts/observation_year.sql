-- Purpose: the observations per indicator, initiative, buurt and year: their sum and count, and the year's latest
-- value (with its period end). Totals over whole years (KPIs, maps) read this table: a quarter of the
-- rows of f_observation, and for the 'laatste' rule one row per unit and year instead of one per
-- observation. Same sort as f_observation.
-- next_year: the unit's next year with an observation (NULL: none later). A row is its unit's latest in
-- a period first..last exactly when first <= year <= last and (next_year IS NULL OR next_year > last),
-- so 'laatste' totals over several years add up rows too (indicator_totals.sql) instead of ranking
-- every unit's years per query.
CREATE OR REPLACE TABLE f_observation_year AS
SELECT *, lead(year) OVER (PARTITION BY indicator_code, buurt_code, initiative_code ORDER BY year) AS next_year
FROM (
    SELECT indicator_code, any_value(gemeente_code) AS gemeente_code, any_value(wijk_code) AS wijk_code,
           buurt_code, initiative_code, year, any_value(status) AS status,
           any_value(theme_mask) AS theme_mask, sum(value) AS total, count(*) AS n,
           arg_max(value, period_end) AS latest, max(period_end) AS latest_end
    FROM f_observation
    GROUP BY indicator_code, buurt_code, initiative_code, year  -- gemeente, wijk, status, theme follow
)
ORDER BY indicator_code, gemeente_code, year;
