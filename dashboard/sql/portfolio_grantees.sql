-- Purpose: the chosen funders' grantees (initiatives serving a buurt of the gemeente) with the funder's
-- money in the period and the initiative's income from all funders (own revenue included) in that period.
-- The grants are summed for those grantees only (chosen), not for every initiative in the country.
WITH chosen AS (
    SELECT DISTINCT g.initiative_code
    FROM v_grant g
    WHERE g.start_date BETWEEN $start AND $end
      AND list_contains($funders, g.funder_code)
      AND ($gemeente IS NULL OR EXISTS (
              SELECT 1 FROM v_initiative_buurt ib
              WHERE ib.initiative_code = g.initiative_code AND ib.gemeente_code = $gemeente))
),
in_period AS (
    SELECT funder_code, initiative_code, sum(amount) AS amount, count(*) AS grants
    FROM v_grant
    WHERE start_date BETWEEN $start AND $end
      AND initiative_code IN (SELECT initiative_code FROM chosen)
    GROUP BY funder_code, initiative_code
),
income AS (
    SELECT initiative_code, sum(amount) AS income
    FROM in_period
    GROUP BY initiative_code
)
SELECT p.funder_code, f.funder_type, p.initiative_code, i.name, i.status, i.start_date, i.end_date,
       p.amount, p.grants, inc.income
FROM in_period p
JOIN income inc ON inc.initiative_code = p.initiative_code
JOIN v_initiative i ON i.code = p.initiative_code
JOIN v_funder f ON f.code = p.funder_code
WHERE list_contains($funders, p.funder_code)
ORDER BY p.funder_code, i.name, i.code
