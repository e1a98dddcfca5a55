"""Shared fixtures: a small published warehouse (fictional Demostad, 4 square buurten) built like the loader does.

Also the test tiers: every test in tests/browser is marked `browser`, every test in tests/serving `serving`
(by folder), long tests `slow` (by the lists below). `make test-fast` runs what is none of the three.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from etl import warehouse as wh

GEMEENTE = "GM9999"
WIJKEN = {"WK999901": "Centrum", "WK999902": "Oost"}
# buurt code -> (name, wijk, west longitude, south latitude): a 2 x 2 grid of squares of 0.01 degree
BUURTEN = {
    "BU99990101": ("Centrum-Noord", "WK999901", 5.00, 52.01),
    "BU99990102": ("Centrum-Zuid", "WK999901", 5.01, 52.01),
    "BU99990201": ("Oost-Noord", "WK999902", 5.00, 52.00),
    "BU99990202": ("Oost-Zuid", "WK999902", 5.01, 52.00),
}
# Residents per buurt; Oost-Zuid is secret at the source (NULL, never 0).
RESIDENTS = {"BU99990101": 1000, "BU99990102": 2000, "BU99990201": 1500, "BU99990202": None}

INITIATIVES = [
    # code, name, organisation, form, start, end, status, themes, buurten (first = primary)
    ("INI1", "Buurtkeuken", "ORG1", "wijkonderneming", date(2021, 3, 1), None, "groeiend",
     ["voedsel", "eenzaamheid"], ["BU99990101", "BU99990102"]),
    ("INI2", "Taalcafé", "ORG2", "stichting", date(2019, 1, 1), date(2023, 6, 30), "gevestigd",
     ["nieuwkomers"], ["BU99990201"]),
    ("INI3", "Zonnedak Oost", "ORG2", "cooperatie", date(2024, 2, 1), None, "startend",
     ["energie"], ["BU99990202", "BU99990201"]),
    ("INI4", "Moestuin", "ORG1", "bewonersinitiatief", date(2018, 1, 1), date(2022, 12, 31), "gestopt",
     ["groen"], ["BU99990102"]),
]  # fmt: skip
GRANTS = [
    ("G1", "FIN1", "INI1", 10000.0, date(2024, 1, 15)),
    ("G2", "FIN2", "INI1", 5000.0, date(2023, 5, 1)),
    ("G3", "FIN1", "INI2", 3000.0, date(2023, 1, 1)),
    ("G4", "FIN2", "INI3", 20000.0, date(2024, 3, 1)),
]
QUARTERS = [(1, 3), (4, 6), (7, 9), (10, 12)]
TESTS = Path(__file__).resolve().parent
# Test tiers (pyproject.toml declares the markers; `make test-fast` runs what has none of them).
# By folder: a test in tests/<folder>/ gets the marker.
FOLDER_MARKERS = {"browser": "browser", "serving": "serving"}
# `slow`, from `pytest --durations` on the 2-core machine (2026-12-06, under load): whole modules whose tests
# each load files through the real loader or build packs, and single tests of 4 s or more there (about
# 1.5 s on a quiet machine). A renamed test drops out of this list into the fast tier: still run, only slower.
SLOW_MODULES = {
    "benchmarks/test_harness.py",
    "dashboard/test_protection_exports.py",
    "dashboard/test_pack_layout.py",  # kaleido drawings of every picture and two PDFs (LibreOffice)
    "dashboard/test_real_cbs_pages.py",
    "etl/test_cbs_real.py",
    "etl/test_flagged_rules.py",
    "etl/test_hardening.py",
    "etl/test_publish.py",
    "etl/test_registers_real.py",
    "etl/test_silent_faults.py",
    "test_tiers.py",
}
SLOW_TESTS = {
    "auth/test_forged_requests.py::test_a_thousand_forged_requests_never_cross_the_scope",
    "dashboard/test_bad_requests.py::test_no_callback_answers_500_to_values_of_the_wrong_type",
    "dashboard/test_exports.py::test_export_callback_answers_with_a_download",
    "dashboard/test_initiative_exports.py::test_english_pages_and_exports",
    "dashboard/test_initiative_exports.py::test_map_and_trend_exports_equal_their_figures",
    "dashboard/test_markup_in_names.py::test_no_chart_of_any_page_renders_markup_from_names",
    "dashboard/test_pack.py::test_background_job_reports_progress_and_delivers_the_file",
    "dashboard/test_pack.py::test_cli_export_for_monthly_routines",
    "dashboard/test_pack.py::test_each_slide_shows_what_its_page_figure_shows",
    "dashboard/test_pack.py::test_pdf_renders_one_page_per_slide",
    "dashboard/test_pack_limits.py::test_a_long_deck_is_built_a_few_seconds_per_request",
    "dashboard/test_pack_limits.py::test_presentation_builds_every_slide_once_when_it_opens",
    "dashboard/test_portfolio.py::test_every_portfolio_chart_exports_the_figure_and_goes_into_the_pack",
    "dashboard/test_portfolio.py::test_export_and_table_callbacks_follow_the_controls",
    "dashboard/test_profile.py::test_outcome_counts_of_people_below_k_are_hidden_in_public_mode",
    "dashboard/test_profile.py::test_outcomes_download_keeps_small_counts_hidden",
    "dashboard/test_profile.py::test_trend_export_table_and_slide_equal_the_statistics_in_sql",
    "dashboard/test_protection.py::test_three_selections_cannot_isolate_a_small_overlap",
    "dashboard/test_protection.py::test_two_theme_selections_cannot_be_subtracted",
    "dashboard/test_protection_pages.py::test_initiative_public_has_no_people_indicator_internal_has_them",
    "dashboard/test_protection_pages.py::test_profile_outcomes_hide_small_counts_and_cannot_be_differenced",
    "dashboard/test_protection_pages.py::test_value_callback_response_carries_no_value_per_initiative_of_people",
    "dashboard/test_protection_pages.py::test_value_per_initiative_leaves_out_effects_on_people",
    "dashboard/test_protection_pages.py::test_value_total_from_few_people_is_not_shown",
    "dashboard/test_value.py::test_per_initiative_chart_says_how_many_bars_it_draws_and_keeps_the_pooled_total_apart",
    "dashboard/test_value_exports.py::test_csv_and_xlsx_hold_exactly_the_bars_of_the_figure",
    "dashboard/test_value_exports.py::test_pack_items_are_the_page_figures",
    "dashboard/test_value_exports.py::test_tables_export_too_and_forged_names_are_ignored",
    "etl/test_360giving.py::test_export_then_import_gives_the_same_grants",
    "etl/test_360giving.py::test_flat_csv_and_xlsx_give_the_same_grants_as_json",
    "etl/test_fast_csv.py::test_line_numbers_stay_in_file_order_across_parallel_chunks",
    "etl/test_loader_corpus.py::test_spreadsheet_formula_and_script_tag_in_names_are_rejected",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test with its tier, so `-m "not browser and not serving and not slow"` is the fast tier.

    Under pytest-xdist (`make test`, --dist loadgroup) a file's tests stay in one process, and all browser
    tests in one: two Chromiums with their gunicorns on 2 busy cores made 3 browser tests time out."""
    xdist = config.pluginmanager.hasplugin("xdist")
    for item in items:
        try:
            relative = item.path.relative_to(TESTS)
        except ValueError:
            continue
        if relative.parts[0] in FOLDER_MARKERS:
            item.add_marker(FOLDER_MARKERS[relative.parts[0]])
        module = relative.as_posix()
        if module in SLOW_MODULES or f"{module}::{getattr(item, 'originalname', item.name)}" in SLOW_TESTS:
            item.add_marker("slow")
        if xdist:
            item.add_marker(pytest.mark.xdist_group("browser" if relative.parts[0] == "browser" else module))


