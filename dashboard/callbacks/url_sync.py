"""The address bar, the language switch and the navigation follow every page's state: one wiring for all pages.

A page with `Page.url_sync` has the stores ids.url_query(key) and ids.url_sync(key) (components/shell.py
url_stores) and its own callback puts its validated query (state.to_search()) in the first. From there:
- one clientside callback (pattern-matched on the page) writes the query to the address bar (replaceState,
  no router event, so the page does not re-render: the URL only seeds the layout);
- one server callback points the language switch and the navigation links at it (`Page.shared` decides what
  other pages get of it).
"""

from __future__ import annotations

from dash import ALL, MATCH, ClientsideFunction, Input, Output, State, ctx
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.components.shell import page_links, with_carry
from dashboard.filters import Filters, query_text
from dashboard.page import by_key, nav_pages
from dashboard.repository import Repository


def filters_only(repo: Repository, search: str) -> str:
    """`Page.shared` of a page whose own parameters stay on the page: other pages get the Filters only."""
    return Filters.from_search(search).to_search()


def links_for(repo: Repository, key: str, search, lang) -> tuple[str, ...]:
    """(language switch, every navigation link) for page `key` showing the query `search` (browser input)."""
    lang = "en" if lang == "en" else "nl"
    search = query_text(search)
    page = by_key(key)
    shared = page.shared(repo, search) if page is not None and page.shared is not None else None
    return page_links(key, search, lang, shared)


def register(app, repo: Repository) -> dict:
    """Wire the address bar and the links for every page; returns the links function for tests."""
    app.clientside_callback(
        ClientsideFunction(namespace="wijkwaarde", function_name="writeUrl"),
        Output(ids.url_sync(MATCH), "data"),
        Input(ids.url_query(MATCH), "data"),
        State(ids.url_carry(MATCH), "data"),
    )

    @app.callback(
        Output(ids.LANG_LINK, "href", allow_duplicate=True),
        *[Output(ids.nav(p.key), "href", allow_duplicate=True) for p in nav_pages()],
        Input(ids.url_query(ALL), "data"),
        State(ids.LANG_STORE, "data"),
        State(ids.url_carry(ALL), "data"),
        prevent_initial_call=True,
    )
    def links(searches, lang, carries=None):
        # One page is on screen, so one store matches; its id names the page.
        stores = ctx.inputs_list[0] if ctx.inputs_list else []
        if len(stores) != 1 or not isinstance(searches, list) or len(searches) != 1:
            raise PreventUpdate
        if not isinstance(searches[0], str):  # the page has not written its query yet: the links it was
            raise PreventUpdate  # built with carry its selection (a None here made them bare)
        key = stores[0]["id"].get("page")
        if not isinstance(key, str) or by_key(key) is None:
            raise PreventUpdate
        carry = carries[0] if isinstance(carries, list) and len(carries) == 1 else ""
        search = searches[0] if searches[0].startswith("?") else ""
        return links_for(repo, key, with_carry(search, carry) if isinstance(carry, str) else search, lang)

    return {"links": links, "links_for": lambda key, search, lang: links_for(repo, key, search, lang)}
