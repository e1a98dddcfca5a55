-- Purpose: the date the data runs to: the latest observation period end or grant start (censoring date).
SELECT greatest((SELECT max(period_end) FROM v_observation), (SELECT max(start_date) FROM v_grant)) AS data_date
