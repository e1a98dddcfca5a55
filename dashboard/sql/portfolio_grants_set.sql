-- Purpose: the grant money per funder, initiative and year of every initiative serving a buurt of $gemeente,
-- with what portfolio_grantees.sql shows of the initiative and the funder: fetched once per published
-- version and gemeente, then any funders and whole years are added up from it (grant_set.py) instead of
-- asking portfolio_grantees.sql and portfolio_overlap.sql each render.
SELECT g.funder_code, f.funder_type, g.initiative_code, i.name, i.status, i.start_date, i.end_date,
       year(g.start_date) AS year, sum(g.amount) AS amount, count(*) AS grants
FROM v_grant g
JOIN v_initiative i ON i.code = g.initiative_code
JOIN v_funder f ON f.code = g.funder_code
WHERE g.initiative_code IN (SELECT initiative_code FROM v_initiative_buurt WHERE gemeente_code = $gemeente)
GROUP BY g.funder_code, f.funder_type, g.initiative_code, i.name, i.status, i.start_date, i.end_date,
         year(g.start_date)
ORDER BY g.funder_code, i.name, g.initiative_code, year
