-- Purpose: the value proxies (the assumptions behind every social-value figure), to show on the page.
SELECT code, indicator_code, indicator_name_nl, indicator_name_en, unit, toc_level, stakeholder,
       stakeholder_nl, stakeholder_en, stakeholder_order, value_low, value_high, source, year, is_example,
       note, batch_id
FROM v_value_proxy
ORDER BY indicator_code, stakeholder_order
