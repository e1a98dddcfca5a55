-- Purpose: every gemeente, wijk and buurt with its name and its gemeente's name, for labels and links.
SELECT a.code, a.name, a.level, a.gemeente_code, g.name AS gemeente_name, a.wijk_code, a.boundary_year
FROM v_area a
LEFT JOIN v_area g ON g.code = a.gemeente_code
ORDER BY a.code
