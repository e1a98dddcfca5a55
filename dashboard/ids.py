"""Component ids as constants, grouped by page, so layouts, callbacks and tests share one spelling."""

# Shell (every page)
HTML_LANG = "shell-html-lang"  # dummy output of the clientside callback that sets <html lang>
LANG_STORE = "shell-lang"
LANG_LINK = "shell-lang-link"
FICTIONAL_BANNER = "shell-fictional-banner"


def nav(key: str) -> str:
    """The id of the navigation link to page `key` (see components/shell.py NAV_ITEMS)."""
    return f"shell-nav-{key}"


# Filter bar
FILTER_GEMEENTE = "filter-gemeente"
FILTER_WIJK = "filter-wijk"
FILTER_BUURT = "filter-buurt"
FILTER_THEMES = "filter-themes"
FILTER_STATUSES = "filter-statuses"
FILTER_FUNDERS = "filter-funders"
FILTER_YEAR_FROM = "filter-year-from"
FILTER_YEAR_TO = "filter-year-to"
FILTER_RESET = "filter-reset"

# URL synchronisation: a server callback computes the query, a clientside one writes it to the address bar
URL_QUERY = "url-query"
URL_SYNC = "url-sync"

# Overview page
OVERVIEW_KPIS = "overview-kpis"
OVERVIEW_KPI_FOOTNOTE = "overview-kpi-footnote"
OVERVIEW_MAP = "overview-map"
OVERVIEW_MAP_METRIC = "overview-map-metric"
OVERVIEW_MAP_KEY = "overview-map-key"  # which geometry the map figure in the browser holds
OVERVIEW_MAP_FOOTNOTE = "overview-map-footnote"
OVERVIEW_TREND = "overview-trend"
OVERVIEW_TREND_INDICATOR = "overview-trend-indicator"
OVERVIEW_TREND_FOOTNOTE = "overview-trend-footnote"
OVERVIEW_TABLE = "overview-table"
OVERVIEW_TABLE_SEARCH = "overview-table-search"
OVERVIEW_TABLE_FOOTNOTE = "overview-table-footnote"

# Gegevens (data) page
DATA_BATCHES = "data-batches"
DATA_TEMPLATES = "data-templates"

# Every control whose value lives in the URL, in the order the callbacks receive them.
FILTER_CONTROLS = (
    FILTER_GEMEENTE,
    FILTER_WIJK,
    FILTER_BUURT,
    FILTER_THEMES,
    FILTER_STATUSES,
    FILTER_FUNDERS,
    FILTER_YEAR_FROM,
    FILTER_YEAR_TO,
)
