-- Purpose: facts about the published dataset: fictional or not, when loaded, latest observation.
SELECT is_fictional, loaded_at, latest_observation, batches
FROM v_dataset
