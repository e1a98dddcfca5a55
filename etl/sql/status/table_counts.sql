-- Purpose: the rows of each main table of the published warehouse, for `wijkwaarde status`.
SELECT name, n FROM (
              SELECT 1 AS pos, 'area' AS name, count(*) AS n FROM area
    UNION ALL SELECT 2, 'area_stat', count(*) FROM area_stat
    UNION ALL SELECT 3, 'organisation', count(*) FROM organisation
    UNION ALL SELECT 4, 'initiative', count(*) FROM initiative
    UNION ALL SELECT 5, 'funder', count(*) FROM funder
    UNION ALL SELECT 6, 'grant_award', count(*) FROM grant_award
    UNION ALL SELECT 7, 'indicator', count(*) FROM indicator
    UNION ALL SELECT 8, 'observation', count(*) FROM observation
)
ORDER BY pos
