"""The pandas baseline gives the overview's figures as ours serves them (protected), on the fixture warehouses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import pandas_step, run
from benchmarks.pandas_baseline import FIGURES, HIDDEN, PandasOverview, overview_json, same
from dashboard.filters import Filters
from dashboard.repository import DuckDBRepository
from tests.conftest import build_warehouse


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return build_warehouse(tmp_path / "warehouse")


def scopes(home: Path, gemeente: str) -> dict[str, list[dict]]:
    repo = DuckDBRepository(home)
    return {"land": run.combos(repo, None, 15, seed=5), "gemeente": run.combos(repo, gemeente, 15, seed=6)}


def figures(model: PandasOverview, combo: dict) -> dict:
    query = {k: combo[k] for k in ("gemeente", "themes", "statuses", "year_from", "year_to")}
    return overview_json(model.overview(Filters.from_query(query)))


@pytest.mark.parametrize("fixture, gemeente", [("home", "GM9999"), ("regio_home", "GM9001")])
def test_the_baseline_gives_our_protected_figures(request, fixture: str, gemeente: str):
    home = request.getfixturevalue(fixture)
    model = PandasOverview((home / "wijkwaarde.duckdb").resolve())
    shown = []
    for combos in scopes(home, gemeente).values():
        for combo, want in zip(combos, run.expected_figures(home, combos), strict=True):
            got = figures(model, combo)
            for name in FIGURES:
                assert same(want[name], got[name]), (name, combo, want[name], got[name])
            shown.append(json.dumps(want))
    # the comparison covers protection: some figures are hidden, and people counts are shown too
    assert any(f'"{HIDDEN}"' in text for text in shown)
    assert any(isinstance(v[0], float) for text in shown for v in json.loads(text)["trend"].values())


def test_a_difference_is_reported_per_figure(home: Path):
    model = PandasOverview((home / "wijkwaarde.duckdb").resolve())
    combos = scopes(home, "GM9999")["gemeente"][:4]
    expected = run.expected_figures(home, combos)
    expected[0]["kpis"]["active"][0] = 12345.0
    expected[1]["map"] = {code: 0.0 for code in expected[1]["map"]} | {"BU00000000": 1.0}
    expected[2] = None  # not checked
    report = pandas_step.time_scope(model, combos, expected)
    assert report["mismatches"] == {"kpis": 1, "map": 1, "trend": 0, "table": 0}
    assert report["checked"] == 3
    assert report["examples"][0]["figure"] == "kpis" and report["examples"][0]["key"] == "active"
    assert 0 < report["overview_p50_ms"] <= report["overview_p95_ms"]


def test_the_step_times_every_scope_against_our_figures(home: Path, tmp_path: Path):
    chosen = {scope: combos[:3] for scope, combos in scopes(home, "GM9999").items()}
    (tmp_path / "combos.json").write_text(json.dumps(chosen))
    expected = {scope: run.expected_figures(home, combos) for scope, combos in chosen.items()}
    (tmp_path / "expected.json").write_text(json.dumps(expected))
    out = pandas_step.main(
        str((home / "wijkwaarde.duckdb").resolve()),
        str(tmp_path / "combos.json"),
        str(tmp_path / "expected.json"),
    )
    assert set(out["scopes"]) == {"land", "gemeente"}
    for report in out["scopes"].values():
        assert report["mismatches"] == dict.fromkeys(FIGURES, 0) and report["checked"] == 3
    assert out["rss_mb"] > 0 and out["protection"]["mode"] == "public"
