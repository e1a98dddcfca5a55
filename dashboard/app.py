"""The app factory: builds the Dash app on a repository, registers its pages, callbacks and routes."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import dash
from dash import ClientsideFunction, Input, Output, dcc, html
from flask import abort, make_response, send_file

from dashboard import (
    access_rule,
    auth,
    figure_text,
    ids,
    map_geometry,
    reports,
    request_guard,
    request_lang,
    security,
)
from dashboard.callbacks import page_exports as page_exports_callbacks
from dashboard.callbacks import url_sync
from dashboard.components.wire import wire
from dashboard.page import Page, register_pages
from dashboard.pages import PAGES
from dashboard.repository import DuckDBRepository, Repository
from dashboard.repository.cache import install_worker_header
from dashboard.templates import find_template

ASSETS = Path(__file__).resolve().parents[1] / "assets"
log = logging.getLogger("wijkwaarde")


def debug_enabled() -> bool:
    return os.environ.get("WIJKWAARDE_DEBUG") == "1"


# The lazily loaded parts every chart page needs (see eager_loading below), fetched from the page's head.
PRELOAD = (
    "plotly/package_data/plotly.min.js",
    "dash/dcc/async-graph.js",
    "dash/dcc/async-dropdown.js",
    "dash_ag_grid/async-community.js",
)


def create_app(repository: Repository | None = None) -> dash.Dash:
    """A Dash app reading `repository` (default: the published warehouse in $WIJKWAARDE_HOME)."""
    repo = repository if repository is not None else DuckDBRepository()
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ASSETS),
        external_stylesheets=[],
        suppress_callback_exceptions=True,
        serve_locally=True,
        title="Wijkwaarde",
        update_title=None,
        # Each component library's parts load when a page first uses them (lazy), and the ones every chart page
        # needs are preloaded from the page's head (PRELOAD), so they download while Dash starts. Loading
        # every part at start (eager_loading) sent 15 MB of JavaScript to compile, MathJax and AG Grid's
        # enterprise modules among it; lazy with preloads sends about 8 MB. Map painted after navigation, one
        # gemeente at provincie scale, headless Chromium, median of 4 on two servers each, 2026-12-07: first
        # visit 2.45-2.51 s (eager 2.48-2.51 s), returning visitor 1.09-1.15 s (eager 1.15-1.19 s).
        eager_loading=False,
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="nl">', 1)
    prefix = app.config.requests_pathname_prefix
    links = "".join(
        f'<link rel="preload" as="script" href="{prefix}_dash-component-suites/{p}">' for p in PRELOAD
    )
    app.index_string = app.index_string.replace("{%css%}", "{%css%}" + links, 1)
    # Dash wraps its scripts in a <footer>: a second contentinfo landmark beside the page's own footer.
    app.index_string = app.index_string.replace("<footer>", "<div>", 1).replace("</footer>", "</div>", 1)
    install_worker_header(app.server)  # tests and benchmarks: which worker answered, cache hits
    register_pages(PAGES)  # the shell, links and permalinks read the pages this app serves
    for page in PAGES:
        register_page(app, repo, page)
    app.layout = html.Div(
        [
            dash.page_container,
            dcc.Store(id=ids.HTML_LANG),
            # The council pack's basket survives page changes and reloads (this browser only).
            dcc.Store(id=ids.PACK_BASKET, storage_type="local", data=[]),
            dcc.Store(id=ids.PACK_ADDED),
            html.Div(id="pack-added-msg", role="status", className="visually-hidden"),
        ]
    )
    app.clientside_callback(
        ClientsideFunction(namespace="wijkwaarde", function_name="setLang"),
        Output(ids.HTML_LANG, "data"),
        Input(ids.LANG_STORE, "data"),
    )
    app.wijkwaarde_callbacks = {}  # for tests: call them as functions
    for page in PAGES:
        for register in page.callbacks:
            app.wijkwaarde_callbacks |= register(app, repo)
    app.wijkwaarde_callbacks |= url_sync.register(app, repo)  # address bar and links of every page
    # The profile, need, portfolio and survival pages' downloads and data tables (to fold into their pages).
    app.wijkwaarde_callbacks |= page_exports_callbacks.register(app, repo)
    _add_routes(app.server, repo)
    request_guard.install(app)  # size limit, callback body check, 4xx without a traceback
    security.install(app, debug_enabled())  # CSP and the other security headers
    figure_text.install(app.server)  # names from the data show literally in every chart
    auth.install(app.server)  # OpenID Connect login when providers are configured (dashboard/auth/)
    reports.install(app.server)  # grantee reports: signed links, the form, review (dashboard/reports/)
    access_rule.install(app.server)  # internal mode: refused without a login, and only for logged-in users
    request_lang.install(app.server)  # numbers, dates and chart separators in the page's language
    return app


def register_page(app: dash.Dash, repo: Repository, page: Page) -> None:
    """Register `page` with Dash Pages: its layout is drawn from the URL's query on every visit."""

    def layout(**query):
        # as plain JSON: Dash's encoder then takes the fast path (components/wire.py; the value page 6.0 -> 2.9 ms)
        return wire(page.build(repo, query))

    if page.path is None:  # Dash Pages shows the page registered as 'not_found_404' for any unknown path
        dash.register_page("not_found_404", name=page.name("nl"), title=page.tab_title, layout=layout)
    else:
        dash.register_page(
            page.key, path=page.path, name=page.name("nl"), title=page.tab_title, layout=layout
        )
    if page.routes is not None:
        page.routes(app.server)


def _add_routes(server, repo: Repository) -> None:
    server.config["DEBUG"] = debug_enabled()
    server.config["PROPAGATE_EXCEPTIONS"] = False

    @server.route(map_geometry.URL_PREFIX + "/<version>/<area>.geojson")
    def geometry(version: str, area: str):
        """The overview map's outlines for one published version (dashboard/map_geometry.py)."""
        if not repo.available():
            abort(404)
        text = map_geometry.serve(repo, version, area)
        if text is None:
            abort(404)
        response = make_response(text)
        response.headers["Content-Type"] = "application/geo+json"
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response

    @server.route("/sjablonen/<path:filename>")
    def template(filename: str):
        """Download an input template; only names of existing .csv/.xlsx files in data/templates/."""
        path = find_template(filename)
        if path is None:
            abort(404)
        return send_file(path, as_attachment=True, download_name=path.name)


if __name__ == "__main__":  # python -m dashboard.app: development server
    create_app().run(debug=debug_enabled(), host="127.0.0.1", port=8050)
