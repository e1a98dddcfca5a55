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


# URL synchronisation (dashboard/callbacks/url_sync.py): a page's callback puts its query in url_query(page),
# one clientside callback for every page writes it to the address bar (its dummy output: url_sync(page)).
def url_query(page: str) -> dict:
    return {"type": "url-query", "page": page}


def url_sync(page: str) -> dict:
    return {"type": "url-sync", "page": page}


def url_carry(page: str) -> dict:
    return {"type": "url-carry", "page": page}


# Overview page
OVERVIEW_KPIS = "overview-kpis"
OVERVIEW_KPI_FOOTNOTE = "overview-kpi-footnote"
OVERVIEW_MAP = "overview-map"
OVERVIEW_MAP_METRIC = "overview-map-metric"
OVERVIEW_MAP_PREVIEW = (
    "overview-map-preview"  # the map's still picture until the map is drawn (map_preview.py)
)
OVERVIEW_MAP_KEY = "overview-map-key"  # which geometry the map figure in the browser holds
OVERVIEW_MAP_FOOTNOTE = "overview-map-footnote"
OVERVIEW_TREND = "overview-trend"
OVERVIEW_TREND_INDICATOR = "overview-trend-indicator"
OVERVIEW_TREND_FOOTNOTE = "overview-trend-footnote"
OVERVIEW_TABLE = "overview-table"
OVERVIEW_TABLE_LIMIT = "overview-table-limit"
OVERVIEW_MAP_TITLE = "overview-map-title"
OVERVIEW_MAP_STORIES = "overview-map-stories"  # the story layer's places as a list with links
OVERVIEW_TABLE_SEARCH = "overview-table-search"
OVERVIEW_TABLE_FOOTNOTE = "overview-table-footnote"
OVERVIEW_MAP_SUMMARY = "overview-map-summary"  # short text summary of the chart (aria-describedby)
OVERVIEW_MAP_DATA = "overview-map-data"  # the data-table alternative under the chart
OVERVIEW_TREND_SUMMARY = "overview-trend-summary"
OVERVIEW_TREND_DATA = "overview-trend-data"

# Gegevens (data) page
DATA_BATCHES = "data-batches"
DATA_TEMPLATES = "data-templates"

# Buurtprofiel (neighbourhood profile) page
PROFILE_GEMEENTE = "profile-gemeente"
PROFILE_AREA = "profile-area"
PROFILE_STAT = "profile-stat"
PROFILE_CONTENT = "profile-content"
PROFILE_REST = "profile-rest"
PROFILE_TREND = "profile-trend"
PROFILE_TREND_FOOTNOTE = "profile-trend-footnote"
PROFILE_TREND_SUMMARY = "profile-trend-summary"

# Behoefte en aanbod (need vs coverage) page
NEED_GEMEENTE = "need-gemeente"
NEED_HIGHER = "need-higher"  # statistics where a higher value means more need
NEED_LOWER = "need-lower"  # statistics where a lower value means more need
NEED_COVERAGE = "need-coverage"
NEED_MAP = "need-map"
NEED_MAP_KEY = "need-map-key"  # which geometry the need map in the browser holds
NEED_MAP_SUMMARY = "need-map-summary"
NEED_LEGEND = "need-legend"
NEED_SCATTER = "need-scatter"
NEED_SCATTER_SUMMARY = "need-scatter-summary"
NEED_TABLE = "need-table"
NEED_SUMMARY = "need-summary"
NEED_FORMULA = "need-formula-box"
NEED_FOOTNOTE = "need-footnote"

# Portefeuilles (portfolio) page
PORTFOLIO_GEMEENTE = "portfolio-gemeente"
PORTFOLIO_FUNDERS = "portfolio-funders"
PORTFOLIO_YEAR_FROM = "portfolio-year-from"
PORTFOLIO_YEAR_TO = "portfolio-year-to"
PORTFOLIO_OUTCOME = "portfolio-outcome"
PORTFOLIO_SUMMARY = "portfolio-summary"
PORTFOLIO_THEME = "portfolio-theme"
PORTFOLIO_WIJK = "portfolio-wijk"
PORTFOLIO_YEAR = "portfolio-year"
PORTFOLIO_COST = "portfolio-cost"
PORTFOLIO_OVERLAP = "portfolio-overlap"
PORTFOLIO_RISK = "portfolio-risk"
PORTFOLIO_RISK_TABLE = "portfolio-risk-table"
PORTFOLIO_SANKEY = "portfolio-sankey"
PORTFOLIO_FOOTNOTE = "portfolio-footnote"

