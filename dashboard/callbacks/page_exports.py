"""Downloads of the profiel, behoefte, portefeuille and overleving charts and tables.

Wiring only: control values (browser input) become a query, which goes through the page's own URL
validation (ChartPage.state in dashboard/charts/); the download computes only the asked chart or table,
from its one DataFrame. The data tables and summaries under the charts come from each page's own callback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from dash import State
from dash.exceptions import PreventUpdate

from dashboard import charts as chart_pages
from dashboard import ids
from dashboard.callbacks import exports as export_callbacks
from dashboard.callbacks.need import state_from as need_state
from dashboard.repository import Repository
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


# page -> (controls that change the charts, extra states after the language, query builder)
PAGES: dict[str, tuple[list[str], list[State], Callable[..., dict]]] = {
    "profile": ([ids.PROFILE_AREA, ids.PROFILE_STAT], [], _profile_query),
    "need": (
        [ids.NEED_GEMEENTE, ids.NEED_HIGHER, ids.NEED_LOWER, ids.NEED_COVERAGE],
        [State(ids.NEED_URL_QUERY, "data")],
        _need_query,
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
    ),  # fmt: skip
    "survival": (
        [ids.SURVIVAL_GEMEENTE, ids.SURVIVAL_GROUP, ids.SURVIVAL_RULE, ids.SURVIVAL_MONTHS],
        [],
        _survival_query,
    ),
}


def register(app, repo: Repository) -> dict:
    """Wire every page's downloads; returns them by name ('<page>_export', '<page>_download')."""
    out: dict[str, Callable] = {}

    for page, (controls, extra, to_query) in PAGES.items():
        states = [State(c, "value") for c in controls] + [State(ids.LANG_STORE, "data"), *extra]

        def build(chart, fmt, *values, page=page, to_query=to_query):
            if not repo.available():
                raise PreventUpdate
            found = chart_pages.PAGES[page]
            state = found.state(to_query(*values))
            if chart in found.tables:  # tables: CSV and Excel only
                if fmt == "png":
                    raise PreventUpdate
                return found.table(repo, state, chart), None
            item = found.chart(repo, state, chart)  # KeyError: a chart the page does not have, ignored
            return item.data, item.figure if fmt == "png" else None

        out |= export_callbacks.register(app, page, states, build)
    return out
