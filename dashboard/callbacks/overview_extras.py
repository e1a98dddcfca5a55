"""Overview callbacks for exports: the downloads of every chart (CSV, XLSX, PNG)."""

from __future__ import annotations

from dash import State
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.callbacks import exports as export_callbacks
from dashboard.callbacks.overview import filters_from
from dashboard.repository import Repository
from dashboard.views import overview_charts as charts

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
        if fmt == "png" and chart not in charts.PNG_CHARTS:
            raise PreventUpdate
        data = charts.BUILDERS[chart](repo, filters)
        figure = charts.figure(repo, filters, chart) if fmt == "png" else None
        return data, figure

    return export_callbacks.register(app, PAGE, STATES, build)
