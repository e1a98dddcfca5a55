-- Purpose: the counts that shares, averages and rates are taken over (residents, households, dwellings),
-- every year that has one, of the given areas: protection rule 4 hides a statistic whose base is below k.
SELECT area_code, stat_code AS base, year, value AS base_value
FROM v_area_stat
WHERE area_code IN (SELECT unnest($codes)) AND list_contains($stats, stat_code) AND value IS NOT NULL
