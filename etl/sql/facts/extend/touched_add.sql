-- Purpose: note the f_observation_year cells that f_observation rows of the batches $batches fall in.
INSERT INTO fact_touched
SELECT DISTINCT indicator_code, buurt_code, initiative_code, year
FROM f_observation
WHERE list_contains($batches, batch_id);
