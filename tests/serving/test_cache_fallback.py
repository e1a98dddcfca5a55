"""The shared cache is optional: off without the setting, and a Redis that is away never fails a query."""

from __future__ import annotations

from datetime import date

from dashboard.filters import Filters
from dashboard.repository import DuckDBReader, DuckDBRepository, cache


def test_without_the_setting_the_reader_is_not_wrapped(warehouse_home, monkeypatch):
    monkeypatch.delenv(cache.ENV_URL, raising=False)
    reader = DuckDBReader(warehouse_home)
    assert cache.cached(reader) is reader
    assert isinstance(DuckDBRepository(warehouse_home).reader, DuckDBReader)


def test_a_redis_that_is_away_falls_back_to_the_database(warehouse_home, monkeypatch):
    # nothing listens on port 1 (a free port could be taken by a test's redis-server in the meantime)
    monkeypatch.setenv(cache.ENV_URL, "redis://127.0.0.1:1/0")
    repo = DuckDBRepository(warehouse_home)
    assert isinstance(repo.reader, cache.CachedReader)
    plain = DuckDBReader(warehouse_home)
    f = Filters(gemeente="GM9999", year_from=2024, year_to=2024)
    assert repo.gemeenten().equals(plain.gemeenten())
    assert repo.kpi_periods(f, [(2024, 2024)]) == plain.kpi_periods(f, [(2024, 2024)])  # through Redis
    assert repo.map_values(f).equals(DuckDBRepository(warehouse_home).map_values(f))


def test_the_key_changes_with_the_published_version_the_scope_and_the_arguments():
    def key(version="wijkwaarde-000001.duckdb", scope=cache.ALL_ROWS, themes=("groen",), gemeente="GM9999"):
        params = {"themes": list(themes), "gemeente": gemeente, "start": date(2024, 1, 1)}
        return cache.cache_key(version, scope, "portfolio", {"name": "flows", "params": params})

    same_in_other_order = cache.cache_key(
        "wijkwaarde-000001.duckdb",
        cache.ALL_ROWS,
        "portfolio",
        {"params": {"start": date(2024, 1, 1), "gemeente": "GM9999", "themes": ["groen"]}, "name": "flows"},
    )
    assert key() == same_in_other_order
    assert key().startswith("wijkwaarde-000001.duckdb:all:portfolio:")
    assert key() != key(version="wijkwaarde-000002.duckdb")
    assert key() != key(scope="gemeente:GM9999")  # issue 15: rows per tenant or role never share an entry
    assert key() != key(themes=("zorg",))


def test_the_cache_wraps_the_readers_questions_and_leaves_the_catalogue_in_memory(warehouse_home):
    class Store:
        def __init__(self):
            self.entries, self.gets = {}, 0

        def get(self, key):
            self.gets += 1
            return self.entries.get(key)

        def set(self, key, value):
            self.entries[key] = value

    store = Store()
    reader = cache.CachedReader(DuckDBReader(warehouse_home), store)
    f = Filters(gemeente="GM9999", year_from=2024, year_to=2024)
    first = reader.kpi_periods(f, [(2024, 2024)])
    assert len(store.entries) == 1 and reader.kpi_periods(f, periods=[(2024, 2024)]) == first
    assert len(store.entries) == 1 and store.gets == 2  # the same question by keyword: the same entry
    reader.gemeenten()
    assert store.gets == 2  # catalogue: the worker's own memory, not Redis
