-- Purpose: the rejected rows of one batch, in file order, for `wijkwaarde rejects` (on etl.attempts.history).
SELECT file_name, sheet, line, column_name, value, reason
FROM rejected_row
WHERE batch_id = $batch_id
ORDER BY line NULLS FIRST, column_name
