"""Issue 15 §4: forged requests per role never cross the scope, and never show a traceback.

A sentinel goes into the fixture warehouse: 4.37137 participants of Zonnedak Oost (INI3, funded by FIN2 only,
in GM9999) in 2024 Q1. Every exact figure that includes it carries the digits 37137; the public view rounds
counts of people to 5, so it never does. Sessions that may see it exactly (fund FIN2, gemeente GM9999) are
the positive control: the same requests from them do show it, so the check can fail. Every other session
(none, another fund, a beheerder, a login without a grant, another gemeente, FIN2's session expired or with
a tampered cookie) sends every data and download callback of every page, with FIN2 and GM9999 in its inputs
and in the URLs (the scope in the inputs), and may not get the sentinel back, nor a 5xx or a traceback.
"""

from __future__ import annotations

import json
import time
from datetime import date
from itertools import product
from pathlib import Path

import duckdb
import pytest

from dashboard.auth import grants, session
from dashboard.charts import PAGES as CHART_PAGES
from etl import warehouse as wh
from tests.auth.conftest import log_in, make_client

pytestmark = pytest.mark.usefixtures("provider")

SENTINEL = "37137"
COOKIE = "wijkwaarde_session"
CALLBACK = "/_dash-update-component"
FUNDER_CHOICES = [[], ["FIN2"], ["FIN1", "FIN2"], ["FIN1"]]
YEARS = [(2024, 2024), (2023, 2024)]
SEARCHES = [
    "?gemeente=GM9999&financier=FIN2&van=2024&tot=2024&indicator=deelnemers&kaart=deelnemers",
    "?gemeente=GM9999&van=2024&tot=2024&indicator=deelnemers&scope=fonds:FIN2&rol=beheerder",
]
PATHS = ["/", "/profiel", "/behoefte", "/portefeuille", "/overleving", "/waarde", "/initiatief", "/pakket",
         "/presentatie"]  # fmt: skip


@pytest.fixture
def sentinel_home(home: Path) -> Path:
    target = (home / "wijkwaarde.duckdb").resolve()
    con = duckdb.connect(str(target))
    try:
        con.execute(
            "INSERT INTO observation VALUES ('INI3', 'deelnemers', 'BU99990202', ?, ?, 4.37137, NULL, 9)",
            [date(2024, 1, 1), date(2024, 3, 31)],
        )
        wh.build_facts(con)  # as every load ends
        con.execute("CHECKPOINT")
    finally:
        con.close()
    grants.grant(
        [
            grants.validate("fonds-1", "fonds", funder="FIN1"),
            grants.validate("fonds-2", "fonds", funder="FIN2"),
            grants.validate("gm-9999", "gemeente", gemeente="GM9999"),
        ],
        "cli:test",
    )
    return home


def values_for(component: str, funders: list[str], years: tuple[int, int], search: str):
    """A value per component id, as the page's controls would send it, but chosen by the attacker."""
    if component.endswith("gemeente"):
        return "GM9999"
    if component.endswith("funders"):
        return funders
    if component.endswith("year-from"):
        return years[0]
    if component.endswith("year-to"):
        return years[1]
    if component in ("overview-map-metric", "overview-trend-indicator", "portfolio-outcome", "need-coverage"):
        return "deelnemers"
    if component == "profile-area":
        return "BU99990202"
    if component == "value-initiative":
        return "INI3"
    if component == "shell-lang":
        return "nl"
    if component == "initiative-state":
        return {"code": "INI3", "lang": "nl"}
    if component == "pack-basket":
        return [{"url": "/" + search, "item": item} for item in ("kpis", "trend", "map", "table")]
    if component.startswith('{"page"') and "url-query" in component:
        return search
    return None


def plain_bodies(deps: list[dict]) -> list[dict]:
    """Every server callback with plain ids (the pages' data callbacks), for each attacker choice."""
    from benchmarks import dash_http

    bodies = []
    for callback in deps:
        if callback.get("clientside_function") or callback["output"].startswith('{"chart"'):
            continue
        if any(d["id"].startswith("{") and "ALL" in d["id"] for d in callback["inputs"]):
            continue  # the pack's move buttons and the language link: no figures
        for funders, years, search in product(FUNDER_CHOICES, YEARS, SEARCHES):
            ids = {d["id"] for d in callback["inputs"] + callback.get("state", [])}
            values = {i: values_for(i, funders, years, search) for i in ids}
            if callback["inputs"][0]["id"] == "_pages_location":
                for path in PATHS:
                    bodies.append(dash_http.body(callback, {"_pages_location": None}) | {
                        "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                                   {"id": "_pages_location", "property": "search",
                                    "value": search + ("&code=INI3" if path == "/initiatief" else "")}]})  # fmt: skip
                break
            bodies.append(dash_http.body(callback, values))
    return bodies


def download_bodies(deps: list[dict], app_pages) -> list[dict]:
    """Every chart download of every page (csv and xlsx), with the attacker's choices in its states."""
    bodies = []
    for callback in deps:
        if not callback["output"].startswith('{"chart"'):
            continue
        page = json.loads(callback["output"].rsplit(".", 1)[0])["page"]
        charts = list(CHART_PAGES[page].charts) if page in CHART_PAGES else ["catalogue"]
        for chart, fmt, funders, years in product(charts, ("csv", "xlsx"), FUNDER_CHOICES[:3], YEARS[:1]):
            button = {"chart": chart, "format": fmt, "page": page, "type": "wijkwaarde-export"}
            states = [
                dict(d, value=values_for(d["id"], funders, years, SEARCHES[0]))
                for d in callback.get("state", [])
            ]
            for s in states:
                if s["id"].startswith("{"):
                    s["id"] = json.loads(s["id"])
            bodies.append({
                "output": callback["output"].replace('["MATCH"]', json.dumps(chart)),
                "outputs": {"id": {"chart": chart, "page": page, "type": "wijkwaarde-download"}, "property": "data"},
                "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
                "state": states,
                "changedPropIds": [json.dumps(button, separators=(",", ":"), sort_keys=True) + ".n_clicks"],
            })  # fmt: skip
    return bodies


