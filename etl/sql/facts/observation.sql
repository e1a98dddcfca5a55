-- Purpose: an observation without a buurt belongs to its initiative's main buurt, so every value lands in exactly
-- one buurt and area totals add up. The initiative's status and theme_mask ride along, so the status and
-- theme filters are plain column tests on the scan. Sorted by indicator, gemeente and period: every
-- dashboard query filters on the indicator and most on a gemeente and a period.
CREATE OR REPLACE TABLE f_observation AS
SELECT o.initiative_code, o.indicator_code,
       coalesce(o.buurt_code, pb.buurt_code) AS buurt_code,
       b.wijk_code, b.gemeente_code, o.period_start, o.period_end,
       year(o.period_start) AS year, quarter(o.period_start) AS quarter,
       o.value, o.target, i.status, i.theme_mask, o.batch_id
FROM observation o
LEFT JOIN initiative_buurt pb ON pb.initiative_code = o.initiative_code AND pb.is_primary
LEFT JOIN fact_buurt b ON b.buurt_code = coalesce(o.buurt_code, pb.buurt_code)
LEFT JOIN f_initiative i ON i.code = o.initiative_code
ORDER BY o.indicator_code, b.gemeente_code, o.period_start;
