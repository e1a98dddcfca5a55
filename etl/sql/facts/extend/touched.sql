-- Purpose: the cells (indicator, buurt, initiative, year) of f_observation_year a load's new and superseded
-- observation batches fall in: only those are added up again when the facts are extended (see observation_year_*).
CREATE OR REPLACE TEMP TABLE fact_touched AS
SELECT indicator_code, buurt_code, initiative_code, year FROM f_observation LIMIT 0;
