"""Bad requests stop at the door: a size limit, a shape check of callback bodies, 4xx with one log line."""

from __future__ import annotations

import json
import logging
import os
from typing import Any

from dash import _callback_context, _validate
from dash._utils import clean_property_name
from dash.dependencies import ALL, ALLSMALLER, MATCH, Wildcard
from dash.exceptions import DependencyException, UnsupportedRelativePath
from flask import Flask, request
from werkzeug.exceptions import BadRequest, ClientDisconnected, HTTPException, NotFound

from dashboard.env import bounded_number

log = logging.getLogger("wijkwaarde")

DEFAULT_MAX_REQUEST_BYTES = 1_000_000  # the largest real callback body (a full basket) is a few KB
MAX_JSON_DEPTH = 64  # Dash's own bodies nest under 15 deep (a figure's clickData)
CALLBACK_PATH = "/_dash-update-component"
# Values Dash's own page router reads as strings; anything else crashes it deep inside Dash.
STRING_PROPS = {("_pages_location", "pathname"), ("_pages_location", "search")}
ID_VALUE_TYPES = (str, int, float, bool)  # what a pattern id's wildcard may stand for (as in Dash's renderer)
# Dash's own functions that compare a request with its callback or read its changedPropIds: what they raise is
# the request's fault. The request guard checks the same first; this catches what it might miss.
DASH_REQUEST_CHECKS = {
    _validate.validate_output_spec.__code__,
    _validate.validate_and_group_input_args.__code__,
    _callback_context.CallbackContext.triggered_prop_ids.fget.__wrapped__.__code__,
}

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
    limit = bounded_number(
        env,
        "WIJKWAARDE_MAX_REQUEST_BYTES",
        DEFAULT_MAX_REQUEST_BYTES,
        10_000,
        10**12,
        int,
        "een geheel aantal bytes",
    )
    return int(limit)


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


def _pattern(component_id: Any) -> str | dict:
    """A registered component id: a plain string, or a dict whose wildcards are Dash's Wildcard. The callback
    map writes an input's pattern as JSON text with ["MATCH"] for a wildcard; an Output holds the dict."""
    if isinstance(component_id, str):
        if not component_id.startswith("{"):
            return component_id
        component_id = json.loads(component_id)
    return {
        key: Wildcard(value[0]) if isinstance(value, list) else value for key, value in component_id.items()
    }


def _many(pattern: str | dict) -> bool:
    """ALL and ALLSMALLER stand for a list of components: the body holds a list for them."""
    return isinstance(pattern, dict) and any(v in (ALL, ALLSMALLER) for v in pattern.values())


def _id_problem(given: Any, pattern: str | dict, matched: dict | None = None) -> str | None:
    """Why the id `given` is not one the registered `pattern` stands for (None when it is). `matched` collects
    the values of MATCH wildcards: one callback request has one value per MATCH key."""
    if isinstance(pattern, str):
        return None if given == pattern else f"verwacht {pattern}"
    if not isinstance(given, dict) or given.keys() != pattern.keys():
        return f"verwacht een id met {', '.join(sorted(pattern))}"
    for key, wanted in pattern.items():
        value = given[key]
        if not isinstance(wanted, Wildcard):
            if value != wanted or type(value) is not type(wanted):
                return f"{key} moet {wanted!r} zijn"
        elif not isinstance(value, ID_VALUE_TYPES) or value != value:  # no lists, objects, null or NaN
            return f"{key}: geen tekst of getal"
        elif wanted is MATCH and matched is not None and matched.setdefault(key, value) != value:
            return f"{key}: een andere waarde dan elders in het verzoek"
    return None


def _check_entry(entry: Any, pattern: str | dict, prop: str, where: str, matched: dict) -> None:
    """One input, state or output of the body against its registered id and property; a list for ALL."""
    if _many(pattern) != isinstance(entry, list):
        raise BadCallback(f"{where}: verwacht {'een lijst' if _many(pattern) else 'één item, geen lijst'}")
    items = entry if isinstance(entry, list) else [entry]
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("property"), str):
            raise BadCallback(f"{where}: geen id en eigenschap")
        if clean_property_name(item["property"]) != prop:  # an output may carry Dash's '@hash' suffix
            raise BadCallback(f"{where}: verwacht de eigenschap {prop}")
        problem = _id_problem(item.get("id"), pattern, matched)
        if problem:
            raise BadCallback(f"{where}: {problem}")


