-- Purpose: publish the valid rows of a staged value-proxies file.
INSERT INTO value_proxy (code, indicator_code, stakeholder, value_low, value_high, source, year, is_example,
                         note, batch_id)
SELECT p_proxycode, p_indicatorcode, p_belanghebbende, p_waarde_laag, p_waarde_hoog, p_bron, p_jaar,
       coalesce(p_is_voorbeeld, false), p_toelichting, $batch_id
FROM ok;
