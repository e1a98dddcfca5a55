-- Purpose: one indicator per quarter of the period with its target, each quarter combined by the
-- indicator's aggregation ($aggregation: som / laatste / gemiddelde, as in indicator_totals.sql), for the
-- trend chart; for several selections at once ($selections: position, statuses, themes, bits, funders, wijk,
-- buurt; all in the gemeente $gemeente and the period $start..$end): the trend and the coarser
-- selections small-number protection compares it with, in one scan of the observations.
-- As in indicator_totals.sql, a 'som' or 'gemiddelde' selection without a funder filter is answered
-- from `cells`, the observations added up per quarter, status, theme bits and (in one gemeente) wijk
-- and buurt; the others (funders, or 'laatste') go per initiative and buurt.
-- reporting: 0, 1 or 2 (two or more) initiatives with a value in the total (public mode shows no count of
-- people from fewer than two).
WITH selections AS (
    SELECT s.*, len(s.funders) = 0 AND $aggregation <> 'laatste' AS by_cell
    FROM (SELECT unnest($selections, recursive := true)) s
),
-- NOT MATERIALIZED: each use scans with its own filters pushed down; a materialised scope of a
-- national multi-year selection (2 million rows) cost more than the scans (trend p95 544 -> 109 ms).
scope AS NOT MATERIALIZED (
    SELECT initiative_code, wijk_code, buurt_code, status, theme_mask, year, quarter, period_end, value,
           target
    FROM f_observation o
    WHERE o.indicator_code = $indicator
      AND o.period_start BETWEEN $start AND $end
      AND ($gemeente IS NULL OR o.gemeente_code = $gemeente)
),
cells AS (
    SELECT year, quarter, status, theme_mask,
           CASE WHEN $gemeente IS NULL THEN NULL ELSE wijk_code END AS wijk_code,
           CASE WHEN $gemeente IS NULL THEN NULL ELSE buurt_code END AS buurt_code,
           sum(value) AS total, count(*) AS n, sum(target) AS target_total, count(target) AS target_n,
           min(initiative_code) FILTER (WHERE value IS NOT NULL) AS first_initiative,
           max(initiative_code) FILTER (WHERE value IS NOT NULL) AS last_initiative
    FROM scope
    WHERE (SELECT bool_or(by_cell) FROM selections)  -- only when a selection needs them
    GROUP BY ALL
),
cell_quarters AS (
    SELECT s.position, c.year, c.quarter,
           CASE WHEN $aggregation = 'gemiddelde' THEN sum(c.total) / sum(c.n) ELSE sum(c.total) END AS value,
           CASE WHEN $aggregation = 'gemiddelde' THEN sum(c.target_total) / sum(c.target_n)
                ELSE sum(c.target_total) END AS target,
           CASE WHEN min(c.first_initiative) IS NULL THEN 0
                WHEN min(c.first_initiative) = max(c.last_initiative) THEN 1 ELSE 2 END AS reporting
    FROM cells c
    JOIN selections s
      ON s.by_cell
     AND (s.wijk IS NULL OR c.wijk_code = s.wijk)
     AND (s.buurt IS NULL OR c.buurt_code = s.buurt)
     AND (len(s.statuses) = 0 OR list_contains(s.statuses, c.status))
     AND (len(s.themes) = 0 OR (c.theme_mask & s.bits) <> 0)
    GROUP BY s.position, c.year, c.quarter
),
observations AS (
    SELECT s.position, o.initiative_code, o.buurt_code, o.year, o.quarter, o.period_end, o.value, o.target
    FROM scope o
    JOIN selections s
      ON NOT s.by_cell
     AND (s.wijk IS NULL OR o.wijk_code = s.wijk)
     AND (s.buurt IS NULL OR o.buurt_code = s.buurt)
     AND (len(s.statuses) = 0 OR list_contains(s.statuses, o.status))
     AND (len(s.themes) = 0 OR (o.theme_mask & s.bits) <> 0)
     AND (len(s.funders) = 0 OR o.initiative_code IN (SELECT initiative_code FROM funded_initiatives(s.funders)))
),
latest AS (
    SELECT position, initiative_code, year, quarter, arg_max(value, period_end) AS value,
           arg_max(target, period_end) AS target
    FROM observations
    WHERE $aggregation = 'laatste'
    GROUP BY position, initiative_code, buurt_code, year, quarter
),
quarters AS (
    SELECT * FROM cell_quarters
    UNION ALL
    SELECT position, year, quarter,
           CASE WHEN $aggregation = 'gemiddelde' THEN sum(value) / count(*) ELSE sum(value) END AS value,
           CASE WHEN $aggregation = 'gemiddelde' THEN sum(target) / count(target) ELSE sum(target) END AS target,
           least(count(DISTINCT initiative_code) FILTER (WHERE value IS NOT NULL), 2) AS reporting
    FROM observations
    WHERE $aggregation <> 'laatste'
    GROUP BY position, year, quarter
    UNION ALL
    SELECT position, year, quarter, sum(value), sum(target),
           least(count(DISTINCT initiative_code) FILTER (WHERE value IS NOT NULL), 2)
    FROM latest GROUP BY position, year, quarter
)
SELECT position, year, quarter, value, target, reporting FROM quarters ORDER BY position, year, quarter
