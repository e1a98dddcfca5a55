-- Purpose: the years the data covers, for the period selectors and the default period.
-- default_year: the latest year whose observations come from more than half as many initiatives as the year
-- before: one early report (an accepted grantee report for this quarter) does not make a year that is
-- hardly reported the year every page opens on (its KPIs would compare a trickle with a whole year).
WITH per_year AS (SELECT year, count(DISTINCT initiative_code) AS initiatives FROM v_observation GROUP BY year)
SELECT least(
           (SELECT min(year(start_date)) FROM v_initiative),
           (SELECT min(year) FROM v_observation),
           (SELECT min(year) FROM v_grant)) AS first_year,
       greatest(
           (SELECT max(year) FROM v_observation),
           (SELECT max(year) FROM v_grant),
           (SELECT max(year(start_date)) FROM v_initiative)) AS last_year,
       (SELECT max(year) FROM v_observation) AS last_observation_year,
       (SELECT max(y.year) FROM per_year y LEFT JOIN per_year before ON before.year = y.year - 1
        WHERE 2 * y.initiatives > coalesce(before.initiatives, 0)) AS default_year
