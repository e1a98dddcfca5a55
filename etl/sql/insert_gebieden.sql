-- Purpose: publish the valid rows of a staged areas file.
INSERT INTO area (code, name, level, parent_code, boundary_year, area_ha, is_fictional, geometry, batch_id)
SELECT p_gebiedscode, p_naam, p_niveau, p_bovenliggende_code, p_grensjaar, p_oppervlakte_ha,
       coalesce(p_fictief, false), p_geometrie, $batch_id
FROM ok;
