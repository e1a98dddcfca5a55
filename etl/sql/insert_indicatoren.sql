-- Purpose: publish the valid rows of a staged indicators file.
INSERT INTO indicator (code, name_nl, name_en, unit, direction, toc_level, aggregation, counts_people,
                       theme_code, minimum, maximum, iris_code, sdg_target, batch_id)
SELECT p_indicatorcode, p_naam_nl, p_naam_en, p_eenheid, p_richting, p_toc_niveau, p_aggregatie,
       coalesce(p_telt_personen, false), p_thema, p_minimum, p_maximum, p_iris_code, p_sdg_doel,
       $batch_id
FROM ok;
