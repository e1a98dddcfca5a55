-- Purpose: per buurt of the gemeente, the residents and the grant money (EUR, the buurt's share) of
-- grants starting in the period from the selected funders to matching initiatives.
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
money AS (
    SELECT g.buurt_code, sum(g.amount) AS amount
    FROM v_grant_buurt g
    WHERE g.gemeente_code = $gemeente
      AND g.start_date BETWEEN $start AND $end
      AND g.initiative_code IN (SELECT code FROM matching)
      AND (len($funders) = 0 OR list_contains($funders, g.funder_code))
    GROUP BY g.buurt_code
)
SELECT b.buurt_code, r.value AS residents, coalesce(m.amount, 0) AS value
FROM v_buurt b
LEFT JOIN money m ON m.buurt_code = b.buurt_code
LEFT JOIN residents r ON r.area_code = b.buurt_code
WHERE b.gemeente_code = $gemeente
