"""UI strings in Dutch (the default) and English; `t(key, lang)` falls back to Dutch, then to the key."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"nl": "Wijkwaarde", "en": "Wijkwaarde"},
    "tagline": {
        "nl": "Monitor van buurtinitiatieven en hun maatschappelijke waarde",
        "en": "Monitor of neighbourhood initiatives and their social value",
    },
    # council pack, presentation mode, permalinks
    "pack_add": {"nl": "+ Raadspakket", "en": "+ Council pack"},
    "pack_add_label": {"nl": "Voeg {title} toe aan het raadspakket", "en": "Add {title} to the council pack"},
    "pack_added": {"nl": "Toegevoegd aan het raadspakket", "en": "Added to the council pack"},
    "copy_link": {"nl": "Kopieer link", "en": "Copy link"},
    "copy_link_label": {"nl": "Kopieer de link naar deze weergave", "en": "Copy the link to this view"},
    "pack_title": {"nl": "Raadspakket", "en": "Council pack"},
    "pack_intro": {
        "nl": "Verzamel grafieken en kaarten met de knop ‘+ Raadspakket’ bij elke grafiek. Zet ze in de goede "
        "volgorde en download één PowerPoint (grafieken blijven bewerkbaar) of PDF. Elke dia krijgt de "
        "filters, de bron, de datum van de gegevens en de link naar de weergave.",
        "en": "Collect charts and maps with the ‘+ Council pack’ button next to each chart. Put them in order "
        "and download one PowerPoint (charts stay editable) or PDF. Every slide carries the filters, the "
        "source, the data date and the link to the view.",
    },
    "pack_empty": {
        "nl": "Het raadspakket is nog leeg. Voeg grafieken toe vanaf het overzicht.",
        "en": "The council pack is empty. Add charts from the overview.",
    },
    "pack_up": {"nl": "Omhoog", "en": "Up"},
    "pack_down": {"nl": "Omlaag", "en": "Down"},
    "pack_remove": {"nl": "Verwijder", "en": "Remove"},
    "pack_move_label": {"nl": "{action}: {title}", "en": "{action}: {title}"},
    "pack_clear": {"nl": "Pakket leegmaken", "en": "Empty the pack"},
    "pack_pptx": {"nl": "Download PowerPoint", "en": "Download PowerPoint"},
    "pack_pdf": {"nl": "Download PDF", "en": "Download PDF"},
    "pack_building": {"nl": "Pakket wordt gemaakt…", "en": "Building the pack…"},
    "pack_queued": {"nl": "Pakket staat in de wachtrij…", "en": "The pack is queued…"},
    "pack_busy": {
        "nl": "Er worden nu te veel pakketten gemaakt. Probeer het over een minuut opnieuw.",
        "en": "Too many packs are being built right now. Please try again in a minute.",
    },
    "pack_busy_client": {
        "nl": "Uw vorige pakket wordt nog gemaakt. Wacht tot het klaar is en probeer het dan opnieuw.",
        "en": "Your previous pack is still being built. Wait until it is ready, then try again.",
    },
    "pack_ready": {"nl": "Klaar: {name}", "en": "Ready: {name}"},
    "pack_failed": {
        "nl": "Het pakket kon niet worden gemaakt. Probeer het opnieuw of neem contact op met de beheerder.",
        "en": "The pack could not be built. Try again or contact the administrator.",
    },
    "pack_present": {"nl": "Presenteren", "en": "Present"},
    "pack_item_count": {"nl": "{n} onderdelen", "en": "{n} items"},
    "present_title": {"nl": "Presentatie", "en": "Presentation"},
    "present_prev": {"nl": "Vorige", "en": "Previous"},
    "present_next": {"nl": "Volgende", "en": "Next"},
    "present_fullscreen": {"nl": "Volledig scherm", "en": "Full screen"},
    "present_position": {"nl": "{i} van {n}", "en": "{i} of {n}"},
    "present_keys": {
        "nl": "Pijltjestoetsen: vorige en volgende. Esc: volledig scherm verlaten.",
        "en": "Arrow keys: previous and next. Esc: leave full screen.",
    },
    "switch_lang": {"nl": "English", "en": "Nederlands"},
    "switch_lang_label": {"nl": "Switch to English", "en": "Schakel naar Nederlands"},
    "fictional_banner": {
        "nl": "Demostad — fictieve gegevens / fictional data",
        "en": "Demostad — fictieve gegevens / fictional data",
    },
    "no_database": {
        "nl": "Nog geen gegevens geladen. Laad gegevens met `wijkwaarde load`.",
        "en": "No data loaded yet. Load data with `wijkwaarde load`.",
    },
    "no_data": {"nl": "Geen gegevens voor deze selectie", "en": "No data for this selection"},
    "filters": {"nl": "Filters", "en": "Filters"},
    "gemeente": {"nl": "Gemeente", "en": "Municipality"},
    "wijk": {"nl": "Wijk", "en": "District"},
    "buurt": {"nl": "Buurt", "en": "Neighbourhood"},
    "themes": {"nl": "Thema's", "en": "Themes"},
    "statuses": {"nl": "Status", "en": "Status"},
    "funders": {"nl": "Financier", "en": "Funder"},
    "year_from": {"nl": "Van jaar", "en": "From year"},
    "year_to": {"nl": "Tot en met jaar", "en": "To year"},
    "all": {"nl": "Alle", "en": "All"},
    "all_gemeenten": {"nl": "Alle gemeenten ({n})", "en": "All municipalities ({n})"},
    "summary_map_gemeenten": {
        "nl": "Kaart van {n} gemeenten: {label}.",
        "en": "Map of {n} municipalities: {label}.",
    },
    "table_limited": {
        "nl": "De eerste {shown} van {total} initiatieven (op naam); kies een gemeente voor de hele lijst.",
        "en": "The first {shown} of {total} initiatives (by name); choose a municipality for the full list.",
    },
    "all_wijken": {"nl": "Alle wijken", "en": "All districts"},
    "all_buurten": {"nl": "Alle buurten", "en": "All neighbourhoods"},
    "reset": {"nl": "Filters wissen", "en": "Clear filters"},
    "kpi_active": {"nl": "Actieve initiatieven", "en": "Active initiatives"},
    "kpi_participants": {"nl": "Bereikte deelnemers", "en": "Participants reached"},
    "kpi_volunteers": {"nl": "Vrijwilligers", "en": "Volunteers"},
    "kpi_grants": {"nl": "Subsidie toegekend", "en": "Grants awarded"},
    "versus": {"nl": "t.o.v.", "en": "vs."},
    "no_previous": {"nl": "geen eerdere periode", "en": "no earlier period"},
    "no_boundaries": {
        "nl": "Geen grenzen geladen voor {gemeente}: laad de wijk- en buurtkaart met "
        "'wijkwaarde cbs boundaries --year {year} --gemeente {code}' (of --file met een eigen bestand).",
        "en": "No boundaries loaded for {gemeente}: load the district and neighbourhood map with "
        "'wijkwaarde cbs boundaries --year {year} --gemeente {code}' (or --file with a file of your own).",
    },
    "map_title": {"nl": "Kaart van de buurten", "en": "Map of the neighbourhoods"},
    "map_title_gemeenten": {"nl": "Kaart van de gemeenten", "en": "Map of the municipalities"},
    "map_metric": {"nl": "Kaartmaat", "en": "Map measure"},
    "map_hint": {
        "nl": "Klik op een gebied op de kaart om de hele pagina daarop te filteren.",
        "en": "Click an area on the map to filter the whole page on it.",
    },
    "metric_initiatieven_per_1000": {
        "nl": "Initiatieven per 1.000 inwoners",
        "en": "Initiatives per 1,000 residents",
    },
    "metric_subsidie_per_inwoner": {"nl": "Subsidie per inwoner (€)", "en": "Grant money per resident (€)"},
    "metric_deelnemers": {"nl": "Bereikte deelnemers", "en": "Participants reached"},
    "no_value": {"nl": "geen gegevens", "en": "no data"},
    "trend_title": {"nl": "Ontwikkeling per kwartaal", "en": "Quarterly trend"},
    "trend_indicator": {"nl": "Indicator", "en": "Indicator"},
    "realised": {"nl": "Gerealiseerd", "en": "Achieved"},
    "target": {"nl": "Doel", "en": "Target"},
    "quarter": {"nl": "Kwartaal", "en": "Quarter"},
    "table_title": {"nl": "Initiatieven", "en": "Initiatives"},
    "table_search": {"nl": "Zoek in de tabel", "en": "Search the table"},
    "table_search_placeholder": {
        "nl": "naam, organisatie, thema…",
        "en": "name, organisation, theme…",
    },
    "col_name": {"nl": "Naam", "en": "Name"},
    "col_organisation": {"nl": "Organisatie", "en": "Organisation"},
    "col_themes": {"nl": "Thema's", "en": "Themes"},
    "col_form": {"nl": "Vorm", "en": "Form"},
    "col_status": {"nl": "Status", "en": "Status"},
    "col_start": {"nl": "Start", "en": "Start"},
    "col_end": {"nl": "Einde", "en": "End"},
    "col_buurt": {"nl": "Hoofdbuurt", "en": "Main neighbourhood"},
    "col_grants": {"nl": "Subsidie (€)", "en": "Grants (€)"},
    "col_participants": {"nl": "Deelnemers", "en": "Participants"},
    "source": {"nl": "Bron", "en": "Source"},
    "files": {"nl": "bestanden", "en": "files"},
    "batch": {"nl": "batch", "en": "batch"},
    "data_date": {"nl": "Gegevens geladen op", "en": "Data loaded on"},
    "observed_until": {"nl": "waarnemingen t/m", "en": "observations up to"},
    "fictional_note": {"nl": "Fictieve gegevens", "en": "Fictional data"},
    "selection": {"nl": "Selectie", "en": "Selection"},
    "period": {"nl": "Periode", "en": "Period"},
    "data_title": {"nl": "Gegevens", "en": "Data"},
    "data_intro": {
        "nl": "De gepubliceerde laadbatches: elk cijfer in het dashboard komt uit een van deze bestanden.",
        "en": "The published load batches: every figure in the dashboard comes from one of these files.",
    },
    "batches_title": {"nl": "Geladen bestanden", "en": "Loaded files"},
    "col_batch": {"nl": "Batch", "en": "Batch"},
    "col_file": {"nl": "Bestand", "en": "File"},
    "col_entity": {"nl": "Sjabloon", "en": "Template"},
    "col_rows_in": {"nl": "Rijen in", "en": "Rows in"},
    "col_rows_loaded": {"nl": "Geladen", "en": "Loaded"},
    "col_rows_rejected": {"nl": "Afgekeurd", "en": "Rejected"},
    "col_loaded_at": {"nl": "Geladen op", "en": "Loaded at"},
    "templates_title": {"nl": "Invoersjablonen", "en": "Input templates"},
    "templates_intro": {
        "nl": "Vul deze sjablonen in en laad ze hierboven, of met `wijkwaarde load`.",
        "en": "Fill in these templates and upload them above, or load them with `wijkwaarde load`.",
    },
    # -- upload, check and publish (dashboard/intake/, pages data and upload) --
    "col_sha256": {"nl": "SHA-256", "en": "SHA-256"},
    "col_loaded_by": {"nl": "Door", "en": "By"},
    "col_sheet": {"nl": "Blad", "en": "Sheet"},
    "col_line": {"nl": "Regel", "en": "Line"},
    "col_column": {"nl": "Kolom", "en": "Column"},
    "col_cell": {"nl": "Waarde", "en": "Value"},
    "col_reason": {"nl": "Reden", "en": "Reason"},
    "rows": {"nl": "rijen", "en": "rows"},
    "status_gepubliceerd": {"nl": "gepubliceerd", "en": "published"},
    "status_vervangen": {"nl": "vervangen", "en": "superseded"},
    "status_geldig": {"nl": "geldig", "en": "valid"},
    "status_afgewezen": {"nl": "afgewezen", "en": "refused"},
    "status_ongewijzigd": {"nl": "ongewijzigd (al geladen)", "en": "unchanged (already loaded)"},
    "status_niet_gepubliceerd": {"nl": "niet gepubliceerd", "en": "not published"},
    "upload_section": {"nl": "Bestanden laden", "en": "Upload files"},
    "upload_needs_login": {
        "nl": "Bestanden laden via de browser kan als inloggen is ingesteld (docs/login.md). Zonder login laadt "
        "een beheerder bestanden met `wijkwaarde load`.",
        "en": "Uploading through the browser needs login to be configured (docs/login.md). Without it, an "
        "administrator loads files with `wijkwaarde load`.",
    },
    "upload_login": {
        "nl": "Log in als beheerder of als fonds om bestanden te laden.",
        "en": "Log in as an administrator or a fund to upload files.",
    },
    "login": {"nl": "Inloggen", "en": "Log in"},
    "upload_as_beheerder": {
        "nl": "U laadt als beheerder: alle sjablonen. Eerst worden de bestanden gecontroleerd; u publiceert daarna.",
        "en": "You upload as an administrator: every template. The files are checked first; then you publish.",
    },
    "upload_as_fund": {
        "nl": "U laadt als fonds ({funders}): uw subsidies (sjabloon subsidies) en de resultaten van uw "
        "initiatieven (sjabloon waarnemingen). Eerst worden de bestanden gecontroleerd; u publiceert daarna.",
        "en": "You upload as a fund ({funders}): your grants (template subsidies) and your initiatives' results "
        "(template waarnemingen). The files are checked first; then you publish.",
    },
    "upload_choose": {
        "nl": "Sleep bestanden hierheen, of klik (of druk op Enter) om ze te kiezen",
        "en": "Drop files here, or click (or press Enter) to choose them",
    },
    "upload_hint": {
        "nl": "Hoogstens {files} bestanden en samen {mb} MB; typen {types}.",
        "en": "At most {files} files, {mb} MB together; types {types}.",
    },
    "upload_mine": {"nl": "Uw laatste uploads", "en": "Your latest uploads"},
    "upload_state_controleren": {"nl": "wordt gecontroleerd", "en": "being checked"},
    "upload_state_gecontroleerd": {"nl": "gecontroleerd, niet gepubliceerd", "en": "checked, not published"},
    "upload_state_publiceren": {"nl": "wordt gepubliceerd", "en": "being published"},
    "upload_state_gepubliceerd": {"nl": "gepubliceerd", "en": "published"},
    "upload_state_niet_gepubliceerd": {"nl": "niet gepubliceerd", "en": "not published"},
    "upload_state_mislukt": {"nl": "mislukt", "en": "failed"},
    "upload_title": {"nl": "Upload controleren en publiceren", "en": "Check and publish an upload"},
    "upload_back": {"nl": "Terug naar Gegevens", "en": "Back to Data"},
    "upload_not_found": {
        "nl": "Deze upload bestaat niet (meer) of is niet van u.",
        "en": "This upload does not exist (any more) or is not yours.",
    },
    "upload_files": {"nl": "Bestanden:", "en": "Files:"},
    "upload_checking": {"nl": "Bezig met controleren", "en": "Checking"},
    "upload_publishing": {"nl": "Bezig met publiceren", "en": "Publishing"},
    "upload_unchanged": {
        "nl": "Niets nieuws: deze bestanden zijn al zo geladen.",
        "en": "Nothing new: these files are already loaded as they are.",
    },
    "upload_has_rejects": {
        "nl": "{count} fouten gevonden. Er is niets gepubliceerd. Herstel ze in het gemarkeerde bestand en upload "
        "opnieuw, of publiceer alleen de geldige rijen.",
        "en": "{count} faults found. Nothing was published. Fix them in the marked file and upload again, or "
        "publish the valid rows only.",
    },
    "upload_clean": {
        "nl": "Geen fouten gevonden. Er is nog niets gepubliceerd: kies Publiceren.",
        "en": "No faults found. Nothing is published yet: choose Publish.",
    },
    "upload_publish": {"nl": "Publiceren", "en": "Publish"},
    "upload_publish_valid": {"nl": "Alleen geldige rijen publiceren", "en": "Publish valid rows only"},
    "upload_published": {
        "nl": "Gepubliceerd als {version}: de cijfers in het dashboard zijn bijgewerkt.",
        "en": "Published as {version}: the dashboard's figures are updated.",
    },
    "upload_to_overview": {"nl": "Naar het overzicht", "en": "To the overview"},
    "upload_not_published": {
        "nl": "Niet gepubliceerd: de vorige gegevens blijven staan.",
        "en": "Not published: the previous data stays.",
    },
    "upload_rejects_title": {"nl": "Afgekeurde rijen", "en": "Rejected rows"},
    "upload_marked_intro": {
        "nl": "Uw eigen bestand met de foute cellen rood gemarkeerd en een kolom Wijkwaarde-fouten met de reden: "
        "herstel het en upload het opnieuw (die kolom wordt niet geladen).",
        "en": "Your own file with the faulty cells marked red and a column Wijkwaarde-fouten with the reason: fix "
        "it and upload it again (that column is not loaded).",
    },
    "upload_marked": {"nl": "{name} met gemarkeerde fouten (XLSX)", "en": "{name} with faults marked (XLSX)"},
    "upload_more_rejects": {
        "nl": "De eerste {shown} staan hierboven; het gemarkeerde bestand bevat ze allemaal.",
        "en": "The first {shown} are shown above; the marked file holds them all.",
    },
    "report_sources": {
        "nl": "rapportages van initiatieven ({count}, batch {batches})",
        "en": "reports from initiatives ({count}, batch {batches})",
    },
    "reports_section": {"nl": "Rapportages van initiatieven", "en": "Reports from initiatives"},
    "reports_intro": {
        "nl": "Stuur initiatieven een link om hun resultaten en een verhaal te rapporteren, beoordeel wat binnenkomt "
        "en zie welke rapportages te laat zijn.",
        "en": "Send initiatives a link to report their results and a story, review what comes in and see which "
        "reports are overdue.",
    },
    "reports_open": {"nl": "Naar de rapportages", "en": "To the reports"},
    "versions_title": {"nl": "Versies", "en": "Versions"},
    "versions_intro": {
        "nl": "De bewaarde versies van de gegevens. Terugzetten publiceert een eerdere versie opnieuw (ook: "
        "wijkwaarde rollback VERSIE); de volgende upload gaat daarop verder.",
        "en": "The kept versions of the data. Restoring publishes an earlier version again (also: wijkwaarde "
        "rollback VERSION); the next upload builds on it.",
    },
    "version_current": {"nl": "gepubliceerd", "en": "published"},
    "version_restore": {"nl": "Terugzetten", "en": "Restore"},
    "version_restored": {
        "nl": "{version} is weer de gepubliceerde versie.",
        "en": "{version} is the published version again.",
    },
    "no_templates": {"nl": "Geen sjablonen gevonden.", "en": "No templates found."},
    "no_batches": {"nl": "Nog geen batches gepubliceerd.", "en": "No batches published yet."},
    # -- social value, initiative and indicator catalogue pages --
    "value_title": {"nl": "Maatschappelijke waarde", "en": "Social value"},
    "value_rule": {
        "nl": "Waarde = gemeten eenheden van een effect in de selectie × euro per eenheid uit de "
        "waardeproxies (laag en hoog), per belanghebbende. Alleen gemeten effecten tellen; niets wordt "
        "doorgerekend naar initiatieven zonder meting. Een bandbreedte, geen exacte opbrengst.",
        "en": "Value = measured units of an effect in the selection × euro per unit from the value proxies "
        "(low and high), per stakeholder. Only measured effects count; nothing is extrapolated to "
        "initiatives without measurements. A range, not an exact return.",
    },
    "value_summary": {
        "nl": "{measured} initiatieven met een gemeten effect, {unmeasured} niet gemeten. "
        "Waarde van de gemeten effecten: {range}.",
        "en": "{measured} initiatives with a measured effect, {unmeasured} not measured. "
        "Value of the measured effects: {range}.",
    },
    "value_range": {"nl": "Waarde (laag–hoog)", "en": "Value (low–high)"},
    "value_axis": {"nl": "Maatschappelijke waarde (€, laag–hoog)", "en": "Social value (€, low–high)"},
    "value_high_eur": {"nl": "Hoog (€)", "en": "High (€)"},
    "value_per_initiative": {"nl": "Waarde per initiatief", "en": "Value per initiative"},
    "value_top_note": {
        "nl": "De {n} initiatieven met de hoogste waarde (van {total}); de tabel hieronder toont ze allemaal.",
        "en": "The {n} initiatives with the highest value (of {total}); the table below lists all of them.",
    },
    "value_all_note": {
        "nl": "Alle {n} initiatieven met een gemeten waarde, hoogste eerst; de tabel hieronder toont ze allemaal.",
        "en": "All {n} initiatives with a measured value, highest first; the table below lists all of them.",
    },
    "value_pooled_note": {
        "nl": "Niet als staaf getekend: {name}, {range}. Dit is de waarde uit effecten op personen van "
        "meerdere initiatieven samen (per initiatief afgeschermd); als staaf zou die alle andere wegdrukken.",
        "en": "Not drawn as a bar: {name}, {range}. This is the value from effects on people of several "
        "initiatives together (protected per initiative); as a bar it would dwarf all others.",
    },
    "value_per_stakeholder": {"nl": "Waarde per belanghebbende", "en": "Value per stakeholder"},
    "value_per_portfolio": {
        "nl": "Waarde per portefeuille (financier)",
        "en": "Value per portfolio (funder)",
    },
    "portfolio_rule": {
        "nl": "Toerekening: de waarde van een initiatief gaat naar zijn financiers naar rato van hun "
        "aandeel in de subsidie van dat initiatief in de periode. Verhouding = toegerekende waarde / "
        "subsidie aan initiatieven met een gemeten effect.",
        "en": "Attribution: an initiative's value goes to its funders in proportion to their share of its "
        "grant money in the period. Ratio = attributed value / grants to initiatives with a measured effect.",
    },
    "who_benefits": {"nl": "Wie profiteert", "en": "Who benefits"},
    "who_benefits_intro": {
        "nl": "Belanghebbenden × effecten, in de geest van de EffectenArena: wie wint of bespaart door de "
        "effecten, en dus zou kunnen meebetalen. Een leeg vak: geen waardeproxy voor die combinatie.",
        "en": "Stakeholders × effects, in the spirit of the EffectenArena: who gains or saves through the "
        "effects, and so could help pay. An empty cell: no value proxy for that combination.",
    },
    "whole_selection": {"nl": "Hele selectie", "en": "Whole selection"},
    "matrix_initiative": {"nl": "Initiatief", "en": "Initiative"},
    "no_proxy": {"nl": "–", "en": "–"},
    "effect": {"nl": "Effect (indicator)", "en": "Effect (indicator)"},
    "stakeholder": {"nl": "Belanghebbende", "en": "Stakeholder"},
    "ratio_title": {"nl": "Waarde tegenover subsidie", "en": "Value against grants"},
    "ratio_intro": {
        "nl": "Alleen waar effecten gemeten zijn. Zonder subsidie in de periode geen verhouding.",
        "en": "Only where effects were measured. No grant money in the period: no ratio.",
    },
    "col_value": {"nl": "Waarde (€)", "en": "Value (€)"},
    "col_ratio": {"nl": "Waarde per € subsidie", "en": "Value per € of grant"},
    "col_grants_measured": {"nl": "Subsidie, gemeten (€)", "en": "Grants, measured (€)"},
    "col_grants_unmeasured": {"nl": "Subsidie, niet gemeten (€)", "en": "Grants, not measured (€)"},
    "col_funder": {"nl": "Financier", "en": "Funder"},
    "not_measured": {"nl": "niet gemeten", "en": "not measured"},
    "not_measured_title": {"nl": "Niet gemeten ({n})", "en": "Not measured ({n})"},
    "not_measured_intro": {
        "nl": "Deze initiatieven hebben in de selectie geen gemeten effect met een waardeproxy: geen waarde "
        "en geen verhouding, ook geen geschatte.",
        "en": "These initiatives have no measured effect with a value proxy in the selection: no value and "
        "no ratio, not even an estimate.",
    },
    "no_grant": {"nl": "geen subsidie in de periode", "en": "no grant in the period"},
    "proxies_title": {"nl": "Aannames: de waardeproxies", "en": "Assumptions: the value proxies"},
    "proxies_intro": {
        "nl": "Euro per eenheid van een effect, per belanghebbende. Pas ze aan in "
        "data/value-proxies/voorbeeld-waardeproxies.csv en laad ze met `wijkwaarde load`.",
        "en": "Euro per unit of an effect, per stakeholder. Edit them in "
        "data/value-proxies/voorbeeld-waardeproxies.csv and load them with `wijkwaarde load`.",
    },
    "no_proxies": {
        "nl": "Nog geen waardeproxies geladen: laad het sjabloon waardeproxies.",
        "en": "No value proxies loaded yet: load the waardeproxies template.",
    },
    "col_indicator": {"nl": "Indicator", "en": "Indicator"},
    "col_per_unit_low": {"nl": "Laag (€ per eenheid)", "en": "Low (€ per unit)"},
    "col_per_unit_high": {"nl": "Hoog (€ per eenheid)", "en": "High (€ per unit)"},
    "col_source": {"nl": "Bron", "en": "Source"},
    "col_note": {"nl": "Toelichting", "en": "Note"},
    "example_value": {"nl": "voorbeeldwaarde", "en": "example value"},
    "initiative_title": {"nl": "Initiatief", "en": "Initiative"},
    "unknown_initiative": {
        "nl": "Onbekend initiatief. Kies een initiatief in de tabel op het overzicht.",
        "en": "Unknown initiative. Pick an initiative in the table on the overview.",
    },
    "back_to_overview": {"nl": "← Terug naar het overzicht", "en": "← Back to the overview"},
    "details": {"nl": "Details", "en": "Details"},
    "col_page": {"nl": "Pagina", "en": "Page"},
    "toc_title": {"nl": "Theory of Change", "en": "Theory of Change"},
    "toc_intro": {
        "nl": "Van input naar impact: per schakel de indicatoren met de laatste waarde tegenover het doel.",
        "en": "From input to impact: per link the indicators with the latest value against the target.",
    },
    "no_data_yet": {"nl": "nog geen gegevens", "en": "no data yet"},
    "latest": {"nl": "laatste", "en": "latest"},
    "of_target": {"nl": "van doel", "en": "of target"},
    "no_target": {"nl": "geen doel", "en": "no target"},
    "grant_money": {"nl": "Subsidie en inkomsten", "en": "Grants and revenue"},
    "funding_title": {"nl": "Financiering door de tijd", "en": "Funding over time"},
    "amount_eur": {"nl": "Bedrag (€)", "en": "Amount (€)"},
    "year": {"nl": "Jaar", "en": "Year"},
    "buurten_title": {"nl": "Bediende buurten", "en": "Neighbourhoods served"},
    "served_main": {"nl": "hoofdbuurt", "en": "main neighbourhood"},
    "served": {"nl": "bediend", "en": "served"},
    "not_served": {"nl": "niet bediend", "en": "not served"},
    "buurten_legend": {
        "nl": "Donkerblauw: hoofdbuurt · lichtblauw: ook bediend · grijs: niet bediend.",
        "en": "Dark blue: main neighbourhood · light blue: also served · grey: not served.",
    },
    "trends_title": {"nl": "Eigen ontwikkeling per indicator", "en": "Own trend per indicator"},
    "stories_title": {"nl": "Verhalen uit de rapportages", "en": "Stories from the reports"},
    "stories_intro": {
        "nl": "Wat het initiatief zelf vertelt, geaccepteerd door het fonds of de gemeente.",
        "en": "What the initiative tells itself, accepted by the fund or the municipality.",
    },
    "story_photo_alt": {"nl": "Foto van {name}", "en": "Photo of {name}"},
    "story_not_public": {
        "nl": "Niet openbaar: zonder toestemming alleen zichtbaar voor fonds en gemeente.",
        "en": "Not public: without consent only visible to the fund and the municipality.",
    },
    "story_period": {"nl": "Periode {start} – {end}", "en": "Period {start} – {end}"},
    "stories_layer": {"nl": "Verhalen", "en": "Stories"},
    "story_count": {"nl": "{n} verhalen", "en": "{n} stories"},
    "story_count_one": {"nl": "1 verhaal", "en": "1 story"},
    "stories_on_map": {"nl": "Verhalen op de kaart", "en": "Stories on the map"},
    "stories_on_map_hint": {
        "nl": "Oranje stippen: geaccepteerde verhalen uit de rapportages, per buurt (op de kaart van alle "
        "gemeenten per gemeente). Klik een stip om dat gebied te kiezen; de naam opent het initiatief.",
        "en": "Orange dots: accepted stories from the reports, per neighbourhood (per municipality on the map "
        "of all municipalities). Click a dot to choose that area; the name opens the initiative.",
    },
    "indicators_title": {"nl": "Indicatoren", "en": "Indicators"},
    "indicators_intro": {
        "nl": "De indicatorencatalogus: eenheid, richting, niveau in de Theory of Change, thema, IRIS+-metriek "
        "en SDG-subdoel.",
        "en": "The indicator catalogue: unit, direction, Theory-of-Change level, theme, IRIS+ metric and "
        "SDG target.",
    },
    "search_indicators": {"nl": "Zoek een indicator", "en": "Search an indicator"},
    "search_indicators_placeholder": {"nl": "naam, code, thema, IRIS+, SDG…", "en": "name, code, theme…"},
    "col_code": {"nl": "Code", "en": "Code"},
    "col_name_nl": {"nl": "Naam (NL)", "en": "Name (Dutch)"},
    "col_name_en": {"nl": "Naam (EN)", "en": "Name (English)"},
    "col_unit": {"nl": "Eenheid", "en": "Unit"},
    "col_direction": {"nl": "Richting", "en": "Direction"},
    "col_toc": {"nl": "Theory of Change", "en": "Theory of Change"},
    "col_aggregation": {"nl": "Aggregatie", "en": "Aggregation"},
    "col_theme": {"nl": "Thema", "en": "Theme"},
    "col_iris": {"nl": "IRIS+-metriek", "en": "IRIS+ metric"},
    "col_sdg": {"nl": "SDG-subdoel", "en": "SDG target"},
    "col_reporting": {"nl": "Initiatieven die meten", "en": "Initiatives reporting"},
    # -- Buurtprofiel (dashboard/views/profile.py) and Behoefte en aanbod (dashboard/views/need.py) --
    "profile_area": {"nl": "Buurt of wijk", "en": "Neighbourhood or district"},
    "profile_stats": {"nl": "Contextcijfers", "en": "Context statistics"},
    "profile_trend": {"nl": "Ontwikkeling door de jaren", "en": "Trend over the years"},
    "profile_trend_hint": {
        "nl": "Lijnen: dit gebied, de wijk, de gemeente (gestreept) en Nederland (gestippeld) als dat is geladen. "
        "Een ontbrekend jaar blijft een gat.",
        "en": "Lines: this area, the district, the municipality (dashed) and the Netherlands (dotted) when "
        "loaded. A missing year stays a gap.",
    },
    "profile_initiatives": {"nl": "Initiatieven in dit gebied", "en": "Initiatives in this area"},
    "profile_outcomes": {"nl": "Uitkomsten van de initiatieven", "en": "Outcomes of the initiatives"},
    "profile_no_initiatives": {
        "nl": "Er zijn geen initiatieven geregistreerd die dit gebied bedienen.",
        "en": "No initiatives serving this area are registered.",
    },
    "profile_no_outcomes": {
        "nl": "Geen waarnemingen van uitkomst- of impactindicatoren in dit gebied.",
        "en": "No observations of outcome or impact indicators in this area.",
    },
    "outcomes_note": {
        "nl": "Indicatoren op het niveau outcome of impact van de Theory of Change, per jaar samengevoegd "
        "volgens de eigen regel van de indicator (som, laatste of gemiddelde).",
        "en": "Indicators at the outcome or impact level of the Theory of Change, combined per year by the "
        "indicator's own rule (sum, latest or mean).",
    },
    "statistic": {"nl": "Cijfer", "en": "Statistic"},
    "country": {"nl": "Nederland", "en": "Netherlands"},
    "no_country": {
        "nl": "Geen landelijke cijfers geladen: een vergelijking met Nederland is met deze gegevens niet mogelijk.",
        "en": "No national figures loaded: a comparison with the Netherlands is not possible with this data.",
    },
    "stats_note": {
        "nl": "Per cijfer het laatste jaar met een waarde voor dit gebied, met wijk en gemeente uit "
        "hetzelfde jaar. – = ontbreekt of geheim bij de bron. {k} = afgeschermd: een aantal onder {n}. "
        "{hidden} = een aandeel, gemiddelde of dichtheid over minder dan {n} inwoners, huishoudens of woningen.",
        "en": "Per statistic this area's latest year with a value, with district and municipality of the "
        "same year. – = missing or secret at the source. {k} = protected: a count below {n}. "
        "{hidden} = a share, average or density over fewer than {n} residents, households or dwellings.",
    },
    "boundary_warning": {
        "nl": "Indeling gewijzigd: geen cijfers voor {area}<br>in {years} (deze code ontbreekt dan in de bron)",
        "en": "Indeling gewijzigd (boundaries changed):<br>no figures for {area} in {years} (code absent then)",
    },
    "boundary_year": {"nl": "grensjaar", "en": "boundary year"},
    "active_in": {"nl": "Actief in {year}", "en": "Active in {year}"},
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
    "indicator": {"nl": "Indicator", "en": "Indicator"},
    "toc_level": {"nl": "ToC-niveau", "en": "ToC level"},
    "similar_title": {"nl": "Buurten zoals deze", "en": "Neighbourhoods like this one"},
    "similar_none": {
        "nl": "Te weinig vergelijkbare cijfers om gelijkende gebieden te zoeken.",
        "en": "Too few comparable statistics to look for similar areas.",
    },
    "similar_caption": {
        "nl": "Per buurt de cijfers waarop vergeleken is. Past de tabel niet op het scherm, schuif dan opzij "
        "(of gebruik de pijltjestoetsen) voor de laatste kolommen →",
        "en": "Each area's statistics the comparison uses. If the table does not fit the screen, scroll sideways "
        "(or use the arrow keys) for the last columns →",
    },
    "similar_note": {
        "nl": "Vergeleken op gestandaardiseerde cijfers (z-scores over alle {n} gebieden van niveau {level} "
        "in de gegevens, laatste jaar): {stats}. Afstand = wortel van het gemiddelde gekwadrateerde verschil "
        "in z-scores; 0 = gelijk.",
        "en": "Compared on standardised statistics (z-scores over all {n} areas of level {level} in the data, "
        "latest year): {stats}. Distance = root mean squared difference in z-scores; 0 = identical.",
    },
    "rank": {"nl": "#", "en": "#"},
    "area": {"nl": "Gebied", "en": "Area"},
    "distance": {"nl": "Afstand", "en": "Distance"},
    "this_area": {"nl": "dit gebied", "en": "this area"},
    "need_compose": {"nl": "Stel de behoefte-index samen", "en": "Compose the need index"},
    "higher_more_need": {"nl": "Hoger = meer behoefte", "en": "Higher = more need"},
    "lower_more_need": {"nl": "Lager = meer behoefte", "en": "Lower = more need"},
    "none": {"nl": "Geen gekozen", "en": "None chosen"},  # a bare "None" reads like a Python value
    "coverage_measure": {"nl": "Aanbod (dekking)", "en": "Coverage"},
    "coverage_initiatieven": {
        "nl": "Initiatieven per 1.000 inwoners",
        "en": "Initiatives per 1,000 residents",
    },
    "coverage_deelnemers": {"nl": "Deelnemers per 1.000 inwoners", "en": "Participants per 1,000 residents"},
    "need_defaults": {
        "nl": "Standaard: aandeel 65 jaar en ouder (hoger = meer behoefte), gemiddeld inkomen per inwoner en "
        "ervaren gezondheid goed of zeer goed (lager = meer behoefte).",
        "en": "Default: share aged 65+ (higher = more need), average income per resident and good self-rated "
        "health (lower = more need).",
    },
    "formula_symbols": {
        "nl": "B = (1/k) · Σᵢ sᵢ · zᵢ,   zᵢ = (xᵢ − x̄ᵢ) / σᵢ,   D = 1.000 × n / inwoners",
        "en": "B = (1/k) · Σᵢ sᵢ · zᵢ,   zᵢ = (xᵢ − x̄ᵢ) / σᵢ,   D = 1,000 × n / residents",
    },
    "formula_words": {
        "nl": "In woorden: voor elk gekozen cijfer i de z-score van de buurt (waarde min het gemiddelde over de "
        "buurten van de gemeente, gedeeld door de standaarddeviatie); sᵢ = +1 als hoger meer behoefte betekent, "
        "−1 als lager meer behoefte betekent. De behoefte-index B is het gemiddelde over de k cijfers die de "
        "buurt heeft (minstens de helft van de gekozen cijfers, anders geen index). De dekking D is het aantal "
        "initiatieven (of deelnemers) in het jaar per 1.000 inwoners. Kaartklassen: tertielen (33e en 67e "
        "percentiel) van B en D; kwadranten: boven of op/onder de mediaan.",
        "en": "In words: for each chosen statistic i the buurt's z-score (value minus the mean over the "
        "municipality's buurten, divided by the standard deviation); sᵢ = +1 when higher means more need, −1 "
        "when lower means more need. The need index B is the mean over the k statistics the buurt has (at "
        "least half of those chosen, otherwise no index). Coverage D is the number of initiatives (or "
        "participants) in the year per 1,000 residents. Map classes: tertiles (33rd and 67th percentile) of B "
        "and D; quadrants: above or at/below the median.",
    },
    "need": {"nl": "Behoefte", "en": "Need"},
    "coverage": {"nl": "Dekking", "en": "Coverage"},
    "need_index": {"nl": "Behoefte-index", "en": "Need index"},
    "need_axis": {"nl": "Behoefte-index (gemiddelde z-score)", "en": "Need index (mean z-score)"},
    "low": {"nl": "laag", "en": "low"},
    "middle": {"nl": "midden", "en": "middle"},
    "high": {"nl": "hoog", "en": "high"},
    "buurten": {"nl": "Buurten", "en": "Neighbourhoods"},
    "need_map_title": {"nl": "Behoefte en dekking per buurt", "en": "Need and coverage per neighbourhood"},
    "need_map_hint": {
        "nl": "Kleur = behoefte (rijen) × dekking (kolommen), in tertielen; getal = aantal buurten. "
        "Wit = geen index of geen inwonertal.",
        "en": "Colour = need (rows) × coverage (columns), by tertiles; number = neighbourhoods. "
        "White = no index or no resident count.",
    },
    "need_map_summary": {
        "nl": "Kaart van {total} buurten, {n} met een behoefte-index en een dekking. {gaps} buurten met hoge "
        "behoefte en lage dekking: {names}.",
        "en": "Map of {total} neighbourhoods, {n} with a need index and coverage. {gaps} with high need and low "
        "coverage: {names}.",
    },
    "need_scatter_summary": {
        "nl": "Mediaan behoefte-index {need}, mediaan dekking {coverage} ({measure}); {gaps} buurten rechtsonder "
        "(hoge behoefte, lage dekking).",
        "en": "Median need index {need}, median coverage {coverage} ({measure}); {gaps} neighbourhoods bottom "
        "right (high need, low coverage).",
    },
    "need_scatter_title": {"nl": "Behoefte tegen dekking", "en": "Need against coverage"},
    "need_scatter_hint": {
        "nl": "Gestreepte lijnen: de medianen. Rechtsonder: hoge behoefte, lage dekking.",
        "en": "Dashed lines: the medians. Bottom right: high need, low coverage.",
    },
    "q_gap": {"nl": "hoge behoefte, lage dekking", "en": "high need, low coverage"},
    "q_served": {"nl": "hoge behoefte, hoge dekking", "en": "high need, high coverage"},
    "q_low": {"nl": "lage behoefte, lage dekking", "en": "low need, low coverage"},
    "q_extra": {"nl": "lage behoefte, hoge dekking", "en": "low need, high coverage"},
    "need_gaps_title": {
        "nl": "Buurten met hoge behoefte en lage dekking",
        "en": "Neighbourhoods with high need and low coverage",
    },
    "need_no_gaps": {
        "nl": "Geen buurten met een behoefte boven en een dekking op of onder de mediaan.",
        "en": "No neighbourhoods with need above and coverage at or below the median.",
    },
    "no_data_period": {"nl": "geen periode met gegevens", "en": "no period with data"},
    "need_summary": {
        "nl": "{n} van {total} buurten met een index en een dekking ({year}); {gaps} met hoge behoefte en lage dekking.",
        "en": "{n} of {total} neighbourhoods with an index and coverage ({year}); {gaps} with high need and "
        "low coverage.",
    },
    "need_protected": {
        "nl": "Deelnemersaantallen onder {k} zijn afgeschermd en tellen niet mee.",
        "en": "Participant counts below {k} are protected and left out.",
    },
    "residents": {"nl": "Inwoners", "en": "Residents"},
    "col_initiatives": {"nl": "Initiatieven", "en": "Initiatives"},
    "hidden": {"nl": "afgeschermd", "en": "protected"},
    "generated_as": {"nl": "ingelezen als {name}", "en": "read in as {name}"},
    # Portefeuilles (portfolio) page
    "pf_title": {"nl": "Portefeuilles van financiers vergelijken", "en": "Compare funders' portfolios"},
    "pf_intro": {
        "nl": "Kies een of meer financiers en vergelijk waar hun geld heen ging, wat het opleverde per euro, "
        "met wie ze samen financieren en welke initiatieven van hen afhankelijk zijn.",
        "en": "Choose one or more funders and compare where their money went, what it achieved per euro, "
        "whom they co-fund with and which initiatives depend on them.",
    },
    "pf_funders": {"nl": "Financiers", "en": "Funders"},
    "pf_funder": {"nl": "Financier", "en": "Funder"},
    "pf_cofunder": {"nl": "Medefinancier", "en": "Co-funder"},
    "pf_outcome": {"nl": "Uitkomst voor kosten per uitkomst", "en": "Outcome for cost per outcome"},
    "pf_summary_title": {"nl": "Naast elkaar", "en": "Side by side"},
    "pf_measure": {"nl": "Maat", "en": "Measure"},
    "pf_total": {"nl": "Geld in de gemeente (€)", "en": "Money in the municipality (€)"},
    "pf_grants": {"nl": "Toekenningen", "en": "Grants"},
    "pf_initiatives": {"nl": "Gefinancierde initiatieven", "en": "Initiatives funded"},
    "pf_reach": {
        "nl": "Bereikte deelnemers (toegerekend naar aandeel)",
        "en": "Participants reached (attributed by share)",
    },
    "pf_cost_reach": {"nl": "€ per bereikte deelnemer", "en": "€ per participant reached"},
    "pf_cost_per": {"nl": "€ per eenheid: {what}", "en": "€ per unit: {what}"},
    "pf_at_risk_count": {"nl": "Initiatieven met risico", "en": "Grantees at risk"},
    "pf_theme_title": {"nl": "Geld per thema", "en": "Money by theme"},
    "pf_wijk_title": {"nl": "Geld per wijk", "en": "Money by district"},
    "pf_year_title": {"nl": "Geld per jaar", "en": "Money by year"},
    "pf_cost_title": {"nl": "Kosten per uitkomst", "en": "Cost per outcome"},
    "pf_overlap_title": {"nl": "Samen financieren", "en": "Co-funding overlap"},
    "pf_overlap_intro": {
        "nl": "Aantal initiatieven dat in de periode geld kreeg van beide financiers; "
        "bij de financier zelf: al zijn ontvangers.",
        "en": "Number of initiatives funded by both funders in the period; "
        "against the funder itself: all its grantees.",
    },
    "pf_risk_title": {"nl": "Afhankelijkheid en risico", "en": "Dependency risk"},
    "pf_sankey_title": {
        "nl": "Geldstroom: financier → thema → wijk",
        "en": "Funding flow: funder → theme → district",
    },
    "pf_sankey_intro": {
        "nl": "Het geld volgt de buurten die een initiatief bedient, niet het adres van de organisatie.",
        "en": "The money follows the neighbourhoods an initiative serves, not the organisation's address.",
    },
    "pf_sankey_funders": {"nl": "Financier", "en": "Funder"},
    "pf_sankey_from": {"nl": "Van", "en": "From"},
    "pf_sankey_to": {"nl": "Naar", "en": "To"},
    "pf_sankey_themes": {"nl": "Thema", "en": "Theme"},
    "pf_sankey_wijken": {"nl": "Wijk", "en": "District"},
    "pf_sankey_note": {
        "nl": "Telregel: elke toekenning is verdeeld over de buurten die het initiatief bedient (gelijke delen; "
        "niet het adres van de organisatie) en in gelijke delen over zijn thema's; elke kolom telt op tot hetzelfde totaal.",
        "en": "Counting rule: each grant is split over the neighbourhoods the initiative serves (equal shares; "
        "not the organisation's address) and in equal shares over its themes; every column adds up to the same total.",
    },
    "pf_split_note": {
        "nl": "Telregel: geld verdeeld over de bediende buurten (niet het adres van de organisatie) en in gelijke "
        "delen over de thema's van het initiatief; de totalen per thema, wijk en jaar zijn gelijk.",
        "en": "Counting rule: money split over the neighbourhoods served (not the organisation's address) and in "
        "equal shares over the initiative's themes; the totals by theme, district and year are equal.",
    },
    "pf_money_axis": {"nl": "Geld (€)", "en": "Money (€)"},
    "pf_theme": {"nl": "Thema", "en": "Theme"},
    "pf_year": {"nl": "Jaar (start van de toekenning)", "en": "Year (grant start)"},
    "pf_cost_axis": {"nl": "€ per eenheid: {what}", "en": "€ per unit: {what}"},
    "pf_cost_rule": {
        "nl": "Telregel: € per eenheid {indicator}, {period} = geld van de financier ÷ toegerekende uitkomst. Een "
        "uitkomst telt mee naar het aandeel van de financier in de inkomsten van het initiatief in de periode "
        "(alle financiers, eigen inkomsten inbegrepen); alleen ontvangers die de indicator rapporteerden tellen mee.",
        "en": "Counting rule: € per unit of {indicator}, {period} = the funder's money ÷ attributed outcome. An "
        "outcome counts in proportion to the funder's share of the initiative's income in the period (all funders, "
        "own revenue included); only grantees that reported the indicator count.",
    },
    "pf_cost_hover": {
        "nl": "{money} ÷ {outcome} toegerekend, {n} rapporterende ontvangers",
        "en": "{money} ÷ {outcome} attributed, {n} reporting grantees",
    },
    "pf_no_outcome": {
        "nl": "Geen gegevens voor deze selectie: geen ontvanger rapporteerde deze uitkomst",
        "en": "No data for this selection: no grantee reported this outcome",
    },
    "pf_shared": {"nl": "Gedeelde ontvangers", "en": "Shared grantees"},
    "pf_share_axis": {
        "nl": "Aandeel van de inkomsten van deze financier",
        "en": "Share of income from this funder",
    },
    "pf_trend_axis": {
        "nl": "Vrijwilligers: verandering in een jaar (%)",
        "en": "Volunteers: change over a year (%)",
    },
    "pf_volunteer_trend": {"nl": "Vrijwilligers, verandering", "en": "Volunteers, change"},
    "need_stats_absent": {
        "nl": "Geen waarde in deze gemeente, dus niet in de index",
        "en": "No value in this municipality, so not in the index",
    },
    "pf_recent_years": {"nl": "de laatste {n} jaar met gegevens", "en": "the last {n} years with data"},
    "pf_risk_rule": {
        "nl": "Regel: een ontvanger loopt risico als hij nog actief is, in {period} minstens {share} van zijn "
        "inkomsten van deze financier kreeg, en zijn aantal vrijwilligers daalde (laatste kwartaal t.o.v. vier "
        "kwartalen eerder) of onbekend is. Eigen inkomsten tellen niet als afhankelijkheid. Het gekleurde vlak is de risicozone.",
        "en": "Rule: a grantee is at risk when it is still active, received at least {share} of its income in "
        "{period} from this funder, and its volunteers fell (latest quarter against four quarters earlier) or are "
        "unknown. Own revenue does not count as dependency. The shaded area is the risk zone.",
    },
    "pf_risk_zone_note": {
        "nl": "Gekleurd vlak: risicozone (minstens {share} van de inkomsten van één financier en minder of onbekend "
        "aantal vrijwilligers); de punten daarin zijn precies de rijen van de tabel. Open punten hebben geen "
        "percentage: onderaan als het aantal daalde of onbekend is, bovenaan als het afgeschermd gelijk bleef of steeg.",
        "en": "Shaded area: risk zone (at least {share} of income from one funder and fewer or unknown volunteers); "
        "the points in it are exactly the rows of the table. Open points have no percentage: at the bottom when the "
        "count fell or is unknown, at the top when, protected, it stayed the same or rose.",
    },
    "pf_risk_row_low": {"nl": "geen %: gedaald of onbekend", "en": "no %: fell or unknown"},
    "pf_risk_row_high": {
        "nl": "geen %: afgeschermd, gelijk of gestegen",
        "en": "no %: protected, same or rose",
    },
    "pf_no_risk": {
        "nl": "Geen ontvangers met risico volgens deze regel.",
        "en": "No grantees at risk by this rule.",
    },
    "pf_col_initiative": {"nl": "Initiatief", "en": "Initiative"},
    "pf_col_share": {"nl": "Aandeel van financier", "en": "Share from funder"},
    "pf_col_income": {"nl": "Inkomsten (alle bronnen)", "en": "Income (all sources)"},
    "pf_col_volunteers": {
        "nl": "Vrijwilligers (jaar eerder → laatst)",
        "en": "Volunteers (year before → latest)",
    },
    "pf_unknown": {"nl": "onbekend", "en": "unknown"},
    # Overleving (survival) page
    "sv_title": {"nl": "Overleving van initiatieven", "en": "Survival of initiatives"},
    "sv_intro": {
        "nl": "Hoe lang blijven initiatieven bestaan? Kaplan–Meier-schattingen van het aandeel dat na een "
        "aantal jaren nog actief is, met 95%-betrouwbaarheidsbanden.",
        "en": "How long do initiatives last? Kaplan–Meier estimates of the share still active after a "
        "number of years, with 95% confidence bands.",
    },
    "sv_chart_title": {"nl": "Aandeel nog actief sinds de start", "en": "Share still active since the start"},
    "sv_group_by": {"nl": "Groeperen naar", "en": "Group by"},
    "sv_group_geen": {"nl": "Geen (alle initiatieven)", "en": "No grouping (all initiatives)"},
    "sv_group_thema": {"nl": "Thema", "en": "Theme"},
    "sv_group_financier": {"nl": "Financier", "en": "Funder"},
    "sv_group_mix": {"nl": "Financieringsmix", "en": "Funding mix"},
    "sv_group_vorm": {"nl": "Vorm", "en": "Form"},
    "sv_group_wijk": {"nl": "Wijk (hoofdbuurt)", "en": "District (main neighbourhood)"},
    "sv_rule": {"nl": "Wanneer is een initiatief gestopt?", "en": "When has an initiative stopped?"},
    "sv_rule_beide": {
        "nl": "Einddatum, anders geen teken van leven",
        "en": "End date, otherwise no sign of life",
    },
    "sv_rule_einddatum": {"nl": "Alleen de einddatum", "en": "End date only"},
    "sv_rule_stilte": {"nl": "Alleen geen teken van leven", "en": "No sign of life only"},
    "sv_months": {"nl": "Maanden zonder teken van leven", "en": "Months without a sign of life"},
    "sv_rule_label": {"nl": "Regel voor 'gestopt':", "en": "Rule for 'stopped':"},
    "sv_rule_text_beide": {
        "nl": "gestopt op de einddatum; zonder einddatum gestopt op het laatste teken van leven (een waarneming "
        "of een toekenning) als daarna {months} maanden niets meer kwam vóór de peildatum {date}.",
        "en": "stopped on the end date; without an end date, stopped at the last sign of life (an observation or "
        "a grant) when nothing came for {months} months before the data date {date}.",
    },
    "sv_rule_text_einddatum": {
        "nl": "gestopt op de einddatum (op of vóór de peildatum {date}); een ontbrekende einddatum betekent actief.",
        "en": "stopped on the end date (on or before the data date {date}); no end date means active.",
    },
    "sv_rule_text_stilte": {
        "nl": "gestopt op het laatste teken van leven (een waarneming of een toekenning) als daarna {months} "
        "maanden niets meer kwam vóór de peildatum {date}; de einddatum telt niet.",
        "en": "stopped at the last sign of life (an observation or a grant) when nothing came for {months} months "
        "before the data date {date}; the end date does not count.",
    },
    "sv_no_data_date": {
        "nl": "(nog geen: er zijn geen waarnemingen of toekenningen geladen)",
        "en": "(none yet: no observations or grants are loaded)",
    },
    "sv_censor_text": {
        "nl": "Wie niet gestopt is, telt mee tot de peildatum {date} (gecensureerd).",
        "en": "Initiatives that did not stop count up to the data date {date} (censored).",
    },
    "sv_share_active": {"nl": "Aandeel nog actief", "en": "Share still active"},
    "sv_x_title": {"nl": "Jaren sinds de start", "en": "Years since the start"},
    "sv_years": {"nl": "jaar", "en": "years"},
    "sv_three_years": {"nl": "3 jaar", "en": "3 years"},
    "sv_at_risk_title": {
        "nl": "Aantal nog gevolgd na 0, 1, 2, … jaar",
        "en": "Number at risk after 0, 1, 2, … years",
    },
    "sv_at_risk_group": {"nl": "Groep \\ jaren", "en": "Group \\ years"},
    "sv_summary_title": {
        "nl": "Mediane overleving en aandeel na 3 jaar",
        "en": "Median survival and share after 3 years",
    },
    "sv_col_group": {"nl": "Groep", "en": "Group"},
    "sv_col_n": {"nl": "Initiatieven", "en": "Initiatives"},
    "sv_col_stopped": {"nl": "Gestopt", "en": "Stopped"},
    "sv_col_median": {"nl": "Mediane overleving", "en": "Median survival"},
    "sv_col_horizon": {
        "nl": "Nog actief na 3 jaar (95%-interval)",
        "en": "Still active after 3 years (95% interval)",
    },
    "sv_not_reached": {"nl": "niet bereikt", "en": "not reached"},
    "sv_all": {"nl": "Alle initiatieven", "en": "All initiatives"},
    "sv_no_theme": {"nl": "Zonder thema", "en": "No theme"},
    "sv_mix_geen": {"nl": "Geen financier", "en": "No funder"},
    "sv_mix_een": {"nl": "Eén financier", "en": "One funder"},
    "sv_mix_meer": {"nl": "Meerdere financiers", "en": "Several funders"},
    "sv_mix_eigen": {"nl": "met eigen inkomsten", "en": "with own revenue"},
    "sv_mix_zonder": {"nl": "zonder eigen inkomsten", "en": "without own revenue"},
    "sv_note_multi": {
        "nl": "Een initiatief met meer thema's of financiers telt mee in elk van die groepen.",
        "en": "An initiative with several themes or funders counts in each of those groups.",
    },
    "sv_note_mix": {
        "nl": "De mix kijkt naar alle toekenningen over de hele looptijd (eigen inkomsten = financier van het type "
        "'eigen inkomsten'); wie langer bestaat, heeft meer kans op meer financiers.",
        "en": "The mix looks at all grants over the whole lifetime (own revenue = a funder of type 'own revenue'); "
        "initiatives that last longer have more chance to gather more funders.",
    },
    "sv_note_left_out": {
        "nl": "Getoond: de {n} grootste groepen met minstens {min} initiatieven; niet getoond: {names}.",
        "en": "Shown: the {n} largest groups with at least {min} initiatives; not shown: {names}.",
    },
    # exports, small-number protection, accessibility (issue 5)
    "kpi_title": {"nl": "Kerncijfers", "en": "Key figures"},
    "col_kpi": {"nl": "Kengetal", "en": "Measure"},
    "previous_period": {"nl": "Vorige periode", "en": "Previous period"},
    "col_buurt_code": {"nl": "Buurtcode", "en": "Neighbourhood code"},
    "col_gemeente_code": {"nl": "Gemeentecode", "en": "Municipality code"},
    "col_year": {"nl": "Jaar", "en": "Year"},
    "protection_note": {
        "nl": "aantallen personen onder {k} staan als '< {k}'; cellen waaruit ze af te leiden zijn en aantallen van één initiatief staan als 'afgeschermd'; andere aantallen personen zijn afgerond op {r}",
        "en": "counts of people below {k} are shown as '< {k}'; cells they could be derived from and counts from one initiative as 'protected'; other counts of people are rounded to {r}",
    },
    "scoped_note": {
        "nl": "bevat exacte aantallen van uw eigen gemeente of fonds (uw toegang), niet publiceren; andere aantallen personen onder {k} staan als '< {k}', cellen waaruit ze af te leiden zijn als 'afgeschermd', en zijn afgerond op {r}",
        "en": "contains exact counts of your own municipality or fund (your access), do not publish; other counts of people below {k} are shown as '< {k}', cells they could be derived from as 'protected', and they are rounded to {r}",
    },
    "internal_note": {
        "nl": "interne modus: zonder bescherming van kleine aantallen, niet publiceren",
        "en": "internal mode: without small-number protection, do not publish",
    },
    "summary_map": {"nl": "Kaart van {n} buurten: {label}.", "en": "Map of {n} neighbourhoods: {label}."},
    "summary_map_one": {"nl": "Kaart van 1 buurt: {label}.", "en": "Map of 1 neighbourhood: {label}."},
    "summary_map_gemeenten_one": {
        "nl": "Kaart van 1 gemeente: {label}.",
        "en": "Map of 1 municipality: {label}.",
    },
    "summary_high_low": {
        "nl": "Hoogste: {high} ({high_v}); laagste: {low} ({low_v}).",
        "en": "Highest: {high} ({high_v}); lowest: {low} ({low_v}).",
    },
    "summary_all_equal": {
        "nl": "Alle {n} met dezelfde waarde: {v}.",
        "en": "All {n} have the same value: {v}.",
    },
    "summary_missing": {"nl": "{n} zonder gegevens.", "en": "{n} without data."},
    "summary_hidden": {
        "nl": "{n} verborgen om privacyredenen (kleine aantallen).",
        "en": "{n} hidden for privacy (small numbers).",
    },
    "summary_trend": {
        "nl": "{name} per kwartaal, {first} tot en met {last}.",
        "en": "{name} per quarter, {first} to {last}.",
    },
    "summary_from_to": {
        "nl": "Van {first} in {first_q} naar {last} in {last_q}.",
        "en": "From {first} in {first_q} to {last} in {last_q}.",
    },
    "summary_hidden_quarters": {
        "nl": "{n} kwartalen verborgen om privacyredenen (kleine aantallen).",
        "en": "{n} quarters hidden for privacy (small numbers).",
    },
    "table_alternative": {"nl": "Tabel bij deze grafiek", "en": "Table for this chart"},
    "initiative_withheld": {
        "nl": "Aantallen personen per initiatief worden in de publieke modus niet gepubliceerd: {names}.",
        "en": "Counts of people per initiative are not published in public mode: {names}.",
    },
    "value_withheld": {
        "nl": "Publieke modus: waarde uit effecten die personen tellen ({effects}) staat niet per initiatief "
        "of per financier, alleen als totaal over de selectie (en alleen vanaf {k} personen en twee "
        "initiatieven). Afgeschermd bij: {names}.",
        "en": "Public mode: value from effects that count people ({effects}) is not shown per initiative or "
        "per funder, only as a total over the selection (and only from {k} people and two initiatives). "
        "Protected for: {names}.",
    },
    "pf_fell": {"nl": "daalt", "en": "fell"},
    "pf_same": {"nl": "gelijk", "en": "same"},
    "pf_rose": {"nl": "stijgt", "en": "rose"},
    "pf_risk_direction_note": {
        "nl": "Publieke modus: per initiatief staat alleen de richting van het aantal vrijwilligers "
        "(daalt, gelijk, stijgt), geen aantallen (bescherming van kleine aantallen).",
        "en": "Public mode: per initiative only the direction of the number of volunteers is shown "
        "(fell, same, rose), no counts (small-number protection).",
    },
    "pf_direction_axis": {
        "nl": "Vrijwilligers: richting in een jaar",
        "en": "Volunteers: direction over a year",
    },
    "value_shielded_total": {
        "nl": "Effecten op personen, samen (afgeschermd)",
        "en": "Effects on people, together (protected)",
    },
    "table_alternative_kpis": {"nl": "Tabel bij de kerncijfers", "en": "Table for the key figures"},
    "export_group": {"nl": "Downloaden", "en": "Download"},
    # data tables and summaries of the profiel, behoefte, portefeuille and overleving charts
    "summary_rows": {
        "nl": "{title}: {n} rijen in de tabel bij deze grafiek.",
        "en": "{title}: {n} rows in the table for this chart.",
    },
    "summary_highest": {
        "nl": "Hoogste waarde: {value} ({where}).",
        "en": "Highest value: {value} ({where}).",
    },
    "summary_km_group": {
        "nl": "{group}: {share} nog actief na {years} jaar",
        "en": "{group}: {share} still active after {years} years",
    },
    "ci_lower": {"nl": "Ondergrens 95%-interval", "en": "Lower bound 95% interval"},
    "ci_upper": {"nl": "Bovengrens 95%-interval", "en": "Upper bound 95% interval"},
    "ex_from": {"nl": "Van", "en": "From"},
    "ex_to": {"nl": "Naar", "en": "To"},
    "ex_amount": {"nl": "Bedrag (euro)", "en": "Amount (euro)"},
    "need_class": {"nl": "Klasse op de kaart", "en": "Class on the map"},
    "pf_risk_table": {"nl": "Initiatieven met risico", "en": "Initiatives at risk"},
    "unit": {"nl": "Eenheid", "en": "Unit"},
    "summary_risk": {
        "nl": "{n} daarvan in de risicozone (aandeel van de financier minstens {share}, minder vrijwilligers of "
        "onbekend).",
        "en": "{n} of them in the risk zone (funder's share at least {share}, fewer volunteers or unknown).",
    },
    "export_button": {"nl": "Download {title} als {fmt}", "en": "Download {title} as {fmt}"},
    "export_failed": {
        "nl": "Downloaden lukte niet. Probeer het opnieuw.",
        "en": "The download failed. Please try again.",
    },
    "a11y_link": {"nl": "Toegankelijkheid", "en": "Accessibility"},
    "a11y_title": {"nl": "Toegankelijkheidsverklaring", "en": "Accessibility statement"},
    "footer": {
        "nl": "Wijkwaarde · open source (EUPL-1.2)",
        "en": "Wijkwaarde · open source (EUPL-1.2)",
    },
    # -- grantee reports -- (the fund's server-rendered pages, dashboard/reports/fund.py and html.py)
    "rep_skip": {"nl": "Naar de inhoud", "en": "Skip to content"},
    "rep_title": {"nl": "Rapportages", "en": "Reports"},
    "rep_status_open": {"nl": "wacht op het initiatief", "en": "waiting for the initiative"},
    "rep_status_ingediend": {"nl": "te beoordelen", "en": "to review"},
    "rep_status_geaccepteerd": {"nl": "geaccepteerd", "en": "accepted"},
    "rep_status_teruggestuurd": {"nl": "teruggestuurd", "en": "returned"},
    "rep_unavailable": {"nl": "Niet beschikbaar", "en": "Not available"},
    "rep_no_login": {"nl": "Inloggen is niet ingesteld.", "en": "Logging in is not set up."},
    "rep_no_access": {"nl": "Geen toegang", "en": "No access"},
    "rep_only_for": {
        "nl": "Alleen voor een fonds, gemeente of beheerder.",
        "en": "Only for a fund, municipality or administrator.",
    },
    "rep_not_found": {"nl": "Niet gevonden", "en": "Not found"},
    "rep_not_found_text": {
        "nl": "Deze subsidie of rapportage bestaat niet (meer).",
        "en": "This grant or report does not exist (any more).",
    },
    "rep_out_of_scope": {
        "nl": "Deze subsidie hoort niet bij uw fonds of gemeente.",
        "en": "This grant does not belong to your fund or municipality.",
    },
    "rep_link_for": {"nl": "Link voor {name}", "en": "Link for {name}"},
    "rep_back_dashboard": {"nl": "Terug naar het dashboard", "en": "Back to the dashboard"},
    "rep_logged_in_as": {"nl": "ingelogd als {name}", "en": "logged in as {name}"},
    "rep_tick_label": {"nl": "Link maken voor {name}", "en": "Make a link for {name}"},
    "rep_email_label": {"nl": "E-mailadres van {name}", "en": "E-mail address of {name}"},
    "rep_next_period": {"nl": "{start} – {end} (inleveren {due})", "en": "{start} – {end} (due {due})"},
    "rep_all_asked": {"nl": "alle perioden gevraagd", "en": "all periods requested"},
    "rep_plan": {"nl": "plan", "en": "plan"},
    "rep_plan_draft": {"nl": "plan (voorstel)", "en": "plan (proposal)"},
    "rep_make_links": {"nl": "Links maken", "en": "Make links"},
    "rep_make_links_intro": {
        "nl": "Kies de subsidies en maak in één keer een link per initiatief. Met een e-mailadres (en "
        "ingestelde e-mail) gaat de link ook per mail.",
        "en": "Choose the grants and make one link per initiative in one go. With an e-mail address (and "
        "e-mail set up) the link is also sent by e-mail.",
    },
    "rep_make_chosen": {
        "nl": "Links maken voor de gekozen subsidies",
        "en": "Make links for the chosen grants",
    },
    "rep_make_all": {
        "nl": "Links maken voor alles wat aan de beurt is",
        "en": "Make links for everything that is due",
    },
    "rep_col_choose": {"nl": "Kies", "en": "Choose"},
    "rep_col_initiative": {"nl": "Initiatief", "en": "Initiative"},
    "rep_col_funder": {"nl": "Financier", "en": "Funder"},
    "rep_col_grant": {"nl": "Subsidie", "en": "Grant"},
    "rep_col_next_period": {"nl": "Volgende periode", "en": "Next period"},
    "rep_col_email": {"nl": "E-mail", "en": "E-mail"},
    "rep_col_plan": {"nl": "Plan", "en": "Plan"},
    "rep_col_period": {"nl": "Periode", "en": "Period"},
    "rep_col_view": {"nl": "Bekijken", "en": "View"},
    "rep_col_due": {"nl": "Inleveren vóór", "en": "Due before"},
    "rep_col_link": {"nl": "Link", "en": "Link"},
    "rep_col_status": {"nl": "Status", "en": "Status"},
    "rep_col_indicator": {"nl": "Indicator", "en": "Indicator"},
    "rep_col_reported": {"nl": "Gerapporteerd", "en": "Reported"},
    "rep_col_previous": {"nl": "Vorige waarde", "en": "Previous value"},
    "rep_col_target": {"nl": "Doel", "en": "Target"},
    "rep_to_review": {"nl": "Te beoordelen ({n})", "en": "To review ({n})"},
    "rep_review_link": {"nl": "beoordelen", "en": "review"},
    "rep_nothing_to_review": {"nl": "Niets te beoordelen.", "en": "Nothing to review."},
    "rep_overdue": {"nl": "Te laat ({n})", "en": "Overdue ({n})"},
    "rep_send_reminders": {"nl": "Stuur herinneringen per e-mail", "en": "Send reminders by e-mail"},
    "rep_none_overdue": {"nl": "Geen rapportages te laat.", "en": "No reports overdue."},
    "rep_all_requests": {"nl": "Alle verzoeken", "en": "All requests"},
    "rep_links_made_title": {"nl": "Links gemaakt", "en": "Links made"},
    "rep_links_made": {
        "nl": "{n} link(s) gemaakt. Kopieer een link en stuur hem naar het initiatief, of hij is al gemaild.",
        "en": "{n} link(s) made. Copy a link and send it to the initiative, or it has been e-mailed already.",
    },
    "rep_mailed": {"nl": "verstuurd", "en": "sent"},
    "rep_not_mailed": {"nl": "niet gemaild", "en": "not e-mailed"},
    "rep_back": {"nl": "Terug naar de rapportages", "en": "Back to the reports"},
    "rep_plan_title": {"nl": "Rapportageplan {name}", "en": "Reporting plan {name}"},
    "rep_plan_saved": {"nl": "Het plan is opgeslagen.", "en": "The plan has been saved."},
    "rep_plan_of": {
        "nl": "{initiative} · {funder} · subsidie {code}",
        "en": "{initiative} · {funder} · grant {code}",
    },
    "rep_plan_unsaved": {"nl": " · voorstel, nog niet opgeslagen", "en": " · proposal, not saved yet"},
    "rep_indicators": {"nl": "Indicatoren", "en": "Indicators"},
    "rep_periods": {"nl": "Perioden", "en": "Periods"},
    "rep_periods_hint": {
        "nl": "Eén regel per periode: begin; eind; inleverdatum (dd-mm-jjjj).",
        "en": "One line per period: start; end; due date (dd-mm-yyyy).",
    },
    "rep_save_plan": {"nl": "Plan opslaan", "en": "Save plan"},
    "rep_report_title": {"nl": "Rapportage {name}", "en": "Report {name}"},
    "rep_accepted": {"nl": "Geaccepteerd en gepubliceerd.", "en": "Accepted and published."},
    "rep_returned": {
        "nl": "Teruggestuurd. Het initiatief ziet uw opmerking als het de link opnieuw opent.",
        "en": "Returned. The initiative sees your note when it opens the link again.",
    },
    "rep_review_of": {
        "nl": "{initiative} · {funder} · periode {start} – {end} · status: {status}",
        "en": "{initiative} · {funder} · period {start} – {end} · status: {status}",
    },
    "rep_nothing_received": {"nl": "Nog geen rapportage ontvangen.", "en": "No report received yet."},
    "rep_reported_by": {"nl": "Gerapporteerd door {name}", "en": "Reported by {name}"},
    "rep_story": {"nl": "Verhaal", "en": "Story"},
    "rep_no_story": {"nl": "(geen verhaal)", "en": "(no story)"},
    "rep_photo_alt": {"nl": "Foto bij de rapportage van {name}", "en": "Photo with the report of {name}"},
    "rep_consent": {"nl": "Toestemming voor openbaar tonen:", "en": "Consent to show publicly:"},
    "rep_yes": {"nl": "ja", "en": "yes"},
    "rep_no": {"nl": "nee", "en": "no"},
    "rep_returned_with": {"nl": "Teruggestuurd met opmerking: {note}", "en": "Returned with note: {note}"},
    "rep_accept": {"nl": "Accepteren en publiceren", "en": "Accept and publish"},
    "rep_note_label": {"nl": "Opmerking voor het initiatief", "en": "Note for the initiative"},
    "rep_send_back": {"nl": "Terugsturen met opmerking", "en": "Return with note"},
    "rep_reminders_title": {"nl": "Herinneringen", "en": "Reminders"},
    "rep_reminders_sent": {"nl": "{n} herinnering(en) verstuurd.", "en": "{n} reminder(s) sent."},
    # why a plan cannot be saved or a decision taken (workflow.PlanError, workflow.DecisionError)
    "rep_err_line_format": {
        "nl": "Regel {line}: schrijf 'begin; eind; inleverdatum' als dd-mm-jjjj.",
        "en": "Line {line}: write 'start; end; due date' as dd-mm-yyyy.",
    },
    "rep_err_line_year": {
        "nl": "Regel {line}: kies datums tussen {first} en {last}.",
        "en": "Line {line}: choose dates between {first} and {last}.",
    },
    "rep_err_line_order": {
        "nl": "Regel {line}: begin, eind en inleverdatum moeten op volgorde staan.",
        "en": "Line {line}: start, end and due date must be in order.",
    },
    "rep_err_no_period": {"nl": "Geef minstens één periode.", "en": "Give at least one period."},
    "rep_err_too_many": {"nl": "Hoogstens {n} perioden per plan.", "en": "At most {n} periods per plan."},
    "rep_err_same_start": {
        "nl": "Twee perioden beginnen op dezelfde dag.",
        "en": "Two periods start on the same day.",
    },
    "rep_err_no_indicator": {"nl": "Kies minstens één indicator.", "en": "Choose at least one indicator."},
    "rep_err_nothing_waiting": {
        "nl": "Er wacht geen rapportage op een besluit.",
        "en": "No report is waiting for a decision.",
    },
    "rep_err_not_published": {
        "nl": "De waarden konden niet gepubliceerd worden: {detail}",
        "en": "The values could not be published: {detail}",
    },
    "rep_err_note_needed": {
        "nl": "Schrijf erbij wat het initiatief moet aanpassen.",
        "en": "Write what the initiative should change.",
    },
}


def t(key: str, lang: str = "nl") -> str:
    """The UI string `key` in `lang` ('nl' or 'en')."""
    entry = STRINGS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["nl"]


def column(base: str, lang: str) -> str:
    """The column of a name or label in the page's language: column('label', 'en') -> 'label_en' (data
    tables carry both, `<base>_nl` and `<base>_en`; Dutch unless the page is English)."""
    return f"{base}_en" if lang == "en" else f"{base}_nl"


def local(row: object, base: str, lang: str) -> object:
    """A row's `<base>_nl` or `<base>_en` value (a namedtuple from itertuples, or a Series)."""
    return getattr(row, column(base, lang))
