"""Small-number protection seen from outside: forged POSTs to /_dash-update-component on gunicorn.

No browser: the requests are what anyone could send with curl. Each lists exactly the callback's outputs
(read from /_dash-dependencies, as the Dash renderer does) and asserts that a count below k is not in the
raw response body at all, only '< 10' (or 'afgeschermd' for a cell hidden to protect another).

The small numbers, computed by hand from tests/conftest.py (k = 10):
- 2024, whole gemeente: volunteers = latest per initiative and buurt = 7 (Buurtkeuken) + 2 (Zonnedak) = 9.
- 2024, wijk Oost: volunteers 2; participants per quarter K2 = 8, K3 = 12, K4 = 16 (Zonnedak Oost):
  K2 is below k, and K3 (the next smallest) is hidden too, or the total 36 would give K2 away.
  Counts that are shown are rounded to a multiple of 5 (rule 5): 16 -> 15, 36 -> 35. Zonnedak Oost is the
  one initiative reporting in wijk Oost, so its 36 participants and every quarter are hidden there too (rule 6:
  no count of people that fewer than two initiatives report).
- The map fixture adds 4 participants of a new initiative in Centrum-Zuid: that buurt is below k and
  Centrum-Noord (120) is hidden with it, or the wijk total Centrum (124) would give the 4 away.
"""

from __future__ import annotations

import base64
import json
import re
import urllib.request
from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl import warehouse as wh
from tests.browser.conftest import serve
from tests.conftest import build_warehouse

pytestmark = pytest.mark.browser

CONTROLS = ["filter-gemeente", "filter-wijk", "filter-buurt", "filter-themes", "filter-statuses",
            "filter-funders", "filter-year-from", "filter-year-to"]  # fmt: skip


