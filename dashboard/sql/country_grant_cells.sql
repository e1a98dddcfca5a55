-- Purpose: the grant money assigned to buurten (v_grant_buurt), added up per starting year and its
-- initiative's status and theme bits: the KPI of grant money for the overview of all gemeenten
-- (initiative_set.py CountryCells). `n`: how many amounts are not NULL.
SELECT year(g.start_date) AS year, i.status, i.theme_mask, sum(g.amount) AS amount, count(g.amount) AS n
FROM v_grant_buurt g
JOIN f_initiative i ON i.code = g.initiative_code
WHERE g.start_date IS NOT NULL
GROUP BY ALL
