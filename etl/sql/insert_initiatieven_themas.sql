-- Purpose: publish the themes of the valid staged initiatives.
INSERT INTO initiative_theme (initiative_code, theme_code, batch_id)
SELECT DISTINCT ok.p_initiatiefcode, l.code, $batch_id
FROM ok JOIN list_themas l ON l._line = ok._line;
