-- Purpose: per gemeente (the national map), the residents and the grant money (EUR, the gemeente's share)
-- of grants starting in the period from the selected funders to matching initiatives.
WITH matching AS (SELECT code FROM matching_initiatives($statuses, $themes, $funders)),
money AS (
    SELECT g.gemeente_code, sum(g.amount) AS amount
    FROM v_grant_buurt g
    WHERE g.start_date BETWEEN $start AND $end
      AND g.initiative_code IN (SELECT code FROM matching)
      AND (len($funders) = 0 OR list_contains($funders, g.funder_code))
    GROUP BY g.gemeente_code
)
SELECT g.code AS gemeente_code, r.residents, coalesce(m.amount, 0) AS value
FROM v_area g
LEFT JOIN money m ON m.gemeente_code = g.code
LEFT JOIN gemeente_residents($year) r ON r.gemeente_code = g.code
WHERE g.level = 'gemeente'
ORDER BY gemeente_code
