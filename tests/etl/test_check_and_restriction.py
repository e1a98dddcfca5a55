"""The loader pieces of the upload page (issue 16 §1): a check that publishes and records nothing, a fund's
restriction, who loaded a batch, the marked file's reason column, and a source's versions across formats."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import openpyxl

from etl import attempts
from etl import warehouse as wh
from etl.batch import source_stem
from etl.loader import REASON_HEADER, check, load
from etl.marked import marked_workbook
from etl.restriction import Restriction
from tests.etl.conftest import table, write

GRANTS = "subsidiecode;financiercode;initiatiefcode;bedrag;startdatum\nS1;FIN1;INI1;1.000;01-01-2024\n"
FUNDERS = "financiercode,naam,type\nFIN1,Gemeente Demostad (fictief),gemeente\nFIN2,Fonds Twee,fonds\n"


def test_a_check_finds_what_a_load_would_and_changes_nothing(base: Path, tmp_path: Path):
    version = wh.current_version(base)
    bad = write(tmp_path, "subsidies.csv", GRANTS + "S2;FIN1;INI1;veel;01-01-2024\n")
    checked = check(base, [bad])
    assert [(r.line, r.column, r.value) for r in checked.rejects] == [(3, "bedrag", "veel")]
    assert not checked.published and checked.parts[0].rows_loaded == 1
    assert wh.current_version(base) == version and not attempts.attempts_path(base).exists()
    refused = load(base, [bad])  # the load itself refuses the same row
    assert [(r.line, r.column, r.value) for r in refused.rejects] == [(3, "bedrag", "veel")]
    good = check(base, [write(tmp_path, "subsidies.csv", GRANTS)])
    assert not good.rejects and [p.status for p in good.parts] == ["geldig"]
    assert wh.current_version(base) == version


def test_a_check_without_a_published_warehouse_runs_on_a_private_copy(home: Path, tmp_path: Path):
    report = check(home, [write(tmp_path, "financiers.csv", FUNDERS)])
    assert not report.rejects and report.parts[0].rows_loaded == 2
    assert wh.current_version(home) is None


def test_a_fund_is_restricted_to_its_own_grants_and_reports(base: Path, tmp_path: Path):
    load(base, [write(tmp_path, "financiers.csv", FUNDERS)])
    fund = Restriction.for_funders(frozenset({"FIN2"}))
    grants = write(tmp_path, "subsidies.csv", GRANTS + "S2;FIN2;INI1;500;01-01-2024\n")
    initiatives = write(tmp_path, "initiatieven.csv", "initiatiefcode,naam\nINI9,Nieuw\n")
    reports = write(
        tmp_path, "waarnemingen.csv",
        "initiatiefcode;indicatorcode;periode_start;periode_eind;waarde\nINI1;deelnemers;01-01-2024;31-03-2024;5\n",
    )  # fmt: skip
    report = load(
        base, [grants, initiatives, reports], allow_rejects=True, restriction=fund, loaded_by="f@x.nl"
    )
    faults = {(r.file_name, r.line, r.column): r.reason for r in report.rejects}
    assert "buiten uw toegang" in faults[("fonds FIN2: subsidies.csv", 2, "financiercode")]
    assert ("fonds FIN2: subsidies.csv", 3, "financiercode") not in faults
    assert "alleen subsidies en waarnemingen" in faults[("fonds FIN2: initiatieven.csv", 2, None)]
    # the report for INI1 is the fund's: S2 of this very load funds it
    assert not any(f[0] == "fonds FIN2: waarnemingen.csv" for f in faults)
    assert table(base, "SELECT code FROM grant_award ORDER BY code") == [("S2",)]
    assert table(base, "SELECT code FROM initiative") == [("INI1",)]
    by = table(base, "SELECT DISTINCT loaded_by FROM load_batch WHERE source_name LIKE 'fonds FIN2:%'")
    assert by == [("f@x.nl",)]


def test_a_fund_file_never_supersedes_the_beheerders_file_of_that_name(base: Path, tmp_path: Path):
    load(base, [write(tmp_path, "financiers.csv", FUNDERS)])
    load(base, [write(tmp_path, "subsidies.csv", GRANTS)], loaded_by="cli:beheer")
    fund = Restriction.for_funders(frozenset({"FIN2"}))
    load(base, [write(tmp_path, "subsidies.csv", GRANTS.replace("S1;FIN1", "S2;FIN2"))], restriction=fund)
    assert table(base, "SELECT code FROM grant_award ORDER BY code") == [("S1",), ("S2",)]


def test_a_source_keeps_its_identity_across_formats(base: Path, tmp_path: Path):
    assert source_stem("subsidies.csv") == source_stem("subsidies.xlsx") == "subsidies"
    assert source_stem("data.xlsx#Blad1") == "data#Blad1" and source_stem(".csv") == ".csv"
    first = load(base, [write(tmp_path, "subsidies.csv", GRANTS)])
    book = openpyxl.Workbook()
    book.active.title = "subsidies"
    for row in (["subsidiecode", "financiercode", "initiatiefcode", "bedrag", "startdatum", REASON_HEADER],
                ["S1", "FIN1", "INI1", 1500, "01-01-2024", "bedrag: was fout"]):  # fmt: skip
        book.active.append(row)
    path = tmp_path / "subsidies.xlsx"
    book.save(path)
    second = load(base, [path])
    assert second.published and not second.rejects  # the reason column is not loaded, nor refused
    assert first.parts[0].batch_id in second.parts[0].superseded
    assert table(base, "SELECT code, amount FROM grant_award") == [("S1", 1500)]


def test_history_reads_a_warehouse_from_before_loaded_by(base: Path, tmp_path: Path):
    load(
        base, [write(tmp_path, "subsidies.csv", GRANTS + "S2;FIN9;INI1;1;01-01-2024\n")]
    )  # refused: attempts
    con = duckdb.connect(str(attempts.attempts_path(base)))
    con.execute("ALTER TABLE load_batch DROP COLUMN loaded_by")  # an attempts file from before the column
    con.close()
    history = attempts.history(base)
    try:
        rows = history.execute("SELECT count(*), count(loaded_by) FROM load_batch").fetchone()
    finally:
        history.close()
    assert rows[0] > 5 and rows[1] == 0


def test_the_marked_workbook_of_an_xlsx_keeps_the_users_sheets(tmp_path: Path):
    from etl.batch import Reject

    book = openpyxl.Workbook()
    book.active.title = "subsidies"
    book.active.append(["subsidiecode", "bedrag"])
    book.active.append(["S1", "veel"])
    book.create_sheet("Toelichting").append(["mijn aantekeningen"])
    path = tmp_path / "subsidies.xlsx"
    book.save(path)
    rejects = [
        Reject("subsidies.xlsx", "subsidies", 2, "bedrag", "veel", "geen getal"),
        Reject("subsidies.xlsx", None, None, None, None, "ontbrekende kolom financiercode"),
    ]
    marked = openpyxl.load_workbook(io.BytesIO(marked_workbook(path, rejects, "xlsx")))
    assert marked.sheetnames == ["subsidies", "Toelichting", REASON_HEADER]
    ws = marked["subsidies"]
    assert ws["C1"].value == REASON_HEADER and "bedrag: geen getal" in ws["C2"].value
    assert ws["B2"].comment.text == "geen getal" and marked["Toelichting"]["A1"].value == "mijn aantekeningen"
    assert marked[REASON_HEADER]["C2"].value == "ontbrekende kolom financiercode"
