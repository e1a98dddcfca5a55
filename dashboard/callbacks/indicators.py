"""Indicator catalogue callbacks: the search box filters the grid in place and writes ?zoek= to the URL."""

from __future__ import annotations

from urllib.parse import urlencode

from dash import Input, Output, Patch, State
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.callbacks import exports as export_callbacks
from dashboard.filters import Filters, search_text
from dashboard.views import indicators as page
from dashboard.views import indicators_charts as charts


def search_query(text: str, lang: str | None, base: dict | None = None) -> str:
    """The URL query: the selection the page was opened with (it travels on to other pages) plus ?zoek=."""
    query = Filters.from_query((base if isinstance(base, dict) else {}) | {"lang": lang}).to_query()
    params = query | ({"zoek": text} if text else {})
    return "?" + urlencode(params, safe=",") if params else ""


# URL key -> component id of its control (the rest of the selection comes from the URL: CATALOGUE_BASE)
CONTROLS = {"zoek": ids.CATALOGUE_SEARCH}


def register(app, repo) -> dict:
    @app.callback(
        Output(ids.CATALOGUE_TABLE, "dashGridOptions"),
        Output(ids.url_query("indicators"), "data"),
        Input(ids.CATALOGUE_SEARCH, "value"),
        State(ids.LANG_STORE, "data"),
        State(ids.CATALOGUE_BASE, "data"),
        prevent_initial_call=True,
    )
    def catalogue_search(value, lang, base=None):
        text = search_text(value)
        patch = Patch()
        patch["quickFilterText"] = text
        return patch, search_query(text, lang, base)

    def build(chart, fmt, value, lang, base):
        """The catalogue's rows as the grid filters them (browser input: validated)."""
        if chart != charts.CHART or fmt == "png" or not repo.available():
            raise PreventUpdate
        filters = Filters.from_query((base if isinstance(base, dict) else {}) | {"lang": lang})
        rows = page.rows(repo, filters.lang)
        data = charts.catalogue_data(repo, filters, rows, page.column_defs(filters.lang), search_text(value))
        return data, None

    states = [
        State(ids.CATALOGUE_SEARCH, "value"),
        State(ids.LANG_STORE, "data"),
        State(ids.CATALOGUE_BASE, "data"),
    ]
    exports = export_callbacks.register(app, page.EXPORT_PAGE, states, build)
    return {"catalogue_search": catalogue_search} | exports
