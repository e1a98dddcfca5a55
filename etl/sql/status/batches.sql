-- Purpose: every load batch, published and refused, for `wijkwaarde status` (on etl.attempts.history).
SELECT batch_id, load_id, source_name, entity, rows_in, rows_loaded, rows_rejected, status,
       strftime(finished_at, '%d-%m-%Y %H:%M:%S')
FROM load_batch
ORDER BY batch_id
