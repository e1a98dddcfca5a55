-- Purpose: volunteers per initiative and quarter (summed over the buurten it reports for), in the period, of
-- the chosen funders' grantees ($funders' grants in the period to initiatives serving a buurt of $gemeente, as
-- portfolio_grantees.sql): the dependency table's rows. The rest of the warehouse (63,000 rows at provincie
-- size) used to be fetched and thrown away.
WITH grantees AS (
    SELECT DISTINCT g.initiative_code
    FROM v_grant g
    WHERE g.start_date BETWEEN $start AND $end
      AND list_contains($funders, g.funder_code)
      AND ($gemeente IS NULL OR EXISTS (
              SELECT 1 FROM v_initiative_buurt ib
              WHERE ib.initiative_code = g.initiative_code AND ib.gemeente_code = $gemeente))
)
SELECT o.initiative_code, o.year, o.quarter, sum(o.value) AS value
FROM v_observation o
WHERE o.indicator_code = 'vrijwilligers'
  AND o.period_start BETWEEN $start AND $end
  AND o.initiative_code IN (SELECT initiative_code FROM grantees)
GROUP BY o.initiative_code, o.year, o.quarter
ORDER BY o.initiative_code, o.year, o.quarter
