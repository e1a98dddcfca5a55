-- Purpose: one indicator's observations added up per year, quarter, status, theme bits and (in one
-- gemeente, $gemeente) wijk and buurt, every period: the `cells` of indicator_by_quarter.sql for all
-- periods at once. The reader keeps them per published version, gemeente and indicator and adds up the
-- cells of each 'som' or 'gemiddelde' selection without a funder filter itself
-- (dashboard/repository/cells.py): a trend and the coarser selections small-number protection compares it
-- with cost no query after the first.
-- first_initiative, last_initiative: the first and last initiative code with a value in the cell: a selection's
-- cells hold values of two initiatives or more when those differ (public mode shows no count of people from one).
SELECT year, quarter, status, theme_mask,
       CASE WHEN $gemeente IS NULL THEN NULL ELSE wijk_code END AS wijk_code,
       CASE WHEN $gemeente IS NULL THEN NULL ELSE buurt_code END AS buurt_code,
       sum(value) AS total, count(*) AS n, sum(target) AS target_total, count(target) AS target_n,
       min(initiative_code) FILTER (WHERE value IS NOT NULL) AS first_initiative,
       max(initiative_code) FILTER (WHERE value IS NOT NULL) AS last_initiative
FROM f_observation
WHERE indicator_code = $indicator
  AND ($gemeente IS NULL OR gemeente_code = $gemeente)
GROUP BY ALL
ORDER BY ALL
