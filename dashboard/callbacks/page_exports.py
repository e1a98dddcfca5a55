"""Downloads, text summaries and data tables of the profiel, behoefte, portefeuille and overleving charts.

Wiring only: control values (browser input) become a query, which goes through the page's own URL
validation in dashboard/views/page_charts.py; the ChartData there is read from the page's own figure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from dash import Input, Output, State
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.callbacks import exports as export_callbacks
from dashboard.callbacks.need import state_from as need_state
from dashboard.components.chart_block import data_id, summary_id
from dashboard.components.chart_tools import data_table
from dashboard.heavy import heavy
from dashboard.repository import Repository
from dashboard.views import page_charts as charts
from dashboard.views import profile as profile_view


def _profile_query(area, stat, lang) -> dict[str, Any]:
    query: dict[str, Any] = profile_view.area_filters(area, lang if lang == "en" else "nl").to_query()
    return query | {profile_view.STAT_KEY: stat, "lang": lang}


def _need_query(gemeente, higher, lower, coverage, lang, search) -> dict[str, Any]:
    return dict(
        parse_qsl(need_state(gemeente, higher, lower, coverage, lang, search).to_search().lstrip("?"))
    )


def _portfolio_query(gemeente, funders, year_from, year_to, outcome, lang) -> dict[str, Any]:
    return {"gemeente": gemeente, "financier": funders, "van": year_from, "tot": year_to, "uitkomst": outcome,
            "lang": lang}  # fmt: skip


def _survival_query(gemeente, group, rule, months, lang) -> dict[str, Any]:
    return {"gemeente": gemeente, "groep": group, "regel": rule, "maanden": months, "lang": lang}


# page -> (controls that change the charts, extra states after the language, query builder,
#          charts whose summary <p> this module fills (the others have one from the page's own callback))
PAGES: dict[str, tuple[list[str], list[State], Callable[..., dict], tuple[str, ...]]] = {
    "profile": ([ids.PROFILE_AREA, ids.PROFILE_STAT], [], _profile_query, ()),
    "need": (
        [ids.NEED_GEMEENTE, ids.NEED_HIGHER, ids.NEED_LOWER, ids.NEED_COVERAGE],
        [State(ids.url_query("need"), "data")],
        _need_query,
        (),
    ),
    "portfolio": (
        [
            ids.PORTFOLIO_GEMEENTE,
            ids.PORTFOLIO_FUNDERS,
            ids.PORTFOLIO_YEAR_FROM,
            ids.PORTFOLIO_YEAR_TO,
            ids.PORTFOLIO_OUTCOME,
        ],
        [],
        _portfolio_query,
        charts.PAGE_CHARTS["portfolio"],
    ),  # fmt: skip
    "survival": (
        [ids.SURVIVAL_GEMEENTE, ids.SURVIVAL_GROUP, ids.SURVIVAL_RULE, ids.SURVIVAL_MONTHS],
        [],
        _survival_query,
        charts.PAGE_CHARTS["survival"],
    ),
}


def register(app, repo: Repository) -> dict:
    """Wire every page's downloads and chart texts; returns them by name ('<page>_export', '<page>_text')."""
    out: dict[str, Callable] = {}

    def ready() -> None:
        if not repo.available():
            raise PreventUpdate

    for page, (controls, extra, to_query, own_summaries) in PAGES.items():
        states = [State(c, "value") for c in controls] + [State(ids.LANG_STORE, "data"), *extra]

        def build(chart, fmt, *values, page=page, to_query=to_query):
            ready()
            if chart in charts.PAGE_TABLES[page]:  # tables: CSV and Excel only
                if fmt == "png":
                    raise PreventUpdate
                return charts.TABLE_BUILDERS[page](repo, to_query(*values))[chart], None
            found = charts.BUILDERS[page](repo, to_query(*values))
            item = found[chart]  # KeyError for a chart the page does not have: ignored by the export
            return item.data, item.figure if fmt == "png" else None

        out |= export_callbacks.register(app, page, states, build)
        names = charts.PAGE_CHARTS[page]
        outputs = [Output(data_id(page, n), "children") for n in names]
        outputs += [Output(summary_id(page, n), "children") for n in own_summaries]

        def text(*values, page=page, to_query=to_query, names=names, own=own_summaries):
            ready()
            found = charts.BUILDERS[page](repo, to_query(*values))
            tables = [data_table(found[n].data, found[n].data.meta.lang) for n in names]
            return (*tables, *[found[n].data.summary for n in own])

        app.callback(*outputs, *[Input(c, "value") for c in controls], State(ids.LANG_STORE, "data"), *extra)(
            heavy(text)  # builds the page's figures: off the threads cheap callbacks need
        )
        out[f"{page}_text"] = text
    return out
