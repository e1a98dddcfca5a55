"""Behoefte en aanbod callbacks: wiring only. Validate the composed index, call views/need.py."""

from __future__ import annotations

from dash import Output, State
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.callbacks import output_cache
from dashboard.callbacks.controls import by_name, control_inputs
from dashboard.charts import need as charts
from dashboard.components.chart_block import data_id
from dashboard.filters import Filters
from dashboard.heavy import heavy
from dashboard.repository import Repository
from dashboard.views import need as view

# URL key -> component id of its control
CONTROLS = {"gemeente": ids.NEED_GEMEENTE, view.URL_HIGHER: ids.NEED_HIGHER, view.URL_LOWER: ids.NEED_LOWER,
            view.URL_COVERAGE: ids.NEED_COVERAGE}  # fmt: skip


def state_of(controls, lang, search=None) -> view.NeedState:
    """Control values by URL key (browser input) through the URL's validation (the year from the URL).
    An emptied statistics control means none, not the defaults."""
    year = Filters.from_search(search).year_to if isinstance(search, str) else None
    query = by_name(controls, CONTROLS)
    query |= {view.URL_HIGHER: query[view.URL_HIGHER] or [], view.URL_LOWER: query[view.URL_LOWER] or []}
    return view.NeedState.from_query(query | {"lang": lang, "tot": year})


def register(app, repo: Repository) -> dict:
    """Wire the need page's callbacks; returns them by name so tests can call them as functions."""
    cached = output_cache.for_app(app)

    @app.callback(
        Output(ids.NEED_MAP, "figure"),
        Output(ids.NEED_MAP_SUMMARY, "children"),
        Output(ids.NEED_LEGEND, "children"),
        Output(ids.NEED_SCATTER, "figure"),
        Output(ids.NEED_SCATTER_SUMMARY, "children"),
        Output(ids.NEED_TABLE, "children"),
        Output(ids.NEED_SUMMARY, "children"),
        Output(ids.NEED_FOOTNOTE, "children"),
        Output(ids.NEED_FORMULA, "children"),
        Output(ids.url_query("need"), "data"),
        Output(ids.NEED_MAP_KEY, "data"),
        *[Output(data_id("need", name), "children") for name in charts.CHARTS],
        inputs=dict(
            controls=control_inputs(CONTROLS),
            lang=State(ids.LANG_STORE, "data"),
            search=State(ids.url_query("need"), "data"),
            map_key=State(ids.NEED_MAP_KEY, "data"),
        ),
    )
    @cached(repo, "need")  # the same question from the same scope: answered once
    @heavy  # builds figures: off the threads cheap callbacks need (dashboard/heavy.py)
    def render(controls, lang, search, map_key):
        if not repo.available():
            raise PreventUpdate
        key = map_key if isinstance(map_key, str) else None
        out = charts.render(repo, state_of(controls, lang, search), key)
        keys = ("map", "map_summary", "legend", "scatter", "scatter_summary", "table", "summary", "footnote",
                "formula", "search", "map_key")  # fmt: skip
        return (*[out[k] for k in keys], *[out["charts"][name].table() for name in charts.CHARTS])

    return {"need_render": render}
