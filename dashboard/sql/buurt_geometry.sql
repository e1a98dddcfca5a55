-- Purpose: the display geometry (GeoJSON, WGS84) of every buurt of one gemeente, for the map.
SELECT buurt_code, buurt_name, wijk_name, boundary_year, geometry
FROM v_buurt
WHERE gemeente_code = $gemeente AND geometry IS NOT NULL
ORDER BY buurt_code
