-- Purpose: how many initiatives the published version holds: whether the overview of all gemeenten can be
-- answered from the initiatives kept in memory (reader.py, SET_MAX_INITIATIVES).
SELECT count(*) AS n FROM f_initiative
