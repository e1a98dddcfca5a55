-- Purpose: every initiative serving a buurt of $gemeente (NULL: of any gemeente), with what the initiative list shows (the columns
-- of initiatives_table.sql) and what the filters test (status, theme bits, start and end), sorted as the
-- list is: by name and code. Fetched once per published version and gemeente (initiative_set.py).
WITH in_gemeente AS (
    SELECT DISTINCT initiative_code FROM v_initiative_buurt WHERE $gemeente IS NULL OR gemeente_code = $gemeente
),
theme_labels AS (
    SELECT t.initiative_code,
           string_agg(t.label_nl, ', ' ORDER BY t.label_nl) AS themes_nl,
           string_agg(t.label_en, ', ' ORDER BY t.label_en) AS themes_en
    FROM v_initiative_theme t
    WHERE t.initiative_code IN (SELECT initiative_code FROM in_gemeente)
    GROUP BY t.initiative_code
)
SELECT s.code, s.name, s.organisation_name, tl.themes_nl, tl.themes_en,
       f.label_nl AS form_nl, f.label_en AS form_en, st.label_nl AS status_nl, st.label_en AS status_en,
       s.start_date, s.end_date, b.buurt_name AS main_buurt, s.status, s.theme_mask
FROM v_initiative s
LEFT JOIN theme_labels tl ON tl.initiative_code = s.code
LEFT JOIN v_vocabulary f ON f.vocabulary = 'form' AND f.code = s.form
LEFT JOIN v_vocabulary st ON st.vocabulary = 'status' AND st.code = s.status
LEFT JOIN v_buurt b ON b.buurt_code = s.primary_buurt_code
WHERE s.code IN (SELECT initiative_code FROM in_gemeente)
ORDER BY s.name, s.code
