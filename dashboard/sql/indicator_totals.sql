-- Purpose: one indicator's total for several selections at once ($selections: position, statuses, themes,
-- funders, first_year, last_year, wijk, buurt; all in the gemeente $gemeente and within
-- $first_year..$year), combined by the indicator's own aggregation ($aggregation, from v_indicator):
-- som = sum of all values; gemiddelde = the mean of all values; laatste = per initiative and buurt the
-- latest value in the period, summed. A total and the coarser selections small-number protection
-- compares it with cost one scan of the per-year units instead of one query each.
WITH selections AS (
    SELECT s.*, theme_bits(s.themes) AS bits
    FROM (SELECT unnest($selections, recursive := true)) s
),
units AS (
    SELECT s.position, s.first_year = s.last_year AS one_year, u.initiative_code, u.buurt_code,
           u.total, u.n, u.latest, u.latest_end
    FROM f_observation_year u
    JOIN selections s
      ON u.year BETWEEN s.first_year AND s.last_year
     AND (s.wijk IS NULL OR u.wijk_code = s.wijk)
     AND (s.buurt IS NULL OR u.buurt_code = s.buurt)
     AND (len(s.statuses) = 0 OR list_contains(s.statuses, u.status))
     AND (len(s.themes) = 0 OR (u.theme_mask & s.bits) <> 0)
     AND (len(s.funders) = 0 OR u.initiative_code IN (SELECT initiative_code FROM funded_initiatives(s.funders)))
    WHERE u.indicator_code = $indicator
      AND u.year BETWEEN $first_year AND $year
      AND ($gemeente IS NULL OR u.gemeente_code = $gemeente)
),
latest AS (  -- over one year a unit has one row: its latest value; over more years the latest of them
    SELECT position, latest AS value FROM units WHERE $aggregation = 'laatste' AND one_year
    UNION ALL
    SELECT position, arg_max(latest, latest_end)
    FROM units
    WHERE $aggregation = 'laatste' AND NOT one_year
    GROUP BY position, initiative_code, buurt_code
),
totals AS (
    SELECT position, CASE WHEN $aggregation = 'gemiddelde' THEN sum(total) / sum(n) ELSE sum(total) END AS value
    FROM units
    WHERE $aggregation <> 'laatste'
    GROUP BY position
    UNION ALL
    SELECT position, sum(value) FROM latest GROUP BY position
)
SELECT position, sum(value) AS value FROM totals GROUP BY position
