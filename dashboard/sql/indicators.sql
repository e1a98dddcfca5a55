-- Purpose: the indicator catalogue, for the trend selector and the generic aggregation rule.
SELECT code, name_nl, name_en, unit, aggregation, direction, toc_level, counts_people
FROM v_indicator
ORDER BY name_nl, code
