-- Purpose: one indicator over the selected area and whole years $first_year..$year, combined by the
-- indicator's own aggregation ($aggregation, from v_indicator): som = sum of all values; gemiddelde = the
-- mean of all values; laatste = per initiative and buurt the latest value in the period, summed. Reads
-- the per-year units (selected_years); only the 'laatste' rule needs the grouping per unit.
WITH units AS (
    SELECT initiative_code, buurt_code, total, n, latest, latest_end
    FROM selected_years($indicator, $statuses, $themes, $funders, $first_year, $year, $gemeente, $wijk, $buurt)
),
latest AS (
    SELECT arg_max(latest, latest_end) AS value
    FROM units
    WHERE $aggregation = 'laatste'
    GROUP BY initiative_code, buurt_code
),
totals AS (
    SELECT CASE WHEN $aggregation = 'gemiddelde' THEN sum(total) / sum(n) ELSE sum(total) END AS value
    FROM units
    WHERE $aggregation <> 'laatste'
    UNION ALL
    SELECT sum(value) FROM latest
)
SELECT sum(value) AS value FROM totals
