"""A smoke test of the benchmark harness on the tiny fixture warehouse (speed is never asserted)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from benchmarks import run
from benchmarks.pandas_baseline import PandasOverview
from dashboard.filters import Filters
from dashboard.repository import DuckDBRepository
from tests.conftest import build_warehouse
from tests.serving.conftest import start_gunicorn, stop


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return build_warehouse(tmp_path / "warehouse")


def test_the_pandas_baseline_gives_the_same_numbers_as_the_sql(home: Path):
    repo = DuckDBRepository(home)
    model = PandasOverview((home / "wijkwaarde.duckdb").resolve())
    for combo in run.combos(repo, "GM9999", 12, seed=3) + run.combos(repo, None, 12, seed=4):
        period = (combo["year_from"], combo["year_to"])
        f = Filters.from_query(
            {k: combo[k] for k in ("gemeente", "themes", "statuses", "year_from", "year_to")}
        )
        args = (
            combo["gemeente"],
            combo["themes"],
            combo["statuses"],
            date(period[0], 1, 1),
            date(period[1], 12, 31),
        )
        assert model.kpi_active(*args) == int(repo.kpi_periods(f, [period])[0]["active"] or 0), combo
        if combo["gemeente"]:
            sql = repo.reader.map_cells(f, "initiatives")  # the raw counts before the rate
            assert model.map_values(*args) == {r.buurt_code: int(r.value) for r in sql.itertuples()}, combo


def test_the_harness_times_real_http_callbacks_and_their_sql(home: Path):
    repo = DuckDBRepository(home)
    combos = run.combos(repo, "GM9999", 3, seed=1)
    process, url = start_gunicorn(home, workers=1)
    try:
        http = run.time_callbacks(url, combos)
    finally:
        stop(process)
    sql = run.time_sql(home, combos)
    assert set(http) == set(sql) == set(run.CALLBACKS)
    for name in run.CALLBACKS:
        assert http[name]["failures"] == 0
        assert 0 < http[name]["p50_ms"] <= http[name]["p95_ms"]
        assert http[name]["bytes_median"] > 100
        assert sql[name]["sql_p95_ms"] > 0


def test_the_harness_measures_the_map_payloads_the_browser_gets(regio_home: Path):
    # three gemeenten are small enough to go inline: send them by URL, as a national map is
    process, url = start_gunicorn(regio_home, workers=1, env={"WIJKWAARDE_MAP_INLINE_BYTES": "0"})
    try:
        payload = run.payloads(url, "GM9001")
    finally:
        stop(process)
    assert payload["national_gemeenten"] == 3  # the outlines fetched for the national map
    assert payload["national_geometry_bytes"] > 1000
    # the figure itself carries colours and hover text, the outlines only by URL
    assert not payload["national_map_figure_has_outlines"] and payload["national_map_figure_bytes"] > 1000
    assert payload["initial_page_html_bytes"] > 0 and payload["initial_layout_json_bytes"] > 0


def test_every_page_is_timed_with_its_content_over_http(home: Path):
    """benchmarks/pages.py: every page's figure callbacks and its content (where its first view comes)."""
    from benchmarks import pages

    repo = DuckDBRepository(home)
    picks = {"gemeente": pages.choices(repo, "GM9999", 2, seed=1)}
    process, url = start_gunicorn(home, workers=1)
    try:
        timed = pages.time_pages(url, picks)["gemeente"]
    finally:
        stop(process)
    assert set(timed) == set(pages.PAGE_CALLBACKS) | set(pages.PAGE_CONTENT)
    for name, found in timed.items():
        assert found["failures"] == 0, name
        assert 0 < found["p50_ms"] <= found["p95_ms"], name
    assert pages.page_search("/portefeuille", picks["gemeente"][0]).startswith("?gemeente=GM9999&van=")
