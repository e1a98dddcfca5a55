-- Purpose: the matching initiatives alive in the period that serve a buurt in the selected area, with
-- labels, main buurt, grant money in the period (selected funders) and, when $with_people (internal
-- mode only), the people indicator over the period; `matching_rows` = how many there are in all, as the
-- list stops after $limit rows by name (NULL = no limit).
WITH in_area AS (
    SELECT DISTINCT initiative_code
    FROM v_initiative_buurt
    WHERE ($gemeente IS NULL OR gemeente_code = $gemeente)
      AND ($wijk IS NULL OR wijk_code = $wijk)
      AND ($buurt IS NULL OR buurt_code = $buurt)
),
selected AS (
    SELECT i.*, count(*) OVER () AS matching_rows
    FROM v_initiative i
    WHERE initiative_matches(i.code, i.status, i.theme_mask, $statuses, $themes, $funders)
      AND i.code IN (SELECT initiative_code FROM in_area)
      AND i.start_date <= $end AND (i.end_date IS NULL OR i.end_date >= $start)
    ORDER BY i.name, i.code
    LIMIT $limit
),
money AS (
    SELECT initiative_code, sum(amount) AS amount
    FROM v_grant
    WHERE start_date BETWEEN $start AND $end
      AND initiative_code IN (SELECT code FROM selected)
      AND (len($funders) = 0 OR list_contains($funders, funder_code))
    GROUP BY initiative_code
),
units AS (
    SELECT initiative_code, buurt_code, sum(value) AS total, count(*) AS n,
           arg_max(value, period_end) AS latest
    FROM v_observation
    WHERE $with_people AND indicator_code = $indicator AND period_start BETWEEN $start AND $end
      AND initiative_code IN (SELECT code FROM selected)
    GROUP BY initiative_code, buurt_code
),
people AS (
    SELECT u.initiative_code,
           CASE (SELECT aggregation FROM v_indicator WHERE code = $indicator)
               WHEN 'laatste' THEN sum(u.latest)
               WHEN 'gemiddelde' THEN sum(u.total) / sum(u.n)
               ELSE sum(u.total) END AS value
    FROM units u
    GROUP BY u.initiative_code
),
theme_labels AS (
    SELECT t.initiative_code,
           string_agg(t.label_nl, ', ' ORDER BY t.label_nl) AS themes_nl,
           string_agg(t.label_en, ', ' ORDER BY t.label_en) AS themes_en
    FROM v_initiative_theme t
    WHERE t.initiative_code IN (SELECT code FROM selected)
    GROUP BY t.initiative_code
)
SELECT s.code, s.name, s.organisation_name, tl.themes_nl, tl.themes_en,
       f.label_nl AS form_nl, f.label_en AS form_en, st.label_nl AS status_nl, st.label_en AS status_en,
       s.start_date, s.end_date, b.buurt_name AS main_buurt, CAST(coalesce(m.amount, 0) AS DOUBLE) AS grants, p.value AS participants,
       s.matching_rows
FROM selected s
LEFT JOIN theme_labels tl ON tl.initiative_code = s.code
LEFT JOIN v_vocabulary f ON f.vocabulary = 'form' AND f.code = s.form
LEFT JOIN v_vocabulary st ON st.vocabulary = 'status' AND st.code = s.status
LEFT JOIN v_buurt b ON b.buurt_code = s.primary_buurt_code
LEFT JOIN money m ON m.initiative_code = s.code
LEFT JOIN people p ON p.initiative_code = s.code
ORDER BY s.name, s.code
