-- Purpose: publish the buurten each valid staged initiative serves; the first listed is its main buurt.
INSERT INTO initiative_buurt (initiative_code, buurt_code, is_primary, batch_id)
SELECT ok.p_initiatiefcode, l.code, l.pos = min(l.pos) OVER (PARTITION BY l._line), $batch_id
FROM ok JOIN list_buurten l ON l._line = ok._line;
