-- Purpose: per buurt of the gemeente, the residents and the grant money (EUR, the buurt's share) of
-- grants starting in the period from the selected funders to matching initiatives.
WITH matching AS (SELECT code FROM matching_initiatives($statuses, $themes, $funders)),
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
ORDER BY buurt_code
