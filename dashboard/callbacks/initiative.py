"""Initiative page callbacks: the downloads of its charts (the page itself is drawn from the URL)."""

from __future__ import annotations

from dash import State
from dash.exceptions import PreventUpdate

from dashboard import charts as chart_pages
from dashboard import ids
from dashboard.callbacks import exports as export_callbacks
from dashboard.charts.initiative import InitiativeState
from dashboard.filters import Filters
from dashboard.repository import Repository
from dashboard.views.value_page import initiative_code

EXPORT_PAGE = "initiative"  # the export buttons' page key (pages/initiative.py)


def register(app, repo: Repository) -> dict:
    """Wire the initiative page's export buttons; returns the callbacks by name for tests."""

    def build(chart, fmt, state):
        """(ChartData, figure or None) from the page's state store (browser input: validated)."""
        if not repo.available():
            raise PreventUpdate
        state = state if isinstance(state, dict) else {}
        code = initiative_code(state.get("code"))
        page = InitiativeState(Filters.from_query({"lang": state.get("lang")}), code)
        found = chart_pages.PAGES["initiative"]
        if chart in found.tables:  # the Theory-of-Change table: CSV and Excel only
            if fmt == "png":
                raise PreventUpdate
            return found.table(repo, page, chart), None
        item = found.chart(repo, page, chart)  # KeyError: an unknown initiative or chart, ignored
        return item.data, item.figure if fmt == "png" else None

    return export_callbacks.register(app, EXPORT_PAGE, [State(ids.INITIATIVE_STATE, "data")], build)
