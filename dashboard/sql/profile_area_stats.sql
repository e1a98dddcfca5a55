-- Purpose: every context statistic (all years) of the given areas and of any national (NL) row, for the
-- profile's statistics table and trend chart; NULL value = missing or secret at the source.
SELECT area_code, level, year, stat_code, name_nl, name_en, unit, value, source
FROM v_area_stat
WHERE list_contains($codes, area_code) OR area_code LIKE 'NL%'
ORDER BY stat_code, area_code, year
