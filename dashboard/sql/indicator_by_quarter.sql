-- Purpose: one indicator per quarter of the period with its target, each quarter combined by the
-- indicator's aggregation ($aggregation: som / laatste / gemiddelde, as in indicator_total.sql), for the
-- trend chart; for several selections at once ($selections: position, statuses, themes, funders, wijk,
-- buurt; all in the gemeente $gemeente and the period $start..$end): the trend and the coarser
-- selections small-number protection compares it with, in one scan of the observations.
WITH selections AS (
    SELECT s.*, theme_bits(s.themes) AS bits
    FROM (SELECT unnest($selections, recursive := true)) s
),
scope AS (
    SELECT initiative_code, gemeente_code, wijk_code, buurt_code, status, theme_mask, year, quarter,
           period_end, value, target
    FROM f_observation o
    WHERE o.indicator_code = $indicator
      AND o.period_start BETWEEN $start AND $end
      AND ($gemeente IS NULL OR o.gemeente_code = $gemeente)
),
observations AS (
    SELECT s.position, o.initiative_code, o.buurt_code, o.year, o.quarter, o.period_end, o.value, o.target
    FROM scope o
    JOIN selections s
      ON (s.wijk IS NULL OR o.wijk_code = s.wijk)
     AND (s.buurt IS NULL OR o.buurt_code = s.buurt)
     AND (len(s.statuses) = 0 OR list_contains(s.statuses, o.status))
     AND (len(s.themes) = 0 OR (o.theme_mask & s.bits) <> 0)
     AND (len(s.funders) = 0 OR o.initiative_code IN (SELECT initiative_code FROM funded_initiatives(s.funders)))
),
latest AS (
    SELECT position, year, quarter, arg_max(value, period_end) AS value, arg_max(target, period_end) AS target
    FROM observations
    WHERE $aggregation = 'laatste'
    GROUP BY position, initiative_code, buurt_code, year, quarter
),
quarters AS (
    SELECT position, year, quarter,
           CASE WHEN $aggregation = 'gemiddelde' THEN sum(value) / count(*) ELSE sum(value) END AS value,
           CASE WHEN $aggregation = 'gemiddelde' THEN sum(target) / count(target) ELSE sum(target) END AS target
    FROM observations
    WHERE $aggregation <> 'laatste'
    GROUP BY position, year, quarter
    UNION ALL
    SELECT position, year, quarter, sum(value), sum(target) FROM latest GROUP BY position, year, quarter
)
SELECT position, year, quarter, value, target FROM quarters ORDER BY position, year, quarter
