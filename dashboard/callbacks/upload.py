"""The upload page's one callback: while an upload is checked or published, redraw its panel every second.
Wiring only: the state is read by dashboard/intake/uploads.py, drawn by dashboard/views/upload.py."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.auth import session
from dashboard.filters import Filters
from dashboard.intake import uploads
from dashboard.intake.routes import owns
from dashboard.repository import Repository, default_home
from dashboard.views import upload as view


def current(job: str | None) -> tuple[dict | None, list]:
    """The state and rejects of upload `job` for this request's user (None for anyone else's)."""
    home = default_home()
    state = uploads.read(home, job) if isinstance(job, str) else None
    if not owns(state):
        return None, []
    return state, uploads.read_rejects(home, job) if state.get("rejects") else []


def register(app, repo: Repository) -> dict:
    @app.callback(
        Output(ids.UPLOAD_PANEL, "children"),
        Output(ids.UPLOAD_POLL, "disabled"),
        Input(ids.UPLOAD_POLL, "n_intervals"),
        State(ids.UPLOAD_JOB, "data"),
        State(ids.LANG_STORE, "data"),
        prevent_initial_call=True,
    )
    def upload_poll(_, job, lang):
        if not isinstance(job, str):
            raise PreventUpdate
        state, rejects = current(job)
        lang = Filters.from_query({"lang": lang}).lang
        return view.panel(job, state, rejects, session.csrf_token(), lang), not view.running(state)

    return {"upload_poll": upload_poll}


def register_form(app, repo: Repository) -> dict:
    """The Gegevens page's drop zone: files dropped are posted by assets/upload.js (no server callback reads
    their contents: they go to the upload route as multipart, like a form)."""
    app.clientside_callback(
        ClientsideFunction(namespace="wijkwaarde_upload", function_name="send"),
        Output(ids.UPLOAD_ERROR, "children"),
        Input(ids.UPLOAD_DROP, "contents"),
        State(ids.UPLOAD_DROP, "filename"),
        State(ids.UPLOAD_TOKEN, "data"),
        State(ids.UPLOAD_URL, "data"),
        prevent_initial_call=True,
    )
    return {}
