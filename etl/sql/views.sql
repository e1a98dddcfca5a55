-- Purpose: the v_* views, the only thing the dashboard reads. Rebuilt on every load.

-- Published batches only: rejected or superseded batches never feed a figure.
CREATE OR REPLACE VIEW v_batch AS
SELECT batch_id, load_id, entity, source_name, sha256, file_format, encoding, rows_in,
       rows_loaded, rows_rejected, status, finished_at AS loaded_at, loaded_by
FROM load_batch
WHERE status = 'gepubliceerd';

-- The load history of the published version: its batches, published and superseded by a newer version of
-- their file, with who loaded them (the Gegevens page). Refused loads are kept beside it (etl/attempts.py).
CREATE OR REPLACE VIEW v_load_history AS
SELECT batch_id, load_id, entity, source_name, sha256, file_format, encoding, rows_in, rows_loaded,
       rows_rejected, status, superseded_by, finished_at AS loaded_at, loaded_by
FROM load_batch
WHERE status IN ('gepubliceerd', 'vervangen');

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

-- Context statistics with their area's level, gemeente and wijk (the fact table f_area_stat).
CREATE OR REPLACE VIEW v_area_stat AS
SELECT s.area_code, s.level, s.gemeente_code, s.wijk_code, s.year, s.stat_code, d.name_nl,
       d.name_en, d.unit, d.is_count, s.value, s.source, s.batch_id
FROM f_area_stat s
JOIN stat_def d ON d.code = s.stat_code;

CREATE OR REPLACE VIEW v_vocabulary AS
SELECT vocabulary, code, label_nl, label_en, sort_order FROM vocabulary;

CREATE OR REPLACE VIEW v_stat_def AS
SELECT code, name_nl, name_en, unit, is_count FROM stat_def;

-- Each served buurt with the initiative's share (1/n): the fact table built in facts.sql.
CREATE OR REPLACE VIEW v_initiative_buurt AS
SELECT initiative_code, buurt_code, wijk_code, gemeente_code, is_primary, share, batch_id
FROM f_initiative_buurt;

CREATE OR REPLACE VIEW v_initiative_theme AS
SELECT it.initiative_code, it.theme_code, v.label_nl, v.label_en
FROM initiative_theme it
JOIN vocabulary v ON v.vocabulary = 'theme' AND v.code = it.theme_code;

-- Initiatives with main buurt and themes (list and bit mask): the fact table built in facts.sql.
CREATE OR REPLACE VIEW v_initiative AS
SELECT code, name, organisation_code, organisation_name, form, start_date, end_date, status,
       description, primary_buurt_code, primary_wijk_code, primary_gemeente_code, themes, theme_mask,
       batch_id
FROM f_initiative;

CREATE OR REPLACE VIEW v_funder AS
SELECT code, name, funder_type, batch_id FROM funder;

CREATE OR REPLACE VIEW v_grant AS
SELECT g.code, g.funder_code, f.name AS funder_name, f.funder_type, g.initiative_code,
       CAST(g.amount AS DOUBLE) AS amount, g.start_date, g.end_date,
       year(g.start_date) AS year, g.description, g.batch_id
FROM grant_award g
JOIN funder f ON f.code = g.funder_code;

-- A grant's money assigned to the buurten its initiative serves, in equal shares (facts.sql).
CREATE OR REPLACE VIEW v_grant_buurt AS
SELECT grant_code, funder_code, initiative_code, buurt_code, wijk_code, gemeente_code, year,
       start_date, amount, batch_id
FROM f_grant_buurt;

CREATE OR REPLACE VIEW v_indicator AS
SELECT code, name_nl, name_en, unit, direction, toc_level, aggregation, counts_people,
       theme_code, minimum, maximum, iris_code, sdg_target, batch_id
FROM indicator;

