-- Purpose: all_funders for a warehouse published before the grant registers existed (no v_register_grant;
-- its views are rebuilt by the next load): every funder with its grant total, largest first.
SELECT f.code, f.name, f.funder_type, coalesce(sum(g.amount), 0) AS total
FROM v_funder f
LEFT JOIN v_grant g ON g.funder_code = f.code
GROUP BY f.code, f.name, f.funder_type
ORDER BY total DESC, f.name, f.code
