"""Loads that used to publish something silently wrong or refuse what the user could not fix (a probe of
2026-12-07): each case goes through the real loader, and asserts what was published and the rejects."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

import etl.readers as readers
from etl import warehouse as wh
from etl.loader import load
from tests.etl.conftest import assert_accounted, history, reasons, table, write

OBS_HEADER = "initiatiefcode,indicatorcode,buurtcode,periode_start,periode_eind,waarde\n"
GRANT_HEADER = "subsidiecode;financiercode;initiatiefcode;bedrag;startdatum;einddatum\n"
OBS_KEY = "initiatiefcode, indicatorcode, buurtcode, periode_start"
MAIN_NOTE = "(een lege buurtcode is de hoofdbuurt van het initiatief)"


@pytest.fixture(params=["python", "fast"])
def reader(request, monkeypatch) -> str:
    """Which CSV reader a small test file gets: the Python one, or (as if it were large) DuckDB's."""
    if request.param == "fast":
        monkeypatch.setattr(readers, "FAST_CSV_MIN_BYTES", 0)
    return request.param


def load_files(home: Path, folder: Path, files: dict[str, str | bytes], **kwargs):
    folder.mkdir(parents=True, exist_ok=True)
    return load(home, [write(folder, name, text) for name, text in files.items()], **kwargs)


# -- 1. a blank buurt is the initiative's main buurt --------------------------------------------------
def test_a_blank_buurt_and_the_main_buurt_are_one_observation_key(base, tmp_path, reader):
    text = (
        OBS_HEADER
        + "INI1,deelnemers,,01-01-2023,31-03-2023,10\nINI1,deelnemers,BU99990101,01-01-2023,31-03-2023,10\n"
    )
    report = load_files(base, tmp_path / "in", {"waarnemingen-noord.csv": text}, allow_rejects=True)
    assert_accounted(report)
    assert reasons(report) == [
        (
            3,
            OBS_KEY,
            "INI1 | deelnemers | BU99990101 | 2023-01-01",
            f"dubbele sleutel: komt ook voor op regel 2 als 'INI1 | deelnemers | 2023-01-01' {MAIN_NOTE}",
        )
    ]
    assert table(base, "SELECT buurt_code, sum(value) FROM f_observation GROUP BY ALL") == [
        ("BU99990101", 10.0)
    ]


@pytest.mark.parametrize("first, second", [("BU99990101", ""), ("", "BU99990101")])
def test_a_blank_buurt_meets_the_main_buurt_loaded_from_another_file(base, tmp_path, first, second):
    row = "INI1,deelnemers,{},01-01-2023,31-03-2023,10\n"
    assert load_files(base, tmp_path / "a", {"waarnemingen-a.csv": OBS_HEADER + row.format(first)}).published
    report = load_files(base, tmp_path / "b", {"waarnemingen-b.csv": OBS_HEADER + row.format(second)})
    assert not report.published
    mine = "INI1 | deelnemers | " + (second + " | " if second else "") + "2023-01-01"
    theirs = "INI1 | deelnemers | " + (first + " | " if first else "") + "2023-01-01"
    assert reasons(report) == [
        (
            2,
            OBS_KEY,
            mine,
            f"sleutel bestaat al als '{theirs}' {MAIN_NOTE}: geladen uit waarnemingen-a.csv (batch 6)",
        )
    ]
    assert table(base, "SELECT buurt_code, sum(value) FROM f_observation GROUP BY ALL") == [
        ("BU99990101", 10.0)
    ]


def test_an_observation_in_a_buurt_the_initiative_does_not_serve_is_rejected(base, tmp_path, reader):
    initiatives = (
        "initiatiefcode,naam,organisatiecode,themas,vorm,startdatum,einddatum,status,buurten\n"
        "INI2,Moestuin,ORG1,voedsel,stichting,01-01-2022,,startend,BU99990101\n"
    )
    observations = OBS_HEADER + (
        "INI2,deelnemers,BU99990102,01-01-2023,31-03-2023,7\n"
        "INI2,deelnemers,BU99990101,01-01-2023,31-03-2023,8\n"
        "INI1,deelnemers,BU99990102,01-01-2023,31-03-2023,9\n"
    )
    files = {"initiatieven-zuid.csv": initiatives, "waarnemingen-zuid.csv": observations}
    report = load_files(base, tmp_path / "in", files, allow_rejects=True)
    assert_accounted(report)
    assert reasons(report) == [(2, "buurtcode", "BU99990102", "buurt wordt niet bediend door dit initiatief")]
    assert table(base, "SELECT initiative_code, buurt_code, value FROM observation ORDER BY 1") == [
        ("INI1", "BU99990102", 9.0),
        ("INI2", "BU99990101", 8.0),
    ]


