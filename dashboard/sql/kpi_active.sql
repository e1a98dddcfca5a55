-- Purpose: distinct initiatives alive in the period (start <= end of period, no end or end >= start of
-- period) that serve a buurt in the selected area and match the theme/status/funder filters.
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
SELECT count(DISTINCT i.code) AS value
FROM v_initiative i
JOIN v_initiative_buurt ib ON ib.initiative_code = i.code
WHERE i.code IN (SELECT code FROM matching)
  AND i.start_date <= $end AND (i.end_date IS NULL OR i.end_date >= $start)
  AND ($gemeente IS NULL OR ib.gemeente_code = $gemeente)
  AND ($wijk IS NULL OR ib.wijk_code = $wijk)
  AND ($buurt IS NULL OR ib.buurt_code = $buurt)