def _square(west: float, south: float, size: float = 0.01) -> str:
    ring = [[west, south], [west + size, south], [west + size, south + size], [west, south + size]]
    return json.dumps({"type": "Polygon", "coordinates": [[*ring, ring[0]]]})


def _quarter(year: int, q: int) -> tuple[date, date]:
    first, last = QUARTERS[q - 1]
    end = date(year, last, 30 if last in (6, 9) else 31)
    return date(year, first, 1), end


def observations() -> list[tuple]:
    """(initiative, indicator, buurt or None, start, end, value, target)."""
    rows = []
    for year in (2023, 2024):
        for q in range(1, 5):
            start, end = _quarter(year, q)
            # Buurtkeuken: participants without a buurt (count in its main buurt Centrum-Noord)
            rows.append(("INI1", "deelnemers", None, start, end, 10.0 * q + (year - 2023) * 5, 20.0))
            rows.append(("INI1", "vrijwilligers", None, start, end, 3.0 + q, None))
            if year == 2023 and q <= 2:
                rows.append(("INI2", "deelnemers", "BU99990201", start, end, 8.0, 10.0))
            if year == 2024 and q >= 2:
                rows.append(("INI3", "deelnemers", "BU99990202", start, end, 4.0 * q, 5.0))
                rows.append(("INI3", "vrijwilligers", "BU99990202", start, end, 2.0, None))
    return rows


