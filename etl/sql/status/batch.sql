-- Purpose: the file and status of one batch, for `wijkwaarde rejects` (on etl.attempts.history).
SELECT source_name, status
FROM load_batch
WHERE batch_id = $batch_id
