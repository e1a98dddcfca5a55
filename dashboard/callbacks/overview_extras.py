"""Overview callbacks for exports: the downloads of every chart (CSV, XLSX, PNG)."""

from __future__ import annotations

from dash import State
from dash.exceptions import PreventUpdate

from dashboard import charts as chart_pages
from dashboard import ids
from dashboard.callbacks import exports as export_callbacks
from dashboard.callbacks.overview import filters_from
from dashboard.repository import Repository

PAGE = "overview"
STATES = [
    *[State(c, "value") for c in ids.FILTER_CONTROLS.values()],
    State(ids.OVERVIEW_MAP_METRIC, "value"),
    State(ids.OVERVIEW_TREND_INDICATOR, "value"),
    State(ids.LANG_STORE, "data"),
]


def register(app, repo: Repository) -> dict:
    """Wire the overview's downloads; returns them by name for tests. (The summaries and data tables
    under the map and trend come with their figures: callbacks/overview.py.)"""

    def ready() -> None:
        if not repo.available():
            raise PreventUpdate

    def build(chart, fmt, *values):
        ready()
        *controls, metric, indicator, lang = values
        by_name = dict(zip(ids.FILTER_CONTROLS, controls, strict=True))  # STATES lists them in this order
        filters = filters_from(by_name, lang, metric=metric, indicator=indicator)
        found = chart_pages.PAGES[PAGE]
        if chart in found.tables:  # the KPIs and the initiative table: CSV and Excel only
            if fmt == "png":
                raise PreventUpdate
            return found.table(repo, filters, chart), None
        if fmt == "png" and chart not in found.charts:
            raise PreventUpdate
        item = found.chart(repo, filters, chart)  # KeyError: a chart the page does not have, ignored
        return item.data, item.figure if fmt == "png" else None

    return export_callbacks.register(app, PAGE, STATES, build)
