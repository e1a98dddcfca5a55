-- Purpose: one indicator's total for several selections at once ($selections: position, statuses, themes,
-- bits (the themes as theme_mask bits, from the reader), funders, first_year, last_year, wijk, buurt; all in
-- the gemeente $gemeente and within $first_year..$year), combined by the indicator's own aggregation
-- ($aggregation, from v_indicator): som = sum of all values; gemiddelde = the mean of all values; laatste = per initiative and buurt the
-- latest value in the period, summed. A total and the coarser selections small-number protection
-- compares it with cost one scan of the per-year units instead of one query each.
-- Two ways to a total: a selection without a funder filter is answered from `cells`, the units added
-- up per year, status, theme bits and, in one gemeente, wijk and buurt (for 'laatste' also per
-- next_year: a unit's row is its latest in the period when its next year with data lies after the
-- period, f_observation_year): all such a selection can tell apart, a few thousand rows even
-- nationally. Selections with a funder filter go per unit.
-- reporting: 0, 1 or 2 (two or more) initiatives with a value in the total (public mode shows no count of
-- people from fewer than two).
WITH selections AS (
    SELECT s.*,
           len(s.funders) = 0 AS by_cell
    FROM (SELECT unnest($selections, recursive := true)) s
),
-- NOT MATERIALIZED: each use scans with its own filters pushed down; a materialised scope of a
-- national multi-year selection (2 million rows) cost more than the scans (trend p95 544 -> 109 ms).
scope AS NOT MATERIALIZED (
    SELECT *
    FROM f_observation_year u
    WHERE u.indicator_code = $indicator
      AND u.year BETWEEN $first_year AND $year
      AND ($gemeente IS NULL OR u.gemeente_code = $gemeente)
),
cells AS (
    SELECT year, status, theme_mask,
           CASE WHEN $gemeente IS NULL THEN NULL ELSE wijk_code END AS wijk_code,
           CASE WHEN $gemeente IS NULL THEN NULL ELSE buurt_code END AS buurt_code,
           CASE WHEN $aggregation = 'laatste' THEN next_year END AS next_year,
           sum(total) AS total, sum(n) AS n, sum(latest) AS latest,
           min(initiative_code) FILTER (WHERE total IS NOT NULL) AS first_initiative,
           max(initiative_code) FILTER (WHERE total IS NOT NULL) AS last_initiative
    FROM scope
    WHERE (SELECT bool_or(by_cell) FROM selections)  -- only when a selection needs them
    GROUP BY ALL
),
by_cell AS (
    SELECT s.position,
           CASE $aggregation WHEN 'laatste' THEN sum(c.latest)
                             WHEN 'gemiddelde' THEN sum(c.total) / sum(c.n)
                             ELSE sum(c.total) END AS value,
           -- two initiatives or more when the first and the last of all cells differ
           CASE WHEN min(c.first_initiative) IS NULL THEN 0
                WHEN min(c.first_initiative) = max(c.last_initiative) THEN 1 ELSE 2 END AS reporting
    FROM cells c
    JOIN selections s
      ON s.by_cell
     AND c.year BETWEEN s.first_year AND s.last_year
     AND ($aggregation <> 'laatste' OR c.next_year IS NULL OR c.next_year > s.last_year)
     AND (s.wijk IS NULL OR c.wijk_code = s.wijk)
     AND (s.buurt IS NULL OR c.buurt_code = s.buurt)
     AND (len(s.statuses) = 0 OR list_contains(s.statuses, c.status))
     AND (len(s.themes) = 0 OR (c.theme_mask & s.bits) <> 0)
    GROUP BY s.position
),
units AS (
    SELECT s.position, u.initiative_code, u.buurt_code, u.total, u.n, u.latest, u.latest_end
    FROM scope u
    JOIN selections s
      ON NOT s.by_cell
     AND u.year BETWEEN s.first_year AND s.last_year
     AND (s.wijk IS NULL OR u.wijk_code = s.wijk)
     AND (s.buurt IS NULL OR u.buurt_code = s.buurt)
     AND (len(s.statuses) = 0 OR list_contains(s.statuses, u.status))
     AND (len(s.themes) = 0 OR (u.theme_mask & s.bits) <> 0)
     AND (len(s.funders) = 0 OR u.initiative_code IN (SELECT initiative_code FROM funded_initiatives(s.funders)))
),
latest AS (
    SELECT position, initiative_code, arg_max(latest, latest_end) AS value
    FROM units
    WHERE $aggregation = 'laatste'
    GROUP BY position, initiative_code, buurt_code
),
totals AS (
    SELECT position, value, reporting FROM by_cell
    UNION ALL
    SELECT position, CASE WHEN $aggregation = 'gemiddelde' THEN sum(total) / sum(n) ELSE sum(total) END,
           least(count(DISTINCT initiative_code) FILTER (WHERE total IS NOT NULL), 2)
    FROM units
    WHERE $aggregation <> 'laatste'
    GROUP BY position
    UNION ALL
    SELECT position, sum(value), least(count(DISTINCT initiative_code) FILTER (WHERE value IS NOT NULL), 2)
    FROM latest GROUP BY position
)
SELECT position, sum(value) AS value, max(reporting) AS reporting FROM totals GROUP BY position
