-- Purpose: volunteers per initiative and quarter (summed over the buurten it reports for), in the period.
SELECT o.initiative_code, o.year, o.quarter, sum(o.value) AS value
FROM v_observation o
WHERE o.indicator_code = 'vrijwilligers'
  AND o.period_start BETWEEN $start AND $end
GROUP BY o.initiative_code, o.year, o.quarter
ORDER BY o.initiative_code, o.year, o.quarter
