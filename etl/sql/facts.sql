-- Purpose: the fact tables behind the dashboard's busiest views, rebuilt from the base tables at the end
-- of every load (etl/warehouse.build_facts). A dashboard query then reads stored rows that already carry
-- their buurt, wijk and gemeente, sorted so DuckDB skips the row groups of other indicators and gemeenten,
-- instead of joining and windowing the base tables on every request. views.sql selects from them; they
-- read base tables only, so they can be built before the views exist.

-- Buurten with their wijk and gemeente (the v_buurt rule: a buurt's gemeente is its wijk's parent).
CREATE OR REPLACE TEMP VIEW fact_buurt AS
SELECT b.code AS buurt_code, b.parent_code AS wijk_code, w.parent_code AS gemeente_code
FROM area b
LEFT JOIN area w ON w.code = b.parent_code
WHERE b.level = 'buurt';

-- Each served buurt with the initiative's share (1/n), so money and counts split over buurten add up to
-- the whole instead of being counted once per buurt.
CREATE OR REPLACE TABLE f_initiative_buurt AS
SELECT ib.initiative_code, ib.buurt_code, b.wijk_code, b.gemeente_code, ib.is_primary,
       1.0 / count(*) OVER (PARTITION BY ib.initiative_code) AS share, ib.batch_id
FROM initiative_buurt ib
JOIN fact_buurt b ON b.buurt_code = ib.buurt_code
ORDER BY b.gemeente_code, ib.initiative_code, ib.buurt_code;

-- Initiatives with their main buurt and their themes (a sorted list, NULL when there are none, and
-- theme_mask: bit n set for the theme with sort_order n in the vocabulary, see theme_bits in views.sql),
-- so the theme and status filters are one scan of this table.
CREATE OR REPLACE TABLE f_initiative AS
WITH themes AS (
    SELECT t.initiative_code, list(t.theme_code ORDER BY t.theme_code) AS themes,
           bit_or(CAST(1 AS BIGINT) << v.sort_order) AS theme_mask
    FROM initiative_theme t
    JOIN vocabulary v ON v.vocabulary = 'theme' AND v.code = t.theme_code
    GROUP BY t.initiative_code
)
SELECT i.code, i.name, i.organisation_code, o.name AS organisation_name, i.form, i.start_date,
       i.end_date, i.status, i.description, pb.buurt_code AS primary_buurt_code,
       pb.wijk_code AS primary_wijk_code, pb.gemeente_code AS primary_gemeente_code,
       t.themes, coalesce(t.theme_mask, 0) AS theme_mask, i.batch_id
FROM initiative i
LEFT JOIN organisation o ON o.code = i.organisation_code
LEFT JOIN f_initiative_buurt pb ON pb.initiative_code = i.code AND pb.is_primary
LEFT JOIN themes t ON t.initiative_code = i.code
ORDER BY i.code;

-- Which funders gave an initiative a grant: the funder filter (funded_initiatives in views.sql).
CREATE OR REPLACE TABLE f_initiative_funder AS
SELECT DISTINCT g.funder_code, g.initiative_code
FROM grant_award g
JOIN funder f ON f.code = g.funder_code
ORDER BY g.funder_code, g.initiative_code;

-- Context statistics with the level, gemeente and wijk of their area, sorted by statistic and gemeente:
-- the map and need queries ask for one statistic in one gemeente.
CREATE OR REPLACE TABLE f_area_stat AS
SELECT s.area_code, a.level,
       CASE a.level WHEN 'gemeente' THEN a.code
                    WHEN 'wijk' THEN a.parent_code
                    ELSE w.parent_code END AS gemeente_code,
       CASE a.level WHEN 'wijk' THEN a.code WHEN 'buurt' THEN a.parent_code END AS wijk_code,
       s.year, s.stat_code, s.value, s.source, s.batch_id
FROM area_stat s
JOIN area a ON a.code = s.area_code
LEFT JOIN area w ON a.level = 'buurt' AND w.code = a.parent_code
ORDER BY s.stat_code, gemeente_code, s.area_code, s.year;

-- A grant's money assigned to the buurten its initiative serves, in equal shares.
CREATE OR REPLACE TABLE f_grant_buurt AS
SELECT g.code AS grant_code, g.funder_code, g.initiative_code, ib.buurt_code, ib.wijk_code,
       ib.gemeente_code, year(g.start_date) AS year, g.start_date,
       CAST(g.amount AS DOUBLE) * ib.share AS amount, g.batch_id
FROM grant_award g
JOIN funder f ON f.code = g.funder_code
JOIN f_initiative_buurt ib ON ib.initiative_code = g.initiative_code
ORDER BY ib.gemeente_code, g.start_date;

-- An observation without a buurt belongs to its initiative's main buurt, so every value lands in exactly
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
