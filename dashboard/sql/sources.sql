-- Purpose: the published batches of the given templates (entities) whose rows are in the selection, for
-- the source line under a figure: with $gemeente only the batches with rows about that gemeente (its
-- areas, their statistics, the initiatives serving it with their organisations, grants, funders,
-- observations and indicators; national rows too when $country), without it every batch. `publishers`:
-- who published the figures, as the file says it (the part of a statistic's source before ' · ').
WITH scope_area AS (
    SELECT batch_id FROM v_area WHERE gemeente_code = $gemeente
),
scope_stat AS (
    SELECT batch_id, source FROM area_stat s
    WHERE $gemeente IS NULL
       OR s.area_code IN (SELECT code FROM v_area WHERE gemeente_code = $gemeente)
       OR ($country AND s.area_code LIKE 'NL%')
),
scope_initiative AS (
    SELECT DISTINCT initiative_code FROM v_initiative_buurt WHERE gemeente_code = $gemeente
),
scope_grant AS (
    SELECT g.batch_id, g.funder_code FROM grant_award g
    WHERE g.initiative_code IN (SELECT initiative_code FROM scope_initiative)
),
scope_observation AS (
    SELECT DISTINCT batch_id, indicator_code FROM v_observation WHERE gemeente_code = $gemeente
),
used AS (
    SELECT batch_id FROM scope_area
    UNION SELECT batch_id FROM scope_stat
    UNION SELECT batch_id FROM initiative WHERE code IN (SELECT initiative_code FROM scope_initiative)
    UNION SELECT o.batch_id FROM organisation o JOIN initiative i ON i.organisation_code = o.code
          WHERE i.code IN (SELECT initiative_code FROM scope_initiative)
    UNION SELECT batch_id FROM scope_grant
    UNION SELECT batch_id FROM funder WHERE code IN (SELECT funder_code FROM scope_grant)
    UNION SELECT batch_id FROM scope_observation
    UNION SELECT batch_id FROM indicator WHERE code IN (SELECT indicator_code FROM scope_observation)
    -- the value proxies are assumptions of every gemeente's value figures, not rows of one gemeente
    UNION SELECT batch_id FROM value_proxy
),
publishers AS (
    SELECT batch_id, list(DISTINCT split_part(source, ' · ', 1) ORDER BY split_part(source, ' · ', 1))
               AS publishers
    FROM scope_stat
    WHERE contains(source, ' · ')
    GROUP BY batch_id
)
SELECT b.batch_id, b.source_name, b.entity, b.loaded_at, coalesce(p.publishers, []) AS publishers
FROM v_batch b
LEFT JOIN publishers p ON p.batch_id = b.batch_id
WHERE list_contains($entities, b.entity)
  AND ($gemeente IS NULL OR b.batch_id IN (SELECT batch_id FROM used))
ORDER BY b.batch_id