def _changed_id(prop_id: Any) -> tuple[str | dict, str]:
    """(component id, property) of a changedPropIds entry as Dash reads it (ctx.triggered_id)."""
    if not isinstance(prop_id, str):
        raise BadCallback("changedPropIds: verwacht een lijst met tekst")
    text, _, prop = prop_id.rpartition(".")
    if not text.startswith("{"):
        return text, prop
    try:
        component = json.loads(text)
    except (ValueError, RecursionError):
        raise BadCallback("changedPropIds: geen geldige id") from None
    if not isinstance(component, dict):
        raise BadCallback("changedPropIds: geen geldige id")
    return component, prop


def check_callback_body(body: Any, callback_map: dict) -> None:
    """Raise BadCallback unless `body` has the shape Dash's renderer sends for a registered callback: its
    inputs, states and outputs by id (a pattern's wildcards by plain values, one value per MATCH) and property,
    a list exactly where the callback has several outputs or an ALL pattern, and changed properties that are
    its inputs. After this, nothing in the body makes Dash itself fail."""
    if not isinstance(body, dict):
        raise BadCallback("de inhoud is geen JSON-object")
    if json_depth(body) > MAX_JSON_DEPTH:
        raise BadCallback(f"de JSON is dieper genest dan {MAX_JSON_DEPTH}")
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        raise BadCallback("onbekende output")
    callback = callback_map[output]
    matched: dict = {}
    for key in ("inputs", "state"):
        registered_list = callback[key]
        entries = body.get(key, [])
        if not isinstance(entries, list) or len(entries) != len(registered_list):
            raise BadCallback(f"{key}: verwacht {len(registered_list)} items")
        for number, (entry, registered) in enumerate(zip(entries, registered_list, strict=True)):
            wanted_id, wanted_prop = registered["id"], registered["property"]
            _check_entry(entry, _pattern(wanted_id), wanted_prop, f"{key}[{number}]", matched)
            if (wanted_id, wanted_prop) in STRING_PROPS and not isinstance(entry.get("value"), str | None):
                raise BadCallback(f"{key}[{number}]: {wanted_id}.{wanted_prop} moet tekst zijn")
    if not callback.get("no_output"):
        registered = callback["output"]
        outputs = body.get("outputs")
        if isinstance(registered, list | tuple):  # several outputs: a list, one entry each
            if not isinstance(outputs, list) or len(outputs) != len(registered):
                raise BadCallback(f"outputs: verwacht {len(registered)} items")
            pairs = zip(outputs, registered, strict=True)
        else:
            pairs = zip([outputs], [registered], strict=True)
        for number, (entry, wanted) in enumerate(pairs):
            where = f"outputs[{number}]" if isinstance(registered, list | tuple) else "outputs"
            _check_entry(entry, _pattern(wanted.component_id), wanted.component_property, where, matched)
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list):
        raise BadCallback("changedPropIds: verwacht een lijst met tekst")
    inputs = [(_pattern(registered["id"]), registered["property"]) for registered in callback["inputs"]]
    for prop_id in changed:
        component, prop = _changed_id(prop_id)
        if not any(prop == p and _id_problem(component, pattern) is None for pattern, p in inputs):
            raise BadCallback("changedPropIds: geen invoer van deze callback")


def _read_by_dash(exc: BaseException) -> bool:
    """Whether `exc` was raised inside one of Dash's own checks of the request against the callback (or its
    reading of changedPropIds): then Dash rejects the request, and it is the client's fault, not ours."""
    traceback = exc.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code in DASH_REQUEST_CHECKS:
            return True
        traceback = traceback.tb_next
    return False


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
        elif request.path == CALLBACK_PATH and _read_by_dash(exc):
            exc = BadCallback(f"Dash weigert het verzoek: {exc.__class__.__name__}")
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
