"""A load of observations alone extends the observation fact tables: after any sequence of loads they equal a
full rebuild, row for row, and a load that fails while extending them leaves the published data as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl import warehouse as wh
from etl.loader import load
from tests.etl.conftest import write

HEADER = "initiatiefcode,indicatorcode,buurtcode,periode_start,periode_eind,waarde\n"
# "": the initiative's main buurt (BU99990101); its rows start mid-month, as the same key as the explicit
# BU99990101 row of that month they would be a duplicate (a blank buurt is the main buurt)
BUURTEN = ("BU99990101", "BU99990102", "")
FACTS = ("f_observation", "f_observation_year")


def _month(year: int, month: int) -> tuple[str, str]:
    last = 31 if month in (1, 3, 5, 7, 8, 10, 12) else 30 if month != 2 else 28
    return f"01-{month:02d}-{year}", f"{last:02d}-{month:02d}-{year}"


def _rows(months: list[tuple[int, int]], buurten=BUURTEN, value=lambda y, m, b: y + m) -> str:
    lines = []
    for year, month in months:
        start, end = _month(year, month)
        for n, buurt in enumerate(buurten):
            begin = start if buurt else "15" + start[2:]
            lines.append(f"INI1,deelnemers,{buurt},{begin},{end},{value(year, month, n)}\n")
    return HEADER + "".join(lines)


HISTORY = _rows([(y, m) for y in range(2021, 2025) for m in range(1, 13)])  # 144 rows over four years
NEW_MONTH = _rows([(2025, 1)])  # a new month, in a new year: the 2024 cells get a next year


def _differences(home: Path, tmp_path: Path) -> dict[str, tuple[int, int]]:
    """Rows of each published observation fact missing from a full rebuild of it, and the other way round."""
    copy = tmp_path / "rebuild.duckdb"
    shutil.copyfile(wh.current_version(home), copy)
    con = duckdb.connect(str(copy))
    try:
        for name in FACTS:
            con.execute(f"CREATE TABLE published_{name} AS FROM {name}")
        wh.build_facts(con, ["observation", "observation_year"])
        found = {}
        for name in FACTS:
            extra, missing = (
                con.execute(f"SELECT count(*) FROM (FROM {a} EXCEPT ALL FROM {b})").fetchone()[0]  # noqa: S608 (our table names)
                for a, b in ((f"published_{name}", name), (name, f"published_{name}"))
            )
            found[name] = (extra, missing)
        return found
    finally:
        con.close()
        copy.unlink()


def _published(home: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(wh.published_path(home)), read_only=True)
    try:
        return {
            name: sorted(con.execute(f"FROM {name}").fetchall(), key=repr) for name in (*FACTS, "observation")
        }
    finally:
        con.close()


@pytest.fixture
def extended(monkeypatch) -> list[str]:
    """Records how each load brought the observation facts up to date: 'extended' or 'rebuilt'."""
    how: list[str] = []
    extend, build = wh.extend_observation_facts, wh.build_facts

    def spy_extend(*args):
        how.append("extended")
        return extend(*args)

    def spy_build(con, names=None):
        if names is None or "observation" in names:
            how.append("rebuilt")
        return build(con, names)

    monkeypatch.setattr(wh, "extend_observation_facts", spy_extend)
    monkeypatch.setattr(wh, "build_facts", spy_build)
    return how


def test_loads_of_observations_extend_the_facts_to_what_a_rebuild_gives(
    base: Path, tmp_path: Path, extended: list[str]
):
    nothing = {name: (0, 0) for name in FACTS}
    first = load(base, [write(tmp_path, "waarnemingen-historie.csv", HISTORY)])
    assert first.published and extended == ["rebuilt"]  # the first observations: a build
    assert _differences(base, tmp_path) == nothing

    new = write(tmp_path, "waarnemingen-2025.csv", NEW_MONTH)
    assert load(base, [new]).published and extended[-1] == "extended"
    assert _differences(base, tmp_path) == nothing
    year_2024 = "SELECT DISTINCT next_year FROM f_observation_year WHERE year = 2024"
    con = duckdb.connect(str(wh.published_path(base)), read_only=True)
    assert con.execute(year_2024).fetchall() == [(2025,)]
    con.close()

    before, loads = _published(base), len(extended)
    again = load(base, [new])  # the same file once more: nothing to do
    assert [p.status for p in again.parts] == ["ongewijzigd"] and len(extended) == loads
    assert _published(base) == before

    # a newer version of the same file: one value changed, BU99990102's row gone (its 2025 cell with it, so
    # 2024 is its last year again), a row in a later month and one in a year that had none (for the main buurt)
    superseding = (
        _rows([(2025, 1)], buurten=BUURTEN[:1], value=lambda y, m, b: 7)
        + _rows([(2025, 2)], buurten=BUURTEN[:1]).removeprefix(HEADER)
        + _rows([(2026, 3)], buurten=BUURTEN[2:]).removeprefix(HEADER)
    )
    report = load(base, [write(tmp_path, "waarnemingen-2025.csv", superseding)])
    assert report.published and report.parts[0].superseded and extended[-1] == "extended"
    assert _differences(base, tmp_path) == nothing
    con = duckdb.connect(str(wh.published_path(base)), read_only=True)
    assert con.execute(
        "SELECT year, total, n, next_year FROM f_observation_year WHERE buurt_code = 'BU99990101' "
        "AND year >= 2024 ORDER BY year"
    ).fetchall() == [(2024, sum(2024 + m for m in range(1, 13)) * 2.0, 24, 2025), (2025, 7.0 + 2027, 2, 2026),
                     (2026, 2029.0, 1, None)]  # fmt: skip
    assert con.execute(
        "SELECT year, next_year FROM f_observation_year WHERE buurt_code = 'BU99990102' AND year >= 2024"
    ).fetchall() == [(2024, None)]
    con.close()

    before, loads = _published(base), len(extended)
    refused = _rows([(2025, 4)]).replace("deelnemers", "onbekend", 1)  # an unknown indicator: refused
    report = load(base, [write(tmp_path, "waarnemingen-2025-04.csv", refused)])
    assert not report.published and len(extended) == loads
    assert _published(base) == before
    assert _differences(base, tmp_path) == nothing


def test_a_load_that_fails_while_extending_the_facts_publishes_nothing(
    base: Path, tmp_path: Path, monkeypatch
):
    assert load(base, [write(tmp_path, "waarnemingen-historie.csv", HISTORY)]).published
    before, version = _published(base), wh.current_version(base)
    extend = wh.extend_observation_facts

    def fail_halfway(con, new, gone):
        con.execute(wh._fact_sql("buurt"))
        con.execute(wh._extend_sql("observation_add"), {"batches": new})  # f_observation half done
        raise OSError("schijf weg")

    monkeypatch.setattr(wh, "extend_observation_facts", fail_halfway)
    with pytest.raises(OSError, match="schijf weg"):
        load(base, [write(tmp_path, "waarnemingen-2025.csv", NEW_MONTH)])
    assert wh.current_version(base) == version
    assert _published(base) == before
    assert not wh.leftovers(base)

    monkeypatch.setattr(wh, "extend_observation_facts", extend)  # the next load does it all
    assert load(base, [write(tmp_path, "waarnemingen-2025.csv", NEW_MONTH)]).published
    assert _differences(base, tmp_path) == {name: (0, 0) for name in FACTS}


def test_a_dry_run_meets_the_published_keys_of_a_file_in_any_letter_case(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The dry run copies only the published observations whose whole key a file repeats (a new month meets
    none): a key spelt in other letters is found there as in the real load."""
    assert load(base, [write(tmp_path, "waarnemingen-historie.csv", HISTORY)]).published
    repeated = HEADER + "ini1,deelnemers,bu99990102,01-03-2024,31-03-2024,5\n"  # 2024-03 is published
    unknown = "INI9,deelnemers,BU99990101,01-01-2025,31-01-2025,5\n"
    folder = tmp_path / "next"
    folder.mkdir()
    write(folder, "waarnemingen-2025.csv", repeated + unknown)
    found = {}
    for dry_run in (True, False):
        home = tmp_path / f"copy-{dry_run}"
        shutil.copytree(base, home, symlinks=True)
        monkeypatch.setenv("WIJKWAARDE_DRY_RUN_MIN_MB", "0" if dry_run else "100000")
        report = load(home, [folder])
        assert report.dry_run is dry_run and not report.published
        found[dry_run] = sorted((r.line, r.column, r.reason) for r in report.rejects)
    assert found[True] == found[False]
    assert [(line, reason.split(":")[0]) for line, _, reason in found[True]] == [
        (2, "sleutel bestaat al"),  # 'ini1' refers to INI1 and is staged as INI1 (references ignore case too)
        (3, "onbekende initiatiefcode"),
    ]
