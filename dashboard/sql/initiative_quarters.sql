-- Purpose: an initiative's indicators per period (quarter), its buurten combined by the indicator's own
-- aggregation (som and laatste add up over buurten, gemiddelde takes the mean), with the target combined
-- the same way; the basis of the Theory-of-Change chain (latest period) and the trend charts.
SELECT o.indicator_code, d.name_nl, d.name_en, d.unit, d.direction, d.toc_level, d.aggregation,
       o.period_start, max(o.period_end) AS period_end, o.year, o.quarter,
       CASE WHEN d.aggregation = 'gemiddelde' THEN avg(o.value) ELSE sum(o.value) END AS value,
       CASE WHEN d.aggregation = 'gemiddelde' THEN avg(o.target) ELSE sum(o.target) END AS target,
       count(*) AS observations
FROM v_observation o
JOIN v_indicator d ON d.code = o.indicator_code
WHERE o.initiative_code = $code
GROUP BY o.indicator_code, d.name_nl, d.name_en, d.unit, d.direction, d.toc_level, d.aggregation,
         o.period_start, o.year, o.quarter
ORDER BY o.indicator_code, o.period_start
