-- Purpose: grant money in the period per funder and initiative (the selected area's share), and each
-- funder's share of the initiative's grant money from all funders, to attribute the initiative's value to
-- its funders in proportion to what they paid.
WITH money AS (
    SELECT g.funder_code, g.initiative_code, sum(g.amount) AS amount
    FROM v_grant_buurt g
    WHERE g.start_date BETWEEN $start AND $end
      AND ($gemeente IS NULL OR g.gemeente_code = $gemeente)
      AND ($wijk IS NULL OR g.wijk_code = $wijk)
      AND ($buurt IS NULL OR g.buurt_code = $buurt)
    GROUP BY g.funder_code, g.initiative_code
)
SELECT m.funder_code, f.name AS funder_name, f.funder_type, m.initiative_code, m.amount,
       m.amount / nullif(sum(m.amount) OVER (PARTITION BY m.initiative_code), 0) AS share
FROM money m
JOIN v_funder f ON f.code = m.funder_code
ORDER BY f.name, m.initiative_code