# Overleving (survival) page
SURVIVAL_GEMEENTE = "survival-gemeente"
SURVIVAL_GROUP = "survival-group"
SURVIVAL_RULE = "survival-rule"
SURVIVAL_MONTHS = "survival-months"
SURVIVAL_RULE_TEXT = "survival-rule-text"
SURVIVAL_CHART = "survival-chart"
SURVIVAL_AT_RISK = "survival-at-risk"
SURVIVAL_SUMMARY = "survival-summary"
SURVIVAL_NOTES = "survival-notes"
SURVIVAL_FOOTNOTE = "survival-footnote"

# Maatschappelijke waarde (social value) page
VALUE_YEAR_FROM = "value-year-from"
VALUE_YEAR_TO = "value-year-to"
VALUE_FUNDERS = "value-funders"
VALUE_INITIATIVE = "value-initiative"  # the initiative of the 'wie profiteert' matrix (empty = selection)
VALUE_BASE = "value-base"  # the URL's other filters (area, themes, status), carried along unchanged
VALUE_CONTENT = "value-content"
VALUE_INITIATIVE_CHART = "value-initiative-chart"
VALUE_STAKEHOLDER_CHART = "value-stakeholder-chart"
VALUE_PORTFOLIO_CHART = "value-portfolio-chart"
VALUE_MATRIX = "value-matrix"
VALUE_PROXIES_TABLE = "value-proxies-table"
VALUE_RATIO_TABLE = "value-ratio-table"
VALUE_NOT_MEASURED = "value-not-measured"

# Initiatief (initiative) page
INITIATIVE_TOC = "initiative-toc"
INITIATIVE_FUNDING = "initiative-funding"
INITIATIVE_MAP = "initiative-map"
INITIATIVE_TRENDS = "initiative-trends"
INITIATIVE_STORIES = "initiative-stories"
INITIATIVE_STATE = "initiative-state"  # {code, lang}: the export callbacks' state

# Indicatoren (indicator catalogue) page
CATALOGUE_TABLE = "catalogue-table"
CATALOGUE_SEARCH = "catalogue-search"
CATALOGUE_BASE = "catalogue-base"  # the selection the page was opened with, kept in the URL

# The filter bar's controls by the Filters field they set (dashboard/filters.py): callbacks take them by name
# (a dict of Inputs), so the order here means nothing. The id is "filter-" + the field, spelled with dashes.
FILTER_CONTROLS = {
    "gemeente": FILTER_GEMEENTE,
    "wijk": FILTER_WIJK,
    "buurt": FILTER_BUURT,
    "themes": FILTER_THEMES,
    "statuses": FILTER_STATUSES,
    "funders": FILTER_FUNDERS,
    "year_from": FILTER_YEAR_FROM,
    "year_to": FILTER_YEAR_TO,
}

# Council pack (basket) and presentation mode
PACK_BASKET = "pack-basket"  # dcc.Store in localStorage: [{"url": permalink, "item": chart name}]
PACK_ADDED = "pack-added"  # dummy output of the clientside 'add to pack' callback
PACK_COPY = "shell-copy-link"  # dcc.Clipboard copying the current view's permalink
PACK_LIST = "pack-list"
PACK_DOWNLOAD_PPTX = "pack-download-pptx"
PACK_DOWNLOAD_PDF = "pack-download-pdf"
PACK_DOWNLOAD = "pack-download"
PACK_PROGRESS = "pack-progress"
PACK_STATUS = "pack-status"
# The upload page (dashboard/pages/upload.py): one upload's panel, its poll and the upload it shows.
UPLOAD_PANEL = "upload-panel"
UPLOAD_POLL = "upload-poll"
UPLOAD_JOB = "upload-job"
# The Gegevens page's drop zone, its CSRF token and route, and why an upload was refused.
UPLOAD_DROP = "upload-files"
UPLOAD_TOKEN = "upload-token"
UPLOAD_URL = "upload-url"
UPLOAD_ERROR = "upload-error"
PACK_CLEAR = "pack-clear"
PRESENT_INDEX = "present-index"
PRESENT_SLIDE = "present-slide"
PRESENT_DECK = "present-deck"  # how many slides the deck has and its texts, for the steps in the browser
PRESENT_ITEM = "present-item"  # pattern-matching id type of each drawn slide
PRESENT_PREV = "present-prev"
PRESENT_NEXT = "present-next"
PRESENT_FULLSCREEN = "present-fullscreen"


def pack_add(item: str) -> dict:
    """The id of a chart's 'add to the council pack' button (pattern-matched by one callback)."""
    return {"type": "pack-add", "item": item}


def pack_move(index: int, step: int) -> dict:
    return {"type": "pack-move", "index": index, "step": step}
