-- Purpose: indicators a cost per outcome can be computed for: flows (aggregation 'som') at output or outcome level.
SELECT code, name_nl, name_en, unit, toc_level
FROM v_indicator
WHERE aggregation = 'som' AND toc_level IN ('output', 'outcome')
ORDER BY CASE toc_level WHEN 'outcome' THEN 0 ELSE 1 END, code
