"""Publishing: atomic, crash-safe (SIGKILL), idempotent, and a changed file supersedes its earlier batch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb

from etl import attempts
from etl import warehouse as wh
from etl.loader import load
from tests.etl.conftest import BASE_FILES, reasons, table, write

GRANTS = "subsidiecode;financiercode;initiatiefcode;bedrag;startdatum\nS1;FIN1;INI1;1.000;01-01-2024\n"


def test_reloading_an_unchanged_file_changes_nothing(base: Path, tmp_path: Path):
    path = write(tmp_path, "subsidies.csv", GRANTS)
    first = load(base, [path])
    version = wh.current_version(base)
    batches = table(base, "SELECT count(*) FROM load_batch")
    second = load(base, [path])
    assert first.published and [p.status for p in second.parts] == ["ongewijzigd"]
    assert wh.current_version(base) == version  # no new version was even built
    assert table(base, "SELECT count(*) FROM load_batch") == batches
    assert table(base, "SELECT code FROM grant_award") == [("S1",)]


def test_a_changed_file_supersedes_its_earlier_batch_and_keeps_history(base: Path, tmp_path: Path):
    first = load(base, [write(tmp_path, "subsidies.csv", GRANTS)])
    changed = GRANTS + "S2;FIN1;INI1;2.000;01-01-2025\n"
    second = load(base, [write(tmp_path, "subsidies.csv", changed)])
    old, new = first.parts[0].batch_id, second.parts[0].batch_id
    assert table(base, "SELECT code, batch_id FROM grant_award ORDER BY code") == [("S1", new), ("S2", new)]
    assert table(base, "SELECT status, superseded_by FROM load_batch WHERE batch_id = ?", [old]) == [
        ("vervangen", new)
    ]
    assert table(base, "SELECT status FROM load_batch WHERE batch_id = ?", [new]) == [("gepubliceerd",)]


def test_a_failed_load_leaves_the_published_facts_identical(base: Path, tmp_path: Path):
    load(base, [write(tmp_path, "subsidies.csv", GRANTS)])
    facts = "SELECT * FROM grant_award UNION ALL SELECT code, NULL, NULL, NULL, NULL, NULL, NULL, batch_id FROM initiative"
    before = table(base, facts)
    version = wh.current_version(base)
    bad = GRANTS + "S2;FIN1;INI404;10;01-01-2024\n"
    report = load(base, [write(tmp_path, "subsidies.csv", bad)])
    assert not report.published
    assert table(base, facts) == before
    assert wh.current_version(base) == version  # a refusal is no new version of the data
    # the attempt is on record (in the attempts database), so `wijkwaarde rejects` can show it
    batch = report.parts[0].batch_id
    con = attempts.history(base)
    assert con.execute("SELECT status FROM load_batch WHERE batch_id = ?", [batch]).fetchall() == [
        ("afgewezen",)
    ]
    assert con.execute("SELECT line, reason FROM rejected_row WHERE batch_id = ?", [batch]).fetchall() == [
        (3, "onbekende initiatiefcode: niet geladen als initiatief")
    ]
    con.close()


def test_superseding_that_would_orphan_references_is_refused(base: Path, tmp_path: Path):
    load(base, [write(tmp_path, "subsidies.csv", GRANTS)])
    header = "initiatiefcode,naam,organisatiecode,themas,vorm,startdatum,einddatum,status,buurten\n"
    without_ini1 = header + "INI9,Ander,ORG1,voedsel,stichting,01-01-2022,,startend,BU99990101\n"
    report = load(base, [write(tmp_path, "initiatieven.csv", without_ini1)])
    assert not report.published
    assert report.problems == ["subsidies: 1 rij(en) verwijzen naar een initiatief dat niet meer bestaat"]
    assert table(base, "SELECT code FROM initiative ORDER BY code") == [("INI1",)]


def test_fact_rows_carry_their_batch(base: Path):
    rows = table(base, "SELECT DISTINCT b.source_name FROM initiative i JOIN load_batch b USING (batch_id)")
    assert rows == [("initiatieven.csv",)]


def _big_observations(folder: Path, initiatives: int, days: int) -> list[Path]:
    header = "initiatiefcode,naam,organisatiecode,themas,vorm,startdatum,einddatum,status,buurten\n"
    init = write(
        folder,
        "initiatieven-groot.csv",
        header
        + "".join(
            f"G{i},Groot {i},ORG1,voedsel,stichting,01-01-2020,,groeiend,BU99990101\n"
            for i in range(initiatives)
        ),
    )
    start = date(1950, 1, 1)
    lines = ["initiatiefcode,indicatorcode,buurtcode,periode_start,periode_eind,waarde,doel\n"]
    for i in range(initiatives):
        for d in range(days):
            day = (start + timedelta(days=d)).strftime("%d-%m-%Y")
            lines.append(f"G{i},deelnemers,BU99990101,{day},{day},{d % 97},50\n")
    obs = write(folder, "waarnemingen-groot.csv", "".join(lines))
    return [init, obs]


def test_sigkill_during_a_load_leaves_the_previous_version_intact(base: Path, tmp_path: Path):
    previous = wh.current_version(base)
    before = table(base, "SELECT count(*), max(batch_id) FROM initiative")
    paths = _big_observations(tmp_path, initiatives=60, days=5000)  # 300.000 rows: several seconds
    env = {**os.environ, "WIJKWAARDE_HOME": str(base)}
    cmd = [sys.executable, "-m", "wijkwaarde.cli", "load", *map(str, paths)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    building = []
    while time.monotonic() < deadline and proc.poll() is None:
        building = [p for p in (base / "versions").iterdir() if p.name.endswith(wh.BUILDING_SUFFIX)]
        if building and building[0].stat().st_size > 0:
            break
        time.sleep(0.02)
    time.sleep(0.5)  # well inside the load: reading and staging 300.000 rows
    assert proc.poll() is None, "the load finished before it could be killed; make the file bigger"
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=10) == -signal.SIGKILL
    assert building, "the load never started building a new version"

    assert wh.current_version(base) == previous
    con = duckdb.connect(str(wh.published_path(base)), read_only=True)
    assert con.execute("SELECT count(*), max(batch_id) FROM initiative").fetchall() == before
    assert con.execute("SELECT count(*) FROM observation").fetchone() == (0,)
    con.close()

    report = load(base, paths)  # a re-run succeeds and cleans up what the killed load left
    assert report.published, reasons(report)[:5]
    assert not [p for p in (base / "versions").iterdir() if wh.BUILDING_SUFFIX in p.name]
    assert table(base, "SELECT count(*) FROM observation") == [(300_000,)]


def test_a_second_load_is_refused_while_one_runs(base: Path, tmp_path: Path):
    with wh.lock(base):
        try:
            load(base, [write(tmp_path, "subsidies.csv", GRANTS)])
        except wh.LoadInProgress as exc:
            assert "er loopt al een load" in str(exc)
        else:
            raise AssertionError("a concurrent load was not refused")


def test_old_versions_are_pruned_but_the_published_one_is_kept(base: Path, tmp_path: Path):
    for n in range(5):
        load(base, [write(tmp_path, "subsidies.csv", GRANTS + f"S{n + 2};FIN1;INI1;10;01-01-2024\n")])
    versions = sorted(p.name for p in (base / "versions").iterdir())
    assert len(versions) <= wh.KEEP_VERSIONS + 1
    assert wh.current_version(base).name in versions


def test_the_fact_tables_follow_every_load(base: Path, tmp_path: Path):
    """The dashboard's views read fact tables built at the end of each load: a new grant is there at once,
    split over its initiative's buurten, and a superseding file replaces it there too."""
    load(base, [write(tmp_path, "subsidies.csv", GRANTS)])
    view = "SELECT grant_code, sum(amount) FROM v_grant_buurt GROUP BY ALL ORDER BY ALL"
    assert table(base, view) == [("S1", 1000.0)]
    load(base, [write(tmp_path, "subsidies.csv", GRANTS.replace("S1;FIN1;INI1;1.000", "S9;FIN1;INI1;2.500"))])
    assert table(base, view) == [("S9", 2500.0)]
    base_rows = table(base, "SELECT count(*) FROM observation")
    assert table(base, "SELECT count(*) FROM v_observation") == base_rows


