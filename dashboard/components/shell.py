"""The page shell: header with navigation and language switch, the fictional-data banner, the footer."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.components.account import account_bar
from dashboard.components.pack import copy_link_button
from dashboard.components.text import with_code
from dashboard.filters import query_text
from dashboard.i18n import t
from dashboard.page import by_key, nav_pages


def lang_query(query: str, lang: str) -> str:
    """Append the language to a query string that carries the rest of the state."""
    other = "en" if lang == "nl" else "nl"
    parts = [p for p in query.lstrip("?").split("&") if p and not p.startswith("lang=")]
    if other == "en":
        parts.append("lang=en")
    return "?" + "&".join(parts) if parts else ""


def nav_hrefs(search: str, lang: str) -> list[str]:
    """Every navigation link carrying the current selection (filters travel between pages)."""
    if not search:
        search = "?lang=en" if lang == "en" else ""
    return [p.path + search for p in nav_pages()]


def page_path(key: str) -> str:
    page = by_key(key)
    return page.path if page is not None and page.path is not None else "/"


def page_links(active: str, search: str, lang: str, shared: str | None = None) -> tuple[str, ...]:
    """(language switch, every navigation link) for a page whose whole state is the query `search`.

    The language switch and the link to this page itself carry the whole state; links to other pages carry
    `shared`, the selection the pages have in common (default: the whole state). A copied link, a language
    switch and a click on the current page's name all reopen exactly what is on screen.
    """
    # Browser input may reach here: only a query string ('?...') a link can carry may become part of one.
    search = query_text(search)
    shared = query_text(search if shared is None else shared)
    own = page_path(active)
    hrefs = [
        own + (search or ("?lang=en" if lang == "en" else "")) if p.key == active else href
        for p, href in zip(nav_pages(), nav_hrefs(shared, lang), strict=True)
    ]
    return own + lang_query(search, lang), *hrefs


def url_stores(key: str, query: str | None = None, carry: str = "") -> list[dcc.Store]:
    """The stores of a page whose state lives in the URL (Page.url_sync): its query, the dummy output of the
    one clientside callback that writes the query to the address bar, and `carry`: the selection of its
    link that the page does not use itself (with_carry), kept in its address and its links."""
    return [
        dcc.Store(id=ids.url_query(key), data=query),
        dcc.Store(id=ids.url_sync(key)),
        dcc.Store(id=ids.url_carry(key), data=carry),
    ]


def carry_for(query: dict, own: str) -> str:
    """The filters of a page's link (`query`) that its own state (`own`, its query) does not hold: a page
    without a theme filter (profile, need, survival) keeps the theme a user came with, so the next page and
    the way back still have it. Validated as every filter is (Filters); never the language."""
    from urllib.parse import parse_qsl, urlencode

    from dashboard.filters import Filters

    mine = {k for k, _ in parse_qsl(own.lstrip("?"))} | {"lang"}
    rest = {k: v for k, v in Filters.from_query(query).to_query().items() if k not in mine}
    return "?" + urlencode(rest, safe=",") if rest else ""


def with_carry(search: str, carry: str) -> str:
    """A page's query plus the carried filters it does not hold itself (carry_for); both start with '?'."""
    from urllib.parse import parse_qsl, urlencode

    if not (isinstance(carry, str) and carry.startswith("?")):
        return search
    own = parse_qsl(search.lstrip("?"))
    keys = {k for k, _ in own}
    extra = [(k, v) for k, v in parse_qsl(carry.lstrip("?")) if k not in keys and k != "lang"]
    merged = own + extra
    return "?" + urlencode(merged, safe=",") if merged else ""


def create_header(lang: str, active: str, search: str = "") -> html.Header:
    """Product name, navigation and the NL/EN switch (a link, so the language is part of the URL)."""
    hrefs = nav_hrefs(search, lang)
    nav = dbc.Nav(
        [
            dbc.NavItem(
                dcc.Link(
                    p.name(lang),
                    href=href,
                    id=ids.nav(p.key),
                    className="nav-link text-nowrap py-1"
                    + (" active fw-semibold" if active == p.key else ""),
                )
            )
            for p, href in zip(nav_pages(), hrefs, strict=True)
        ],
        className="me-auto flex-row flex-wrap column-gap-3",
    )
    switch = dcc.Link(
        t("switch_lang", lang),
        href=page_path(active) + lang_query(search, lang),
        id=ids.LANG_LINK,
        className="btn btn-outline-light btn-sm text-nowrap",
        title=t("switch_lang_label", lang),
    )
    return html.Header(
        dbc.Navbar(
            dbc.Container(
                [
                    html.Div(
                        [
                            html.Span("Wijkwaarde", className="navbar-brand mb-0 h1 fw-bold"),
                            html.Span(
                                t("tagline", lang), className="text-white-50 small d-none d-xxl-inline"
                            ),
                        ],
                        className="d-flex align-items-baseline gap-2 me-3",
                    ),
                    nav,
                    html.Div([account_bar(lang), copy_link_button(lang), switch], className="d-flex gap-2"),
                ],
                fluid=True,
                className="flex-wrap row-gap-2",
            ),
            color="dark",
            dark=True,
            className="py-2",
        )
    )


def fictional_banner(lang: str, visible: bool) -> html.Div | None:
    """Shown on every page as long as the published dataset is fictional."""
    if not visible:
        return None
    return dbc.Alert(
        [html.Strong("⚠ "), t("fictional_banner", lang)],
        id=ids.FICTIONAL_BANNER,
        color="warning",
        className="mb-0 rounded-0 py-2 text-center fw-semibold border-0 border-bottom",
    )


def no_database(lang: str) -> dbc.Alert:
    return dbc.Alert(with_code(t("no_database", lang)), color="info", className="my-4")


def create_page(lang: str, active: str, fictional: bool, body, search: str = "") -> html.Div:
    """Header, banner, main content and footer, with the language store for <html lang>."""
    return html.Div(
        [
            dcc.Store(id=ids.LANG_STORE, data=lang),
            create_header(lang, active, search),
            fictional_banner(lang, fictional),
            html.Main(dbc.Container(body, fluid=True, className="py-3"), id="main"),
            html.Footer(
                dbc.Container(
                    [
                        t("footer", lang),
                        " · ",
                        dcc.Link(  # the accessibility statement (issue 5), linked from every page
                            t("a11y_title", lang),
                            href=page_path("accessibility") + ("?lang=en" if lang == "en" else ""),
                            id="shell-a11y-link",
                        ),
                    ],
                    fluid=True,
                    className="small text-muted py-3",
                ),
                className="border-top mt-4",
            ),
        ],
        lang=lang,
    )
