-- Purpose: funders.sql for a warehouse published before the grant registers existed (no v_register_grant;
-- its views are rebuilt by the next load): the funders of the gemeente, for the funder selector.
SELECT f.code, f.name, f.funder_type
FROM v_funder f
WHERE $gemeente IS NULL OR EXISTS (
    SELECT 1 FROM v_grant_buurt g WHERE g.funder_code = f.code AND g.gemeente_code = $gemeente)
ORDER BY f.name, f.code
