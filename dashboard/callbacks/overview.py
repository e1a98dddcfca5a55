"""Overview callbacks: wiring only. Each builds a validated Filters value and calls a render function."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, Patch, State, ctx
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.components.chart_tools import data_table
from dashboard.components.shell import NAV_ITEMS
from dashboard.components.wire import wire
from dashboard.filters import Filters, controls_query
from dashboard.repository import Repository
from dashboard.views import overview as view
from dashboard.views import overview_charts as charts

FILTER_INPUTS = [Input(c, "value") for c in ids.FILTER_CONTROLS]


def filters_from(values, lang=None, **page) -> Filters:
    """Control values (untrusted: they come from the browser) through the same validation as the URL."""
    return Filters.from_query(controls_query(*values) | {"lang": lang} | page)


def register(app, repo: Repository) -> dict:
    """Wire the overview callbacks; returns them by name so tests can call them as functions."""

    def ready() -> None:
        if not repo.available():
            raise PreventUpdate

    @app.callback(
        Output(ids.URL_QUERY, "data"),
        Output(ids.LANG_LINK, "href"),
        *[Output(ids.nav(key), "href") for key, _, _ in NAV_ITEMS],
        *FILTER_INPUTS,
        Input(ids.OVERVIEW_MAP_METRIC, "value"),
        Input(ids.OVERVIEW_TREND_INDICATOR, "value"),
        Input(ids.OVERVIEW_TABLE_SEARCH, "value"),
        State(ids.LANG_STORE, "data"),
    )
    def sync_url(*args):
        *values, metric, indicator, text, lang = args
        return view.url_state(filters_from(values, lang, metric=metric, indicator=indicator), text)

    # The address bar follows the controls without re-rendering the page (replaceState, no router event).
    app.clientside_callback(
        ClientsideFunction(namespace="wijkwaarde", function_name="writeUrl"),
        Output(ids.URL_SYNC, "data"),
        Input(ids.URL_QUERY, "data"),
    )

    @app.callback(
        Output(ids.FILTER_WIJK, "options"),
        Output(ids.FILTER_WIJK, "value"),
        Output(ids.FILTER_BUURT, "options"),
        Output(ids.FILTER_BUURT, "value"),
        Input(ids.FILTER_GEMEENTE, "value"),
        Input(ids.FILTER_WIJK, "value"),
        Input(ids.OVERVIEW_MAP, "clickData"),
        State(ids.FILTER_BUURT, "value"),
        prevent_initial_call=True,
    )
    def area(gemeente, wijk, click, buurt):
        ready()
        clicked = view.clicked_buurt(click) if ctx.triggered_id == ids.OVERVIEW_MAP else None
        filters = Filters.from_query({"gemeente": gemeente, "wijk": wijk, "buurt": buurt})
        return view.area_controls(repo, filters, clicked, filters.buurt)

    @app.callback(
        Output(ids.FILTER_GEMEENTE, "value"), Input(ids.OVERVIEW_MAP, "clickData"), prevent_initial_call=True
    )
    def gemeente_click(click):
        """A click on the national map opens that gemeente (a click on a buurt map changes nothing here)."""
        ready()
        code = view.clicked_gemeente(repo, click)
        if code is None:
            raise PreventUpdate
        return code

    @app.callback(
        Output(ids.FILTER_FUNDERS, "options"), Input(ids.FILTER_GEMEENTE, "value"), prevent_initial_call=True
    )
    def funders(gemeente):
        ready()
        return view.funder_options(repo, Filters.from_query({"gemeente": gemeente}).gemeente)

    @app.callback(
        Output(ids.OVERVIEW_KPIS, "children"),
        Output(ids.OVERVIEW_KPI_FOOTNOTE, "children"),
        *FILTER_INPUTS,
        State(ids.LANG_STORE, "data"),
    )
    def kpis(*args):
        ready()
        filters = filters_from(args[:-1], args[-1])
        return view.render_kpis(repo, filters), view.render_footnote(repo, filters, "kpis")

    # The map and the trend come with their text summary and data table (WCAG): one callback each, so
    # the numbers are queried once for the figure and its table. wire(): components as plain JSON, so the
    # response with its large figure serialises the fast way (dashboard/components/wire.py).
    @app.callback(
        Output(ids.OVERVIEW_MAP, "figure"),
        Output(ids.OVERVIEW_MAP_KEY, "data"),
        Output(ids.OVERVIEW_MAP_FOOTNOTE, "children"),
        Output(ids.OVERVIEW_MAP_SUMMARY, "children"),
        Output(ids.OVERVIEW_MAP_DATA, "children"),
        Output(ids.OVERVIEW_MAP_TITLE, "children"),
        *FILTER_INPUTS,
        Input(ids.OVERVIEW_MAP_METRIC, "value"),
        State(ids.OVERVIEW_MAP_KEY, "data"),
        State(ids.LANG_STORE, "data"),
    )
    def map_(*args):
        ready()
        *values, metric, key, lang = args
        filters = filters_from(values, lang, metric=metric)
        figure, new_key, chart = charts.map_with_data(repo, filters, key)
        note = view.render_footnote(repo, filters, "map")
        title = view.map_title(view.resolve(repo, filters, national=True), filters.lang)
        return (
            figure,
            new_key,
            wire(note),
            wire(chart.summary),
            wire(data_table(chart, chart.meta.lang)),
            title,
        )

    @app.callback(
        Output(ids.OVERVIEW_TREND, "figure"),
        Output(ids.OVERVIEW_TREND_FOOTNOTE, "children"),
        Output(ids.OVERVIEW_TREND_SUMMARY, "children"),
        Output(ids.OVERVIEW_TREND_DATA, "children"),
        *FILTER_INPUTS,
        Input(ids.OVERVIEW_TREND_INDICATOR, "value"),
        State(ids.LANG_STORE, "data"),
    )
    def trend(*args):
        ready()
        *values, indicator, lang = args
        filters = filters_from(values, lang, indicator=indicator)
        figure, chart = charts.trend_with_data(repo, filters)
        note = view.render_footnote(repo, filters, "trend")
        return figure, wire(note), wire(chart.summary), wire(data_table(chart, chart.meta.lang))

    @app.callback(
        Output(ids.OVERVIEW_TABLE, "rowData"),
        Output(ids.OVERVIEW_TABLE_FOOTNOTE, "children"),
        *FILTER_INPUTS,
        State(ids.LANG_STORE, "data"),
    )
    def table(*args):
        ready()
        filters = filters_from(args[:-1], args[-1])
        rows, limited = view.render_table_with_note(repo, filters)
        note = view.render_footnote(repo, filters, "table")
        return rows, wire(note if limited is None else [limited, note])

    @app.callback(
        Output(ids.OVERVIEW_TABLE, "dashGridOptions"),
        Input(ids.OVERVIEW_TABLE_SEARCH, "value"),
        prevent_initial_call=True,
    )
    def search(text):
        patch = Patch()
        patch["quickFilterText"] = text if isinstance(text, str) else ""
        return patch

    return {
        "sync_url": sync_url,
        "area": area,
        "gemeente_click": gemeente_click,
        "funders": funders,
        "kpis": kpis,
        "map": map_,
        "trend": trend,
        "table": table,
        "search": search,
    }