def build_warehouse(home: Path, version: int = 1, extra_initiative: bool = False) -> Path:
    """Write versions/wijkwaarde-00000N.duckdb and point home/wijkwaarde.duckdb at it, as the loader does."""
    folder = home / "versions"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"wijkwaarde-{version:06d}.duckdb"
    con = duckdb.connect(str(target))
    try:
        wh.prepare_schema(con)  # executes etl/sql/schema.sql, fills the vocabularies, then etl/sql/views.sql
        now = datetime(2025, 1, 20, 9, 30)
        batches = [
            (1, "gebieden", "gebieden.csv", "gepubliceerd"),
            (2, "gebiedscijfers", "gebiedscijfers.xlsx", "gepubliceerd"),
            (3, "organisaties", "organisaties.csv", "gepubliceerd"),
            (4, "initiatieven", "initiatieven.csv", "gepubliceerd"),
            (5, "financiers", "financiers.csv", "gepubliceerd"),
            (6, "subsidies", "subsidies-oud.csv", "vervangen"),
            (7, "subsidies", "subsidies.csv", "gepubliceerd"),
            (8, "indicatoren", "indicatoren.csv", "gepubliceerd"),
            (9, "waarnemingen", "waarnemingen.csv", "gepubliceerd"),
        ]
        con.executemany(
            "INSERT INTO load_batch (batch_id, load_id, entity, source_name, file_path, sha256, file_format,"
            " rows_in, rows_loaded, rows_rejected, status, started_at, finished_at)"
            " VALUES (?, 1, ?, ?, ?, 'abc', 'csv', 10, 9, 1, ?, ?, ?)",
            [(b, e, n, f"/in/{n}", s, now, now) for b, e, n, s in batches],
        )
        areas = [(GEMEENTE, "Demostad (fictieve gegevens)", "gemeente", None, None)]
        areas += [(code, name, "wijk", GEMEENTE, None) for code, name in WIJKEN.items()]
        areas += [(c, n, "buurt", w, _square(x, y)) for c, (n, w, x, y) in BUURTEN.items()]
        con.executemany(
            "INSERT INTO area (code, name, level, parent_code, boundary_year, is_fictional, geometry, batch_id)"
            " VALUES (?, ?, ?, ?, 2024, true, ?, 1)",
            areas,
        )
        stats = [(c, y, "inwoners", v) for c, v in RESIDENTS.items() for y in (2023, 2024)]
        stats += [(c, 2024, "aandeel_65plus", 10.0 + i) for i, c in enumerate(BUURTEN) if i < 3]
        con.executemany("INSERT INTO area_stat VALUES (?, ?, ?, ?, 'CBS', 2)", stats)
        con.executemany(
            "INSERT INTO organisation (code, name, batch_id) VALUES (?, ?, 3)",
            [("ORG1", "Stichting Buurtkracht"), ("ORG2", "Vereniging Samen Oost")],
        )
        initiatives = list(INITIATIVES)
        if extra_initiative:
            initiatives.append(
                ("INI5", "Repair Café", "ORG1", "vereniging", date(2024, 1, 1), None, "startend",
                 ["groen"], ["BU99990101"])
            )  # fmt: skip
        for code, name, org, form, start, end, status, themes, buurten in initiatives:
            con.execute(
                "INSERT INTO initiative VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 4)",
                [code, name, org, form, start, end, status],
            )
            con.executemany("INSERT INTO initiative_theme VALUES (?, ?, 4)", [(code, t) for t in themes])
            con.executemany(
                "INSERT INTO initiative_buurt VALUES (?, ?, ?, 4)",
                [(code, b, i == 0) for i, b in enumerate(buurten)],
            )
        con.executemany(
            "INSERT INTO funder VALUES (?, ?, ?, 5)",
            [("FIN1", "Gemeente Demostad", "gemeente"), ("FIN2", "Fonds Buurtgeluk", "fonds")],
        )
        con.executemany(
            "INSERT INTO grant_award VALUES (?, ?, ?, ?, ?, NULL, NULL, 7)",
            [(c, f, i, a, s) for c, f, i, a, s in GRANTS],
        )
        con.executemany(
            "INSERT INTO indicator (code, name_nl, name_en, unit, direction, toc_level, aggregation,"
            " counts_people, batch_id) VALUES (?, ?, ?, 'personen', 'hoger_beter', 'output', ?, true, 8)",
            [
                ("deelnemers", "Bereikte deelnemers", "Participants reached", "som"),
                ("vrijwilligers", "Actieve vrijwilligers", "Active volunteers", "laatste"),
            ],
        )
        con.executemany("INSERT INTO observation VALUES (?, ?, ?, ?, ?, ?, ?, 9)", observations())
        wh.build_facts(con)  # as every load ends: the fact tables the v_* views read
        con.execute("CHECKPOINT")
    finally:
        con.close()
    link = home / wh.PUBLISHED_NAME
    tmp = home / f".{wh.PUBLISHED_NAME}.tmp"
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(Path("versions") / target.name)
    os.replace(tmp, link)
    return home


