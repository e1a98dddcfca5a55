-- Purpose: the funders with at least one grant to an initiative in the gemeente, for the funder selector.
SELECT f.code, f.name, f.funder_type
FROM v_funder f
WHERE ($gemeente IS NULL OR EXISTS (
    SELECT 1 FROM v_grant_buurt g WHERE g.funder_code = f.code AND g.gemeente_code = $gemeente))
  -- nationally too, not a funder known only from a register of another currency (all_funders.sql)
  AND (EXISTS (SELECT 1 FROM v_grant p WHERE p.funder_code = f.code)
       OR NOT EXISTS (SELECT 1 FROM v_register_grant r
                      WHERE r.funder_code = f.code AND coalesce(r.currency, 'EUR') <> 'EUR'))
ORDER BY f.name, f.code
