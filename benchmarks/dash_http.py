"""Real HTTP calls of Dash callbacks: read /_dash-dependencies, post exactly a callback's outputs."""

from __future__ import annotations

import json
import time
from typing import Any

import requests


def dependencies(session: requests.Session, base: str) -> list[dict]:
    response = session.get(base + "/_dash-dependencies", timeout=30)
    response.raise_for_status()
    return response.json()


def component_id(text: str) -> str | dict:
    """A component id as Dash writes it in a callback's output: a pattern id ({"page":..}) is JSON."""
    return json.loads(text) if text.startswith("{") else text


def outputs_of(callback: dict) -> list[tuple[str | dict, str]]:
    """(id, property) per output; Dash writes several as '..a.children...b.figure..'."""
    text = callback["output"]
    parts = text[2:-2].split("...") if text.startswith("..") else [text]
    return [(component_id(part.rsplit(".", 1)[0]), part.rsplit(".", 1)[1]) for part in parts]


def page_request(path: str, search: str = "") -> dict:
    """What Dash Pages' router callback is asked when the browser opens `path` + `search`: the page's layout."""
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [],
    }


def find(deps: list[dict], output_id: str, prop: str) -> dict:
    for callback in deps:
        if (output_id, prop) in outputs_of(callback) and not callback.get("clientside_function"):
            return callback
    raise LookupError(f"no server callback writes {output_id}.{prop}")


def body(callback: dict, values: dict[str, Any]) -> dict:
    """The request Dash's renderer would send; `values` by component id as Dash writes it (a pattern id as
    its JSON text, the way /_dash-dependencies lists it; missing: None)."""
    outs = outputs_of(callback)
    out_list = [{"id": i, "property": p} for i, p in outs]
    return {
        "output": callback["output"],
        "outputs": out_list if len(out_list) > 1 else out_list[0],
        "inputs": [dict(x, id=component_id(x["id"]), value=values.get(x["id"])) for x in callback["inputs"]],
        "state": [
            dict(x, id=component_id(x["id"]), value=values.get(x["id"])) for x in callback.get("state", [])
        ],
        "changedPropIds": [f"{callback['inputs'][0]['id']}.{callback['inputs'][0]['property']}"],
    }


def post(session: requests.Session, base: str, payload: dict) -> tuple[int, bytes, float, dict]:
    """(status, body bytes, seconds, headers) of one callback request."""
    started = time.perf_counter()
    response = session.post(
        base + "/_dash-update-component",
        data=json.dumps(payload),
        headers={"Content-Type": "application/json"},
        timeout=120,
    )
    return response.status_code, response.content, time.perf_counter() - started, dict(response.headers)
