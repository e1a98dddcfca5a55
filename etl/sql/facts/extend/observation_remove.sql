-- Purpose: the rows of superseded observation batches leave f_observation.
DELETE FROM f_observation WHERE list_contains($batches, batch_id);
