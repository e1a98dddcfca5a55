-- Purpose: the wijken of one gemeente, for the wijk selector.
SELECT code, name
FROM v_area
WHERE level = 'wijk' AND gemeente_code = $gemeente
ORDER BY name, code
