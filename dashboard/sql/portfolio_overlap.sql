-- Purpose: co-funding: for each chosen funder and every funder (chosen or not), how many initiatives
-- serving the gemeente got a grant from both in the period (the diagonal: the funder's own grantees).
WITH funded AS (
    SELECT DISTINCT g.funder_code, g.initiative_code
    FROM v_grant g
    WHERE g.start_date BETWEEN $start AND $end
      AND ($gemeente IS NULL OR EXISTS (
              SELECT 1 FROM v_initiative_buurt ib
              WHERE ib.initiative_code = g.initiative_code AND ib.gemeente_code = $gemeente))
)
SELECT a.funder_code, b.funder_code AS other_code, count(*) AS shared
FROM funded a
JOIN funded b ON b.initiative_code = a.initiative_code
WHERE list_contains($funders, a.funder_code)
GROUP BY a.funder_code, b.funder_code
ORDER BY a.funder_code, b.funder_code
