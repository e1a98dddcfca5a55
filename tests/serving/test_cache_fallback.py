"""The shared cache is optional: off without the setting, and a Redis that is away never fails a query."""

from __future__ import annotations

import flask

from dashboard import cache
from dashboard.repository import DuckDBRepository
from tests.serving.conftest import free_port


def test_without_the_setting_the_repository_is_untouched(warehouse_home, monkeypatch):
    monkeypatch.delenv(cache.ENV_URL, raising=False)
    repo = DuckDBRepository(warehouse_home)
    assert cache.install(flask.Flask(__name__), repo) is None
    assert "_df" not in vars(repo)


def test_a_redis_that_is_away_falls_back_to_the_database(warehouse_home, monkeypatch):
    monkeypatch.setenv(cache.ENV_URL, f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    repo = DuckDBRepository(warehouse_home)
    plain = DuckDBRepository(warehouse_home).gemeenten()
    assert cache.install(flask.Flask(__name__), repo) is not None
    assert repo.gemeenten().equals(plain)


def test_the_key_changes_with_the_published_version_and_the_parameters():
    key = cache.cache_key(
        "wijkwaarde-000001.duckdb", "kpi_active", {"themes": ["groen"], "gemeente": "GM9999"}
    )
    assert key == cache.cache_key(
        "wijkwaarde-000001.duckdb", "kpi_active", {"gemeente": "GM9999", "themes": ["groen"]}
    )
    assert key != cache.cache_key(
        "wijkwaarde-000002.duckdb", "kpi_active", {"themes": ["groen"], "gemeente": "GM9999"}
    )
    assert key != cache.cache_key(
        "wijkwaarde-000001.duckdb", "kpi_active", {"themes": ["zorg"], "gemeente": "GM9999"}
    )
