-- Purpose: every buurt of the gemeente(n) an initiative serves, with its geometry and whether (and as
-- main buurt) the initiative serves it, for the small map on the initiative page.
SELECT b.buurt_code, b.buurt_name, b.wijk_name, b.geometry,
       ib.buurt_code IS NOT NULL AS served, coalesce(ib.is_primary, false) AS is_primary
FROM v_buurt b
LEFT JOIN v_initiative_buurt ib ON ib.buurt_code = b.buurt_code AND ib.initiative_code = $code
WHERE b.gemeente_code IN (SELECT gemeente_code FROM v_initiative_buurt WHERE initiative_code = $code)
  AND b.geometry IS NOT NULL
ORDER BY b.buurt_code