def test_a_new_version_of_initiatieven_that_drops_an_observed_buurt_is_refused(base, tmp_path):
    observation = OBS_HEADER + "INI1,deelnemers,BU99990102,01-01-2023,31-03-2023,9\n"
    assert load_files(base, tmp_path / "a", {"waarnemingen-a.csv": observation}).published
    only_main = (
        "initiatiefcode,naam,organisatiecode,themas,vorm,startdatum,einddatum,status,buurten\n"
        "INI1,Buurtkeuken,ORG1,voedsel,wijkonderneming,01-03-2021,,groeiend,BU99990101\n"
    )
    report = load_files(base, tmp_path / "b", {"initiatieven.csv": only_main})
    assert not report.published
    assert report.problems == [
        "waarnemingen: 1 rij(en) verwijzen naar een buurt van hun initiatief dat niet meer bestaat"
    ]
    assert table(base, "SELECT buurt_code FROM initiative_buurt ORDER BY 1") == [
        ("BU99990101",),
        ("BU99990102",),
    ]


def test_a_new_main_buurt_that_makes_a_blank_buurt_meet_a_named_one_is_refused(base, tmp_path):
    observations = OBS_HEADER + (
        "INI1,deelnemers,,01-01-2023,31-03-2023,9\nINI1,deelnemers,BU99990102,01-01-2023,31-03-2023,4\n"
    )
    assert load_files(base, tmp_path / "a", {"waarnemingen-a.csv": observations}).published
    main_moved = (
        "initiatiefcode,naam,organisatiecode,themas,vorm,startdatum,einddatum,status,buurten\n"
        "INI1,Buurtkeuken,ORG1,voedsel,wijkonderneming,01-03-2021,,groeiend,BU99990102;BU99990101\n"
    )
    report = load_files(base, tmp_path / "b", {"initiatieven.csv": main_moved})
    assert not report.published
    assert report.problems == [
        "waarnemingen: 2 rij(en) met dezelfde sleutel: een lege buurtcode is de hoofdbuurt van het initiatief, "
        "en die komt ook met naam voor (laad de waarnemingen mee die dat herstellen)"
    ]
    assert table(base, "SELECT buurt_code, sum(value) FROM f_observation GROUP BY ALL ORDER BY 1") == [
        ("BU99990101", 9.0),
        ("BU99990102", 4.0),
    ]


# -- 2. money is never rounded ------------------------------------------------------------------------
def test_a_grant_amount_with_more_than_two_decimals_is_rejected(base, tmp_path, reader):
    text = GRANT_HEADER + (
        "S1;FIN1;INI1;0,001;01-01-2024;\nS2;FIN1;INI1;1.000.000,005;01-01-2024;\n"
        "S3;FIN1;INI1;12,5;01-01-2024;\nS4;FIN1;INI1;1.000,000;01-01-2024;\n"
    )
    report = load_files(base, tmp_path / "in", {"subsidies-noord.csv": text}, allow_rejects=True)
    assert_accounted(report)
    assert reasons(report) == [
        (2, "bedrag", "0,001", "bedrag met meer dan 2 decimalen"),
        (3, "bedrag", "1.000.000,005", "bedrag met meer dan 2 decimalen"),
    ]
    assert table(base, "SELECT code, amount FROM grant_award ORDER BY code") == [
        ("S3", Decimal("12.50")),
        ("S4", Decimal("1000.00")),
    ]


