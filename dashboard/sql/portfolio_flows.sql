-- Purpose: the chosen funders' grant money in the period per funder, year, theme and wijk: each grant is
-- split over the buurten its initiative serves (v_grant_buurt, not the office address) and in equal parts
-- over the initiative's themes, so every breakdown adds up to the same total.
WITH theme_split AS (
    SELECT i.code AS initiative_code, t.theme_code,
           1.0 / count(*) OVER (PARTITION BY i.code) AS theme_share
    FROM v_initiative i
    LEFT JOIN v_initiative_theme t ON t.initiative_code = i.code
)
SELECT g.funder_code, g.year, ts.theme_code, g.wijk_code,
       -- in cents: a parallel float sum differs in its last bits from run to run, and a copied link must
       -- draw the same bars
       round(sum(g.amount * ts.theme_share), 2) AS amount
FROM v_grant_buurt g
JOIN theme_split ts ON ts.initiative_code = g.initiative_code
WHERE list_contains($funders, g.funder_code)
  AND g.start_date BETWEEN $start AND $end
  AND ($gemeente IS NULL OR g.gemeente_code = $gemeente)
GROUP BY g.funder_code, g.year, ts.theme_code, g.wijk_code
ORDER BY g.funder_code, g.year, ts.theme_code, g.wijk_code
