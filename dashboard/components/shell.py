"""The page shell: header with navigation and language switch, the fictional-data banner, the footer."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.i18n import t


def lang_query(query: str, lang: str) -> str:
    """Append the language to a query string that carries the rest of the state."""
    other = "en" if lang == "nl" else "nl"
    parts = [p for p in query.lstrip("?").split("&") if p and not p.startswith("lang=")]
    if other == "en":
        parts.append("lang=en")
    return "?" + "&".join(parts) if parts else ""


def create_header(lang: str, active: str, search: str = "") -> html.Header:
    """Product name, navigation and the NL/EN switch (a link, so the language is part of the URL)."""
    keep_lang = "?lang=en" if lang == "en" else ""
    nav = dbc.Nav(
        [
            dbc.NavItem(
                dcc.Link(
                    t("nav_overview", lang),
                    href="/" + keep_lang,
                    id=ids.NAV_OVERVIEW,
                    className="nav-link" + (" active fw-semibold" if active == "overview" else ""),
                )
            ),
            dbc.NavItem(
                dcc.Link(
                    t("nav_data", lang),
                    href="/gegevens" + keep_lang,
                    id=ids.NAV_DATA,
                    className="nav-link" + (" active fw-semibold" if active == "data" else ""),
                )
            ),
        ],
        className="me-auto",
    )
    switch = dcc.Link(
        t("switch_lang", lang),
        href=("/" if active == "overview" else "/gegevens") + lang_query(search, lang),
        id=ids.LANG_LINK,
        className="btn btn-outline-light btn-sm",
        title=t("switch_lang_label", lang),
    )
    return html.Header(
        dbc.Navbar(
            dbc.Container(
                [
                    html.Div(
                        [
                            html.Span("Wijkwaarde", className="navbar-brand mb-0 h1 fw-bold"),
                            html.Span(t("tagline", lang), className="text-white-50 small d-none d-lg-inline"),
                        ],
                        className="d-flex align-items-baseline gap-2 me-4",
                    ),
                    nav,
                    switch,
                ],
                fluid=True,
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
    return dbc.Alert(t("no_database", lang), color="info", className="my-4")


def create_page(lang: str, active: str, fictional: bool, body, search: str = "") -> html.Div:
    """Header, banner, main content and footer, with the language store for <html lang>."""
    return html.Div(
        [
            dcc.Store(id=ids.LANG_STORE, data=lang),
            create_header(lang, active, search),
            fictional_banner(lang, fictional),
            html.Main(dbc.Container(body, fluid=True, className="py-3"), id="main"),
            html.Footer(
                dbc.Container(t("footer", lang), fluid=True, className="small text-muted py-3"),
                className="border-top mt-4",
            ),
        ],
        lang=lang,
    )
