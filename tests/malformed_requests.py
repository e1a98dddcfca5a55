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


# Callback bodies built from /_dash-dependencies: what the renderer sends, and forgeries of it that Dash itself
# rejects or trips over (a pattern id's wildcards stand for "x" throughout, as one MATCH value must).
WILDCARD = "x"


def _pattern(text: str) -> str | dict:
    return json.loads(text) if text.startswith("{") else text


def _outputs_of(callback: dict) -> list[tuple[str | dict, str]]:
    text = callback["output"]
    parts = text[2:-2].split("...") if text.startswith("..") else [text]
    return [(_pattern(part.rsplit(".", 1)[0]), part.rsplit(".", 1)[1]) for part in parts]


def _many(pattern: str | dict) -> bool:
    return isinstance(pattern, dict) and any(v in (["ALL"], ["ALLSMALLER"]) for v in pattern.values())


def _concrete(pattern: str | dict, wildcard=WILDCARD, named: dict | None = None) -> str | dict:
    """A component id the pattern stands for: each wildcard by `named[key]`, else by `wildcard`."""
    if isinstance(pattern, str):
        return pattern
    named = named or {}
    return {
        key: named.get(key, wildcard) if isinstance(value, list) else value for key, value in pattern.items()
    }


def _entry(pattern: str | dict, prop: str, named: dict | None = None, **extra) -> dict | list:
    item = {"id": _concrete(pattern, named=named), "property": prop, **extra}
    return [item] if _many(pattern) else item


def prop_id(component: str | dict, prop: str) -> str:
    text = (
        component
        if isinstance(component, str)
        else json.dumps(component, sort_keys=True, separators=(",", ":"))
    )
    return f"{text}.{prop}"


def renderer_body(callback: dict, value=None, named: dict | None = None) -> dict:
    """What Dash's renderer sends for `callback` (an entry of /_dash-dependencies): every input and state
    `value`, a pattern's wildcards by `named[key]` (else "x"), its first input the one that changed."""
    outputs = [_entry(pattern, prop, named) for pattern, prop in _outputs_of(callback)]
    first = callback["inputs"][0]
    return {
        "output": callback["output"],
        "outputs": outputs if callback["output"].startswith("..") else outputs[0],
        "inputs": [_entry(_pattern(i["id"]), i["property"], named, value=value) for i in callback["inputs"]],
        "state": [
            _entry(_pattern(s["id"]), s["property"], named, value=value) for s in callback.get("state", [])
        ],
        "changedPropIds": [prop_id(_concrete(_pattern(first["id"]), named=named), first["property"])],
    }


def _other(component: str | dict) -> str | dict:
    """Another component of the same shape: a plain id changed, or a pattern id's first fixed value."""
    if isinstance(component, str):
        return component + "-ander"
    fixed = [key for key, value in component.items() if not isinstance(value, list)]
    return {**component, fixed[0]: component[fixed[0]] + "-ander"} if fixed else {**component, "extra": 1}


def forged_bodies(callback: dict) -> list[tuple[str, dict]]:
    """(name, body): renderer_body(callback) changed in one way no page sends."""
    good = renderer_body(callback)
    many = callback["output"].startswith("..")
    (first_pattern, first_prop), first_input = _outputs_of(callback)[0], _pattern(callback["inputs"][0]["id"])
    first_output = _entry(_other(first_pattern), first_prop)
    forged = [
        ("outputs one item for several" if many else "outputs a list for one output",
         dict(good, outputs=good["outputs"][0] if many else [good["outputs"]])),
        ("output of another component",
         dict(good, outputs=[first_output, *good["outputs"][1:]] if many else first_output)),
        ("output of another property",
         dict(good, outputs=[_entry(first_pattern, "style"), *good["outputs"][1:]] if many
              else _entry(first_pattern, "style"))),
        ("changed id not JSON", dict(good, changedPropIds=["{not json.n_clicks"])),
        ("changed id not text", dict(good, changedPropIds=[5])),
        ("changed id of no input", dict(good, changedPropIds=[prop_id(_other(_concrete(first_input)), "value")])),
        ("input of another component",
         dict(good, inputs=[_entry(_other(first_input), callback["inputs"][0]["property"], value=None),
                            *good["inputs"][1:]])),
    ]  # fmt: skip
    if isinstance(first_input, dict) and any(isinstance(v, list) for v in first_input.values()):
        listed = {"id": _concrete(first_input, wildcard=["x"]), "property": callback["inputs"][0]["property"]}
        forged.append(("wildcard standing for a list", dict(good, inputs=[_many(first_input) and [listed] or listed,
                                                                          *good["inputs"][1:]])))  # fmt: skip
        flipped = good["inputs"][0][0] if _many(first_input) else [good["inputs"][0]]
        forged.append(
            ("ALL input not a list, or one input a list", dict(good, inputs=[flipped, *good["inputs"][1:]]))
        )
    if isinstance(first_pattern, dict) and ["MATCH"] in first_pattern.values() and not many:
        elsewhere = _entry(first_pattern, first_prop)
        elsewhere["id"] = _concrete(first_pattern, wildcard="y")
        forged.append(("MATCH standing for two values", dict(good, outputs=elsewhere)))
    return forged
