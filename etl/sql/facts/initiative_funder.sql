-- Purpose: which funders gave an initiative a grant: the funder filter (funded_initiatives in views.sql).
CREATE OR REPLACE TABLE f_initiative_funder AS
SELECT DISTINCT g.funder_code, g.initiative_code
FROM grant_award g
JOIN funder f ON f.code = g.funder_code
ORDER BY g.funder_code, g.initiative_code;
