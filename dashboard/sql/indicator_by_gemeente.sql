-- Purpose: one indicator per gemeente over the period (the national map), combined by the indicator's
-- aggregation ($aggregation, as in indicator_total.sql). Gemeenten without observations are absent.
WITH observations AS (
    SELECT initiative_code, buurt_code, gemeente_code, period_end, value
    FROM selected_observations($indicator, $statuses, $themes, $funders, $start, $end, NULL, NULL, NULL)
),
latest AS (
    SELECT gemeente_code, arg_max(value, period_end) AS value
    FROM observations
    WHERE $aggregation = 'laatste'
    GROUP BY initiative_code, buurt_code, gemeente_code
),
cells AS (
    SELECT gemeente_code,
           CASE WHEN $aggregation = 'gemiddelde' THEN sum(value) / count(*) ELSE sum(value) END AS value
    FROM observations
    WHERE $aggregation <> 'laatste'
    GROUP BY gemeente_code
    UNION ALL
    SELECT gemeente_code, sum(value) FROM latest GROUP BY gemeente_code
)
SELECT gemeente_code, value FROM cells WHERE gemeente_code IS NOT NULL
