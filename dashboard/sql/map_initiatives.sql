-- Purpose: per buurt of the gemeente, the residents and the number of distinct matching initiatives
-- alive in the period that serve it (an initiative serving two buurten counts in both).
WITH matching AS (
    -- Initiatives that match the theme, status and funder filters (a funder filter keeps the
    -- initiatives with a grant from one of the selected funders).
    SELECT i.code
    FROM v_initiative i
    WHERE (len($statuses) = 0 OR list_contains($statuses, i.status))
      AND (len($themes) = 0 OR EXISTS (
              SELECT 1 FROM v_initiative_theme t
              WHERE t.initiative_code = i.code AND list_contains($themes, t.theme_code)))
      AND (len($funders) = 0 OR EXISTS (
              SELECT 1 FROM v_grant g
              WHERE g.initiative_code = i.code AND list_contains($funders, g.funder_code)))
),
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
      AND i.code IN (SELECT code FROM matching)
      AND i.start_date <= $end AND (i.end_date IS NULL OR i.end_date >= $start)
)
SELECT b.buurt_code, r.value AS residents, count(DISTINCT a.initiative_code) AS value
FROM v_buurt b
LEFT JOIN active a ON a.buurt_code = b.buurt_code
LEFT JOIN residents r ON r.area_code = b.buurt_code
WHERE b.gemeente_code = $gemeente
GROUP BY b.buurt_code, r.value
