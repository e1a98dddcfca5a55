-- Purpose: the grant money assigned to the buurten of $gemeente (NULL: of every gemeente; v_grant_buurt), with its initiative's status
-- and theme bits: what the KPI of grant money (kpi_periods.sql) adds up, for selections without a funder
-- filter (initiative_set.py).
SELECT g.buurt_code, g.wijk_code, g.start_date, g.amount, i.status, i.theme_mask
FROM v_grant_buurt g
JOIN f_initiative i ON i.code = g.initiative_code
WHERE $gemeente IS NULL OR g.gemeente_code = $gemeente
