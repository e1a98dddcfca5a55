"""Buurtprofiel callbacks: wiring only. Validate the chosen area and statistic, call views/profile.py."""

from __future__ import annotations

from dash import Input, Output, State
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.callbacks import output_cache
from dashboard.callbacks.controls import by_name, control_inputs
from dashboard.charts import profile as charts
from dashboard.components.chart_block import data_id
from dashboard.components.wire import wire
from dashboard.filters import Filters
from dashboard.heavy import heavy
from dashboard.repository import Repository
from dashboard.views import profile as view

# URL key -> component id of its control; the area control holds a gemeente, wijk or buurt code, which
# view.area_filters turns into the URL's gemeente/wijk/buurt. The gemeente only fills the area's options.
CONTROLS = {"gemeente": ids.PROFILE_GEMEENTE, "area": ids.PROFILE_AREA, view.STAT_KEY: ids.PROFILE_STAT}
RENDER_CONTROLS = {name: CONTROLS[name] for name in ("area", view.STAT_KEY)}


def register(app, repo: Repository) -> dict:
    """Wire the profile callbacks; returns them by name so tests can call them as functions."""
    cached = output_cache.for_app(app)

    def ready() -> None:
        if not repo.available():
            raise PreventUpdate

    @app.callback(
        Output(ids.PROFILE_AREA, "options"),
        Output(ids.PROFILE_AREA, "value"),
        Input(ids.PROFILE_GEMEENTE, "value"),
        State(ids.LANG_STORE, "data"),
        prevent_initial_call=True,
    )
    def areas(gemeente, lang):
        ready()
        f = view.resolve_area(repo, Filters.from_query({"gemeente": gemeente, "lang": lang}))
        return view.area_options(repo, f.gemeente, f.lang), view.selected_code(f)

    @app.callback(
        Output(ids.PROFILE_CONTENT, "children"),
        Output(ids.PROFILE_REST, "children"),
        Output(ids.PROFILE_TREND, "figure"),
        Output(ids.PROFILE_TREND_SUMMARY, "children"),
        Output(ids.PROFILE_TREND_FOOTNOTE, "children"),
        Output(ids.PROFILE_STAT, "options"),
        Output(ids.PROFILE_STAT, "value"),
        Output(ids.url_query("profile"), "data"),
        Output(data_id("profile", "trend"), "children"),
        inputs=dict(controls=control_inputs(RENDER_CONTROLS), lang=State(ids.LANG_STORE, "data")),
    )
    @cached(repo, "profile")  # the same question from the same scope: answered once
    @heavy  # builds figures: off the threads cheap callbacks need (dashboard/heavy.py)
    def render(controls, lang):
        ready()
        values = by_name(controls, RENDER_CONTROLS)
        filters = view.area_filters(values["area"], lang)
        out = charts.render(repo, filters, view.stat_param({view.STAT_KEY: values[view.STAT_KEY]}))
        keys = ("head", "rest", "trend", "summary", "footnote", "stat_options", "stat", "search")
        # Components as plain JSON (the trend is a dict already): Dash's encoder takes the fast path.
        return (
            *[out[k] if k == "trend" else wire(out[k]) for k in keys],
            wire(out["charts"]["trend"].table()),
        )

    return {"profile_areas": areas, "profile_render": render}
