-- Purpose: the display geometry (GeoJSON, WGS84) of every gemeente, for the national map.
SELECT code AS gemeente_code, name AS gemeente_name, boundary_year, geometry
FROM v_area
WHERE level = 'gemeente' AND geometry IS NOT NULL
ORDER BY code
