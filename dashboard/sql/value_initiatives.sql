-- Purpose: the matching initiatives alive in the period that serve a buurt in the selected area, with
-- their grant money in the period from all funders (the selected area's share): a value-to-grant ratio
-- set against one funder's money only would overstate what a euro achieved. Whether an effect was
-- measured comes from value_effects.sql (dashboard/views/value.py).
WITH matching AS (SELECT code FROM matching_initiatives($statuses, $themes, $funders)),
selected AS (
    SELECT i.code, i.name
    FROM v_initiative i
    WHERE i.code IN (SELECT code FROM matching)
      AND i.start_date <= $end AND (i.end_date IS NULL OR i.end_date >= $start)
      AND EXISTS (
          SELECT 1 FROM v_initiative_buurt ib
          WHERE ib.initiative_code = i.code
            AND ($gemeente IS NULL OR ib.gemeente_code = $gemeente)
            AND ($wijk IS NULL OR ib.wijk_code = $wijk)
            AND ($buurt IS NULL OR ib.buurt_code = $buurt))
),
money AS (
    SELECT g.initiative_code, sum(g.amount) AS amount
    FROM v_grant_buurt g
    WHERE g.start_date BETWEEN $start AND $end
      AND ($gemeente IS NULL OR g.gemeente_code = $gemeente)
      AND ($wijk IS NULL OR g.wijk_code = $wijk)
      AND ($buurt IS NULL OR g.buurt_code = $buurt)
    GROUP BY g.initiative_code
)
SELECT s.code, s.name, m.amount AS grants
FROM selected s
LEFT JOIN money m ON m.initiative_code = s.code
ORDER BY s.name, s.code
