"""The upload routes: take files in, publish a checked upload, roll back a version, the marked XLSX.

Every route changes server state or hands out an uploader's file, so each one needs a login with the role
(a beheerder, or a fund with its funders), the CSRF token on every POST (dashboard/auth/csrf.py), and an
upload is only ever seen or published by the person who sent it. Refusals are a short page in Dutch with the
reason and a way back; nothing is kept of a refused upload.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from flask import Response, redirect, request, send_file
from markupsafe import escape
from werkzeug.exceptions import RequestEntityTooLarge

from dashboard.auth import audit, session
from dashboard.auth.oidc import client_address
from dashboard.intake import uploads
from dashboard.repository import default_home
from etl.contract import VERSION_RE

UPLOAD_PATH = "/gegevens/upload"
SEND_PATH = "/gegevens/upload/versturen"
PUBLISH_PATH = "/gegevens/upload/publiceren"
ROLLBACK_PATH = "/gegevens/terugzetten"
MARKED_PATH = "/gegevens/upload/<job>/gemarkeerd/<int:index>"
WORKER = [sys.executable, "-m", "wijkwaarde.intake_worker"]
ROLLBACK_SECONDS = 60
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORM_OVERHEAD = 1 << 20  # multipart boundaries and the form's other fields, beyond the files themselves
log = logging.getLogger("wijkwaarde")
PYTHON_ERROR = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b")


def uploader() -> dict[str, Any] | None:
    """Who may upload in this request, as recorded with the upload; None when nobody is logged in with a
    role that uploads (a beheerder, or a fund with at least one funder)."""
    user = session.current_user()
    if user is None:
        return None
    scope = session.current_scope()
    if "beheerder" not in scope.roles and not ("fonds" in scope.roles and scope.funders):
        return None
    return {
        "subject": user.subject,
        "label": user.email or user.subject,
        "roles": sorted(scope.roles),
        "funders": sorted(scope.funders),
        "address": client_address(),
    }


def same_rights(owner: dict[str, Any]) -> tuple[bool, tuple[str, ...]]:
    """What decides how an upload is checked and published (intake_worker.restriction_of): beheerder or not,
    and the funders."""
    return "beheerder" in owner.get("roles", []), tuple(sorted(owner.get("funders", [])))


def owns(state: dict[str, Any] | None) -> bool:
    """Whether this request's user sent the upload `state`."""
    user = session.current_user()
    return bool(state and user and state.get("owner", {}).get("subject") == user.subject)


def wants_json() -> bool:
    """The upload page's script asks for JSON (assets/upload.js); a plain form gets a page."""
    return request.accept_mimetypes.best == "application/json"


def message_page(title: str, text: str, status: int, back: str = "/gegevens") -> Response:
    if wants_json():
        return Response(json.dumps({"error": text}), status=status, content_type="application/json")
    body = (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Wijkwaarde – {escape(title)}</title></head><body><main>"
        f'<h1>{escape(title)}</h1><p role="alert">{escape(text)}</p>'
        f'<p><a href="{escape(back)}">Terug</a></p></main></body></html>'
    )
    return Response(body, status=status, content_type="text/html; charset=utf-8")


def refuse_uploader() -> Response:
    """403 for a request to upload from someone who may not (not logged in, or without the role)."""
    log.warning("verzoek geweigerd: %s %r -> 403 geen uploader", request.method, request.path[:200])
    return message_page("Geen toegang", "Alleen een beheerder of een fonds kan bestanden laden.", 403)


def _home() -> Path:
    return default_home()


def start_worker(home: Path, job: str, *args: str) -> None:
    """The check or publish of `job` in a process of its own (wijkwaarde/intake_worker.py); its output goes
    to the upload's worker.log. A thread waits for it, so no finished worker lingers as a zombie."""
    folder = uploads.job_dir(home, job)
    with open(folder / "worker.log", "ab") as log:
        process = subprocess.Popen(  # noqa: S603 (our own module, a checked job id)
            [*WORKER, "--home", str(home), *args, job],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True, env=os.environ.copy(),
        )  # fmt: skip
    uploads.update(home, job, pid=process.pid)
    threading.Thread(target=process.wait, daemon=True, name=f"upload-{job[:8]}").start()


def rollback_refusal(stderr: str) -> str:
    """What the beheerder reads when a rollback failed: the worker's own Dutch reason (its last line), never
    a Python traceback (that goes to the server log)."""
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    if not lines or "Traceback (most recent call last)" in stderr or PYTHON_ERROR.match(lines[-1]):
        log.error("terugzetten mislukt: %s", stderr.strip()[-2000:])
        return (
            "Terugzetten is mislukt door een fout op de server; de gepubliceerde gegevens zijn ongewijzigd."
        )
    return lines[-1][:300]


