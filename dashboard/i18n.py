"""UI strings in Dutch (the default) and English; `t(key, lang)` falls back to Dutch, then to the key."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"nl": "Wijkwaarde", "en": "Wijkwaarde"},
    "tagline": {
        "nl": "Monitor van buurtinitiatieven en hun maatschappelijke waarde",
        "en": "Monitor of neighbourhood initiatives and their social value",
    },
    "nav_overview": {"nl": "Overzicht", "en": "Overview"},
    "nav_data": {"nl": "Gegevens", "en": "Data"},
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
    "all_wijken": {"nl": "Alle wijken", "en": "All districts"},
    "all_buurten": {"nl": "Alle buurten", "en": "All neighbourhoods"},
    "reset": {"nl": "Filters wissen", "en": "Clear filters"},
    "kpi_active": {"nl": "Actieve initiatieven", "en": "Active initiatives"},
    "kpi_participants": {"nl": "Bereikte deelnemers", "en": "Participants reached"},
    "kpi_volunteers": {"nl": "Vrijwilligers", "en": "Volunteers"},
    "kpi_grants": {"nl": "Subsidie toegekend", "en": "Grants awarded"},
    "versus": {"nl": "t.o.v.", "en": "vs."},
    "map_title": {"nl": "Kaart van de buurten", "en": "Map of the neighbourhoods"},
    "map_metric": {"nl": "Kaartmaat", "en": "Map measure"},
    "map_hint": {
        "nl": "Klik op een buurt om de hele pagina op die buurt te filteren.",
        "en": "Click a neighbourhood to filter the whole page on it.",
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
        "nl": "Vul deze sjablonen in en laad ze met `wijkwaarde load`.",
        "en": "Fill in these templates and load them with `wijkwaarde load`.",
    },
    "no_templates": {"nl": "Geen sjablonen gevonden.", "en": "No templates found."},
    "no_batches": {"nl": "Nog geen batches gepubliceerd.", "en": "No batches published yet."},
    "footer": {
        "nl": "Wijkwaarde · open source (EUPL-1.2)",
        "en": "Wijkwaarde · open source (EUPL-1.2)",
    },
}


def t(key: str, lang: str = "nl") -> str:
    """The UI string `key` in `lang` ('nl' or 'en')."""
    entry = STRINGS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["nl"]
