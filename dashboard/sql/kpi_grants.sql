-- Purpose: grant money (EUR) of grants starting in the period, in buurten of the selected area (each
-- grant split over the buurten its initiative serves), from the selected funders, to matching initiatives.
WITH matching AS (
    -- Initiatives that match the theme, status and funder filters (a funder filter keeps the
    -- initiatives with a grant from one of the selected funders).
    SELECT i.code
    FROM v_initiative i
    WHERE (len($statuses) = 0 OR list_contains($statuses, i.status))
      AND (len($themes) = 0 OR EXISTS (
              SELECT 1 FROM v_initiative_theme t
              WHERE t.initiative_code = i.code AND list_contains($themes, t.theme_code)))
      AND (len($funders) = 0 OR EXISTS (
              SELECT 1 FROM v_grant g
              WHERE g.initiative_code = i.code AND list_contains($funders, g.funder_code)))
)
SELECT sum(g.amount) AS value, count(DISTINCT g.grant_code) AS grants
FROM v_grant_buurt g
WHERE g.start_date BETWEEN $start AND $end
  AND g.initiative_code IN (SELECT code FROM matching)
  AND (len($funders) = 0 OR list_contains($funders, g.funder_code))
  AND ($gemeente IS NULL OR g.gemeente_code = $gemeente)
  AND ($wijk IS NULL OR g.wijk_code = $wijk)
  AND ($buurt IS NULL OR g.buurt_code = $buurt)
