"""The indicator catalogue page (/indicatoren): every indicator with IRIS+ metric id and SDG target, searchable."""

from __future__ import annotations

from collections.abc import Callable

import dash_ag_grid as dag
from dash import dcc, html

from dashboard import ids
from dashboard.components.chart_tools import export_buttons
from dashboard.components.footnote import footnote
from dashboard.components.grid import locale_text
from dashboard.components.shell import create_page, no_database
from dashboard.filters import Filters
from dashboard.i18n import local, t
from dashboard.repository import Repository

ENTITIES = ("indicatoren", "waarnemingen")
MAX_SEARCH = 100
PAGE = "indicators"  # the export buttons' page key


def search_text(value) -> str:
    """The search box's text (URL or browser input): a plain string of bounded length."""
    return value.strip()[:MAX_SEARCH] if isinstance(value, str) else ""


def column_defs(lang: str) -> list[dict]:
    def col(field: str, key: str, **extra) -> dict:
        return {"field": field, "headerName": t(key, lang), **extra}

    return [
        col("code", "col_code", minWidth=140),
        col("naam_nl", "col_name_nl", minWidth=200, flex=2),
        col("naam_en", "col_name_en", minWidth=200, flex=2),
        col("eenheid", "col_unit", minWidth=100),
        col("richting", "col_direction", minWidth=130),
        col("toc", "col_toc", minWidth=120),
        col("aggregatie", "col_aggregation", minWidth=150),
        col("thema", "col_theme", minWidth=150),
        col("iris", "col_iris", minWidth=110),
        col("sdg", "col_sdg", minWidth=100),
        col("initiatieven", "col_reporting", minWidth=120, type="rightAligned"),
    ]


def rows(repo: Repository, lang: str) -> list[dict]:
    """One row per indicator, labels in the page's language, in Theory-of-Change order."""
    out = []
    for r in repo.indicator_catalogue().itertuples(index=False):

        def text(value) -> str | None:
            return value if isinstance(value, str) else None

        out.append(
            {
                "code": r.code,
                "naam_nl": r.name_nl,
                "naam_en": r.name_en,
                "eenheid": r.unit,
                "richting": text(local(r, "direction", lang)),
                "toc": text(local(r, "toc_level", lang)),
                "aggregatie": text(local(r, "aggregation", lang)),
                "thema": text(local(r, "theme", lang)),
                "iris": text(r.iris_code),
                "sdg": text(r.sdg_target),
                "initiatieven": int(r.initiatives),
            }
        )
    return out


def build(repo: Repository, query: dict) -> html.Div:
    filters = Filters.from_query(query)
    lang = filters.lang
    search = filters.to_search()
    if not repo.available():
        return create_page(lang, "indicators", False, [no_database(lang)], search)
    text = search_text(query.get("zoek"))
    body = [
        dcc.Store(id=ids.CATALOGUE_URL_QUERY),
        dcc.Store(id=ids.CATALOGUE_URL_SYNC),
        dcc.Store(id=ids.CATALOGUE_BASE, data=filters.to_query()),
        html.H1(t("indicators_title", lang), className="h3"),
        html.P(t("indicators_intro", lang), className="text-muted"),
        html.Div(
            [
                html.Label(
                    t("search_indicators", lang),
                    htmlFor=ids.CATALOGUE_SEARCH,
                    className="form-label small fw-semibold mb-1",
                ),
                dcc.Input(
                    id=ids.CATALOGUE_SEARCH,
                    type="search",
                    value=text,
                    placeholder=t("search_indicators_placeholder", lang),
                    debounce=0.3,
                    className="form-control form-control-sm",
                    style={"maxWidth": "24rem"},
                ),
            ],
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
        export_buttons(PAGE, "catalogus", t("indicators_title", lang), lang, png=False),
    ]
    return create_page(lang, "indicators", bool(repo.dataset().get("is_fictional")), body, search)


def make_layout(repo: Repository) -> Callable[..., html.Div]:
    def layout(**query) -> html.Div:
        return build(repo, query)

    return layout
