-- Purpose: the codes and Dutch/English labels of one vocabulary (theme, status, form, ...).
SELECT code, label_nl, label_en
FROM v_vocabulary
WHERE vocabulary = $vocabulary
ORDER BY sort_order
