-- Purpose: which buurten (and wijken) of $gemeente each initiative serves (initiative_set.py).
SELECT initiative_code, buurt_code, wijk_code
FROM v_initiative_buurt
WHERE gemeente_code = $gemeente
