"""The overview page: filter bar, KPI cards, buurt map, quarterly trend and initiative table."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.callbacks import overview as callbacks
from dashboard.callbacks import overview_extras
from dashboard.callbacks.url_sync import filters_only
from dashboard.components import chart_block
from dashboard.components.cards import section_card
from dashboard.components.chart_tools import export_buttons
from dashboard.components.fields import labelled_dropdown, search_field
from dashboard.components.filter_bar import create_filter_bar
from dashboard.components.graph_config import graph_config
from dashboard.components.grid import WRAPPED_CELLS, locale_text
from dashboard.components.shell import create_page, no_database, url_stores
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.pack.overview_items import OVERVIEW_CHARTS, overview_items
from dashboard.page import Page
from dashboard.repository import Repository
from dashboard.views import overview as view

# Formatters from assets/dashAgGridFunctions.js (Intl.NumberFormat('nl-NL')): 1.234 and € 1.234.
# the grid's formatters (assets/dashAgGridFunctions.js) in the page's notation
FORMATS = {
    "nl": {
        "date": "dutchDate(params.value)",
        "euro": "dutchEuro(params.value)",
        "number": "dutchNumber(params.value)",
    },
    "en": {
        "date": "englishDate(params.value)",
        "euro": "englishEuro(params.value)",
        "number": "englishNumber(params.value)",
    },
}


def column_defs(lang: str, participants: bool = False) -> list[dict]:
    """The grid's columns; participants per initiative only when protection allows it (internal mode).

    Cells wrap at spaces (WRAPPED_CELLS): a text column is as wide as its longest single word needs
    ('Bewonersinitiatief', 'Bewonersplatform'), the dates take no more than a date needs."""

    def col(field: str, key: str, **extra) -> dict:
        return {"field": field, "headerName": t(key, lang), **extra}

    formats = FORMATS["en" if lang == "en" else "nl"]

    return [
        col("naam", "col_name", minWidth=180, flex=2),
        col("pagina", "col_page", minWidth=90, cellRenderer="markdown", sortable=False),
        col("organisatie", "col_organisation", minWidth=160, flex=2),
        col("themas", "col_themes", minWidth=160, flex=2),
        col("vorm", "col_form", minWidth=170),
        col("status", "col_status", minWidth=105),
        col("start", "col_start", minWidth=110, valueFormatter={"function": formats["date"]}),
        col("einde", "col_end", minWidth=110, valueFormatter={"function": formats["date"]}),
        col("hoofdbuurt", "col_buurt", minWidth=140),
        col(
            "subsidie",
            "col_grants",
            minWidth=130,
            type="rightAligned",
            valueFormatter={"function": formats["euro"]},
        ),
    ] + (
        [
            col(
                "deelnemers",
                "col_participants",
                minWidth=130,
                type="rightAligned",
                valueFormatter={"function": formats["number"]},
            )
        ]
        if participants
        else []
    )


def map_with_preview(preview: str | None, lang: str):
    """The map, and over it the still picture of its first view (map_preview.py) until it is drawn: the
    picture needs neither the chart library nor WebGL. Decorative (alt=""): the data table says it."""
    graph = dcc.Graph(id=ids.OVERVIEW_MAP, config=graph_config(lang, scrollZoom=True))
    if preview is None:
        return graph
    picture = html.Img(src=preview, alt="", id=ids.OVERVIEW_MAP_PREVIEW, className="map-preview")
    return html.Div([graph, picture], className="map-preview-holder")


def build(repo: Repository, query: dict) -> html.Div:
    """The page for a query string: every control starts at the value the URL asks for."""
    filters = Filters.from_query(query)
    lang = filters.lang
    search = filters.to_search()
    if not repo.available():
        return create_page(lang, "overview", False, [no_database(lang)], search)
    filters = view.resolve(repo, filters, national=True)
    text = view.table_search(query.get(view.SEARCH_KEY))  # the table's search box (?zoek=)
    dataset = repo.dataset()
    reset = "/" + ("?lang=en" if lang == "en" else "")
    metric_opts = view.metric_options(repo, lang)
    indicator_opts = view.indicator_options(repo, lang)
    body = [
        *url_stores("overview"),
        dcc.Store(id=ids.OVERVIEW_MAP_KEY),
        html.H1(PAGE.name(lang), className="visually-hidden"),
        create_filter_bar(
            view.filter_options(repo, filters, national=True), view.control_values(filters), lang, reset
        ),
        html.Section(
            [
                html.H2(PAGE.name(lang), className="visually-hidden"),
                # the first view's cards come with the page (no callback before they show); the callback
                # answers the filter changes after it
                dcc.Loading(
                    dbc.Row(view.render_kpis(repo, filters), id=ids.OVERVIEW_KPIS, className="g-3"),
                    type="dot",
                    delay_show=400,
                ),
                html.Div(view.render_footnote(repo, filters, "kpis"), id=ids.OVERVIEW_KPI_FOOTNOTE),
                export_buttons("overview", "kpis", t("kpi_title", lang), lang, png=False),
            ],
            className="mb-3",
        ),
        dbc.Row(
            [
                dbc.Col(
                    section_card(
                        view.map_title(filters, lang),
                        [
                            *chart_block.block(
                                "overview",
                                "map",
                                t("map_title", lang),
                                map_with_preview(view.map_preview(repo, filters), lang),
                                lang,
                                summary=ids.OVERVIEW_MAP_SUMMARY,
                                notes=[
                                    html.P(
                                        [
                                            t("map_hint", lang),
                                            " ",
                                            html.Span("■", style={"color": "#d9d9d9"}),
                                            " = ",
                                            t("no_value", lang),
                                        ],
                                        className="small text-muted mb-0",
                                    ),
                                    html.Div(id=ids.OVERVIEW_MAP_FOOTNOTE),
                                    html.Div(id=ids.OVERVIEW_MAP_STORIES),
                                ],
                                table_id=ids.OVERVIEW_MAP_DATA,
                                pack="kaart",
                            ),
                        ],
                        labelled_dropdown(
                            t("map_metric", lang), ids.OVERVIEW_MAP_METRIC, metric_opts, filters.metric, lang
                        ),
                        title_id=ids.OVERVIEW_MAP_TITLE,
                    ),
                    lg=6,
                    className="mb-3",
                ),
                dbc.Col(
                    section_card(
                        t("trend_title", lang),
                        [
                            *chart_block.block(
                                "overview",
                                "trend",
                                t("trend_title", lang),
                                dcc.Graph(id=ids.OVERVIEW_TREND, config=graph_config(lang)),
                                lang,
                                summary=ids.OVERVIEW_TREND_SUMMARY,
                                notes=[html.Div(id=ids.OVERVIEW_TREND_FOOTNOTE)],
                                table_id=ids.OVERVIEW_TREND_DATA,
                            ),
                        ],
                        labelled_dropdown(
                            t("trend_indicator", lang),
                            ids.OVERVIEW_TREND_INDICATOR,
                            indicator_opts,
                            filters.indicator,
                            lang,
                        ),
                    ),
                    lg=6,
                    className="mb-3",
                ),
            ],
            className="g-3",
        ),
        section_card(
            t("table_title", lang),
            [
                dag.AgGrid(
                    id=ids.OVERVIEW_TABLE,
                    columnDefs=column_defs(lang, view.protection_for(repo, filters).initiative_counts),
                    rowData=[],
                    defaultColDef={
                        "sortable": True,
                        "resizable": True,
                        "flex": 1,
                        "minWidth": 110,
                        "wrapHeaderText": True,
                        "autoHeaderHeight": True,
                        **WRAPPED_CELLS,
                    },
                    dashGridOptions={
                        "quickFilterText": text,
                        "pagination": True,
                        "paginationPageSize": 20,
                        "animateRows": False,
                        "domLayout": "autoHeight",
                        "localeText": locale_text(lang),
                    },
                    style={"height": None},
                    className="ag-theme-quartz",
                ),
                html.Div(id=ids.OVERVIEW_TABLE_FOOTNOTE),
                export_buttons("overview", "table", t("table_title", lang), lang, png=False),
            ],
            search_field(
                t("table_search", lang),
                ids.OVERVIEW_TABLE_SEARCH,
                text,
                t("table_search_placeholder", lang),
                {"minWidth": "18rem"},
            ),
        ),
    ]
    return create_page(lang, "overview", bool(dataset.get("is_fictional")), body, search)


PAGE = Page(
    key="overview",
    path="/",
    label={"nl": "Overzicht", "en": "Overview"},
    build=build,
    nav=True,
    state=Filters,
    controls=callbacks.CONTROLS,
    url_sync=True,
    shared=filters_only,  # the table's search text stays on this page
    callbacks=(callbacks.register, overview_extras.register),
    pack_items=overview_items,
    charts=OVERVIEW_CHARTS,
)
