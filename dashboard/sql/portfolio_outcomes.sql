-- Purpose: per initiative the sum over the period of the flow indicators (aggregation 'som') asked for,
-- over all buurten; initiatives that did not report an indicator have no row for it.
SELECT o.initiative_code, o.indicator_code, sum(o.value) AS value
FROM v_observation o
JOIN v_indicator d ON d.code = o.indicator_code
WHERE list_contains($indicators, o.indicator_code)
  AND d.aggregation = 'som'
  AND o.period_start BETWEEN $start AND $end
GROUP BY o.initiative_code, o.indicator_code
ORDER BY o.initiative_code, o.indicator_code
