"""Overview callbacks: wiring only. Each builds a validated Filters value and calls a render function.

Controls are taken by name (a dict of Inputs keyed by the Filters field they set), never by position.
"""

from __future__ import annotations

from collections.abc import Callable

from dash import Input, Output, Patch, State, ctx
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.auth import session
from dashboard.callbacks import output_cache
from dashboard.callbacks.controls import by_name, control_inputs
from dashboard.charts import overview as charts
from dashboard.components.wire import wire
from dashboard.filters import Filters
from dashboard.repository import Repository
from dashboard.views import overview as view
from dashboard.views import stories as story_view

# Filters field -> component id of its control: the filter bar plus the overview's own selectors.
CONTROLS = {
    **ids.FILTER_CONTROLS,
    "metric": ids.OVERVIEW_MAP_METRIC,
    "indicator": ids.OVERVIEW_TREND_INDICATOR,
}


def filter_inputs() -> dict[str, Input]:
    """The filter bar's controls as Inputs by field name (Dash passes their values as one dict)."""
    return control_inputs(ids.FILTER_CONTROLS)


def filters_from(controls, lang=None, **page) -> Filters:
    """Control values by field name (untrusted: they come from the browser) through the URL's validation.

    Only the filter bar's fields are taken from `controls`; anything else in it is ignored."""
    return Filters.from_query(by_name(controls, ids.FILTER_CONTROLS) | {"lang": lang} | page)


# What the four figure callbacks answer, as plain functions of their inputs (the callbacks only wire them).
def kpi_outputs(repo: Repository, controls: dict, lang) -> tuple:
    filters = filters_from(controls, lang)
    return view.render_kpis(repo, filters), view.render_footnote(repo, filters, "kpis")


def map_outputs(repo: Repository, controls: dict, metric, key, lang) -> tuple:
    filters = filters_from(controls, lang, metric=metric)
    chart_ctx = charts.context(repo, filters)
    layer = story_view.story_layer(repo, chart_ctx.filters, session.request_scope())
    chart = charts.map_chart(chart_ctx, key, inline=False, layers=layer.traces)
    note = view.render_footnote(repo, filters, "map")
    title = view.map_title(chart_ctx.filters, filters.lang)
    return (
        chart.figure,
        chart_ctx.memo["map_key"],
        wire(note),
        wire(chart.summary),
        wire(chart.table()),
        title,
        wire(story_view.story_list(layer, chart_ctx.filters)),
    )


def trend_outputs(repo: Repository, controls: dict, indicator, lang) -> tuple:
    filters = filters_from(controls, lang, indicator=indicator)
    chart = charts.trend_chart(charts.context(repo, filters))
    note = view.render_footnote(repo, filters, "trend")
    return chart.figure, wire(note), wire(chart.summary), wire(chart.table())


def table_outputs(repo: Repository, controls: dict, lang) -> tuple:
    filters = filters_from(controls, lang)
    rows, limited = view.render_table_with_note(repo, filters)
    note = view.render_footnote(repo, filters, "table")
    return rows, wire(note if limited is None else [limited, note])


def _story_version(repo: Repository) -> Callable[[], str]:
    # stories are accepted without waiting for the next version to be read: their count is in the key
    return lambda: story_view.layer_version(repo)


def register(app, repo: Repository) -> dict:
    """Wire the overview callbacks; returns them by name so tests can call them as functions."""
    cached = output_cache.for_app(app)

    def ready() -> None:
        if not repo.available():
            raise PreventUpdate

    @app.callback(
        output=Output(ids.url_query("overview"), "data"),
        inputs=dict(
            controls=filter_inputs(),
            metric=Input(ids.OVERVIEW_MAP_METRIC, "value"),
            indicator=Input(ids.OVERVIEW_TREND_INDICATOR, "value"),
            text=Input(ids.OVERVIEW_TABLE_SEARCH, "value"),
            lang=State(ids.LANG_STORE, "data"),
        ),
    )
    def sync_url(controls, metric, indicator, text, lang):
        """The page's query (callbacks/url_sync.py writes it to the address bar and the links)."""
        return view.url_query(filters_from(controls, lang, metric=metric, indicator=indicator), text)

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
        controls = view.area_controls(repo, filters, clicked, filters.buurt)
        if controls is None:  # a click outside the gemeente's buurten
            raise PreventUpdate
        return controls

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
        inputs=dict(controls=filter_inputs(), lang=State(ids.LANG_STORE, "data")),
        prevent_initial_call=True,  # the page's first view holds the cards already (pages/overview.py)
    )
    @cached(repo, "overview.kpis")  # the same question from the same scope: answered once
    def kpis(controls, lang):
        ready()
        return kpi_outputs(repo, controls, lang)

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
        Output(ids.OVERVIEW_MAP_STORIES, "children"),
        inputs=dict(
            controls=filter_inputs(),
            metric=Input(ids.OVERVIEW_MAP_METRIC, "value"),
            key=State(ids.OVERVIEW_MAP_KEY, "data"),
            lang=State(ids.LANG_STORE, "data"),
        ),
    )
    @cached(repo, "overview.map", extra=_story_version(repo))
    def map_(controls, metric, key, lang):
        ready()
        return map_outputs(repo, controls, metric, key, lang)

    @app.callback(
        Output(ids.OVERVIEW_TREND, "figure"),
        Output(ids.OVERVIEW_TREND_FOOTNOTE, "children"),
        Output(ids.OVERVIEW_TREND_SUMMARY, "children"),
        Output(ids.OVERVIEW_TREND_DATA, "children"),
        inputs=dict(
            controls=filter_inputs(),
            indicator=Input(ids.OVERVIEW_TREND_INDICATOR, "value"),
            lang=State(ids.LANG_STORE, "data"),
        ),
    )
    @cached(repo, "overview.trend")  # the same question from the same scope: answered once
    def trend(controls, indicator, lang):
        ready()
        return trend_outputs(repo, controls, indicator, lang)

    @app.callback(
        Output(ids.OVERVIEW_TABLE, "rowData"),
        Output(ids.OVERVIEW_TABLE_FOOTNOTE, "children"),
        inputs=dict(controls=filter_inputs(), lang=State(ids.LANG_STORE, "data")),
    )
    @cached(repo, "overview.table")  # the same question from the same scope: answered once
    def table(controls, lang):
        ready()
        return table_outputs(repo, controls, lang)

    @app.callback(
        Output(ids.OVERVIEW_TABLE, "dashGridOptions"),
        Input(ids.OVERVIEW_TABLE_SEARCH, "value"),
        prevent_initial_call=True,
    )
    def search(text):
        patch = Patch()
        # as in the URL (?zoek=): never longer than filters.MAX_SEARCH, whatever the browser sent
        patch["quickFilterText"] = view.table_search(text)
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
