"""The upload page: one upload (`?taak=<id>`) as its uploader sees it: the check's progress, the rejects with
their file, line and column, the marked files, and "Publiceren" (dashboard/intake/)."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.auth import session
from dashboard.callbacks import upload as callbacks
from dashboard.components.shell import create_page
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.intake import routes, uploads
from dashboard.page import Page
from dashboard.repository import Repository
from dashboard.views import upload as view

POLL_MS = 1000


def build(repo: Repository, query: dict) -> html.Div:
    filters = Filters.from_query(query)
    lang = filters.lang
    raw = query.get("taak")
    job = raw if isinstance(raw, str) and uploads.JOB_RE.match(raw) else None
    state, rejects = callbacks.current(job)
    fictional = repo.available() and bool(repo.dataset().get("is_fictional"))
    body = [
        html.H1(t("upload_title", lang), className="h3"),
        html.P(dcc.Link(t("upload_back", lang), href="/gegevens")),
        dcc.Store(id=ids.UPLOAD_JOB, data=job if state else None),
        html.Div(
            view.panel(job or "", state, rejects, session.csrf_token() if state else "", lang),
            id=ids.UPLOAD_PANEL,
            **{"aria-live": "polite"},
        ),
        dcc.Interval(id=ids.UPLOAD_POLL, interval=POLL_MS, disabled=not view.running(state)),
    ]
    return create_page(lang, "data", fictional, body, filters.to_search())


PAGE = Page(
    key="upload",
    path=routes.UPLOAD_PATH,
    label={"nl": "Upload", "en": "Upload"},
    build=build,
    title="Wijkwaarde – Upload controleren",
    callbacks=(callbacks.register,),
    routes=routes.install,
)
