"""Social value callbacks: wiring only. The controls give a validated selection; the view renders it."""

from __future__ import annotations

from dash import Output, State
from dash.exceptions import PreventUpdate

from dashboard import charts as chart_pages
from dashboard import ids
from dashboard.callbacks import exports as export_callbacks
from dashboard.callbacks import output_cache
from dashboard.callbacks.controls import by_name, control_inputs
from dashboard.charts import value as value_charts
from dashboard.components.wire import wire
from dashboard.filters import Filters
from dashboard.heavy import heavy
from dashboard.repository import Repository
from dashboard.views import overview as overview_view
from dashboard.views import value_page as page

EXPORT_STATES = [
    State(ids.VALUE_BASE, "data"),
    State(ids.VALUE_YEAR_FROM, "value"),
    State(ids.VALUE_YEAR_TO, "value"),
    State(ids.VALUE_FUNDERS, "value"),
    State(ids.VALUE_INITIATIVE, "value"),
]


def selection(base, year_from, year_to, funders) -> Filters:
    """The URL's other filters plus the controls, all through Filters' validation (browser input)."""
    base = base if isinstance(base, dict) else {}
    return Filters.from_query(base | {"year_from": year_from, "year_to": year_to, "funders": funders or []})


# Filters field -> component id of its control (the rest of the selection comes from the URL: VALUE_BASE)
CONTROLS = {"year_from": ids.VALUE_YEAR_FROM, "year_to": ids.VALUE_YEAR_TO, "funders": ids.VALUE_FUNDERS,
            "initiatief": ids.VALUE_INITIATIVE}  # fmt: skip


def register(app, repo: Repository) -> dict:
    """Wire the value page; returns its callbacks by name so tests can call them as functions."""
    cached = output_cache.for_app(app)

    @app.callback(
        Output(ids.VALUE_CONTENT, "children"),
        Output(ids.VALUE_INITIATIVE, "options"),
        Output(ids.url_query("value"), "data"),
        inputs=dict(controls=control_inputs(CONTROLS), base=State(ids.VALUE_BASE, "data")),
        prevent_initial_call=True,
    )
    @cached(repo, "value")  # the same question from the same scope: answered once
    @heavy  # builds figures: off the threads cheap callbacks need (dashboard/heavy.py)
    def update(controls, base):
        if not repo.available():
            raise PreventUpdate
        c = by_name(controls, CONTROLS)
        filters = overview_view.resolve(repo, selection(base, c["year_from"], c["year_to"], c["funders"]))
        code = page.initiative_code(c["initiatief"])
        search = page.search_for(filters, code)
        cards, options = page.content(repo, filters, *value_charts.page(repo, filters, code))
        return wire(cards), options, search  # plain JSON: Dash's encoder takes the fast path (wire.py)

    def build(chart, fmt, base, year_from, year_to, funders, initiative):
        """(ChartData, figure or None) of one chart from the page's validated state (browser input)."""
        if not repo.available():
            raise PreventUpdate
        found = chart_pages.PAGES["value"]
        state = value_charts.ValueState(
            selection(base, year_from, year_to, funders), page.initiative_code(initiative)
        )
        if chart in found.tables:  # the ratio and proxies tables: CSV and Excel only
            if fmt == "png":
                raise PreventUpdate
            return found.table(repo, state, chart), None
        if fmt == "png" and chart not in found.charts:
            raise PreventUpdate
        item = found.chart(repo, state, chart)  # KeyError: a chart the page does not have, ignored
        return item.data, item.figure if fmt == "png" else None

    exports = export_callbacks.register(app, page.EXPORT_PAGE, EXPORT_STATES, build)
    return {"value_update": update} | exports
