-- Purpose: the published batches of the given templates (entities), for the source line under a figure.
SELECT batch_id, source_name, entity, loaded_at
FROM v_batch
WHERE list_contains($entities, entity)
ORDER BY batch_id
