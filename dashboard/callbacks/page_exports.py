"""Downloads of the profiel, behoefte, portefeuille and overleving charts and tables.

Wiring only: control values (browser input), named as the page's own callback names them (its CONTROLS),
become a query, which goes through the page's own URL validation (ChartPage.state in dashboard/charts/); the
download computes only the asked chart or table, from its one DataFrame. The data tables and summaries under the charts come from each page's own callback.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from dash import State
from dash.exceptions import PreventUpdate

from dashboard import charts as chart_pages
from dashboard import ids
from dashboard.callbacks import exports as export_callbacks
from dashboard.callbacks import need, portfolio, profile, survival
from dashboard.callbacks.controls import by_name
from dashboard.repository import Repository
from dashboard.views import profile as profile_view


def _profile_query(controls: dict, lang, *_) -> dict[str, Any]:
    area = profile_view.area_filters(controls["area"], lang if lang == "en" else "nl")
    return area.to_query() | {profile_view.STAT_KEY: controls[profile_view.STAT_KEY], "lang": lang}


def _need_query(controls: dict, lang, search=None) -> dict[str, Any]:
    return dict(parse_qsl(need.state_of(controls, lang, search).to_search().lstrip("?")))


def _plain_query(controls: dict, lang, *_) -> dict[str, Any]:
    """Controls named by their URL keys: the query as it is (the page's state validates it)."""
    return controls | {"lang": lang}


# page -> (its controls that change the charts, by URL key: the page callback's own; extra states after
# the language; query builder (controls by name, language, *extra) -> the page's URL query)
PAGES: dict[str, tuple[Mapping[str, str], list[State], Callable[..., dict]]] = {
    "profile": (profile.RENDER_CONTROLS, [], _profile_query),
    "need": (need.CONTROLS, [State(ids.url_query("need"), "data")], _need_query),
    "portfolio": (portfolio.CONTROLS, [], _plain_query),
    "survival": (survival.CONTROLS, [], _plain_query),
}


def register(app, repo: Repository) -> dict:
    """Wire every page's downloads; returns them by name ('<page>_export', '<page>_download')."""
    out: dict[str, Callable] = {}

    for page, (controls, extra, to_query) in PAGES.items():
        states = [State(c, "value") for c in controls.values()] + [State(ids.LANG_STORE, "data"), *extra]

        def build(chart, fmt, *values, page=page, controls=controls, to_query=to_query):
            if not repo.available():
                raise PreventUpdate
            n = len(controls)  # the states: the controls in their dict's order, the language, the extras
            named = by_name(dict(zip(controls, values[:n], strict=False)), controls)
            lang = values[n] if len(values) > n else None
            found = chart_pages.PAGES[page]
            state = found.state(to_query(named, lang, *values[n + 1 :]))
            if chart in found.tables:  # tables: CSV and Excel only
                if fmt == "png":
                    raise PreventUpdate
                return found.table(repo, state, chart), None
            item = found.chart(repo, state, chart)  # KeyError: a chart the page does not have, ignored
            return item.data, item.figure if fmt == "png" else None

        out |= export_callbacks.register(app, page, states, build)
    return out
