-- Purpose: per selection of $selections (position, statuses, themes, bits, funders, wijk, buurt; all in the
-- gemeente $gemeente and the period $first_year..$year) and effect indicator with a value proxy: the units
-- measured (each initiative's once) and how many initiatives measured it. What small-number protection
-- compares a value-page total with (its coarser selections and the known portfolios inside it): one query
-- for all of them instead of one value_effects.sql each. Per selection it adds up exactly the rows
-- value_effects.sql gives (the same initiative filter as matching_initiatives, the same area and period).
WITH selections AS (
    SELECT s.*
    FROM (SELECT unnest($selections, recursive := true)) s
),
scope AS (
    SELECT o.initiative_code, o.indicator_code, o.wijk_code, o.buurt_code, o.total AS value
    FROM f_observation_year o  -- whole years, as value_effects.sql
    WHERE o.year BETWEEN $first_year AND $year
      AND o.indicator_code IN (SELECT indicator_code FROM v_value_proxy)
      AND o.initiative_code IN (SELECT code FROM v_initiative)
      AND ($gemeente IS NULL OR o.gemeente_code = $gemeente)
),
units AS (
    SELECT s.position, o.initiative_code, o.indicator_code, sum(o.value) AS units
    FROM scope o
    JOIN f_initiative i ON i.code = o.initiative_code
    JOIN selections s
      ON (s.wijk IS NULL OR o.wijk_code = s.wijk)
     AND (s.buurt IS NULL OR o.buurt_code = s.buurt)
     AND (len(s.statuses) = 0 OR list_contains(s.statuses, i.status))
     AND (len(s.themes) = 0 OR (i.theme_mask & s.bits) <> 0)
     AND (len(s.funders) = 0 OR EXISTS (
             SELECT 1 FROM f_initiative_funder f
             WHERE f.initiative_code = i.code AND list_contains(s.funders, f.funder_code)))
    GROUP BY s.position, o.initiative_code, o.indicator_code
)
SELECT position, indicator_code, coalesce(sum(units), 0) AS units, count(*) AS initiatives
FROM units
GROUP BY position, indicator_code
ORDER BY position, indicator_code
