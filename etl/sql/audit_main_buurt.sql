-- Purpose: count observations that share a key once a blank buurt is read as the initiative's main buurt (a new main buurt can meet an explicit one).
SELECT coalesce(sum(n), 0)::BIGINT FROM (
    SELECT count(*) AS n
    FROM observation o
    LEFT JOIN initiative_buurt m ON m.initiative_code = o.initiative_code AND m.is_primary
    GROUP BY lower(o.initiative_code), lower(o.indicator_code), coalesce(o.buurt_code, m.buurt_code), o.period_start
    HAVING count(*) > 1
);