def test_a_warehouse_from_before_the_fact_tables_gets_them_on_its_next_load(base: Path, tmp_path: Path):
    con = duckdb.connect(str(wh.current_version(base)))
    try:  # a version published by an older Wijkwaarde: base tables and views, no fact tables
        for name in ("f_observation", "f_grant_buurt", "f_initiative", "f_initiative_buurt",
                     "f_initiative_funder", "f_area_stat", "f_observation_year"):  # fmt: skip
            con.execute(f"DROP TABLE {name}")
    finally:
        con.close()
    report = load(base, [write(tmp_path, "subsidies.csv", GRANTS)])
    assert report.published
    assert table(base, "SELECT grant_code, sum(amount) FROM v_grant_buurt GROUP BY ALL") == [("S1", 1000.0)]


def test_fact_tables_an_older_version_of_their_sql_built_are_rebuilt_on_the_next_load(
    base: Path, tmp_path: Path
):
    con = duckdb.connect(str(wh.current_version(base)))
    try:  # as an older Wijkwaarde left it: f_observation_year without next_year, built by other SQL
        con.execute("ALTER TABLE f_observation_year DROP COLUMN next_year")
        con.execute("UPDATE fact_build SET sql_hash = 'older' WHERE name = 'observation_year'")
    finally:
        con.close()
    assert load(base, [write(tmp_path, "subsidies.csv", GRANTS)]).published  # a load of other data
    columns = "SELECT column_name FROM duckdb_columns() WHERE table_name = 'f_observation_year'"
    assert ("next_year",) in table(base, columns)
    assert table(base, "SELECT sql_hash FROM fact_build WHERE name = 'observation_year'") == [
        (wh.fact_hash("observation_year"),)
    ]


def test_a_changed_initiative_reaches_the_facts_of_its_observations(base: Path, tmp_path: Path):
    """f_observation carries each initiative's status: a new initiatieven file must rebuild it, or the
    status filter would still see the old status."""
    observations = (
        "initiatiefcode,indicatorcode,buurtcode,periode_start,periode_eind,waarde\n"
        "INI1,deelnemers,BU99990101,01-01-2024,31-03-2024,40\n"
    )
    load(base, [write(tmp_path, "waarnemingen.csv", observations)])
    by_status = "SELECT status, sum(value) FROM v_observation GROUP BY ALL"
    assert table(base, by_status) == [("groeiend", 40.0)]
    load(base, [write(tmp_path, "financiers.csv", "financiercode,naam,type\nFIN2,Fonds X (fictief),fonds\n")])
    assert table(base, by_status) == [("groeiend", 40.0)]  # a funder changes nothing here
    stopped = BASE_FILES["initiatieven.csv"].replace(",,groeiend,", ",31-12-2024,gestopt,")
    load(base, [write(tmp_path, "initiatieven.csv", stopped)])
    assert table(base, by_status) == [("gestopt", 40.0)]
