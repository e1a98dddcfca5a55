-- Purpose: one indicator over the selected area and period, combined by the indicator's own aggregation
-- ($aggregation, from v_indicator): som = sum of all values; gemiddelde = the mean of all values;
-- laatste = per initiative and buurt the latest value in the period, summed. Only the branch of the
-- indicator's own rule does work: the per-unit grouping 'laatste' needs is skipped for the others.
WITH observations AS (
    SELECT initiative_code, buurt_code, period_end, value
    FROM selected_observations($indicator, $statuses, $themes, $funders, $start, $end, $gemeente, $wijk, $buurt)
),
latest AS (
    SELECT arg_max(value, period_end) AS value
    FROM observations
    WHERE $aggregation = 'laatste'
    GROUP BY initiative_code, buurt_code
),
totals AS (
    SELECT CASE WHEN $aggregation = 'gemiddelde' THEN sum(value) / count(*) ELSE sum(value) END AS value
    FROM observations
    WHERE $aggregation <> 'laatste'
    UNION ALL
    SELECT sum(value) FROM latest
)
SELECT sum(value) AS value FROM totals
