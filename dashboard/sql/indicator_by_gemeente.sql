-- Purpose: one indicator per gemeente over whole years $first_year..$year (the national map), combined
-- by the indicator's aggregation ($aggregation, as in indicator_total.sql). Gemeenten without
-- observations are absent.
-- reporting: how many initiatives report the value (public mode shows no count of people from fewer than two).
WITH units AS (
    SELECT initiative_code, buurt_code, gemeente_code, total, n, latest, latest_end
    FROM selected_years($indicator, $statuses, $themes, $funders, $first_year, $year, NULL, NULL, NULL)
),
latest AS (
    SELECT initiative_code, gemeente_code, arg_max(latest, latest_end) AS value
    FROM units
    WHERE $aggregation = 'laatste'
    GROUP BY initiative_code, buurt_code, gemeente_code
),
cells AS (
    SELECT gemeente_code,
           CASE WHEN $aggregation = 'gemiddelde' THEN sum(total) / sum(n) ELSE sum(total) END AS value,
           count(DISTINCT initiative_code) FILTER (WHERE total IS NOT NULL) AS reporting
    FROM units
    WHERE $aggregation <> 'laatste'
    GROUP BY gemeente_code
    UNION ALL
    SELECT gemeente_code, sum(value), count(DISTINCT initiative_code) FILTER (WHERE value IS NOT NULL)
    FROM latest GROUP BY gemeente_code
)
SELECT gemeente_code, value, reporting FROM cells WHERE gemeente_code IS NOT NULL
ORDER BY gemeente_code
