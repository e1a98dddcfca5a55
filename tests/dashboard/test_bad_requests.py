"""Bad requests through Flask's test client: a size limit, and a 4xx with one log line instead of a 500."""

from __future__ import annotations

import logging

import pytest

from benchmarks import dash_http
from dashboard import ids, request_guard
from dashboard.app import create_app
from dashboard.filters import MAX_QUERY
from dashboard.repository import DuckDBRepository
from tests.conftest import build_warehouse
from tests.malformed_requests import MALFORMED, forged_bodies, prop_id, renderer_body

TWENTY_MB = 20 * 1024 * 1024


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    home = build_warehouse(tmp_path_factory.mktemp("bad-requests") / "warehouse")
    client = create_app(DuckDBRepository(home)).server.test_client()
    assert client.get("/").status_code == 200
    return client


def send(client, method: str, path: str, body: bytes | None, content_type: str | None):
    return client.open(path, method=method, data=body, content_type=content_type)


def test_a_20_mb_body_gets_413_and_the_limit_is_a_setting(warehouse_home, monkeypatch):
    client = create_app(DuckDBRepository(warehouse_home)).server.test_client()
    response = client.post("/_dash-update-component", data=b"x" * TWENTY_MB, content_type="application/json")
    assert response.status_code == 413
    assert response.get_data(as_text=True) == "Het verzoek is te groot."
    # A 1.5 MB body is over the 1 MB default, and allowed with a 2 MB setting (then it is only malformed)
    body = b'{"output": "' + b"a" * 1_500_000 + b'"}'
    assert (
        client.post("/_dash-update-component", data=body, content_type="application/json").status_code == 413
    )
    monkeypatch.setenv("WIJKWAARDE_MAX_REQUEST_BYTES", "2000000")
    larger = create_app(DuckDBRepository(warehouse_home)).server.test_client()
    assert (
        larger.post("/_dash-update-component", data=body, content_type="application/json").status_code == 400
    )
    monkeypatch.setenv("WIJKWAARDE_MAX_REQUEST_BYTES", "veel")
    with pytest.raises(SystemExit, match="WIJKWAARDE_MAX_REQUEST_BYTES"):
        create_app(DuckDBRepository(warehouse_home))


@pytest.mark.parametrize(
    ("name", "method", "path", "body", "content_type"), MALFORMED, ids=[m[0] for m in MALFORMED]
)
def test_a_malformed_request_gets_a_4xx_and_one_log_line_without_traceback(
    client, caplog, name, method, path, body, content_type
):
    caplog.clear()
    with caplog.at_level(logging.INFO):
        response = send(client, method, path, body, content_type)
    assert 400 <= response.status_code < 500, (name, response.status_code)
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "File " not in text
    records = [r for r in caplog.records if r.name == "wijkwaarde"]
    assert len(records) == 1, [r.getMessage() for r in records]
    assert records[0].exc_info is None and records[0].levelno == logging.WARNING
    assert "\n" not in records[0].getMessage()


def test_a_real_callback_request_still_answers(client):
    deps = client.get("/_dash-dependencies").get_json()
    callback = dash_http.find(deps, ids.OVERVIEW_TABLE, "rowData")
    response = client.post(
        "/_dash-update-component", json=dash_http.body(callback, {ids.FILTER_GEMEENTE: "GM9999"})
    )
    assert response.status_code == 200
    assert "Buurtkeuken" in response.get_data(as_text=True)


WRONG_VALUES = {"object": {"a": [1]}, "list of objects": [{"x": "<b>2</b>"}]}


def test_no_callback_answers_500_to_values_of_the_wrong_type(client, caplog):
    """Every server callback with all its inputs and states set to a value of a type its components never send."""
    deps = client.get("/_dash-dependencies").get_json()
    failures = []
    for callback in deps:
        if callback.get("clientside_function") or "{" in callback["output"]:
            continue  # pattern-matching ids: forged shapes are covered by MALFORMED
        for kind, value in WRONG_VALUES.items():
            values = {d["id"]: value for d in callback["inputs"] + callback.get("state", [])}
            response = client.post("/_dash-update-component", json=dash_http.body(callback, values))
            if response.status_code >= 500:
                failures.append((callback["output"][:60], kind))
    assert failures == []
    assert not [r for r in caplog.records if r.exc_info]


def server_callbacks(client) -> list[dict]:
    return [c for c in client.get("/_dash-dependencies").get_json() if not c.get("clientside_function")]


def refused_in_one_line(caplog, response) -> str:
    """The status and log of a refusal: one WARNING line without a traceback ('' when it went otherwise)."""
    records = [r for r in caplog.records if r.name == "wijkwaarde"]
    if response.status_code != 400 or len(records) != 1 or records[0].exc_info or records[0].levelno != 30:
        return f"{response.status_code}: {[r.getMessage()[:80] for r in records]}"
    return ""


def test_every_callback_accepts_what_the_renderer_sends_and_refuses_forgeries_with_400(client, caplog):
    """For each server callback: the body Dash's renderer sends is taken (never 400 or 500), and each forgery
    of it (outputs of the wrong shape or component, changed properties that are no JSON or no input, pattern
    ids of another page, MATCH values that differ) gets 400 and one log line instead of a 500 and a traceback."""
    problems = []
    for callback in server_callbacks(client):
        caplog.clear()
        response = client.post("/_dash-update-component", json=renderer_body(callback))
        if response.status_code in (400, 500):
            problems.append((callback["output"][:60], "as the renderer sends it", response.status_code))
        for name, body in forged_bodies(callback):
            caplog.clear()
            with caplog.at_level(logging.INFO):
                response = client.post("/_dash-update-component", json=body)
            if wrong := refused_in_one_line(caplog, response):
                problems.append((callback["output"][:60], name, wrong))
    assert problems == []


