-- Purpose: the indicator catalogue with labels of its Theory-of-Change level, direction, aggregation and
-- theme, its IRIS+ metric id and SDG target, and how many initiatives report it.
SELECT d.code, d.name_nl, d.name_en, d.unit, d.direction, dv.label_nl AS direction_nl,
       dv.label_en AS direction_en, d.toc_level, tv.label_nl AS toc_level_nl, tv.label_en AS toc_level_en,
       tv.sort_order AS toc_order, d.aggregation, av.label_nl AS aggregation_nl,
       av.label_en AS aggregation_en, d.theme_code, th.label_nl AS theme_nl, th.label_en AS theme_en,
       d.iris_code, d.sdg_target,
       (SELECT count(DISTINCT o.initiative_code) FROM v_observation o
        WHERE o.indicator_code = d.code) AS initiatives
FROM v_indicator d
LEFT JOIN v_vocabulary dv ON dv.vocabulary = 'direction' AND dv.code = d.direction
LEFT JOIN v_vocabulary tv ON tv.vocabulary = 'toc_level' AND tv.code = d.toc_level
LEFT JOIN v_vocabulary av ON av.vocabulary = 'aggregation' AND av.code = d.aggregation
LEFT JOIN v_vocabulary th ON th.vocabulary = 'theme' AND th.code = d.theme_code
ORDER BY tv.sort_order, d.name_nl, d.code
