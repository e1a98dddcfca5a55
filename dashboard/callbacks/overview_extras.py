"""Overview callbacks for exports and accessibility: downloads per chart, text summaries, data tables."""

from __future__ import annotations

from dash import Input, Output, State
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.callbacks import exports as export_callbacks
from dashboard.callbacks.overview import FILTER_INPUTS, filters_from
from dashboard.components.chart_tools import data_table
from dashboard.repository import Repository
from dashboard.views import overview_charts as charts

PAGE = "overview"
STATES = [
    *[State(c, "value") for c in ids.FILTER_CONTROLS],
    State(ids.OVERVIEW_MAP_METRIC, "value"),
    State(ids.OVERVIEW_TREND_INDICATOR, "value"),
    State(ids.LANG_STORE, "data"),
]


def register(app, repo: Repository) -> dict:
    """Wire the overview's downloads and chart summaries/tables; returns them by name for tests."""

    def ready() -> None:
        if not repo.available():
            raise PreventUpdate

    def build(chart, fmt, *values):
        ready()
        *controls, metric, indicator, lang = values
        filters = filters_from(controls, lang, metric=metric, indicator=indicator)
        if fmt == "png" and chart not in charts.PNG_CHARTS:
            raise PreventUpdate
        data = charts.BUILDERS[chart](repo, filters)
        figure = charts.figure(repo, filters, chart) if fmt == "png" else None
        return data, figure

    callbacks = export_callbacks.register(app, PAGE, STATES, build)

    @app.callback(
        Output(ids.OVERVIEW_MAP_SUMMARY, "children"),
        Output(ids.OVERVIEW_MAP_DATA, "children"),
        *FILTER_INPUTS,
        Input(ids.OVERVIEW_MAP_METRIC, "value"),
        State(ids.LANG_STORE, "data"),
    )
    def map_text(*args):
        ready()
        *values, metric, lang = args
        chart = charts.map_data(repo, filters_from(values, lang, metric=metric))
        return chart.summary, data_table(chart, chart.meta.lang)

    @app.callback(
        Output(ids.OVERVIEW_TREND_SUMMARY, "children"),
        Output(ids.OVERVIEW_TREND_DATA, "children"),
        *FILTER_INPUTS,
        Input(ids.OVERVIEW_TREND_INDICATOR, "value"),
        State(ids.LANG_STORE, "data"),
    )
    def trend_text(*args):
        ready()
        *values, indicator, lang = args
        chart = charts.trend_data(repo, filters_from(values, lang, indicator=indicator))
        return chart.summary, data_table(chart, chart.meta.lang)

    return callbacks | {"map_text": map_text, "trend_text": trend_text}
