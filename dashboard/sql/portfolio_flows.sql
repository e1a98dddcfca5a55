-- Purpose: the chosen funders' grant money in the period per funder, year, theme and wijk: each grant is
-- split over the buurten its initiative serves (v_grant_buurt, not the office address) and in equal parts
-- over the initiative's themes, so every breakdown adds up to the same total. The themes are split for the
-- initiatives of those grants only (splitting every initiative's cost 70 ms a query nationally).
WITH grants AS (
    SELECT g.funder_code, g.year, g.wijk_code, g.initiative_code, g.amount
    FROM v_grant_buurt g
    WHERE list_contains($funders, g.funder_code)
      AND g.start_date BETWEEN $start AND $end
      AND ($gemeente IS NULL OR g.gemeente_code = $gemeente)
),
theme_split AS (
    SELECT i.initiative_code, t.theme_code,
           1.0 / count(*) OVER (PARTITION BY i.initiative_code) AS theme_share
    FROM (SELECT DISTINCT initiative_code FROM grants) i
    JOIN v_initiative v ON v.code = i.initiative_code
    LEFT JOIN v_initiative_theme t ON t.initiative_code = i.initiative_code
)
SELECT g.funder_code, g.year, ts.theme_code, g.wijk_code,
       -- in cents: a parallel float sum differs in its last bits from run to run, and a copied link must
       -- draw the same bars
       round(sum(g.amount * ts.theme_share), 2) AS amount
FROM grants g
JOIN theme_split ts ON ts.initiative_code = g.initiative_code
GROUP BY g.funder_code, g.year, ts.theme_code, g.wijk_code
ORDER BY g.funder_code, g.year, ts.theme_code, g.wijk_code
