"""Requests no page of the dashboard sends: forged, truncated or hostile; each must get a 4xx, never a 500."""

from __future__ import annotations

import json

PAGES_OUTPUT = ".._pages_content.children..._pages_store.data.."
PAGES_OUTPUTS = [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}]


def _pages_body(**changes) -> bytes:
    body = {
        "output": PAGES_OUTPUT,
        "outputs": PAGES_OUTPUTS,
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": "/"},
            {"id": "_pages_location", "property": "search", "value": ""},
        ],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [],
    }
    body.update(changes)
    return json.dumps({k: v for k, v in body.items() if v is not ...}).encode()


def _nested(depth: int) -> bytes:
    inner = "[" * depth + "]" * depth
    return f'{{"output": "{PAGES_OUTPUT}", "outputs": {inner}, "inputs": []}}'.encode()


CALLBACK = "/_dash-update-component"
SUITES = "/_dash-component-suites"

# (name, method, path, body or None, content type)
MALFORMED: list[tuple[str, str, str, bytes | None, str | None]] = [
    ("suite: unknown package", "GET", f"{SUITES}/nothing/x.js", None, None),
    ("suite: unknown file", "GET", f"{SUITES}/dash/nope.v1m1.js", None, None),
    ("suite: other extension", "GET", f"{SUITES}/dash/dash_table/bundle.txt", None, None),
    ("suite: traversal", "GET", f"{SUITES}/dash/..%2f..%2f..%2fetc%2fpasswd", None, None),
    ("suite: traversal to source", "GET", f"{SUITES}/dash/..%2fdash.py", None, None),
    ("suite: encoded dot-dot", "GET", f"{SUITES}/plotly/%2e%2e/%2e%2e/setup.py", None, None),
    ("suite: long name", "GET", f"{SUITES}/dash/{'a' * 3000}.js", None, None),
    ("json: nested 100,000 deep", "POST", CALLBACK, b"[" * 100_000 + b"]" * 100_000, "application/json"),
    ("json: nested 900 deep", "POST", CALLBACK, _nested(900), "application/json"),
    ("json: nested 100 deep", "POST", CALLBACK, _nested(100), "application/json"),
    ("json: objects nested 5,000 deep", "POST", CALLBACK, b'{"a":' * 5000 + b"1" + b"}" * 5000, "application/json"),
    ("not json", "POST", CALLBACK, b"hello", "application/json"),
    ("truncated json", "POST", CALLBACK, _pages_body()[:-20], "application/json"),
    ("not utf-8", "POST", CALLBACK, b'{"output": "\xff\xfe"}', "application/json"),
    ("text body", "POST", CALLBACK, b"output=x", "text/plain"),
    ("no body", "POST", CALLBACK, b"", "application/json"),
    ("json null", "POST", CALLBACK, b"null", "application/json"),
    ("json list", "POST", CALLBACK, b"[1, 2]", "application/json"),
    ("json string", "POST", CALLBACK, b'"abc"', "application/json"),
    ("empty object", "POST", CALLBACK, b"{}", "application/json"),
    ("unknown output", "POST", CALLBACK, _pages_body(output="nope.children"), "application/json"),
    ("output not text", "POST", CALLBACK, _pages_body(output=["x"]), "application/json"),
    ("no inputs", "POST", CALLBACK, _pages_body(inputs=...), "application/json"),
    ("inputs not a list", "POST", CALLBACK, _pages_body(inputs={"id": "x"}), "application/json"),
    ("one input too few", "POST", CALLBACK, _pages_body(inputs=[{"id": "_pages_location", "property": "pathname"}]),
     "application/json"),
    ("input of another component", "POST", CALLBACK,
     _pages_body(inputs=[{"id": "x", "property": "pathname", "value": "/"},
                         {"id": "_pages_location", "property": "search", "value": ""}]), "application/json"),
    ("input without property", "POST", CALLBACK,
     _pages_body(inputs=[{"id": "_pages_location", "value": "/"}, {"id": "_pages_location", "property": "search"}]),
     "application/json"),
    ("input a number", "POST", CALLBACK, _pages_body(inputs=[1, 2]), "application/json"),
    ("state not a list", "POST", CALLBACK, _pages_body(state="x"), "application/json"),
    ("no outputs", "POST", CALLBACK, _pages_body(outputs=...), "application/json"),
    ("one output too few", "POST", CALLBACK, _pages_body(outputs=PAGES_OUTPUTS[:1]), "application/json"),
    ("outputs of strings", "POST", CALLBACK, _pages_body(outputs=["a", "b"]), "application/json"),
    ("changedPropIds not a list", "POST", CALLBACK, _pages_body(changedPropIds=5), "application/json"),
    ("page path a number", "POST", CALLBACK,
     _pages_body(inputs=[{"id": "_pages_location", "property": "pathname", "value": 5},
                         {"id": "_pages_location", "property": "search", "value": ""}]), "application/json"),
    ("page path outside the app", "POST", CALLBACK,
     _pages_body(inputs=[{"id": "_pages_location", "property": "pathname", "value": "<x>"},
                         {"id": "_pages_location", "property": "search", "value": ""}]), "application/json"),
    ("page search an object", "POST", CALLBACK,
     _pages_body(inputs=[{"id": "_pages_location", "property": "pathname", "value": "/"},
                         {"id": "_pages_location", "property": "search", "value": {"a": 1}}]), "application/json"),
    ("callback by PUT", "PUT", CALLBACK, _pages_body(), "application/json"),
    ("template traversal", "GET", "/sjablonen/..%2f..%2fpyproject.toml", None, None),
    ("geometry of no version", "GET", "/kaart/geometrie/x/y.geojson", None, None),
]  # fmt: skip
