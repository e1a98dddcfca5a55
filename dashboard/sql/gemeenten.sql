-- Purpose: the gemeenten in the warehouse, for the gemeente selector.
SELECT code, name, is_fictional
FROM v_area
WHERE level = 'gemeente'
ORDER BY name, code
