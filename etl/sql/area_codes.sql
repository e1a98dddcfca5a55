-- Purpose: the codes of all areas of the published warehouse (a Kerncijfers file names only known areas).
SELECT code FROM area
