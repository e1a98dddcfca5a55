-- Purpose: outcome and impact indicators (Theory of Change levels 'outcome' and 'impact') observed in a
-- buurt or wijk, per indicator and year, each combined by its own aggregation (som / laatste / gemiddelde).
-- A non-empty $funders keeps the initiatives they fund only (the differencing guard's part).
-- reporting: how many initiatives report the value (public mode shows no count of people from fewer than two).
WITH observations AS (
    SELECT o.initiative_code, o.indicator_code, o.buurt_code, o.year, o.period_end, o.value
    FROM v_observation o
    JOIN v_indicator d ON d.code = o.indicator_code
    WHERE d.toc_level IN ('outcome', 'impact')
      AND (($buurt IS NOT NULL AND o.buurt_code = $buurt)
           OR ($buurt IS NULL AND $wijk IS NOT NULL AND o.wijk_code = $wijk))
      AND (len($funders) = 0 OR o.initiative_code IN (SELECT initiative_code FROM funded_initiatives($funders)))
),
units AS (
    SELECT indicator_code, year, initiative_code, buurt_code,
           sum(value) AS total, count(value) AS n, arg_max(value, period_end) AS latest
    FROM observations
    GROUP BY indicator_code, year, initiative_code, buurt_code
)
SELECT u.indicator_code, d.name_nl, d.name_en, d.unit, d.direction, d.toc_level, d.aggregation, u.year,
       CASE d.aggregation
           WHEN 'laatste' THEN sum(u.latest)
           WHEN 'gemiddelde' THEN sum(u.total) / sum(u.n)
           ELSE sum(u.total) END AS value,
       count(DISTINCT u.initiative_code) AS initiatives,
       count(DISTINCT u.initiative_code) FILTER (WHERE u.total IS NOT NULL) AS reporting
FROM units u
JOIN v_indicator d ON d.code = u.indicator_code
GROUP BY u.indicator_code, d.name_nl, d.name_en, d.unit, d.direction, d.toc_level, d.aggregation, u.year
ORDER BY d.name_nl, u.indicator_code, u.year
