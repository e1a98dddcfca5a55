"""Survival page callbacks: wiring only. Control values pass the same validation as the URL."""

from __future__ import annotations

from dash import Output, State
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.callbacks import output_cache
from dashboard.callbacks.controls import by_name, control_inputs
from dashboard.charts import survival as charts
from dashboard.components.chart_block import data_id, summary_id
from dashboard.components.wire import wire
from dashboard.heavy import heavy
from dashboard.repository import Repository
from dashboard.views import survival as view

# URL key -> component id of its control
CONTROLS = {"gemeente": ids.SURVIVAL_GEMEENTE, "groep": ids.SURVIVAL_GROUP, "regel": ids.SURVIVAL_RULE,
            "maanden": ids.SURVIVAL_MONTHS}  # fmt: skip


def state_from(controls, lang) -> view.SurvivalState:
    """Control values by URL key (untrusted: they come from the browser) through the URL's validation."""
    return view.SurvivalState.from_query(by_name(controls, CONTROLS) | {"lang": lang})


def register(app, repo: Repository) -> dict:
    """Wire the survival callbacks; returns them by name so tests can call them as functions."""
    cached = output_cache.for_app(app)

    @app.callback(
        Output(ids.SURVIVAL_CHART, "figure"),
        Output(ids.SURVIVAL_AT_RISK, "children"),
        Output(ids.SURVIVAL_SUMMARY, "children"),
        Output(ids.SURVIVAL_RULE_TEXT, "children"),
        Output(ids.SURVIVAL_NOTES, "children"),
        Output(ids.SURVIVAL_FOOTNOTE, "children"),
        Output(ids.url_query("survival"), "data"),
        Output(data_id("survival", "overleving"), "children"),
        Output(summary_id("survival", "overleving"), "children"),
        inputs=dict(controls=control_inputs(CONTROLS), lang=State(ids.LANG_STORE, "data")),
    )
    @cached(repo, "survival")  # the same question from the same scope: answered once
    @heavy  # builds figures: off the threads cheap callbacks need (dashboard/heavy.py)
    def survival(controls, lang):
        if not repo.available():
            raise PreventUpdate
        out = charts.render(repo, state_from(controls, lang))
        keys = ("figure", "at_risk", "summary", "rule", "notes", "footnote", "search")
        chart = out["charts"]["overleving"]
        # Plain JSON (the figure a dict, components wire()d): Dash's encoder takes the fast path instead of
        # walking every cell of the data table in Python (all gemeenten of a provincie: 140 of 380 ms).
        rest = [wire(out[k]) for k in keys[1:]]
        return (out["figure"], *rest, wire(chart.table()), wire(chart.summary))

    return {"survival": survival}
