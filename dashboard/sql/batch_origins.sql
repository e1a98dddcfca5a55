-- Purpose: the user's own file each generated batch was made from (load_batch.origin, written by
-- `wijkwaarde cbs kerncijfers` / `cbs boundaries`), so a source line names 'kwb-2024.csv' and not the
-- template file the command wrote from it (gebiedscijfers-cbs-2024-kwb-GM0344.csv).
SELECT batch_id, origin
FROM load_batch
WHERE origin IS NOT NULL
ORDER BY batch_id
