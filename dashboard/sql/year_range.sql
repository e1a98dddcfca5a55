-- Purpose: the years the data covers, for the period selectors and the default period.
SELECT least(
           (SELECT min(year(start_date)) FROM v_initiative),
           (SELECT min(year) FROM v_observation),
           (SELECT min(year) FROM v_grant)) AS first_year,
       greatest(
           (SELECT max(year) FROM v_observation),
           (SELECT max(year) FROM v_grant),
           (SELECT max(year(start_date)) FROM v_initiative)) AS last_year,
       (SELECT max(year) FROM v_observation) AS last_observation_year
