"""What accepted grantee reports do to the pages everyone opens: one early report does not move the default
year to a year hardly reported, and a hundred reports are one entry in a footnote, not a hundred."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from dashboard.components.footnote import source_text
from dashboard.filters import Filters
from dashboard.repository import DuckDBRepository
from dashboard.views.overview import resolve
from etl.contract import published_path
from tests.conftest import build_warehouse


def add_observation(home, initiative: str, start: date, end: date) -> None:
    """One reported value in a later year, as an accepted report adds it (straight into the fact table the
    views read, beside the fixture's own rows)."""
    con = duckdb.connect(str(published_path(home).resolve()))
    try:
        con.execute(
            "INSERT INTO f_observation SELECT initiative_code, indicator_code, buurt_code, wijk_code, "
            "gemeente_code, $start, $end, year($start), quarter($start), 5, NULL, status, theme_mask, batch_id "
            "FROM f_observation WHERE initiative_code = $code LIMIT 1",
            {"start": start, "end": end, "code": initiative},
        )
    finally:
        con.close()


def years_after_reports(home, initiatives: list[str]) -> tuple[dict, DuckDBRepository]:
    for code in initiatives:
        add_observation(home, code, date(2025, 1, 1), date(2025, 3, 31))
    repo = DuckDBRepository(home)
    return repo.year_range(), repo


def test_one_early_report_does_not_make_its_year_the_default(tmp_path):
    before, _ = years_after_reports(build_warehouse(tmp_path / "none"), [])
    assert before["default_year"] == before["last_observation_year"] == 2024
    years, repo = years_after_reports(build_warehouse(tmp_path / "one"), ["INI1"])
    assert years["last_observation_year"] == 2025 and years["default_year"] == 2024
    assert resolve(repo, Filters.from_query({})).year_from == 2024
    # more initiatives report for 2025 than half of 2024's: it becomes the year pages open on
    years, _ = years_after_reports(build_warehouse(tmp_path / "three"), ["INI1", "INI2", "INI3"])
    assert years["default_year"] == 2025


def test_report_batches_are_one_entry_in_a_footnote():
    sources = pd.DataFrame(
        {
            "batch_id": [4, *range(10, 110)],
            "source_name": [
                "initiatieven.csv",
                *[f"waarnemingen-rapportage-INI{i}-2026-10-{i}.csv" for i in range(100)],
            ],
        }
    )
    text = source_text(sources, "nl")
    assert text == "initiatieven.csv (batch 4), rapportages van initiatieven (100, batch 10–109)"
    assert "rapportage-INI5" not in source_text(sources, "en") and "reports from initiatives" in source_text(
        sources, "en"
    )
