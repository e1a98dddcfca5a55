-- Purpose: the initiatives measured in $gemeente's value cells (value_cells.sql) with what the filters test:
-- name, status, theme bits, and each of their funders (f_initiative_funder: the funder filter), one row per
-- funder (funder_code NULL for an initiative without one).
SELECT i.code, i.name, i.status, i.theme_mask, f.funder_code
FROM f_initiative i
LEFT JOIN f_initiative_funder f ON f.initiative_code = i.code
WHERE i.code IN (
    SELECT initiative_code FROM f_observation_year
    WHERE gemeente_code = $gemeente AND indicator_code IN (SELECT indicator_code FROM v_value_proxy)
)
ORDER BY i.code, f.funder_code
