-- Purpose: per initiative the sum over the period of the flow indicators (aggregation 'som') asked for,
-- over all buurten, for the chosen funders' grantees ($funders' grants in the period to initiatives serving
-- a buurt of $gemeente, as portfolio_grantees.sql); initiatives that did not report an indicator have no row
-- for it. Every other initiative's sums (all of the country's, nationally) used to be fetched and dropped.
WITH grantees AS (
    SELECT DISTINCT g.initiative_code
    FROM v_grant g
    WHERE g.start_date BETWEEN $start AND $end
      AND list_contains($funders, g.funder_code)
      AND ($gemeente IS NULL OR EXISTS (
              SELECT 1 FROM v_initiative_buurt ib
              WHERE ib.initiative_code = g.initiative_code AND ib.gemeente_code = $gemeente))
)
SELECT o.initiative_code, o.indicator_code, sum(o.value) AS value
FROM v_observation o
JOIN v_indicator d ON d.code = o.indicator_code
WHERE list_contains($indicators, o.indicator_code)
  AND d.aggregation = 'som'
  AND o.period_start BETWEEN $start AND $end
  AND o.initiative_code IN (SELECT initiative_code FROM grantees)
GROUP BY o.initiative_code, o.indicator_code
ORDER BY o.initiative_code, o.indicator_code
