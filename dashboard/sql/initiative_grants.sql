-- Purpose: an initiative's grants with their funder, amount and period, for its funding timeline.
SELECT g.code, g.funder_code, g.funder_name, g.funder_type, v.label_nl AS funder_type_nl,
       v.label_en AS funder_type_en, g.amount, g.start_date, g.end_date, g.year
FROM v_grant g
LEFT JOIN v_vocabulary v ON v.vocabulary = 'funder_type' AND v.code = g.funder_type
WHERE g.initiative_code = $code
ORDER BY g.start_date, g.funder_name, g.code
