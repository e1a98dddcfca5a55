-- Purpose: the initiatives serving a buurt or a wijk (any of its buurten), with status and form labels,
-- themes, start and end, and whether they are alive in the period.
WITH serving AS (
    SELECT DISTINCT ib.initiative_code
    FROM v_initiative_buurt ib
    WHERE ($buurt IS NOT NULL AND ib.buurt_code = $buurt)
       OR ($buurt IS NULL AND $wijk IS NOT NULL AND ib.wijk_code = $wijk)
),
theme_labels AS (
    SELECT t.initiative_code,
           string_agg(t.label_nl, ', ' ORDER BY t.label_nl) AS themes_nl,
           string_agg(t.label_en, ', ' ORDER BY t.label_en) AS themes_en
    FROM v_initiative_theme t
    JOIN serving s ON s.initiative_code = t.initiative_code  -- only the initiatives shown, not all
    GROUP BY t.initiative_code
)
SELECT i.code, i.name, i.organisation_name, tl.themes_nl, tl.themes_en,
       st.label_nl AS status_nl, st.label_en AS status_en, i.start_date, i.end_date,
       (i.start_date <= $end AND (i.end_date IS NULL OR i.end_date >= $start)) AS active
FROM v_initiative i
JOIN serving s ON s.initiative_code = i.code
LEFT JOIN theme_labels tl ON tl.initiative_code = i.code
LEFT JOIN v_vocabulary st ON st.vocabulary = 'status' AND st.code = i.status
ORDER BY active DESC, i.name, i.code
