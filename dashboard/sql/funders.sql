-- Purpose: the funders with at least one grant to an initiative in the gemeente, for the funder selector.
SELECT f.code, f.name, f.funder_type
FROM v_funder f
WHERE $gemeente IS NULL OR EXISTS (
    SELECT 1 FROM v_grant_buurt g WHERE g.funder_code = f.code AND g.gemeente_code = $gemeente)
ORDER BY f.name, f.code