def post(url: str, body: dict) -> tuple[int, str]:
    request = urllib.request.Request(
        url + "/_dash-update-component",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def dependencies(url: str) -> list[dict]:
    with urllib.request.urlopen(url + "/_dash-dependencies", timeout=30) as response:
        return json.loads(response.read())


def split_outputs(output: str) -> list[dict]:
    """'..a.children...b.children..' -> [{'id': 'a', 'property': 'children'}, ...] (ids may be JSON)."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    out = []
    for part in parts:
        ident, prop = part.rsplit(".", 1)
        out.append({"id": json.loads(ident) if ident.startswith("{") else ident, "property": prop})
    return out


def forge(url: str, first_output: str, values: dict, trigger: str | None = None) -> dict:
    """Call the callback whose outputs include `first_output` with `values` {component id: value}."""
    callback = next(c for c in dependencies(url) if first_output in c["output"])
    inputs = [
        {"id": i["id"], "property": i["property"], "value": values.get(i["id"])} for i in callback["inputs"]
    ]
    state = [
        {"id": s["id"], "property": s["property"], "value": values.get(s["id"])} for s in callback["state"]
    ]
    body = {
        "output": callback["output"],
        "outputs": split_outputs(callback["output"]),
        "inputs": inputs,
        "state": state,
        "changedPropIds": [f"{trigger or inputs[0]['id']}.{inputs[0]['property']}"],
    }
    status, text = post(url, body)
    assert status == 200, text[:500]
    return {"raw": text, "json": json.loads(text)}


def selection(**changes) -> dict:
    values = dict(zip(CONTROLS, ["GM9999", None, None, [], [], [], 2024, 2024], strict=True))
    values |= {"overview-map-metric": "initiatieven_per_1000", "overview-trend-indicator": "deelnemers"}
    values |= {"shell-lang": "nl"}
    values |= changes
    return values


def texts(obj) -> list[str]:
    """Every text a user could read in a component tree or figure: children, hover data, annotations."""
    found: list[str] = []
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key in ("children", "text", "customdata") and isinstance(value, (str, int, float)):
                found.append(str(value))
            found += texts(value)
    elif isinstance(obj, list):
        for value in obj:
            found += texts(value) if isinstance(value, (dict, list)) else [str(value)]
    return found


def numbers(obj) -> list[float]:
    """Every number in the JSON (figure arrays, props), booleans aside."""
    if isinstance(obj, bool):
        return []
    if isinstance(obj, (int, float)):
        return [float(obj)]
    if isinstance(obj, dict):
        return [n for v in obj.values() for n in numbers(v)]
    if isinstance(obj, list):
        return [n for v in obj for n in numbers(v)]
    return []


def mentions(strings: list[str], number: int) -> bool:
    """`number` as a number of its own in any text (not inside '2024', 'K2' or a colour '#7201a8')."""
    pattern = re.compile(rf"(?<![\w#.,]){number}(?![\w.,])")
    return any(pattern.search(s) for s in strings)


def test_kpis_never_carry_the_small_count(server_url):
    response = forge(server_url, "overview-kpis.children", selection())["json"]["response"]
    cards = response["overview-kpis"]["children"]
    volunteers = next(c for c in cards if c["props"]["children"]["props"]["id"] == "kpi-vrijwilligers")
    shown = texts(volunteers)
    assert "< 10" in shown
    assert not mentions(shown, 9) and 9.0 not in numbers(volunteers["props"]["children"]["props"]["children"])
    # wijk Oost: 2 volunteers; the change text against 2023 is not given either (it would reveal it)
    oost = forge(server_url, "overview-kpis.children", selection(**{"filter-wijk": "WK999902"}))
    cards = oost["json"]["response"]["overview-kpis"]["children"]
    volunteers = next(c for c in cards if c["props"]["children"]["props"]["id"] == "kpi-vrijwilligers")
    assert "< 10" in texts(volunteers) and not mentions(texts(volunteers), 2)
    # participants in Oost are 36, all of Zonnedak Oost: one initiative's own count (rule 6), hidden: it says
    # 'afgeschermd', not '< 10' (36 is not below 10)
    participants = next(c for c in cards if c["props"]["children"]["props"]["id"] == "kpi-deelnemers")
    assert "afgeschermd" in texts(participants) and not mentions(texts(participants), 36)
    assert not mentions(texts(participants), 35)


def test_trend_hides_the_small_quarter_and_its_complement(server_url):
    values = selection(**{"filter-wijk": "WK999902"})
    response = forge(server_url, "overview-trend.figure", values)["json"]["response"]
    figure = response["overview-trend"]["figure"]
    realised = figure["data"][0]
    assert realised["y"] == [None, None, None, None]  # K4's 16 is Zonnedak Oost's own count (rule 6)
    # no trace carries them (the layout's numbers are sizes and margins, not data)
    assert 8.0 not in numbers(figure["data"]) and 12.0 not in numbers(figure["data"])
    assert not mentions(texts(figure), 8) and not mentions(texts(figure), 12)
    # K2's 8 is below k; K3's 12 goes with it (rule 3) and K4's 16 is one initiative's: neither is below 10
    assert [a["text"] for a in figure["layout"]["annotations"]] == ["< 10", "afgeschermd", "afgeschermd"]
    # the text summary and the data table under the chart: the same protection
    extras = forge(server_url, "overview-trend-summary.children", values)
    body = extras["json"]["response"]
    assert "< 10" in texts(body["overview-trend-data"])
    under = texts(body["overview-trend-summary"]) + texts(body["overview-trend-data"])
    assert not mentions(under, 8) and not mentions(under, 12)


def test_volunteers_trend_is_hidden_entirely(server_url):
    # volunteers per quarter in 2024: 4, 7, 8, 9 — all below k
    values = selection(**{"overview-trend-indicator": "vrijwilligers"})
    figure = forge(server_url, "overview-trend.figure", values)["json"]["response"]["overview-trend"][
        "figure"
    ]
    assert all(y is None for y in figure["data"][0]["y"])
    for n in (4, 7, 8, 9):
        assert float(n) not in numbers(figure["data"][0]["y"])
        assert not mentions(texts(figure["data"]), n)


def test_public_table_has_no_participants_per_initiative(server_url):
    response = forge(server_url, "overview-table.rowData", selection())["json"]["response"]
    rows = response["overview-table"]["rowData"]
    assert [r["naam"] for r in rows] == ["Buurtkeuken", "Zonnedak Oost"]
    assert all("deelnemers" not in r for r in rows)


def test_export_download_is_protected(server_url):
    values = selection(**{"filter-wijk": "WK999902"})
    callback = next(c for c in dependencies(server_url) if "wijkwaarde-download" in c["output"])
    trigger = {"chart": "trend", "format": "csv", "page": "overview", "type": "wijkwaarde-export"}
    state = [
        {"id": s["id"], "property": s["property"], "value": values.get(s["id"])} for s in callback["state"]
    ]
    output_id = {"chart": "trend", "page": "overview", "type": "wijkwaarde-download"}
    buttons = [
        {"id": trigger | {"format": f}, "property": "n_clicks", "value": 1 if f == "csv" else 0}
        for f in ("csv", "xlsx", "png")
    ]
    body = {
        "output": callback["output"],
        "outputs": {"id": output_id, "property": "data"},
        "inputs": [buttons],
        "state": state,
        "changedPropIds": [json.dumps(trigger, separators=(",", ":"), sort_keys=True) + ".n_clicks"],
    }
    status, text = post(server_url, body)
    assert status == 200, text[:500]
    data = json.loads(text)["response"][json.dumps(output_id, separators=(",", ":"), sort_keys=True)]["data"]
    csv_text = base64.b64decode(data["content"]).decode("utf-8-sig")
    table = csv_text.split("\r\n\r\n", 1)[1].splitlines()
    assert table == [
        "Kwartaal;Gerealiseerd (personen);Doel (personen)",  # the indicator's unit
        "2024-K1;;",
        "2024-K2;< 10;5",  # 8
        "2024-K3;afgeschermd;5",  # 12: hidden with K2 (rule 3)
        "2024-K4;afgeschermd;5",  # 16: one initiative's own count (rule 6)
    ]
    assert "# Bron:" in csv_text and "fictieve gegevens" in csv_text


@pytest.fixture(scope="module")
def map_url(tmp_path_factory):
    """The fixture plus 4 participants in Centrum-Zuid in 2024 (a new initiative, Repair Café)."""
    home = build_warehouse(tmp_path_factory.mktemp("small-map") / "warehouse", extra_initiative=True)
    con = duckdb.connect(str(Path(home, "wijkwaarde.duckdb").resolve()))
    try:
        con.execute(
            "INSERT INTO observation VALUES ('INI5', 'deelnemers', 'BU99990102', ?, ?, 4, NULL, 9)",
            [date(2024, 4, 1), date(2024, 6, 30)],
        )
        wh.build_facts(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    yield from serve(home, workers=1)


def test_map_cell_below_k_and_its_complement_are_hidden(map_url):
    values = selection(**{"overview-map-metric": "deelnemers"})
    response = forge(map_url, "overview-map.figure", values)["json"]["response"]
    figure = response["overview-map"]["figure"]
    colour = figure["data"][1]
    z = dict(zip(colour["locations"], colour["z"], strict=True))
    # Centrum-Zuid 4 is hidden and Centrum-Noord 120 with it; Oost-Zuid's 36 are Zonnedak's alone (rule 6)
    assert z == {"BU99990101": None, "BU99990102": None, "BU99990201": None, "BU99990202": None}
    assert 4.0 not in numbers(figure["data"]) and 120.0 not in numbers(figure["data"])
    hover = {c[0]: c[1] for c in figure["data"][0]["customdata"]}
    assert hover["Centrum-Zuid"] == "< 10" and hover["Centrum-Noord"] == "afgeschermd"  # 4 and 120
    assert hover["Oost-Noord"] == "geen gegevens"
    # the wijk total Centrum (124, shown as 125) is published, the buurt Centrum-Noord is not: 124 - 120
    # would be 4
    kpis = forge(map_url, "overview-kpis.children", selection(**{"filter-buurt": "BU99990101"}))
    cards = kpis["json"]["response"]["overview-kpis"]["children"]
    participants = next(c for c in cards if c["props"]["children"]["props"]["id"] == "kpi-deelnemers")
    assert "afgeschermd" in texts(participants) and not mentions(texts(participants), 120)
    centrum = forge(map_url, "overview-kpis.children", selection(**{"filter-wijk": "WK999901"}))
    assert "125" in texts(centrum["json"]["response"]["overview-kpis"]["children"])


def test_initiative_page_response_has_no_people_counts_per_initiative(server_url):
    # The page is drawn by Dash's page-routing callback; forge it for Buurtkeuken (INI1), whose only
    # indicators count people: 2024-K4 45 participants and 7 volunteers (tests/conftest.py).
    callback = next(c for c in dependencies(server_url) if "_pages_content.children" in c["output"])
    values = {"pathname": "/initiatief", "search": "?code=INI1"}
    body = {
        "output": callback["output"],
        "outputs": split_outputs(callback["output"]),
        "inputs": [{"id": i["id"], "property": i["property"], "value": values[i["property"]]}
                   for i in callback["inputs"]],
        "state": [],
        "changedPropIds": ["_pages_location.search"],
    }  # fmt: skip
    status, text = post(server_url, body)
    assert status == 200, text[:500]
    shown = texts(json.loads(text)["response"])
    assert any("in de publieke modus niet gepubliceerd" in s for s in shown)
    assert not any("personen (" in s for s in shown)  # no '7 personen (2024-K4)' value line
    assert '"data-indicator"' not in text and "initiative-trend-" not in text
    assert not mentions(shown, 45)  # ('7' is also in the footnote's 'batch 7')
    assert not any(re.search(r"(?<![\w#.,])7 personen", s) for s in shown)
