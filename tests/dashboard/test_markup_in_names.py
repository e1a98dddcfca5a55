"""Names from loaded data show literally in every chart: Plotly renders <a href>, <b> and <br> in text fields."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from benchmarks import dash_http
from dashboard.app import create_app
from dashboard.repository import DuckDBRepository
from tests.dashboard.test_app import render_page

LINK = '<a href="javascript:alert(1)">'
BOLD = "<b>"
ITALIC = "<i>!</i>"  # in no template of ours: where it shows unescaped, a name did
# Every page in a state that draws its charts (Demostad codes).
PAGES = [
    ("/", "?gemeente=GM9999"),
    ("/", "?gemeente=GM9999&wijk=WK999901"),
    ("/profiel", "?gemeente=GM9999&buurt=BU99990101"),
    ("/profiel", "?gemeente=GM9999&wijk=WK999901"),
    ("/behoefte", "?gemeente=GM9999"),
    ("/portefeuille", "?gemeente=GM9999"),
    ("/overleving", "?gemeente=GM9999"),
    ("/overleving", "?gemeente=GM9999&groep=vorm"),
    ("/waarde", ""),
    ("/initiatief", "?code=INI0001"),
    ("/initiatief", "?code=INI0010"),
    ("/indicatoren", ""),
    ("/gegevens", ""),
]


# (table, column, markup): every name a chart may show, as a future source or an older warehouse could hold it.
# The loader itself refuses markup in template text (etl/validate.py), so it is written into the published file.
HOSTILE = [
    ("initiative", "name", LINK + "{}</a>" + ITALIC),
    ("f_initiative", "name", LINK + "{}</a>" + ITALIC),
    ("f_initiative", "organisation_name", LINK + "{}</a>" + ITALIC),
    ("organisation", "name", LINK + "{}</a>" + ITALIC),
    ("funder", "name", BOLD + "{}</b>" + ITALIC),
    ("area", "name", BOLD + "{}<br></b>" + ITALIC),
    ("indicator", "name_nl", BOLD + "{}</b>" + ITALIC),
    ("indicator", "name_en", BOLD + "{}</b>" + ITALIC),
    ("stat_def", "name_nl", BOLD + "{}</b>" + ITALIC),
    ("stat_def", "name_en", BOLD + "{}</b>" + ITALIC),
    ("vocabulary", "label_nl", BOLD + "{}</b>" + ITALIC),
    ("vocabulary", "label_en", BOLD + "{}</b>" + ITALIC),
]
MARKERS = [LINK, ITALIC]


@pytest.fixture(scope="module")
def hostile_home(tmp_path_factory) -> Path:
    """Demostad through the real loader, then every name that reaches a chart wrapped in markup."""
    from etl import demo, loader

    root = tmp_path_factory.mktemp("hostile")
    report = loader.load(root / "warehouse", demo.generate(root / "files", scale="demostad", seed=42))
    assert report.ok and not report.rejects
    con = duckdb.connect(str((root / "warehouse" / "wijkwaarde.duckdb").resolve()))
    try:
        for table, column, markup in HOSTILE:
            before, after = markup.split("{}")
            con.execute(f"UPDATE {table} SET {column} = ? || {column} || ?", [before, after])  # noqa: S608
    finally:
        con.close()
    return root / "warehouse"


def figures_in(value: Any) -> list[dict]:
    """Every Plotly figure (a dict with data and layout) anywhere in a callback response."""
    found, stack = [], [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("data"), list) and isinstance(item.get("layout"), dict):
                found.append(item)
            else:
                stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def where(figure: dict, marker: str) -> str:
    """The first field of `figure` holding `marker` unescaped, e.g. 'data[1].customdata'."""
    for number, trace in enumerate(figure["data"]):
        for key, value in trace.items():
            if marker in json.dumps(value, ensure_ascii=False):
                return f"{trace.get('type')} data[{number}].{key}"
    for key, value in figure["layout"].items():
        if marker in json.dumps(value, ensure_ascii=False):
            return f"layout.{key}"
    return "?"


def values_in_layout(layout: Any) -> dict[str, Any]:
    """Component id -> its value (or data) as the page starts."""
    values, stack = {}, [layout]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            props = item.get("props")
            if isinstance(props, dict) and isinstance(props.get("id"), str | dict):
                key = props["id"]  # a pattern id as Dash lists it in /_dash-dependencies: its JSON text
                key = key if isinstance(key, str) else json.dumps(key, sort_keys=True, separators=(",", ":"))
                for prop in ("value", "data", "search", "pathname", "n_clicks", "n_intervals"):
                    if prop in props:
                        values[key] = props[prop]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return values


def test_no_chart_of_any_page_renders_markup_from_names(hostile_home: Path):
    app = create_app(DuckDBRepository(hostile_home))
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    deps = [d for d in client.get("/_dash-dependencies").get_json() if not d.get("clientside_function")]
    charts, leaks = 0, []
    for path, search in PAGES:
        layout = json.loads(render_page(client, path, search))
        values = values_in_layout(layout)
        values |= {"_pages_location": path}
        responses = [layout]
        for callback in deps:
            wildcard = any(w in callback["output"] for w in ('["ALL"]', '["MATCH"]', '["ALLSMALLER"]'))
            if wildcard or callback["output"].startswith(".._pages"):
                continue
            wanted = [d["id"] for d in callback["inputs"]]
            if not all(i in values for i in wanted):
                continue
            response = client.post("/_dash-update-component", json=dash_http.body(callback, values))
            assert response.status_code in (200, 204), (path, callback["output"][:80])
            if response.status_code == 200:
                responses.append(response.get_json())
        for figure in (f for r in responses for f in figures_in(r)):
            charts += 1
            # A map's outlines are not drawn as text (no template of ours reads their properties)
            shown = {"data": [{k: v for k, v in t.items() if k != "geojson"} for t in figure["data"]],
                     "layout": figure["layout"]}  # fmt: skip
            text = json.dumps(shown, ensure_ascii=False)
            for marker in MARKERS:
                if marker in text:
                    leaks.append((path + search, where(shown, marker)))
    assert charts >= 20
    assert sorted(set(leaks)) == [], "\n".join(map(str, sorted(set(leaks))))


def test_a_png_and_a_map_recolour_escape_names_too():
    """The kaleido path (exports, council pack) and a Dash Patch of the map's hover text."""
    import plotly.graph_objects as go

    from dashboard import figure_text

    name = LINK + "Buurtkeuken</a>"
    fig = go.Figure(go.Bar(x=[name, "Tom & Jerry"], y=[1, 2], name=name, customdata=[[name, 3], ["< 10", 4]]))
    shown = figure_text.escape_figure(fig).to_plotly_json()["data"][0]
    assert shown["x"] == ['&lt;a href="javascript:alert(1)">Buurtkeuken&lt;/a>', "Tom & Jerry"]
    assert shown["name"] == shown["x"][0] and shown["customdata"][0][0] == shown["x"][0]
    assert shown["customdata"][1][0] == "< 10"  # not a tag: stays as the protection wrote it
    assert list(fig.data[0].x)[0] == name  # the builder's figure (read back by exports) keeps the plain name
    patch = {"__dash_patch_update": "__dash_patch_update", "operations": [
        {"operation": "Assign", "location": ["data", 1, "customdata"], "params": {"value": [[name, "12"]]}},
        {"operation": "Assign", "location": ["data", 1, "z"], "params": {"value": [1]}},
    ]}  # fmt: skip
    assert figure_text.escape_response({"multi": True, "response": {"overview-map": {"figure": patch}}})
    assert patch["operations"][0]["params"]["value"][0][0].startswith("&lt;a href")
    assert figure_text.escape_response({"figure": {"data": [{"x": ["plain"]}], "layout": {}}}) is False
