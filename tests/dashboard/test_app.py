"""The app through Flask's test client: pages, layout JSON, forged callback requests, template downloads."""

from __future__ import annotations

import json

import pytest

from benchmarks import dash_http
from dashboard import ids
from dashboard.app import create_app
from dashboard.repository import DuckDBRepository


@pytest.fixture
def client(warehouse_home):
    return create_app(DuckDBRepository(warehouse_home)).server.test_client()


def render_page(client, pathname: str = "/", search: str = "") -> str:
    """What Dash Pages' router callback returns for a URL: the page layout as JSON text."""
    response = client.post("/_dash-update-component", json=dash_http.page_request(pathname, search))
    assert response.status_code == 200
    return json.dumps(response.get_json(), ensure_ascii=False)


def test_index_is_dutch_and_styled_locally(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="nl">' in html
    assert "bootstrap.min.css" in html and "cdn" not in html.lower()
    assert client.get("/_dash-layout").status_code == 200
    deps = client.get("/_dash-dependencies").get_json()
    assert any(ids.OVERVIEW_MAP in d["output"] for d in deps)


def test_page_layout_holds_every_filter_seeded_from_the_url(client):
    layout = render_page(client, "/", "?gemeente=GM9999&buurt=BU99990102&thema=voedsel&van=2023&tot=2024")
    for control in ids.FILTER_CONTROLS.values():
        assert f'"id": "{control}"' in layout
    data = json.loads(layout)["response"]["_pages_content"]["children"]
    text = json.dumps(data, ensure_ascii=False)
    assert '"value": "BU99990102"' in text and '"value": ["voedsel"]' in text
    assert "Demostad — fictieve gegevens / fictional data" in text
    for label in (
        "Gemeente",
        "Wijk",
        "Buurt",
        "Thema's",
        "Status",
        "Financier",
        "Van jaar",
        "Tot en met jaar",
    ):
        assert f'"children": "{label}"' in text


def test_english_switch(client):
    text = render_page(client, "/", "?lang=en")
    assert "Active initiatives" in text or "Municipality" in text
    assert '"data": "en"' in text


def test_gegevens_page_lists_batches_and_templates(client):
    text = render_page(client, "/gegevens")
    # the load history: the superseded batch stays listed, marked as replaced
    assert "subsidies.csv" in text and "subsidies-oud.csv" in text and "vervangen" in text
    assert "/sjablonen/initiatieven.xlsx" in text


def test_template_download_and_path_traversal_refused(client):
    ok = client.get("/sjablonen/initiatieven.csv")
    assert ok.status_code == 200 and "attachment" in ok.headers["Content-Disposition"]
    # A browser (and the test client) folds '..' away: the request never reaches the template route.
    climbed = client.get("/sjablonen/../../etc/passwd")
    assert b"root:" not in climbed.data and "Content-Disposition" not in climbed.headers
    for bad in (
        "/sjablonen/..%2F..%2Fetc%2Fpasswd",
        "/sjablonen/%2e%2e%2fpyproject.toml",
        "/sjablonen/notes.txt",
    ):
        response = client.get(bad)
        assert response.status_code == 404, bad
        assert b"root:" not in response.data


def test_forged_callback_request_returns_no_traceback_and_no_injection(client):
    inputs = [
        ("filter-gemeente", "GM9999'; DROP TABLE area; --"),
        ("filter-wijk", {"evil": 1}),
        ("filter-buurt", "BU99990101' OR '1'='1"),
        ("filter-themes", ["voedsel') OR 1=1 --"]),
        ("filter-statuses", "groeiend' OR status IS NOT NULL --"),
        ("filter-funders", ["FIN1' UNION SELECT sha256 FROM load_batch --"]),
        ("filter-year-from", "2024 OR 1=1"),
        ("filter-year-to", 99999),
    ]
    body = {
        "output": f"..{ids.OVERVIEW_KPIS}.children...{ids.OVERVIEW_KPI_FOOTNOTE}.children..",
        "outputs": [
            {"id": ids.OVERVIEW_KPIS, "property": "children"},
            {"id": ids.OVERVIEW_KPI_FOOTNOTE, "property": "children"},
        ],
        "inputs": [{"id": i, "property": "value", "value": v} for i, v in inputs],
        "state": [{"id": ids.LANG_STORE, "property": "data", "value": "nl'); alert(1); //"}],
        "changedPropIds": ["filter-gemeente.value"],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    text = json.dumps(response.get_json(), ensure_ascii=False)
    assert "Traceback" not in text and "abc" not in text  # no sha256 leaked via a UNION
    assert "alert(1)" not in text
    # The forged values were dropped: the same KPIs as the default view.
    assert '"children": "2"' in text and '"children": "€ 30.000"' in text


def test_broken_request_gets_no_traceback(client):
    response = client.post("/_dash-update-component", json={"output": "nonsense", "inputs": "x"})
    text = response.get_data(as_text=True)
    assert response.status_code >= 400
    assert "Traceback" not in text and 'File "' not in text


def test_no_database_shows_a_dutch_message(empty_home):
    client = create_app(DuckDBRepository(empty_home)).server.test_client()
    assert client.get("/").status_code == 200
    text = render_page(client, "/")
    assert "Nog geen gegevens geladen. Laad gegevens met " in text and '"children": "wijkwaarde load"' in text
    assert "`" not in text  # the command as <code>, not Markdown


def test_gegevens_page_reads_a_warehouse_published_before_the_load_history(warehouse_home):
    """A warehouse whose views predate v_load_history (they are rebuilt by its next load) still shows its
    published batches on the Gegevens page."""
    import duckdb

    from etl.contract import published_path

    con = duckdb.connect(str(published_path(warehouse_home).resolve()))
    con.execute("DROP VIEW v_load_history")
    con.close()
    client = create_app(DuckDBRepository(warehouse_home)).server.test_client()
    text = render_page(client, "/gegevens")
    assert "subsidies.csv" in text and "subsidies-oud.csv" not in text  # the published batches only
