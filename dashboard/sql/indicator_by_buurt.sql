-- Purpose: one indicator per buurt of the gemeente over the period, combined by the indicator's
-- aggregation (som / laatste / gemiddelde), for the map. Buurten without observations are absent.
WITH matching AS (SELECT code FROM matching_initiatives($statuses, $themes, $funders)),
observations AS (
    SELECT o.initiative_code, o.buurt_code, o.year, o.quarter, o.period_end, o.value, o.target
    FROM v_observation o
    WHERE o.indicator_code = $indicator
      AND o.period_start BETWEEN $start AND $end
      AND o.initiative_code IN (SELECT code FROM matching)
      AND ($gemeente IS NULL OR o.gemeente_code = $gemeente)
      AND ($wijk IS NULL OR o.wijk_code = $wijk)
      AND ($buurt IS NULL OR o.buurt_code = $buurt)
),
units AS (
    SELECT initiative_code, buurt_code,
           sum(value) AS total, count(*) AS n, arg_max(value, period_end) AS latest,
           sum(target) AS total_target, count(target) AS n_target,
           arg_max(target, period_end) AS latest_target
    FROM observations
    GROUP BY initiative_code, buurt_code
)
SELECT u.buurt_code, CASE (SELECT aggregation FROM v_indicator WHERE code = $indicator)
           WHEN 'laatste' THEN sum(u.latest)
           WHEN 'gemiddelde' THEN sum(u.total) / sum(u.n)
           ELSE sum(u.total) END AS value
FROM units u
GROUP BY u.buurt_code
