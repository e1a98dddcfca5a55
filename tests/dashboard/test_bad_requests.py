"""Bad requests through Flask's test client: a size limit, and a 4xx with one log line instead of a 500."""

from __future__ import annotations

import logging

import pytest

from benchmarks import dash_http
from dashboard import ids
from dashboard.app import create_app
from dashboard.repository import DuckDBRepository
from tests.conftest import build_warehouse
from tests.malformed_requests import MALFORMED

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
