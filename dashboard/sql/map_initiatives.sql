-- Purpose: per buurt of the gemeente, the residents and the number of distinct matching initiatives
-- alive in the period that serve it (an initiative serving two buurten counts in both).
WITH matching AS (SELECT code FROM matching_initiatives($statuses, $themes, $funders)),
residents AS (
    SELECT area_code, value
    FROM v_area_stat
    WHERE stat_code = 'inwoners' AND year <= $year AND gemeente_code = $gemeente
    QUALIFY row_number() OVER (PARTITION BY area_code ORDER BY year DESC) = 1
),
active AS (
    SELECT ib.buurt_code, ib.initiative_code
    FROM v_initiative_buurt ib
    JOIN v_initiative i ON i.code = ib.initiative_code
    WHERE ib.gemeente_code = $gemeente
      AND initiative_matches(i.code, i.status, i.theme_mask, $statuses, $themes, $funders)
      AND i.start_date <= $end AND (i.end_date IS NULL OR i.end_date >= $start)
)
SELECT b.buurt_code, r.value AS residents, count(DISTINCT a.initiative_code) AS value
FROM v_buurt b
LEFT JOIN active a ON a.buurt_code = b.buurt_code
LEFT JOIN residents r ON r.area_code = b.buurt_code
WHERE b.gemeente_code = $gemeente
GROUP BY b.buurt_code, r.value
ORDER BY buurt_code
