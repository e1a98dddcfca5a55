-- Purpose: the published load batches, newest first, for the Gegevens page.
SELECT batch_id, load_id, entity, source_name, file_format, encoding, rows_in, rows_loaded,
       rows_rejected, loaded_at
FROM v_batch
ORDER BY batch_id DESC
