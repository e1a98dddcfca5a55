-- Purpose: per buurt of the gemeente, its residents (latest year up to the period's end), the distinct
-- initiatives alive in the period that serve it, and the participants (indicator 'deelnemers', by its
-- aggregation) observed there in the period; the need page turns these into rates per 1,000 residents.
-- A non-empty $funders counts only the participants of the initiatives they fund (a differencing guard's
-- part, dashboard/repository/protected.py).
-- reporting: how many initiatives report the value (public mode shows no count of people from fewer than two).
WITH residents AS (
    SELECT area_code, value
    FROM v_area_stat
    WHERE stat_code = 'inwoners' AND year <= $year AND gemeente_code = $gemeente AND level = 'buurt'
    QUALIFY row_number() OVER (PARTITION BY area_code ORDER BY year DESC) = 1
),
active AS (
    SELECT ib.buurt_code, count(DISTINCT ib.initiative_code) AS initiatives
    FROM v_initiative_buurt ib
    JOIN v_initiative i ON i.code = ib.initiative_code
    WHERE ib.gemeente_code = $gemeente
      AND i.start_date <= $end AND (i.end_date IS NULL OR i.end_date >= $start)
    GROUP BY ib.buurt_code
),
units AS (
    SELECT o.initiative_code, o.buurt_code, sum(o.value) AS total, count(o.value) AS n,
           arg_max(o.value, o.period_end) AS latest
    FROM v_observation o
    WHERE o.indicator_code = 'deelnemers' AND o.gemeente_code = $gemeente
      AND o.period_start BETWEEN $start AND $end
      AND (len($funders) = 0 OR o.initiative_code IN (SELECT initiative_code FROM funded_initiatives($funders)))
    GROUP BY o.initiative_code, o.buurt_code
),
people AS (
    SELECT u.buurt_code,
           CASE (SELECT aggregation FROM v_indicator WHERE code = 'deelnemers')
               WHEN 'laatste' THEN sum(u.latest)
               WHEN 'gemiddelde' THEN sum(u.total) / sum(u.n)
               ELSE sum(u.total) END AS participants,
           count(DISTINCT u.initiative_code) FILTER (WHERE u.total IS NOT NULL) AS reporting
    FROM units u
    GROUP BY u.buurt_code
)
SELECT b.buurt_code, b.buurt_name, b.wijk_code, b.wijk_name, r.value AS residents,
       coalesce(a.initiatives, 0) AS initiatives, coalesce(p.participants, 0) AS participants,
       coalesce(p.reporting, 0) AS reporting
FROM v_buurt b
LEFT JOIN residents r ON r.area_code = b.buurt_code
LEFT JOIN active a ON a.buurt_code = b.buurt_code
LEFT JOIN people p ON p.buurt_code = b.buurt_code
WHERE b.gemeente_code = $gemeente
ORDER BY b.buurt_code
