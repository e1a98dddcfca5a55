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

-- Value proxies with the indicator they price and the stakeholder's labels: the assumptions behind
-- every social-value figure, shown next to it.
CREATE OR REPLACE VIEW v_value_proxy AS
SELECT p.code, p.indicator_code, i.name_nl AS indicator_name_nl, i.name_en AS indicator_name_en,
       i.unit, i.toc_level, p.stakeholder, v.label_nl AS stakeholder_nl, v.label_en AS stakeholder_en,
       v.sort_order AS stakeholder_order, p.value_low, p.value_high, p.source, p.year, p.is_example,
       p.note, p.batch_id
FROM value_proxy p
JOIN indicator i ON i.code = p.indicator_code
LEFT JOIN vocabulary v ON v.vocabulary = 'stakeholder' AND v.code = p.stakeholder;

-- Grants from external registers (etl/registers). Kept apart from v_grant (grants to known
-- initiatives): adding the two together needs care, a register may list the same grants.
-- Private recipients ((Particulier), recipientIndividual) are never listed one by one: they are merged
-- into one row per batch, funder, funder unit, year, status and currency; a unit with fewer than 3
-- such grants is merged into 'overige onderdelen (kleine aantallen samengevoegd)'.
CREATE OR REPLACE VIEW v_register_grant AS
WITH private AS (
    SELECT *, count(*) OVER (PARTITION BY batch_id, funder_code, funder_unit, year, status, currency) AS n_unit
    FROM register_grant
    WHERE is_private
), private_grouped AS (
    SELECT batch_id, register, funder_code,
           CASE WHEN n_unit < 3 THEN 'overige onderdelen (kleine aantallen samengevoegd)'
                ELSE funder_unit END AS funder_unit,
           year, status, currency, count(*) AS n_grants, sum(amount) AS amount,
           sum(amount_requested) AS amount_requested
    FROM private
    GROUP BY ALL
)
SELECT g.code, g.register, g.funder_code, f.name AS funder_name, f.funder_type, g.funder_unit,
       g.recipient_name, g.recipient_id, g.recipient_type, false AS is_private_aggregate,
       1 AS n_grants, g.initiative_code, g.title, g.description, g.scheme, g.theme_label, g.status,
       CAST(g.amount AS DOUBLE) AS amount, CAST(g.amount_requested AS DOUBLE) AS amount_requested,
       g.currency, g.award_date, g.award_date_precision, g.year, g.start_date, g.end_date,
       g.text_repaired, g.batch_id
FROM register_grant g
JOIN funder f ON f.code = g.funder_code
WHERE NOT g.is_private
UNION ALL
SELECT 'particulieren-' || p.batch_id || '-'
           || md5(concat_ws('|', p.funder_code, p.funder_unit, p.year, p.status, p.currency)) AS code,
       p.register, p.funder_code, f.name, f.funder_type, p.funder_unit,
       'Particulieren (' || p.n_grants || ' aanvragen, samengevoegd)' AS recipient_name,
       NULL AS recipient_id, 'particulier' AS recipient_type, true AS is_private_aggregate,
       p.n_grants, NULL AS initiative_code, NULL AS title, NULL AS description, NULL AS scheme,
       NULL AS theme_label, p.status, CAST(p.amount AS DOUBLE), CAST(p.amount_requested AS DOUBLE),
       p.currency, NULL AS award_date, NULL AS award_date_precision, p.year, NULL AS start_date,
       NULL AS end_date, NULL AS text_repaired, p.batch_id
FROM private_grouped p
JOIN funder f ON f.code = p.funder_code;

-- Locations of (non-private) register grants as the register gives them; a CBS code (GM/WK/BU)
-- maps to its area when that area is loaded. `share` = 1/n of the grant's locations.
CREATE OR REPLACE VIEW v_register_grant_location AS
SELECT l.grant_code, l.position, l.level, l.label, l.geo_code, l.geo_code_type, l.country_code,
       a.code AS area_code, a.level AS area_level, a.gemeente_code, a.wijk_code,
       1.0 / count(*) OVER (PARTITION BY l.batch_id, l.grant_code) AS share, l.batch_id
FROM register_grant_location l
JOIN register_grant g ON g.code = l.grant_code AND g.batch_id = l.batch_id AND NOT g.is_private
LEFT JOIN v_area a ON a.code = l.geo_code AND l.level IN ('gemeente', 'wijk', 'buurt');

-- Register money per location at the register's own level (a stadsdeel stays a stadsdeel), private
-- grants included in the totals only. Refused grants count in n_refused and add no money.
CREATE OR REPLACE VIEW v_register_location_total AS
WITH loc AS (
    SELECT l.*, 1.0 / count(*) OVER (PARTITION BY l.batch_id, l.grant_code) AS share
    FROM register_grant_location l
)
SELECT g.register, g.funder_code, f.name AS funder_name, loc.level, loc.label, loc.geo_code,
       a.code AS area_code, g.year, g.currency,
       count(*) FILTER (WHERE g.status = 'toegekend') AS n_awarded,
       count(*) FILTER (WHERE g.status = 'geweigerd') AS n_refused,
       count(*) FILTER (WHERE g.is_private) AS n_private,
       coalesce(sum(CAST(g.amount AS DOUBLE) * loc.share), 0) AS amount
FROM register_grant g
JOIN loc ON loc.grant_code = g.code AND loc.batch_id = g.batch_id
JOIN funder f ON f.code = g.funder_code
LEFT JOIN area a ON a.code = loc.geo_code AND loc.level IN ('gemeente', 'wijk', 'buurt')
GROUP BY ALL;

-- The initiatives matching the dashboard's theme, status and funder filters (empty list = no filter;
-- a funder filter keeps the initiatives with a grant from one of the funders). One definition for every
-- dashboard query: `SELECT code FROM matching_initiatives($statuses, $themes, $funders)`.
CREATE OR REPLACE MACRO matching_initiatives(statuses, themes, funders) AS TABLE
SELECT i.code
FROM v_initiative i
WHERE (len(statuses) = 0 OR list_contains(statuses, i.status))
  AND (len(themes) = 0 OR EXISTS (
          SELECT 1 FROM v_initiative_theme t
          WHERE t.initiative_code = i.code AND list_contains(themes, t.theme_code)))
  AND (len(funders) = 0 OR EXISTS (
          SELECT 1 FROM v_grant g
          WHERE g.initiative_code = i.code AND list_contains(funders, g.funder_code)));
