"""The language switch and the navigation follow a page's controls: one callback per page, fed by its URL store."""

from __future__ import annotations

from collections.abc import Callable

from dash import Input, Output, State

from dashboard import ids
from dashboard.components.shell import NAV_ITEMS, page_links


def register(app, active: str, url_store: str, shared: Callable[[str], str] | None = None):
    """Wire the links of page `active` to its URL query store; `shared` turns the page's query into the
    selection other pages get (e.g. without this page's own parameters). Returns the callback."""

    @app.callback(
        Output(ids.LANG_LINK, "href", allow_duplicate=True),
        *[Output(ids.nav(key), "href", allow_duplicate=True) for key, _, _ in NAV_ITEMS],
        Input(url_store, "data"),
        State(ids.LANG_STORE, "data"),
        prevent_initial_call=True,
    )
    def links(search, lang):
        lang = "en" if lang == "en" else "nl"
        search = search if isinstance(search, str) and search.startswith("?") else ""
        return page_links(active, search, lang, shared(search) if shared else None)

    return links
