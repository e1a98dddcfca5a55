-- Purpose: the rows of new observation batches join f_observation, as facts/observation.sql builds them (the
-- same SELECT, restricted to $batches; tests/etl/test_fact_extension.py compares both). Appended in the same
-- sort, so the new row groups are sorted among themselves and DuckDB still skips them by indicator and gemeente.
INSERT INTO f_observation
SELECT o.initiative_code, o.indicator_code,
       coalesce(o.buurt_code, pb.buurt_code) AS buurt_code,
       b.wijk_code, b.gemeente_code, o.period_start, o.period_end,
       year(o.period_start) AS year, quarter(o.period_start) AS quarter,
       o.value, o.target, i.status, i.theme_mask, o.batch_id
FROM observation o
LEFT JOIN initiative_buurt pb ON pb.initiative_code = o.initiative_code AND pb.is_primary
LEFT JOIN fact_buurt b ON b.buurt_code = coalesce(o.buurt_code, pb.buurt_code)
LEFT JOIN f_initiative i ON i.code = o.initiative_code
WHERE list_contains($batches, o.batch_id)
ORDER BY o.indicator_code, b.gemeente_code, o.period_start;
