-- Purpose: one indicator per quarter of the period with its target, each quarter combined by the
-- indicator's aggregation ($aggregation: som / laatste / gemiddelde, as in indicator_total.sql), for the
-- trend chart.
WITH observations AS (
    SELECT initiative_code, buurt_code, year, quarter, period_end, value, target
    FROM selected_observations($indicator, $statuses, $themes, $funders, $start, $end, $gemeente, $wijk, $buurt)
),
latest AS (
    SELECT year, quarter, arg_max(value, period_end) AS value, arg_max(target, period_end) AS target
    FROM observations
    WHERE $aggregation = 'laatste'
    GROUP BY initiative_code, buurt_code, year, quarter
),
quarters AS (
    SELECT year, quarter,
           CASE WHEN $aggregation = 'gemiddelde' THEN sum(value) / count(*) ELSE sum(value) END AS value,
           CASE WHEN $aggregation = 'gemiddelde' THEN sum(target) / count(target) ELSE sum(target) END AS target
    FROM observations
    WHERE $aggregation <> 'laatste'
    GROUP BY year, quarter
    UNION ALL
    SELECT year, quarter, sum(value), sum(target) FROM latest GROUP BY year, quarter
)
SELECT year, quarter, value, target FROM quarters ORDER BY year, quarter