def overview_export(client) -> dict:
    (callback,) = [
        c for c in server_callbacks(client) if '"page":"overview","type":"wijkwaarde-download"' in c["output"]
    ]
    return callback


def export_click(client, page: str = "overview") -> dict:
    """The overview page's CSV download of the map, as the browser sends it (`page`: forged for another)."""
    body = renderer_body(overview_export(client))
    clicked = {"chart": "map", "format": "csv", "page": page, "type": "wijkwaarde-export"}
    body["inputs"] = [[{"id": clicked, "property": "n_clicks", "value": 1}]]
    body["outputs"] = {
        "id": {"chart": "map", "page": "overview", "type": "wijkwaarde-download"},
        "property": "data",
    }
    body["changedPropIds"] = [prop_id(clicked, "n_clicks")]
    return body


def all_refused_in_one_line(client, caplog, forged: dict) -> dict:
    """Each forged body posted: what refused_in_one_line found wrong with its answer ('' = a clean refusal)."""
    answers = {}
    for name, body in forged.items():
        caplog.clear()
        with caplog.at_level(logging.INFO):
            response = client.post("/_dash-update-component", json=body)
        answers[name] = refused_in_one_line(caplog, response)
    return answers


def test_the_probes_forged_callbacks_get_400(client, caplog):
    """The security probe's examples: each a 500 with a traceback in the log before."""
    genuine = export_click(client)
    assert client.post("/_dash-update-component", json=genuine).status_code == 200
    search = renderer_body(
        next(c for c in server_callbacks(client) if c["output"] == "overview-table.dashGridOptions")
    )
    forged = {
        "changed id not JSON": dict(genuine, changedPropIds=["{not json.n_clicks"]),
        "outputs a list for one output": dict(genuine, outputs=[genuine["outputs"]]),
        "search outputs a list": dict(search, outputs=[search["outputs"]]),
        "output of the value page": dict(
            genuine,
            outputs={
                "id": {"chart": "map", "page": "value", "type": "wijkwaarde-download"},
                "property": "data",
            },
        ),
        "input of the value page": export_click(client, page="value"),
    }
    assert all_refused_in_one_line(client, caplog, forged) == dict.fromkeys(forged, "")


def test_what_dash_itself_rejects_is_400_even_past_the_body_check(client, caplog, monkeypatch):
    """Behind the request guard's check: a request Dash's own checks refuse (an output that does not match the
    callback, a changed property id that is no JSON) is the client's fault, not a fault of ours."""
    monkeypatch.setattr(request_guard, "check_callback_body", lambda body, callback_map: None)
    genuine = export_click(client)
    forged = {
        "changed id not JSON": dict(genuine, changedPropIds=["{not json.n_clicks"]),
        "output of the value page": dict(
            genuine,
            outputs={
                "id": {"chart": "map", "page": "value", "type": "wijkwaarde-download"},
                "property": "data",
            },
        ),
    }
    assert all_refused_in_one_line(client, caplog, forged) == dict.fromkeys(forged, "")


def test_a_fault_of_ours_in_a_callback_is_still_a_500_with_its_traceback(client, caplog, monkeypatch):
    from dashboard import exports

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(exports, "payload", broken)  # the CSV of the overview map fails to build
    caplog.clear()
    response = client.post("/_dash-update-component", json=export_click(client))
    assert response.status_code == 500
    assert "ValueError" not in response.get_data(as_text=True)
    assert [r.exc_info[0] for r in caplog.records if r.exc_info] == [ValueError]


def test_the_upload_panel_answers_without_a_login(client, caplog):
    """No login configured, so no secret key and no session: the panel's poll said 500 (RuntimeError)."""
    (callback,) = [c for c in server_callbacks(client) if c["output"].startswith("..upload-panel.children")]
    body = renderer_body(callback)
    body["inputs"][0]["value"] = 1
    body["state"] = [{"id": "upload-job", "property": "data", "value": "abc"},
                     {"id": "shell-lang", "property": "data", "value": "nl"}]  # fmt: skip
    caplog.clear()
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    assert "niet van u" in response.get_data(as_text=True)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_no_callback_sends_back_a_long_text_it_was_sent(client):
    """Every server callback with all its inputs and states set to one long text (a query, so it passes a
    '?...' check too): nothing comes back longer than a link can be (filters.MAX_QUERY). The overview table's
    search box echoed 900 KB, and the navigation links a 900 KB url-query store."""
    echoed = []
    for callback in server_callbacks(client):
        count = len(callback["inputs"]) + len(callback.get("state", []))
        text = "?zoek=" + "Wq" * (800_000 // count // 2)  # the body stays under the 1 MB request limit
        body = renderer_body(callback, text, named={"page": "overview", "chart": "map", "format": "csv"})
        answer = client.post("/_dash-update-component", json=body).get_data(as_text=True)
        if "Wq" * (MAX_QUERY // 2 + 1) in answer:
            echoed.append((callback["output"][:60], len(answer)))
    assert echoed == []
    # the cap is the URL's: the search box keeps its first 100 characters, as ?zoek= does
    search = renderer_body(
        next(c for c in server_callbacks(client) if c["output"] == "overview-table.dashGridOptions"),
        "Wq" * 400,
    )
    answer = client.post("/_dash-update-component", json=search).get_json()
    assert (
        answer["response"]["overview-table"]["dashGridOptions"]["operations"][0]["params"]["value"]
        == "Wq" * 50
    )
