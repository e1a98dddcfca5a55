-- Purpose: per gemeente (the national map), the residents and the number of distinct matching initiatives
-- alive in the period that serve a buurt in it (an initiative serving two gemeenten counts in both).
WITH active AS (
    SELECT DISTINCT ib.gemeente_code, ib.initiative_code
    FROM v_initiative_buurt ib
    JOIN v_initiative i ON i.code = ib.initiative_code
    WHERE initiative_matches(i.code, i.status, i.theme_mask, $statuses, $themes, $funders)
      AND i.start_date <= $end AND (i.end_date IS NULL OR i.end_date >= $start)
)
SELECT g.code AS gemeente_code, r.residents, count(a.initiative_code) AS value
FROM v_area g
LEFT JOIN active a ON a.gemeente_code = g.code
LEFT JOIN gemeente_residents($year) r ON r.gemeente_code = g.code
WHERE g.level = 'gemeente'
GROUP BY g.code, r.residents
ORDER BY gemeente_code
