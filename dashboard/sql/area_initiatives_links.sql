-- Purpose: which buurten (and wijken) of $gemeente (NULL: of every gemeente) each initiative serves (initiative_set.py).
SELECT initiative_code, buurt_code, wijk_code
FROM v_initiative_buurt
WHERE $gemeente IS NULL OR gemeente_code = $gemeente
