-- Purpose: per published figures file whose name starts with $prefix, whether its figures came from the
-- woonikveilig.nl file (that site's keys end the source text, or it holds the site's health and crime
-- trends): the kind of a file named before the generated names said it (gebiedscijfers-cbs-2024-GM0344.csv).
SELECT b.source_name,
       bool_or(list_contains($site_stats, s.stat_code)
               OR list_contains($site_keys, regexp_extract(s.source, '\(([^()]*)\)$', 1))) AS woonikveilig
FROM load_batch b JOIN area_stat s ON s.batch_id = b.batch_id
WHERE b.status = 'gepubliceerd' AND starts_with(b.source_name, $prefix)
GROUP BY b.source_name
