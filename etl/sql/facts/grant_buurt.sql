-- Purpose: a grant's money assigned to the buurten its initiative serves, in equal shares.
CREATE OR REPLACE TABLE f_grant_buurt AS
SELECT g.code AS grant_code, g.funder_code, g.initiative_code, ib.buurt_code, ib.wijk_code,
       ib.gemeente_code, year(g.start_date) AS year, g.start_date,
       CAST(g.amount AS DOUBLE) * ib.share AS amount, g.batch_id
FROM grant_award g
JOIN funder f ON f.code = g.funder_code
JOIN f_initiative_buurt ib ON ib.initiative_code = g.initiative_code
ORDER BY ib.gemeente_code, g.start_date;
