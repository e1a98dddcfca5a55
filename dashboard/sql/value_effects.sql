-- Purpose: social value per initiative, effect indicator and stakeholder in the selection: the units
-- measured in the period (observations in buurten of the selected area, matching initiatives) times the
-- low and high euro value per unit of each value proxy. Only measured units count: nothing is extrapolated.
-- The periods are whole years: the observations per unit and year (f_observation_year, a quarter of the rows)
-- add up to the same units.
WITH matching AS (SELECT code FROM matching_initiatives($statuses, $themes, $funders)),
units AS (
    SELECT o.initiative_code, o.indicator_code, sum(o.total) AS units, CAST(sum(o.n) AS BIGINT) AS observations
    FROM f_observation_year o
    WHERE o.year BETWEEN $first_year AND $year
      AND o.initiative_code IN (SELECT code FROM matching)
      AND o.indicator_code IN (SELECT indicator_code FROM v_value_proxy)
      AND ($gemeente IS NULL OR o.gemeente_code = $gemeente)
      AND ($wijk IS NULL OR o.wijk_code = $wijk)
      AND ($buurt IS NULL OR o.buurt_code = $buurt)
    GROUP BY o.initiative_code, o.indicator_code
)
SELECT u.initiative_code, i.name AS initiative_name, u.indicator_code, p.indicator_name_nl,
       p.indicator_name_en, p.unit, p.code AS proxy_code, p.stakeholder, p.stakeholder_nl,
       p.stakeholder_en, p.stakeholder_order, u.units, u.observations, p.value_low AS proxy_low,
       p.value_high AS proxy_high, u.units * p.value_low AS value_low, u.units * p.value_high AS value_high
FROM units u
JOIN v_value_proxy p ON p.indicator_code = u.indicator_code
JOIN v_initiative i ON i.code = u.initiative_code
ORDER BY i.name, i.code, p.indicator_code, p.stakeholder_order
