-- Purpose: each served buurt with the initiative's share (1/n), so money and counts split over buurten add up to
-- the whole instead of being counted once per buurt.
CREATE OR REPLACE TABLE f_initiative_buurt AS
SELECT ib.initiative_code, ib.buurt_code, b.wijk_code, b.gemeente_code, ib.is_primary,
       1.0 / count(*) OVER (PARTITION BY ib.initiative_code) AS share, ib.batch_id
FROM initiative_buurt ib
JOIN fact_buurt b ON b.buurt_code = ib.buurt_code
ORDER BY b.gemeente_code, ib.initiative_code, ib.buurt_code;