@pytest.fixture
def warehouse_home(tmp_path: Path) -> Path:
    """A published fixture warehouse: home/wijkwaarde.duckdb -> versions/wijkwaarde-000001.duckdb."""
    return build_warehouse(tmp_path / "warehouse")


@pytest.fixture
def repo(warehouse_home: Path):
    from dashboard.repository import DuckDBRepository

    return DuckDBRepository(warehouse_home)


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory) -> Path:
    """Demostad as `make demo` builds it: the seeded generator's files through the real loader."""
    from etl import demo, loader

    root = tmp_path_factory.mktemp("demostad")
    files = demo.generate(root / "files", scale="demostad", seed=42)
    report = loader.load(root / "warehouse", files)
    assert report.ok and not report.rejects, "the demo must load without rejects"
    return root / "warehouse"


@pytest.fixture(scope="session")
def regio_home(tmp_path_factory) -> Path:
    """Three fictional gemeenten (demo scale 'regio') through the real loader: the all-gemeenten overview."""
    from etl import demo, loader

    root = tmp_path_factory.mktemp("regio")
    report = loader.load(root / "warehouse", demo.generate(root / "files", scale="regio", seed=7))
    assert report.ok and not report.rejects, "the regio demo must load without rejects"
    return root / "warehouse"


@pytest.fixture(scope="session")
def demo_repo(demo_home: Path):
    from dashboard.repository import DuckDBRepository

    return DuckDBRepository(demo_home)


@pytest.fixture
def empty_home(tmp_path: Path) -> Path:
    """A warehouse folder where nothing has been published yet."""
    home = tmp_path / "empty"
    home.mkdir()
    return home
