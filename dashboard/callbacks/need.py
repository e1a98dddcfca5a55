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


# The page's figure callback: its outputs and inputs, answered by `answer` for the callback and for the page's
# first view (pages/need.py, callbacks/first_view.py).
OUTPUTS = (
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
)
INPUTS = dict(
    controls=control_inputs(CONTROLS),
    lang=State(ids.LANG_STORE, "data"),
    search=State(ids.url_query("need"), "data"),
    map_key=State(ids.NEED_MAP_KEY, "data"),
)


def answer(repo: Repository, controls, lang, search, map_key) -> tuple:
    """Every output of the page for its controls (browser input: validated by the state); the map recoloured
    only (a Patch) when `map_key` says the browser holds the same map."""
    key = map_key if isinstance(map_key, str) else None
    out = charts.render(repo, state_of(controls, lang, search), key)
    keys = ("map", "map_summary", "legend", "scatter", "scatter_summary", "table", "summary", "footnote",
            "formula", "search", "map_key")  # fmt: skip
    return (*[out[k] for k in keys], *[out["charts"][name].table() for name in charts.CHARTS])


FIRST_VIEW = (OUTPUTS, INPUTS, answer)


def register(app, repo: Repository) -> dict:
    """Wire the need page's callbacks; returns them by name so tests can call them as functions."""
    cached = output_cache.for_app(app)

    # the page's first view holds the first answer (first_view.py): this answers the changes after it
    @app.callback(*OUTPUTS, inputs=INPUTS, prevent_initial_call=True)
    @cached(repo, "need")  # the same question from the same scope: answered once
    @heavy  # builds figures: off the threads cheap callbacks need (dashboard/heavy.py)
    def render(controls, lang, search, map_key):
        if not repo.available():
            raise PreventUpdate
        return answer(repo, controls, lang, search, map_key)

    return {"need_render": render}
