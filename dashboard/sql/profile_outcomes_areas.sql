-- Purpose: profile_outcomes.sql for many areas at once: per area of $codes (buurten when $level is 'buurt',
-- else wijken), indicator and year, the outcome and impact indicators combined by their own aggregation.
-- The protection of one area's outcomes compares it with its siblings (dashboard/repository/protected.py):
-- one query for all of them instead of one per sibling.
-- reporting: how many initiatives report the value (public mode shows no count of people from fewer than two).
WITH observations AS (
    SELECT CASE WHEN $level = 'buurt' THEN o.buurt_code ELSE o.wijk_code END AS area,
           o.initiative_code, o.indicator_code, o.buurt_code, o.year, o.period_end, o.value
    FROM v_observation o
    JOIN v_indicator d ON d.code = o.indicator_code
    WHERE d.toc_level IN ('outcome', 'impact')
      AND list_contains($codes, CASE WHEN $level = 'buurt' THEN o.buurt_code ELSE o.wijk_code END)
),
units AS (
    SELECT area, indicator_code, year, initiative_code, buurt_code,
           sum(value) AS total, count(value) AS n, arg_max(value, period_end) AS latest
    FROM observations
    GROUP BY area, indicator_code, year, initiative_code, buurt_code
)
SELECT u.area, u.indicator_code, d.aggregation, u.year,
       CASE d.aggregation
           WHEN 'laatste' THEN sum(u.latest)
           WHEN 'gemiddelde' THEN sum(u.total) / sum(u.n)
           ELSE sum(u.total) END AS value,
       count(DISTINCT u.initiative_code) FILTER (WHERE u.total IS NOT NULL) AS reporting
FROM units u
JOIN v_indicator d ON d.code = u.indicator_code
GROUP BY u.area, u.indicator_code, d.aggregation, u.year
ORDER BY u.area, u.indicator_code, u.year
