"""The app factory: builds the Dash app on a repository, registers its pages, callbacks and routes."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import dash
from dash import ClientsideFunction, Input, Output, dcc, html
from flask import abort, make_response, send_file

from dashboard import access_rule, auth, figure_text, ids, map_geometry, request_guard, request_lang, security
from dashboard.callbacks import indicators as indicators_callbacks
from dashboard.callbacks import initiative as initiative_callbacks
from dashboard.callbacks import need as need_callbacks
from dashboard.callbacks import overview as overview_callbacks
from dashboard.callbacks import overview_extras as overview_extras_callbacks
from dashboard.callbacks import pack as pack_callbacks
from dashboard.callbacks import page_exports as page_exports_callbacks
from dashboard.callbacks import portfolio as portfolio_callbacks
from dashboard.callbacks import profile as profile_callbacks
from dashboard.callbacks import survival as survival_callbacks
from dashboard.callbacks import value as value_callbacks
from dashboard.pages import accessibility as accessibility_page
from dashboard.pages import data as data_page
from dashboard.pages import indicators as indicators_page
from dashboard.pages import initiative as initiative_page
from dashboard.pages import need as need_page
from dashboard.pages import not_found as not_found_page
from dashboard.pages import overview as overview_page
from dashboard.pages import pack as pack_page
from dashboard.pages import portfolio as portfolio_page
from dashboard.pages import present as present_page
from dashboard.pages import profile as profile_page
from dashboard.pages import survival as survival_page
from dashboard.pages import value as value_page
from dashboard.repository import DuckDBRepository, Repository
from dashboard.repository.cache import install_worker_header
from dashboard.templates import find_template

ASSETS = Path(__file__).resolve().parents[1] / "assets"
log = logging.getLogger("wijkwaarde")


def debug_enabled() -> bool:
    return os.environ.get("WIJKWAARDE_DEBUG") == "1"


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
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="nl">', 1)
    # Dash wraps its scripts in a <footer>: a second contentinfo landmark beside the page's own footer.
    app.index_string = app.index_string.replace("<footer>", "<div>", 1).replace("</footer>", "</div>", 1)
    install_worker_header(app.server)  # tests and benchmarks: which worker answered, cache hits
    dash.register_page(
        "overview",
        path="/",
        name="Overzicht",
        title="Wijkwaarde – Overzicht",
        layout=overview_page.make_layout(repo),
    )
    dash.register_page(
        "profiel",
        path="/profiel",
        name="Buurtprofiel",
        title="Wijkwaarde – Buurtprofiel",
        layout=profile_page.make_layout(repo),
    )
    dash.register_page(
        "behoefte",
        path="/behoefte",
        name="Behoefte en aanbod",
        title="Wijkwaarde – Behoefte en aanbod",
        layout=need_page.make_layout(repo),
    )
    dash.register_page(
        "portefeuille",
        path="/portefeuille",
        name="Portefeuilles",
        title="Wijkwaarde – Portefeuilles",
        layout=portfolio_page.make_layout(repo),
    )
    dash.register_page(
        "overleving",
        path="/overleving",
        name="Overleving",
        title="Wijkwaarde – Overleving",
        layout=survival_page.make_layout(repo),
    )
    dash.register_page(
        "waarde",
        path="/waarde",
        name="Maatschappelijke waarde",
        title="Wijkwaarde – Maatschappelijke waarde",
        layout=value_page.make_layout(repo),
    )
    dash.register_page(
        "indicatoren",
        path="/indicatoren",
        name="Indicatoren",
        title="Wijkwaarde – Indicatoren",
        layout=indicators_page.make_layout(repo),
    )
    dash.register_page(
        "initiatief",
        path="/initiatief",
        name="Initiatief",
        title="Wijkwaarde – Initiatief",
        layout=initiative_page.make_layout(repo),
    )
    dash.register_page(
        "toegankelijkheid",
        path=accessibility_page.PATH,
        name="Toegankelijkheid",
        title="Wijkwaarde – Toegankelijkheidsverklaring",
        layout=accessibility_page.make_layout(repo),
    )
    dash.register_page(
        "gegevens",
        path="/gegevens",
        name="Gegevens",
        title="Wijkwaarde – Gegevens",
        layout=data_page.make_layout(repo),
    )
    dash.register_page(
        "pakket",
        path="/pakket",
        name="Raadspakket",
        title="Wijkwaarde – Raadspakket",
        layout=pack_page.make_layout(repo),
    )
    dash.register_page(
        "presentatie",
        path="/presentatie",
        name="Presentatie",
        title="Wijkwaarde – Presentatie",
        layout=present_page.make_layout(repo),
    )
    # Dash Pages shows the page registered as 'not_found_404' for any unknown path; aliases redirect.
    dash.register_page(
        "not_found_404", title="Wijkwaarde – Pagina niet gevonden", layout=not_found_page.make_layout(repo)
    )
    not_found_page.add_aliases(app.server)
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
    app.wijkwaarde_callbacks = overview_callbacks.register(app, repo)  # for tests: call them as functions
    app.wijkwaarde_callbacks |= overview_extras_callbacks.register(app, repo)  # exports, chart text
    app.wijkwaarde_callbacks |= pack_callbacks.register(app, repo)
    app.wijkwaarde_callbacks |= {f"profile_{k}": v for k, v in profile_callbacks.register(app, repo).items()}
    app.wijkwaarde_callbacks |= {f"need_{k}": v for k, v in need_callbacks.register(app, repo).items()}
    app.wijkwaarde_callbacks |= portfolio_callbacks.register(app, repo)
    app.wijkwaarde_callbacks |= survival_callbacks.register(app, repo)
    app.wijkwaarde_callbacks |= page_exports_callbacks.register(app, repo)  # 4 pages: exports, tables
    app.wijkwaarde_callbacks |= value_callbacks.register(app, repo)
    app.wijkwaarde_callbacks |= indicators_callbacks.register(app, repo)
    app.wijkwaarde_callbacks |= initiative_callbacks.register(app, repo)  # exports
    _add_routes(app.server, repo)
    request_guard.install(app)  # size limit, callback body check, 4xx without a traceback
    security.install(app, debug_enabled())  # CSP and the other security headers
    figure_text.install(app.server)  # names from the data show literally in every chart
    auth.install(app.server)  # OpenID Connect login when providers are configured (dashboard/auth/)
    access_rule.install(app.server)  # internal mode: refused without a login, and only for logged-in users
    request_lang.install(app.server)  # numbers, dates and chart separators in the page's language
    return app


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
