-- Purpose: one indicator per buurt of the selected area over the period, combined by the indicator's
-- aggregation ($aggregation, as in indicator_total.sql), for the map. Buurten without observations are
-- absent.
WITH observations AS (
    SELECT initiative_code, buurt_code, period_end, value
    FROM selected_observations($indicator, $statuses, $themes, $funders, $start, $end, $gemeente, $wijk, $buurt)
),
latest AS (
    SELECT buurt_code, arg_max(value, period_end) AS value
    FROM observations
    WHERE $aggregation = 'laatste'
    GROUP BY initiative_code, buurt_code
),
cells AS (
    SELECT buurt_code,
           CASE WHEN $aggregation = 'gemiddelde' THEN sum(value) / count(*) ELSE sum(value) END AS value
    FROM observations
    WHERE $aggregation <> 'laatste'
    GROUP BY buurt_code
    UNION ALL
    SELECT buurt_code, sum(value) FROM latest GROUP BY buurt_code
)
SELECT buurt_code, value FROM cells