def sessions(home, provider, monkeypatch) -> dict[str, object]:
    """One test client per kind of visitor the issue names."""
    made = {}
    made["geen sessie"] = make_client(home, provider, monkeypatch)
    for name, subject in (("fonds FIN1", "fonds-1"), ("beheerder", "beheer-1"), ("zonder toekenning", "bezoeker-1"),
                          ("andere gemeente", "ambtenaar-1"), ("fonds FIN2", "fonds-2"), ("gemeente GM9999", "gm-9999")):  # fmt: skip
        client = make_client(home, provider, monkeypatch)
        assert log_in(client, subject).status_code == 302
        made[name] = client
    expired = make_client(home, provider, monkeypatch)
    log_in(expired, "fonds-2")
    with expired.session_transaction() as stored:
        stored[session.LOGIN_AT_KEY] = int(time.time()) - 9 * 3600
    made["FIN2 verlopen"] = expired
    tampered = make_client(home, provider, monkeypatch)
    log_in(tampered, "fonds-2")
    payload, _, signature = tampered.get_cookie(COOKIE).value.rpartition(".")
    tampered.set_cookie(COOKIE, payload + "." + ("A" if signature[0] != "A" else "B") + signature[1:])
    made["FIN2 gemanipuleerd"] = tampered
    # another fund's cookie with the FIN2 subject pasted into its payload: the signature no longer holds
    forged = make_client(home, provider, monkeypatch)
    log_in(forged, "fonds-1")
    value = forged.get_cookie(COOKIE).value
    forged.set_cookie(COOKIE, value.replace("fonds-1", "fonds-2"))
    made["FIN1 vervalst als FIN2"] = forged
    return made


ALLOWED = {"fonds FIN2", "gemeente GM9999"}


def test_a_thousand_forged_requests_never_cross_the_scope(sentinel_home, provider, monkeypatch, caplog):
    clients = sessions(sentinel_home, provider, monkeypatch)
    deps = clients["geen sessie"].get("/_dash-dependencies").get_json()
    unique = {
        json.dumps(b, sort_keys=True): b for b in plain_bodies(deps) + download_bodies(deps, CHART_PAGES)
    }
    bodies = list(unique.values())
    sent, leaks, errors, seen = 0, [], [], {name: 0 for name in ALLOWED}
    control = [b for b in bodies if "FIN2" in json.dumps(b)]  # the positive control: bodies that ask for FIN2
    for name, client in clients.items():
        for body in control if name in ALLOWED else bodies:
            response = client.post(CALLBACK, json=body)
            sent += 1
            text = response.get_data(as_text=True)
            if response.status_code >= 500 or "Traceback" in text or 'File "' in text:
                errors.append((name, body["output"][:60], response.status_code))
            if SENTINEL in text:
                if name in ALLOWED:
                    seen[name] += 1
                else:
                    leaks.append((name, body["output"][:80], json.dumps(body["inputs"])[:160]))
    unauthorised = sent - len(control) * len(ALLOWED)
    assert unauthorised >= 1000, unauthorised
    assert errors == []
    assert leaks == []
    # the positive control: the scopes that may see the sentinel do, in figures and downloads alike
    assert all(n > 0 for n in seen.values()), seen
    assert not [r for r in caplog.records if r.exc_info]


def test_a_funds_council_pack_is_downloaded_by_that_fund_only(sentinel_home, provider, monkeypatch, tmp_path):
    """FIN2 asks for a pack of its own portfolio (exact figures); its job id in anyone else's request (another
    fund, the public, FIN2's tampered cookie) gets no file, while FIN2's own poll gets it."""
    from benchmarks import dash_http

    monkeypatch.setenv("WIJKWAARDE_PACK_DIR", str(tmp_path / "packs"))
    clients = sessions(sentinel_home, provider, monkeypatch)
    deps = clients["geen sessie"].get("/_dash-dependencies").get_json()
    start = dash_http.find(deps, "pack-status", "data")
    poll = dash_http.find(deps, "pack-download", "data")
    basket = [{"url": "/" + SEARCHES[0], "item": "trend"}]
    body = dash_http.body(start, {"pack-download-pptx": 1, "pack-basket": basket, "shell-lang": "nl"})
    started = clients["fonds FIN2"].post(CALLBACK, json=body).get_json()
    job = started["response"]["pack-status"]["data"]["job"]

    def ask(client) -> dict:
        asked = dash_http.body(poll, {"pack-status-poll": 1, "pack-status": {"job": job}, "shell-lang": "nl"})
        return client.post(CALLBACK, json=asked).get_json()["response"]

    deadline = time.monotonic() + 60
    while (own := ask(clients["fonds FIN2"]))["pack-download"][
        "data"
    ] is None and time.monotonic() < deadline:
        time.sleep(0.5)
    assert own["pack-download"]["data"]["filename"] == "raadspakket.pptx"  # the positive control
    for name, client in clients.items():
        if name not in ALLOWED:
            assert ask(client)["pack-download"]["data"] is None, name
