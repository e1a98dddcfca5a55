-- Purpose: the buurten of one gemeente with their wijk, for the buurt selector and map clicks.
SELECT buurt_code, buurt_name, wijk_code, wijk_name
FROM v_buurt
WHERE gemeente_code = $gemeente
ORDER BY buurt_name, buurt_code
