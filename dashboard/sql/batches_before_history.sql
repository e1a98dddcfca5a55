-- Purpose: the Gegevens page's load history for a warehouse published before v_load_history existed (its
-- views are rebuilt by the next load): the published batches only, without SHA-256 or who loaded them.
SELECT batch_id, load_id, entity, source_name, sha256, file_format, encoding, rows_in, rows_loaded,
       rows_rejected, status, CAST(NULL AS INTEGER) AS superseded_by, loaded_at, CAST(NULL AS VARCHAR) AS loaded_by
FROM v_batch
ORDER BY batch_id DESC
