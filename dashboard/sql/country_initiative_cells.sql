-- Purpose: the initiatives serving any buurt, counted per start year, end year (NULL: still running), status
-- and theme bits: the KPI of active initiatives for the overview of all gemeenten (initiative_set.py
-- CountryCells). Periods are whole years, so an initiative is alive in first..last exactly when it started
-- in or before `last` and did not end before `first`.
SELECT year(i.start_date) AS start_year, year(i.end_date) AS end_year, i.status, i.theme_mask, count(*) AS n
FROM v_initiative i
WHERE i.start_date IS NOT NULL
  AND i.code IN (SELECT initiative_code FROM v_initiative_buurt)
GROUP BY ALL
