-- Purpose: grant money (EUR) of grants starting in the period, in buurten of the selected area (each
-- grant split over the buurten its initiative serves), from the selected funders, to matching initiatives.
WITH matching AS (SELECT code FROM matching_initiatives($statuses, $themes, $funders))
SELECT sum(g.amount) AS value, count(DISTINCT g.grant_code) AS grants
FROM v_grant_buurt g
WHERE g.start_date BETWEEN $start AND $end
  AND g.initiative_code IN (SELECT code FROM matching)
  AND (len($funders) = 0 OR list_contains($funders, g.funder_code))
  AND ($gemeente IS NULL OR g.gemeente_code = $gemeente)
  AND ($wijk IS NULL OR g.wijk_code = $wijk)
  AND ($buurt IS NULL OR g.buurt_code = $buurt)
