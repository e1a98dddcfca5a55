-- Purpose: the overview's initiative KPIs for several periods at once ($periods: position, start, end),
-- in the selected area and matching the theme/status/funder filters.
-- active: distinct initiatives alive in the period (start <= end of period, no end or end >= start of
-- period) that serve a buurt in the area; 0 when none.
-- grants: grant money (EUR) of grants starting in the period, in buurten of the area (each grant split
-- over the buurten its initiative serves), from the selected funders; NULL when none.
WITH periods AS (SELECT unnest($periods, recursive := true)),
matching AS (SELECT code FROM matching_initiatives($statuses, $themes, $funders)),
in_area AS (
    SELECT DISTINCT initiative_code
    FROM v_initiative_buurt ib
    WHERE in_area(ib.gemeente_code, ib.wijk_code, ib.buurt_code, $gemeente, $wijk, $buurt)
),
active AS (
    SELECT p.position, count(*) AS active
    FROM periods p
    JOIN v_initiative i ON i.start_date <= p."end" AND (i.end_date IS NULL OR i.end_date >= p.start)
    WHERE initiative_matches(i.code, i.status, i.theme_mask, $statuses, $themes, $funders)
      AND i.code IN (SELECT initiative_code FROM in_area)
    GROUP BY p.position
),
grants AS (
    SELECT p.position, sum(g.amount) AS grants
    FROM periods p
    JOIN v_grant_buurt g ON g.start_date BETWEEN p.start AND p."end"
    WHERE g.initiative_code IN (SELECT code FROM matching)
      AND (len($funders) = 0 OR list_contains($funders, g.funder_code))
      AND in_area(g.gemeente_code, g.wijk_code, g.buurt_code, $gemeente, $wijk, $buurt)
    GROUP BY p.position
)
SELECT p.position, coalesce(a.active, 0) AS active, g.grants
FROM periods p
LEFT JOIN active a ON a.position = p.position
LEFT JOIN grants g ON g.position = p.position
ORDER BY p.position
