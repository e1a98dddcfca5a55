"""Bad requests stop at the door: a size limit, a shape check of callback bodies, 4xx with one log line."""

from __future__ import annotations

import logging
import os
from typing import Any

from dash.exceptions import DependencyException, UnsupportedRelativePath
from flask import Flask, request
from werkzeug.exceptions import BadRequest, ClientDisconnected, HTTPException, NotFound

log = logging.getLogger("wijkwaarde")

DEFAULT_MAX_REQUEST_BYTES = 1_000_000  # the largest real callback body (a full basket) is a few KB
MAX_JSON_DEPTH = 64  # Dash's own bodies nest under 15 deep (a figure's clickData)
CALLBACK_PATH = "/_dash-update-component"
# Values Dash's own page router reads as strings; anything else crashes it deep inside Dash.
STRING_PROPS = {("_pages_location", "pathname"), ("_pages_location", "search")}

MESSAGES = {
    400: "Ongeldig verzoek.",
    403: "Geen toegang.",
    404: "Niet gevonden.",
    405: "Deze methode is hier niet toegestaan.",
    408: "Het verzoek kwam niet op tijd binnen.",
    413: "Het verzoek is te groot.",
    415: "Dit type inhoud wordt niet geaccepteerd.",
}


class BadCallback(BadRequest):
    """A callback body that no Dash page could have sent."""


def max_request_bytes(environ: dict[str, str] | None = None) -> int:
    """WIJKWAARDE_MAX_REQUEST_BYTES (default 1 MB): larger request bodies get 413 before anything reads them."""
    env = os.environ if environ is None else environ
    text = env.get("WIJKWAARDE_MAX_REQUEST_BYTES", "").strip()
    if not text:
        return DEFAULT_MAX_REQUEST_BYTES
    try:
        value = int(text)
    except ValueError:
        raise SystemExit(
            f"WIJKWAARDE_MAX_REQUEST_BYTES moet een geheel aantal bytes zijn, niet {text!r}"
        ) from None
    if value < 10_000:
        raise SystemExit(
            f"WIJKWAARDE_MAX_REQUEST_BYTES={value} is te klein voor het dashboard (minimaal 10000)"
        )
    return value


def json_depth(value: Any) -> int:
    """How deep lists and objects nest in a parsed JSON value (without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _check_dependency(entry: Any, registered: dict, where: str) -> None:
    """One input or state of the body against the registered one: same id and property, or a wildcard list."""
    wanted_id, wanted_prop = registered["id"], registered["property"]
    wildcard = wanted_id.startswith("{")
    items = entry if wildcard and isinstance(entry, list) else [entry]
    for item in items:
        if not isinstance(item, dict) or item.get("property") != wanted_prop:
            raise BadCallback(f"{where}: verwacht {wanted_id}.{wanted_prop}")
        if wildcard:
            if not isinstance(item.get("id"), dict):
                raise BadCallback(f"{where}: verwacht een patroon-id")
        elif item.get("id") != wanted_id:
            raise BadCallback(f"{where}: verwacht {wanted_id}.{wanted_prop}")
        elif (wanted_id, wanted_prop) in STRING_PROPS and not isinstance(item.get("value"), str | None):
            raise BadCallback(f"{where}: {wanted_id}.{wanted_prop} moet tekst zijn")


def _check_output(entry: Any, where: str) -> None:
    items = entry if isinstance(entry, list) else [entry]
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("property"), str):
            raise BadCallback(f"{where}: geen id en eigenschap")
        if not isinstance(item.get("id"), str | dict):
            raise BadCallback(f"{where}: geen id")


def check_callback_body(body: Any, callback_map: dict) -> None:
    """Raise BadCallback unless `body` has the shape Dash's renderer sends for a registered callback."""
    if not isinstance(body, dict):
        raise BadCallback("de inhoud is geen JSON-object")
    if json_depth(body) > MAX_JSON_DEPTH:
        raise BadCallback(f"de JSON is dieper genest dan {MAX_JSON_DEPTH}")
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        raise BadCallback("onbekende output")
    callback = callback_map[output]
    for key, registered_list in (("inputs", callback["inputs"]), ("state", callback["state"])):
        entries = body.get(key, [])
        if not isinstance(entries, list) or len(entries) != len(registered_list):
            raise BadCallback(f"{key}: verwacht {len(registered_list)} items")
        for number, (entry, registered) in enumerate(zip(entries, registered_list, strict=True)):
            _check_dependency(entry, registered, f"{key}[{number}]")
    if not callback.get("no_output"):
        outputs = body.get("outputs")
        indices = callback["outputs_indices"]
        if isinstance(indices, list):  # several outputs: a list, one entry each
            if not isinstance(outputs, list) or len(outputs) != len(indices):
                raise BadCallback(f"outputs: verwacht {len(indices)} items")
            for number, entry in enumerate(outputs):
                _check_output(entry, f"outputs[{number}]")
        else:
            _check_output(outputs, "outputs")
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(prop, str) for prop in changed):
        raise BadCallback("changedPropIds: verwacht een lijst met tekst")


def install(app) -> None:
    """Size limit, callback body check and error answers on the Dash app's Flask server."""
    server: Flask = app.server
    server.config["MAX_CONTENT_LENGTH"] = max_request_bytes()

    @server.before_request
    def check_callback_request():
        if request.path != CALLBACK_PATH or request.method != "POST":
            return
        try:
            body = request.get_json()  # Flask keeps the parsed body: Dash's dispatch reuses it
        except RecursionError:
            raise BadCallback("de JSON is te diep genest") from None
        check_callback_body(body, app.callback_map)

    @server.errorhandler(Exception)
    def error(exc: Exception):
        # No tracebacks to the browser. A client's mistake is one log line and a 4xx; only our own
        # faults are logged with their traceback.
        if isinstance(exc, ClientDisconnected) and isinstance(exc.__context__, TimeoutError):
            # The body stopped coming: the worker's read timeout (dashboard/gunicorn_worker.py) has logged
            # its line and closes the connection after this answer.
            return MESSAGES[408], 408, {"Content-Type": "text/plain; charset=utf-8"}
        if isinstance(exc, DependencyException):  # /_dash-component-suites/ with an unknown or traversal path
            exc = NotFound()
        elif isinstance(exc, UnsupportedRelativePath):  # a forged page path outside the app
            exc = BadCallback("pad buiten de app")
        if isinstance(exc, HTTPException):
            status = exc.code or 400
            if status >= 500:
                return exc
            reason = exc.description if isinstance(exc, BadCallback) else exc.name
            log.warning(
                "verzoek geweigerd: %s %r -> %d %s", request.method, request.path[:200], status, reason
            )
            response = exc.get_response()  # keeps headers such as a 405's Allow
            response.set_data(MESSAGES.get(status, exc.name))
            response.content_type = "text/plain; charset=utf-8"
            return response
        log.exception("fout bij %s", exc.__class__.__name__)
        return "Er ging iets mis. Probeer het opnieuw of neem contact op met de beheerder.", 500
