-- Purpose: buurten with their wijk and gemeente (the v_buurt rule: a buurt's gemeente is its wijk's parent).
CREATE OR REPLACE TEMP VIEW fact_buurt AS
SELECT b.code AS buurt_code, b.parent_code AS wijk_code, w.parent_code AS gemeente_code
FROM area b
LEFT JOIN area w ON w.code = b.parent_code
WHERE b.level = 'buurt';
