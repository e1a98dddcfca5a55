-- Purpose: publish the SDG goals of the valid staged initiatives.
INSERT INTO initiative_sdg (initiative_code, sdg, batch_id)
SELECT DISTINCT ok.p_initiatiefcode, CAST(l.code AS INTEGER), $batch_id
FROM ok JOIN list_sdgs l ON l._line = ok._line;
