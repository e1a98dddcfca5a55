-- Purpose: one initiative with its labels (form, status, themes), organisation, main buurt and gemeente.
SELECT i.code, i.name, i.organisation_name, i.form, f.label_nl AS form_nl, f.label_en AS form_en,
       i.status, s.label_nl AS status_nl, s.label_en AS status_en, i.start_date, i.end_date, i.description,
       i.primary_buurt_code, b.buurt_name AS primary_buurt_name, i.primary_gemeente_code,
       (SELECT string_agg(t.label_nl, ', ' ORDER BY t.label_nl) FROM v_initiative_theme t
        WHERE t.initiative_code = i.code) AS themes_nl,
       (SELECT string_agg(t.label_en, ', ' ORDER BY t.label_en) FROM v_initiative_theme t
        WHERE t.initiative_code = i.code) AS themes_en
FROM v_initiative i
LEFT JOIN v_vocabulary f ON f.vocabulary = 'form' AND f.code = i.form
LEFT JOIN v_vocabulary s ON s.vocabulary = 'status' AND s.code = i.status
LEFT JOIN v_buurt b ON b.buurt_code = i.primary_buurt_code
WHERE i.code = $code
