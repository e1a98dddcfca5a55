-- Purpose: every funder with its grant total, largest first (portfolio choices and the allow-list of codes).
-- A funder known only from a register whose grants are in another currency (a UK 360Giving funder, GBP)
-- is left out: it has no grants to initiatives here and its money is no euros, so a portfolio that
-- compared it would show '€ 0' for a funder that spent millions of pounds elsewhere.
SELECT f.code, f.name, f.funder_type, coalesce(sum(g.amount), 0) AS total
FROM v_funder f
LEFT JOIN v_grant g ON g.funder_code = f.code
WHERE EXISTS (SELECT 1 FROM v_grant p WHERE p.funder_code = f.code)
   OR NOT EXISTS (SELECT 1 FROM v_register_grant r
                  WHERE r.funder_code = f.code AND coalesce(r.currency, 'EUR') <> 'EUR')
GROUP BY f.code, f.name, f.funder_type
ORDER BY total DESC, f.name, f.code