-- Observations in their buurt (an observation without one belongs to its initiative's main buurt),
-- wijk and gemeente, sorted by indicator, gemeente and period: the fact table built in facts.sql.
CREATE OR REPLACE VIEW v_observation AS
SELECT initiative_code, indicator_code, buurt_code, wijk_code, gemeente_code, period_start,
       period_end, year, quarter, value, target, status, theme_mask, batch_id
FROM f_observation;

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

-- The theme filter as a bit mask: bit n for the theme with sort_order n (f_initiative.theme_mask).
CREATE OR REPLACE MACRO theme_bits(themes) AS (
    SELECT coalesce(bit_or(CAST(1 AS BIGINT) << sort_order), 0)
    FROM vocabulary
    WHERE vocabulary = 'theme' AND list_contains(themes, code)
);

-- The initiatives with a grant from one of `funders` (f_initiative_funder): the funder filter.
CREATE OR REPLACE MACRO funded_initiatives(funders) AS TABLE
SELECT initiative_code FROM f_initiative_funder WHERE list_contains(funders, funder_code);

-- The dashboard's theme, status and funder filters (empty list = no filter; a funder filter keeps the
-- initiatives with a grant from one of the funders), tested on a row that carries the initiative's code,
-- status and theme bits. One definition for the initiatives and the fact rows below.
CREATE OR REPLACE MACRO initiative_matches(code_, status_, mask_, statuses, themes, funders) AS (
    (len(statuses) = 0 OR list_contains(statuses, status_))
    AND (len(themes) = 0 OR (mask_ & theme_bits(themes)) <> 0)
    AND (len(funders) = 0 OR code_ IN (SELECT initiative_code FROM funded_initiatives(funders)))
);

-- A row's buurt, wijk and gemeente inside the selected area (NULL = no filter at that level).
CREATE OR REPLACE MACRO in_area(gemeente_, wijk_, buurt_, gemeente, wijk, buurt) AS (
    (gemeente IS NULL OR gemeente_ = gemeente)
    AND (wijk IS NULL OR wijk_ = wijk)
    AND (buurt IS NULL OR buurt_ = buurt)
);

-- The initiatives matching the filters, for every initiative-level dashboard query:
-- `SELECT code FROM matching_initiatives($statuses, $themes, $funders)`.
CREATE OR REPLACE MACRO matching_initiatives(statuses, themes, funders) AS TABLE
SELECT i.code
FROM f_initiative i
WHERE initiative_matches(i.code, i.status, i.theme_mask, statuses, themes, funders);

-- The observations of one indicator in the period and area that belong to matching initiatives: the
-- same filter as matching_initiatives, tested on the fact rows themselves (status and theme_mask are
-- columns of f_observation) so that DuckDB can skip whole row groups. Every indicator figure starts here.
CREATE OR REPLACE MACRO selected_observations(indicator, statuses, themes, funders, start_date, end_date,
                                              gemeente, wijk, buurt) AS TABLE
SELECT o.*
FROM f_observation o
WHERE o.indicator_code = indicator
  AND o.period_start BETWEEN start_date AND end_date
  AND in_area(o.gemeente_code, o.wijk_code, o.buurt_code, gemeente, wijk, buurt)
  AND initiative_matches(o.initiative_code, o.status, o.theme_mask, statuses, themes, funders);

-- selected_observations per whole year (f_observation_year: total, n, latest, latest_end per unit and
-- year), for totals over a period of whole years.
CREATE OR REPLACE MACRO selected_years(indicator, statuses, themes, funders, first_year, last_year,
                                       gemeente, wijk, buurt) AS TABLE
SELECT u.*
FROM f_observation_year u
WHERE u.indicator_code = indicator
  AND u.year BETWEEN first_year AND last_year
  AND in_area(u.gemeente_code, u.wijk_code, u.buurt_code, gemeente, wijk, buurt)
  AND initiative_matches(u.initiative_code, u.status, u.theme_mask, statuses, themes, funders);

-- Residents per gemeente in the latest year up to `upto`: the gemeente's own CBS row, or the sum of its
-- buurten's latest rows where the gemeente has none (the national map's denominator).
CREATE OR REPLACE MACRO gemeente_residents(upto) AS TABLE
WITH latest AS (
    SELECT area_code, level, gemeente_code, value
    FROM v_area_stat
    WHERE stat_code = 'inwoners' AND year <= upto AND level IN ('gemeente', 'buurt')
    QUALIFY row_number() OVER (PARTITION BY area_code ORDER BY year DESC) = 1
)
SELECT gemeente_code,
       coalesce(max(value) FILTER (WHERE level = 'gemeente'), sum(value) FILTER (WHERE level = 'buurt'))
           AS residents
FROM latest
GROUP BY gemeente_code;
