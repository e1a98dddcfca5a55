-- Purpose: initiatives with their main buurt and their themes (a sorted list, NULL when there are none, and
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
