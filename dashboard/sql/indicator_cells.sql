-- Purpose: one indicator's observations added up per year, status, theme bits and (in one gemeente, $gemeente)
-- wijk and buurt, every year: the `cells` of indicator_totals.sql for all years at once. The reader keeps
-- them per published version, gemeente and indicator and adds up the cells of each selection without a
-- funder filter itself (dashboard/repository/cells.py): a KPI's total and the coarser selections
-- small-number protection compares it with cost no query after the first. For 'laatste' also per
-- next_year (f_observation_year: a unit's row is its latest in a period when its next year with data lies
-- after the period).
-- first_initiative, last_initiative: the first and last initiative code with a value in the cell: a selection's
-- cells hold values of two initiatives or more when those differ (public mode shows no count of people from one).
SELECT year, status, theme_mask,
       CASE WHEN $gemeente IS NULL THEN NULL ELSE wijk_code END AS wijk_code,
       CASE WHEN $gemeente IS NULL THEN NULL ELSE buurt_code END AS buurt_code,
       CASE WHEN $aggregation = 'laatste' THEN next_year END AS next_year,
       sum(total) AS total, sum(n) AS n, sum(latest) AS latest,
       min(initiative_code) FILTER (WHERE total IS NOT NULL) AS first_initiative,
       max(initiative_code) FILTER (WHERE total IS NOT NULL) AS last_initiative
FROM f_observation_year
WHERE indicator_code = $indicator
  AND ($gemeente IS NULL OR gemeente_code = $gemeente)
GROUP BY ALL
ORDER BY ALL