def test_an_xlsx_amount_with_more_than_two_decimals_is_rejected_a_binary_artefact_is_not(base, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "subsidies"
    sheet.append(["subsidiecode", "financiercode", "initiatiefcode", "bedrag", "startdatum"])
    sheet.append(["S1", "FIN1", "INI1", 1234.5678, "01-03-2024"])
    sheet.append(["S2", "FIN1", "INI1", 0.1 + 0.2, "01-03-2024"])
    sheet.append(["S3", "FIN1", "INI1", 49999999.99, "01-03-2024"])
    book.save(tmp_path / "subsidies.xlsx")
    report = load(base, [tmp_path / "subsidies.xlsx"], allow_rejects=True)
    assert reasons(report) == [(2, "bedrag", "1234,5678", "bedrag met meer dan 2 decimalen")]
    assert table(base, "SELECT code, amount FROM grant_award ORDER BY code") == [
        ("S2", Decimal("0.30")),
        ("S3", Decimal("49999999.99")),
    ]


# -- 3. a workbook's new version replaces the old one, whatever its sheet count -----------------------
def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


FUNDERS = ["financiercode", "naam", "type"]
ORGANISATIONS = [["organisatiecode", "naam"], ["OX1", "Org X"]]


def test_a_workbook_gaining_or_losing_a_sheet_supersedes_its_earlier_version(base, tmp_path):
    v1 = workbook(tmp_path / "v1" / "fondsdata.xlsx", {"financiers": [FUNDERS, ["FX1", "Fonds X", "fonds"]]})
    assert load(base, [v1]).published
    v2 = {"financiers": [FUNDERS, ["FX1", "Fonds X (nieuw)", "fonds"]], "organisaties": ORGANISATIONS}
    report = load(base, [workbook(tmp_path / "v2" / "fondsdata.xlsx", v2)])
    assert report.published, reasons(report)
    assert table(base, "SELECT name FROM funder WHERE code = 'FX1'") == [("Fonds X (nieuw)",)]
    v3 = {"financiers": [FUNDERS, ["FX1", "Fonds X (derde)", "fonds"]]}
    report = load(base, [workbook(tmp_path / "v3" / "fondsdata.xlsx", v3)])
    assert report.published, reasons(report)
    assert table(base, "SELECT name FROM funder WHERE code = 'FX1'") == [("Fonds X (derde)",)]
    # the organisations of v2 stay: v3 holds no organisaties sheet to replace them with
    assert table(base, "SELECT code FROM organisation WHERE code = 'OX1'") == [("OX1",)]
    assert history(
        base, "SELECT source_name, status FROM load_batch WHERE batch_id > 5 ORDER BY batch_id"
    ) == [
        ("fondsdata.xlsx", "vervangen"),
        ("fondsdata.xlsx#organisaties", "gepubliceerd"),
        ("fondsdata.xlsx#financiers", "vervangen"),
        ("fondsdata.xlsx", "gepubliceerd"),
    ]


# -- 4. references match keys without regard to case --------------------------------------------------
def test_references_ignore_letter_case_and_store_the_key_as_loaded(base, tmp_path, reader):
    files = {
        "initiatieven-oost.csv": (
            "initiatiefcode,naam,organisatiecode,themas,vorm,startdatum,einddatum,status,buurten\n"
            "INI2,Moestuin,org1,voedsel,stichting,01-01-2022,,startend,bu99990101\n"
        ),
        "subsidies-oost.csv": GRANT_HEADER + "S1;fin1;ini1;100;01-01-2024;\n",
        "waarnemingen-oost.csv": OBS_HEADER + "ini2,Deelnemers,,01-01-2023,31-03-2023,10\n",
    }
    report = load_files(base, tmp_path / "in", files)
    assert report.published, reasons(report)
    assert table(base, "SELECT organisation_code FROM initiative WHERE code = 'INI2'") == [("ORG1",)]
    assert table(base, "SELECT funder_code, initiative_code FROM grant_award") == [("FIN1", "INI1")]
    assert table(base, "SELECT initiative_code, indicator_code, buurt_code FROM f_observation") == [
        ("INI2", "deelnemers", "BU99990101")
    ]


# -- 5. a load that loads nothing publishes nothing ---------------------------------------------------
def test_allow_rejects_with_every_file_unusable_publishes_no_new_version(base, tmp_path):
    before = wh.current_version(base)
    utf16 = "financiercode;naam;type\r\nF10;Fonds;fonds\r\n".encode("utf-16-le")
    bad_rows = GRANT_HEADER + "S1;FIN1;ONBEKEND;100;01-01-2024;\n"
    report = load_files(
        base,
        tmp_path / "in",
        {"financiers-u16.csv": utf16, "subsidies-west.csv": bad_rows},
        allow_rejects=True,
    )
    assert not report.ok and not report.published
    assert wh.current_version(base) == before
    assert [(r.file_name, r.line, r.reason) for r in report.rejects] == [
        ("subsidies-west.csv", 2, "onbekende initiatiefcode: niet geladen als initiatief"),
        ("financiers-u16.csv", None, "geen tekstbestand: binaire inhoud (nul-bytes)"),
    ]