def install(server) -> None:
    @server.before_request
    def upload_size_limit():
        # Registered before the CSRF check reads the form: an upload may be larger than other requests, and
        # one over the limit gets a page saying so (the body is not read past the limit). Only for someone
        # who may upload: anyone else is refused before a byte of the body is read, and keeps the 1 MB limit
        # of every other request.
        if request.path != SEND_PATH or request.method != "POST":
            return None
        if uploader() is None:
            return refuse_uploader()
        limits = uploads.Limits.from_env()
        request.max_content_length = limits.max_bytes + FORM_OVERHEAD
        try:
            request.files  # noqa: B018 (parses the form here, within the limit)
        except RequestEntityTooLarge:
            return message_page(
                "Upload te groot",
                f"De bestanden zijn samen groter dan {limits.max_bytes // (1 << 20)} MB. Er is niets opgeslagen of "
                "gepubliceerd; splits de bestanden op en probeer het opnieuw.",
                413,
            )
        return None

    @server.post(SEND_PATH)
    def send_upload():
        owner = uploader()
        if owner is None:
            return refuse_uploader()
        home = _home()
        try:
            job = uploads.receive(home, request.files.getlist("bestanden"), owner)
        except uploads.UploadRefused as exc:
            audit.record(owner["label"], "refused", f"upload: {exc}", owner["address"], home=home)
            return message_page("Upload niet in behandeling genomen", f"{exc}. Er is niets opgeslagen.", 400)
        names = ", ".join(f["name"] for f in (uploads.read(home, job) or {}).get("files", []))
        audit.record(
            owner["label"], "load", f"upload {job[:8]} ontvangen: {names}"[:500], owner["address"], home
        )
        start_worker(home, job, "check")
        if wants_json():
            return {"redirect": f"{UPLOAD_PATH}?taak={job}"}
        return redirect(f"{UPLOAD_PATH}?taak={job}", 303)

    @server.post(PUBLISH_PATH)
    def publish_upload():
        home = _home()
        job = request.form.get("taak", "")
        mode = request.form.get("modus", "")
        state = uploads.read(home, job)
        now = uploader()
        if now is None or not owns(state):
            return message_page("Niet gevonden", "Deze upload bestaat niet (meer) of is niet van u.", 404)
        back = f"{UPLOAD_PATH}?taak={job}"
        if same_rights(state.get("owner", {})) != same_rights(now):
            # The worker publishes with the roles and funders recorded at the upload; after a grant was
            # revoked (or given) they are not the uploader's any more, and the check no longer holds.
            audit.record(now["label"], "refused", f"publiceren {job[:8]}: toegang veranderd", now["address"])
            return message_page(
                "Niet gepubliceerd",
                "Uw toegang is veranderd sinds deze upload is gecontroleerd. Upload de bestanden opnieuw.",
                409,
                back,
            )
        if mode not in ("alles", "geldig") or state.get("state") != "gecontroleerd":
            return message_page(
                "Niet gepubliceerd", "Deze upload kan nu niet gepubliceerd worden.", 409, back
            )
        if mode == "alles" and not state.get("clean"):
            return message_page(
                "Niet gepubliceerd",
                "Er zijn afgekeurde rijen: herstel ze, of kies 'Alleen geldige rijen publiceren'.",
                409,
                back,
            )
        if mode == "geldig" and not state.get("publishable"):
            return message_page("Niet gepubliceerd", "Er is geen geldige rij om te publiceren.", 409, back)
        uploads.update(home, job, state="publiceren", progress="publiceren", message="", rows=0, pid=None)
        start_worker(home, job, "publish", *(["--alleen-geldig"] if mode == "geldig" else []))
        return redirect(back, 303)

    @server.post(ROLLBACK_PATH)
    def rollback_version():
        user = session.current_user()
        if user is None or "beheerder" not in session.current_scope().roles:
            return message_page(
                "Geen toegang", "Alleen een beheerder kan een eerdere versie terugzetten.", 403
            )
        home = _home()
        version = request.form.get("versie", "")
        if not VERSION_RE.match(version):
            return message_page("Niet teruggezet", "Geen bekende versie.", 400)
        done = subprocess.run(  # noqa: S603 (our own module; the version matched its pattern)
            [*WORKER, "--home", str(home), "rollback", version, "--door", user.email or user.subject,
             "--adres", client_address()],
            capture_output=True, text=True, timeout=ROLLBACK_SECONDS, env=os.environ.copy(), check=False,
        )  # fmt: skip
        if done.returncode != 0:
            return message_page("Niet teruggezet", rollback_refusal(done.stderr), 409)
        return redirect(f"/gegevens?teruggezet={version}", 303)

    @server.get(MARKED_PATH)
    def marked_file(job: str, index: int):
        home = _home()
        state = uploads.read(home, job)
        if uploader() is None or not owns(state):
            return message_page("Niet gevonden", "Deze upload bestaat niet (meer) of is niet van u.", 404)
        files = uploads.files_of(home, job)
        if not 0 <= index < len(files):
            return message_page("Niet gevonden", "Dit bestand hoort niet bij de upload.", 404)
        marked = uploads.job_dir(home, job) / "marked" / (files[index].name + ".xlsx")
        if not marked.is_file():
            return message_page("Niet gevonden", "Dit bestand heeft geen afgekeurde rijen.", 404)
        return send_file(
            marked, mimetype=XLSX, as_attachment=True, download_name=Path(files[index].name).stem + ".xlsx"
        )
