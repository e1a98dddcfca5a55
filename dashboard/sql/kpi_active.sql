-- Purpose: distinct initiatives alive in the period (start <= end of period, no end or end >= start of
-- period) that serve a buurt in the selected area and match the theme/status/funder filters.
WITH matching AS (SELECT code FROM matching_initiatives($statuses, $themes, $funders))
SELECT count(DISTINCT i.code) AS value
FROM v_initiative i
JOIN v_initiative_buurt ib ON ib.initiative_code = i.code
WHERE i.code IN (SELECT code FROM matching)
  AND i.start_date <= $end AND (i.end_date IS NULL OR i.end_date >= $start)
  AND ($gemeente IS NULL OR ib.gemeente_code = $gemeente)
  AND ($wijk IS NULL OR ib.wijk_code = $wijk)
  AND ($buurt IS NULL OR ib.buurt_code = $buurt)
