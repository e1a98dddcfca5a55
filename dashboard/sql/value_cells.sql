-- Purpose: the units of every effect indicator with a value proxy measured in $gemeente, per initiative,
-- buurt and year (f_observation_year: sum and count per unit and year), with the wijk: fetched once per
-- published version and gemeente, then value_effects.sql's and value_effect_totals.sql's answers for any
-- selection and whole years are added up from it (value_set.py).
SELECT o.initiative_code, o.indicator_code, o.wijk_code, o.buurt_code, o.year, o.total AS units, o.n
FROM f_observation_year o
WHERE o.gemeente_code = $gemeente
  AND o.indicator_code IN (SELECT indicator_code FROM v_value_proxy)
  AND o.initiative_code IN (SELECT code FROM v_initiative)
