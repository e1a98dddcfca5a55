-- Purpose: count rows whose reference no longer resolves (e.g. after a superseding file dropped a key).
SELECT 'subsidies' AS tbl, 'initiatief' AS what, count(*) AS n
FROM grant_award g WHERE g.initiative_code NOT IN (SELECT code FROM initiative)
UNION ALL
SELECT 'subsidies', 'financier', count(*)
FROM grant_award g WHERE g.funder_code NOT IN (SELECT code FROM funder)
UNION ALL
SELECT 'waarnemingen', 'initiatief', count(*)
FROM observation o WHERE o.initiative_code NOT IN (SELECT code FROM initiative)
UNION ALL
SELECT 'waarnemingen', 'buurt van hun initiatief', count(*)  -- a new version of initiatieven dropped it
FROM observation o WHERE o.buurt_code IS NOT NULL AND o.initiative_code IN (SELECT code FROM initiative)
  AND NOT EXISTS (SELECT 1 FROM initiative_buurt ib
                  WHERE ib.initiative_code = o.initiative_code AND ib.buurt_code = o.buurt_code)
UNION ALL
SELECT 'waarnemingen', 'indicator', count(*)
FROM observation o WHERE o.indicator_code NOT IN (SELECT code FROM indicator)
UNION ALL
SELECT 'initiatieven', 'organisatie', count(*)
FROM initiative i WHERE i.organisation_code IS NOT NULL
  AND i.organisation_code NOT IN (SELECT code FROM organisation)
UNION ALL
SELECT 'initiatieven', 'buurt', count(*)
FROM initiative_buurt ib WHERE ib.buurt_code NOT IN (SELECT code FROM area)
UNION ALL
SELECT 'gebiedscijfers', 'gebied', count(*)
FROM area_stat s WHERE s.area_code NOT IN (SELECT code FROM area)
UNION ALL
SELECT 'waardeproxies', 'indicator', count(*)
FROM value_proxy p WHERE p.indicator_code NOT IN (SELECT code FROM indicator)
UNION ALL
SELECT 'registers', 'financier', count(*)
FROM register_grant g WHERE g.funder_code NOT IN (SELECT code FROM funder);
