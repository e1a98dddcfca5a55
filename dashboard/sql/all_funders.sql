-- Purpose: every funder with its grant total, largest first (portfolio choices and the allow-list of codes).
SELECT f.code, f.name, f.funder_type, coalesce(sum(g.amount), 0) AS total
FROM v_funder f
LEFT JOIN v_grant g ON g.funder_code = f.code
GROUP BY f.code, f.name, f.funder_type
ORDER BY total DESC, f.name, f.code
