-- Purpose: the v_* views, the only thing the dashboard reads. Rebuilt on every load.

-- Published batches only: rejected or superseded batches never feed a figure.
CREATE OR REPLACE VIEW v_batch AS
SELECT batch_id, load_id, entity, source_name, sha256, file_format, encoding, rows_in,
       rows_loaded, rows_rejected, status, finished_at AS loaded_at
FROM load_batch
WHERE status = 'gepubliceerd';

CREATE OR REPLACE VIEW v_area AS
SELECT a.code, a.name, a.level, a.parent_code, a.boundary_year, a.area_ha, a.is_fictional,
       a.geometry, a.batch_id,
       CASE a.level WHEN 'gemeente' THEN a.code
                    WHEN 'wijk' THEN a.parent_code
                    ELSE w.parent_code END AS gemeente_code,
       CASE a.level WHEN 'wijk' THEN a.code WHEN 'buurt' THEN a.parent_code END AS wijk_code
FROM area a
LEFT JOIN area w ON a.level = 'buurt' AND w.code = a.parent_code;

CREATE OR REPLACE VIEW v_buurt AS
SELECT b.code AS buurt_code, b.name AS buurt_name, b.wijk_code, w.name AS wijk_name,
       b.gemeente_code, g.name AS gemeente_name, b.boundary_year, b.area_ha, b.is_fictional,
       b.geometry, b.batch_id
FROM v_area b
LEFT JOIN area w ON w.code = b.wijk_code
LEFT JOIN area g ON g.code = b.gemeente_code
WHERE b.level = 'buurt';

CREATE OR REPLACE VIEW v_area_stat AS
SELECT s.area_code, a.level, a.gemeente_code, a.wijk_code, s.year, s.stat_code, d.name_nl,
       d.name_en, d.unit, d.is_count, s.value, s.source, s.batch_id
FROM area_stat s
JOIN stat_def d ON d.code = s.stat_code
JOIN v_area a ON a.code = s.area_code;

CREATE OR REPLACE VIEW v_vocabulary AS
SELECT vocabulary, code, label_nl, label_en, sort_order FROM vocabulary;

CREATE OR REPLACE VIEW v_stat_def AS
SELECT code, name_nl, name_en, unit, is_count FROM stat_def;

-- Each served buurt with the initiative's share (1/n), so money and counts split over
-- buurten add up to the whole instead of being counted once per buurt.
CREATE OR REPLACE VIEW v_initiative_buurt AS
SELECT ib.initiative_code, ib.buurt_code, b.wijk_code, b.gemeente_code, ib.is_primary,
       1.0 / count(*) OVER (PARTITION BY ib.initiative_code) AS share, ib.batch_id
FROM initiative_buurt ib
JOIN v_buurt b ON b.buurt_code = ib.buurt_code;

CREATE OR REPLACE VIEW v_initiative_theme AS
SELECT it.initiative_code, it.theme_code, v.label_nl, v.label_en
FROM initiative_theme it
JOIN vocabulary v ON v.vocabulary = 'theme' AND v.code = it.theme_code;

CREATE OR REPLACE VIEW v_initiative AS
SELECT i.code, i.name, i.organisation_code, o.name AS organisation_name, i.form, i.start_date,
       i.end_date, i.status, i.description, pb.buurt_code AS primary_buurt_code,
       pb.wijk_code AS primary_wijk_code, pb.gemeente_code AS primary_gemeente_code,
       (SELECT list(t.theme_code ORDER BY t.theme_code) FROM initiative_theme t
        WHERE t.initiative_code = i.code) AS themes,
       i.batch_id
FROM initiative i
LEFT JOIN organisation o ON o.code = i.organisation_code
LEFT JOIN v_initiative_buurt pb ON pb.initiative_code = i.code AND pb.is_primary;

CREATE OR REPLACE VIEW v_funder AS
SELECT code, name, funder_type, batch_id FROM funder;

CREATE OR REPLACE VIEW v_grant AS
SELECT g.code, g.funder_code, f.name AS funder_name, f.funder_type, g.initiative_code,
       CAST(g.amount AS DOUBLE) AS amount, g.start_date, g.end_date,
       year(g.start_date) AS year, g.description, g.batch_id
FROM grant_award g
JOIN funder f ON f.code = g.funder_code;

-- A grant's money assigned to the buurten its initiative serves, in equal shares.
CREATE OR REPLACE VIEW v_grant_buurt AS
SELECT g.code AS grant_code, g.funder_code, g.initiative_code, ib.buurt_code, ib.wijk_code,
       ib.gemeente_code, g.year, g.start_date, g.amount * ib.share AS amount, g.batch_id
FROM v_grant g
JOIN v_initiative_buurt ib ON ib.initiative_code = g.initiative_code;

CREATE OR REPLACE VIEW v_indicator AS
SELECT code, name_nl, name_en, unit, direction, toc_level, aggregation, counts_people,
       theme_code, minimum, maximum, iris_code, sdg_target, batch_id
FROM indicator;

-- An observation without a buurt belongs to its initiative's main buurt, so every value
-- lands in exactly one buurt and area totals add up.
CREATE OR REPLACE VIEW v_observation AS
SELECT o.initiative_code, o.indicator_code,
       coalesce(o.buurt_code, pb.buurt_code) AS buurt_code,
       b.wijk_code, b.gemeente_code, o.period_start, o.period_end,
       year(o.period_start) AS year, quarter(o.period_start) AS quarter,
       o.value, o.target, o.batch_id
FROM observation o
LEFT JOIN initiative_buurt pb ON pb.initiative_code = o.initiative_code AND pb.is_primary
LEFT JOIN v_buurt b ON b.buurt_code = coalesce(o.buurt_code, pb.buurt_code);

-- Facts about the published dataset as a whole: is it fictional, how fresh is it.
CREATE OR REPLACE VIEW v_dataset AS
SELECT (SELECT coalesce(bool_or(is_fictional), false) FROM area) AS is_fictional,
       (SELECT max(loaded_at) FROM v_batch) AS loaded_at,
       (SELECT max(period_end) FROM observation) AS latest_observation,
       (SELECT count(*) FROM v_batch) AS batches;
