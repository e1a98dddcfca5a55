-- Purpose: one indicator per buurt of the selected area over whole years $first_year..$year, combined by
-- the indicator's aggregation ($aggregation, as in indicator_total.sql), for the map. Buurten without
-- observations are absent.
-- reporting: how many initiatives report the value (public mode shows no count of people from fewer than two).
WITH units AS (
    SELECT initiative_code, buurt_code, total, n, latest, latest_end
    FROM selected_years($indicator, $statuses, $themes, $funders, $first_year, $year, $gemeente, $wijk, $buurt)
),
latest AS (
    SELECT initiative_code, buurt_code, arg_max(latest, latest_end) AS value
    FROM units
    WHERE $aggregation = 'laatste'
    GROUP BY initiative_code, buurt_code
),
cells AS (
    SELECT buurt_code,
           CASE WHEN $aggregation = 'gemiddelde' THEN sum(total) / sum(n) ELSE sum(total) END AS value,
           count(DISTINCT initiative_code) FILTER (WHERE total IS NOT NULL) AS reporting
    FROM units
    WHERE $aggregation <> 'laatste'
    GROUP BY buurt_code
    UNION ALL
    SELECT buurt_code, sum(value), count(DISTINCT initiative_code) FILTER (WHERE value IS NOT NULL)
    FROM latest GROUP BY buurt_code
)
SELECT buurt_code, value, reporting FROM cells
ORDER BY buurt_code
