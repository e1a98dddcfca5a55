-- Purpose: the grants of the initiatives serving a buurt of $gemeente (NULL: of any gemeente), whole (the
-- initiative list's money, as initiatives_table.sql adds them up), for selections without a funder filter
-- (initiative_set.py).
SELECT g.initiative_code, g.start_date, g.amount
FROM v_grant g
WHERE g.initiative_code IN (
    SELECT initiative_code FROM v_initiative_buurt WHERE $gemeente IS NULL OR gemeente_code = $gemeente
)
