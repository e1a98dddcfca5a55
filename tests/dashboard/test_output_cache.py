"""Whole callback outputs cached per (warehouse, version, protection, scope, known portfolios, inputs)."""

from __future__ import annotations

from benchmarks import dash_http
from dashboard import ids
from dashboard.app import create_app
from dashboard.callbacks.output_cache import MemoryStore, OutputCache
from dashboard.repository import DuckDBRepository
from tests.conftest import build_warehouse


def ask(client, callback, values):
    response = client.post("/_dash-update-component", json=dash_http.body(callback, values))
    assert response.status_code == 200
    hits = int(response.headers["X-Wijkwaarde-Cache"].split()[0].removeprefix("hit="))
    return hits, response.get_data()


def test_the_same_question_is_answered_once_until_a_publish(warehouse_home, monkeypatch):
    monkeypatch.setenv("WIJKWAARDE_WORKER_HEADER", "1")
    client = create_app(DuckDBRepository(warehouse_home)).server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    trend = dash_http.find(deps, ids.OVERVIEW_TREND, "figure")
    values = {ids.FILTER_GEMEENTE: "GM9999", ids.OVERVIEW_TREND_INDICATOR: "deelnemers"}
    first_hits, first = ask(client, trend, values)
    again_hits, again = ask(client, trend, values)
    assert first_hits == 0 and again_hits == 1 and again == first
    english_hits, english = ask(client, trend, values | {ids.LANG_STORE: "en"})
    assert english_hits == 0 and english != first  # another language: another answer
    build_warehouse(warehouse_home, version=2, extra_initiative=True)  # a publish moves every key
    after_hits, _ = ask(client, trend, values)
    assert after_hits == 0


def test_the_memory_store_keeps_the_most_recent_within_its_limit():
    store = MemoryStore(limit=100)
    store.set("a", b"x" * 40, 600)
    store.set("b", b"y" * 40, 600)
    assert store.get("a") == b"x" * 40  # a is now the most recent
    store.set("c", b"z" * 40, 600)  # 120 bytes: the least recently used (b) goes
    assert store.get("b") is None and store.get("a") and store.get("c") and store.size == 80


def test_off_with_zero_seconds():
    assert OutputCache({"WIJKWAARDE_OUTPUT_CACHE_SECONDS": "0"}).store is None
    assert isinstance(OutputCache({}).store, MemoryStore)
