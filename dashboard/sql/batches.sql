-- Purpose: the load history of the published version, newest first, for the Gegevens page: every batch
-- published or superseded by a newer version of its file, with its SHA-256 and who loaded it.
SELECT batch_id, load_id, entity, source_name, sha256, file_format, encoding, rows_in, rows_loaded,
       rows_rejected, status, superseded_by, loaded_at, loaded_by
FROM v_load_history
ORDER BY batch_id DESC
