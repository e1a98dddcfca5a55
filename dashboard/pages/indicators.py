"""The indicator catalogue page (/indicatoren): every indicator with IRIS+ metric id and SDG target, searchable."""

from __future__ import annotations

import dash_ag_grid as dag
from dash import dcc, html

from dashboard import ids
from dashboard.callbacks import indicators as callbacks
from dashboard.callbacks.url_sync import filters_only
from dashboard.components.chart_tools import export_buttons
from dashboard.components.fields import search_field
from dashboard.components.footnote import footnote
from dashboard.components.grid import WRAPPED_CELLS, locale_text
from dashboard.components.shell import create_page, no_database, url_stores
from dashboard.filters import Filters, search_text
from dashboard.i18n import t
from dashboard.page import Page
from dashboard.repository import Repository
from dashboard.views.indicators import column_defs, rows

ENTITIES = ("indicatoren", "waarnemingen")
KEY = "indicators"  # the export buttons' page key


def build(repo: Repository, query: dict) -> html.Div:
    filters = Filters.from_query(query)
    lang = filters.lang
    search = filters.to_search()
    if not repo.available():
        return create_page(lang, "indicators", False, [no_database(lang)], search)
    text = search_text(query.get("zoek"))
    body = [
        *url_stores("indicators"),
        dcc.Store(id=ids.CATALOGUE_BASE, data=filters.to_query()),
        html.H1(t("indicators_title", lang), className="h3"),
        html.P(t("indicators_intro", lang), className="text-muted"),
        html.Div(
            search_field(
                t("search_indicators", lang),
                ids.CATALOGUE_SEARCH,
                text,
                t("search_indicators_placeholder", lang),
                {"maxWidth": "24rem"},
            ),
            className="mb-3",
        ),
        dag.AgGrid(
            id=ids.CATALOGUE_TABLE,
            columnDefs=column_defs(lang),
            rowData=rows(repo, lang),
            defaultColDef={
                "sortable": True,
                "resizable": True,
                "flex": 1,
                "wrapHeaderText": True,
                "autoHeaderHeight": True,
                **WRAPPED_CELLS,
            },
            dashGridOptions={
                "quickFilterText": text,
                "animateRows": False,
                "domLayout": "autoHeight",
                "localeText": locale_text(lang),
            },
            style={"height": None},
            className="ag-theme-quartz",
        ),
        footnote(repo.sources(ENTITIES), repo.dataset(), lang),
        export_buttons(KEY, "catalogus", t("indicators_title", lang), lang, png=False),
    ]
    return create_page(lang, "indicators", bool(repo.dataset().get("is_fictional")), body, search)


PAGE = Page(
    key="indicators",
    path="/indicatoren",
    label={"nl": "Indicatoren", "en": "Indicators"},
    build=build,
    nav=True,
    state=Filters,
    controls=callbacks.CONTROLS,
    url_sync=True,
    shared=filters_only,  # the search text stays on this page
    callbacks=(callbacks.register,),
)
