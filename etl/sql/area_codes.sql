-- Purpose: the codes of all areas of the published warehouse and the file each was loaded from (a
-- Kerncijfers file names only areas not known from another file).
SELECT a.code, b.source_name FROM area a LEFT JOIN load_batch b ON b.batch_id = a.batch_id
