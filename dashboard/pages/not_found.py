"""The page for an address that is no page: in the shell, in the page's language, with the way on; old and
obvious addresses (/kaart, /data, /raadspakket) redirect to the page they mean."""

from __future__ import annotations

from dash import dcc, html
from flask import Flask, redirect, request

from dashboard.components.shell import create_page
from dashboard.filters import Filters
from dashboard.page import Page, nav_pages
from dashboard.repository import Repository

# Addresses people guess or kept from older versions -> the page they mean (the query string travels along).
ALIASES = {
    "/kaart": "/",
    "/overzicht": "/",
    "/data": "/gegevens",
    "/raadspakket": "/pakket",
    "/presentatiemodus": "/presentatie",
}

TEXT = {
    "title": {"nl": "Pagina niet gevonden", "en": "Page not found"},
    "body": {
        "nl": "Deze pagina bestaat niet (meer). Controleer het adres, of kies hieronder een pagina.",
        "en": "This page does not exist (any more). Check the address, or choose a page below.",
    },
}


def build(repo: Repository, query: dict) -> html.Div:
    """The not-found page: what happened and every page of the navigation, keeping the selection."""
    filters = Filters.from_query(query)
    lang = filters.lang
    search = filters.to_search()
    links = html.Ul(
        [html.Li(dcc.Link(p.name(lang), href=p.path + search)) for p in nav_pages()],
        id="not-found-links",
    )
    body = [
        html.H1(TEXT["title"][lang], className="h3"),
        html.P(TEXT["body"][lang]),
        links,
    ]
    fictional = bool(repo.available() and repo.dataset().get("is_fictional"))
    return create_page(lang, "not_found", fictional, body, search)


def add_aliases(server: Flask) -> None:
    """Redirect each alias to its page, keeping the query string (the path itself is fixed: no open redirect)."""
    for alias, target in ALIASES.items():

        def go(target: str = target):
            query = request.query_string.decode("utf-8", "replace")
            return redirect(target + ("?" + query if query else ""), code=302)

        server.add_url_rule(alias, endpoint=f"alias{alias.replace('/', '_')}", view_func=go)


PAGE = Page(
    key="not_found",
    path=None,  # Dash shows it for any unknown path
    label={"nl": "Pagina niet gevonden", "en": "Page not found"},
    build=build,
    routes=add_aliases,  # old addresses redirect to their page
)
