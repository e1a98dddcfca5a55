"""The bad-file corpus: each fault gets its exact reject reasons, and no row goes unaccounted."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.loader import load
from tests.etl.conftest import assert_accounted, reasons, table, write

GRANT_HEADER = "subsidiecode;financiercode;initiatiefcode;bedrag;startdatum;einddatum\n"
INIT_HEADER = "initiatiefcode,naam,organisatiecode,themas,vorm,startdatum,einddatum,status,buurten\n"


def grants_published(home: Path) -> list[tuple]:
    return table(home, "SELECT code, CAST(amount AS DOUBLE) FROM grant_award ORDER BY code")


def test_windows_1252_semicolon_dutch_decimals_load_and_are_reported(base: Path, tmp_path: Path):
    text = GRANT_HEADER + "S1;FIN1;INI1;12.500,50;01-01-2024;31-12-2024\nS2;FIN1;INI1;750;1-7-2024;\n"
    path = write(tmp_path, "subsidies.csv", text.replace("S2", "S2"), encoding="cp1252")
    init = write(
        tmp_path,
        "initiatieven-noord.csv",
        INIT_HEADER.replace(",", ";")
        + "INI2;Café Één;ORG1;voedsel;stichting;01-01-2022;;startend;BU99990101\n",
        encoding="cp1252",
    )
    report = load(base, [init, path])
    assert report.published, reasons(report)
    by_name = {p.source_name: p for p in report.parts}
    assert by_name["initiatieven-noord.csv"].encoding == "windows-1252"
    assert by_name["subsidies.csv"].delimiter == ";"
    assert by_name["subsidies.csv"].decimal_style == "komma"
    assert grants_published(base) == [("S1", 12500.5), ("S2", 750.0)]
    assert table(base, "SELECT name FROM initiative WHERE code = 'INI2'") == [("Café Één",)]


def test_utf8_bom_is_detected_and_stripped_from_the_first_header(base: Path, tmp_path: Path):
    path = write(
        tmp_path, "subsidies.csv", b"\xef\xbb\xbf" + (GRANT_HEADER + "S1;FIN1;INI1;10;01-01-2024;\n").encode()
    )
    report = load(base, [path])
    assert report.published and report.parts[0].encoding == "utf-8-sig"
    assert grants_published(base) == [("S1", 10.0)]


def test_bytes_that_are_neither_utf8_nor_windows_1252_refuse_the_file(base: Path, tmp_path: Path):
    path = write(tmp_path, "subsidies.csv", GRANT_HEADER.encode() + b"S1;FIN1;INI1;10;01-01-2024;\x81\x8d\n")
    report = load(base, [path])
    assert not report.published
    assert reasons(report) == [
        (None, None, None, "onbekende tekencodering: geen UTF-8 en geen Windows-1252 (byte 97)")
    ]
    assert grants_published(base) == []


def test_comma_decimal_in_a_comma_separated_file_is_rejected_not_guessed(base: Path, tmp_path: Path):
    text = 'subsidiecode,financiercode,initiatiefcode,bedrag,startdatum\nS1,FIN1,INI1,"12,5",01-01-2024\nS2,FIN1,INI1,12.5,01-01-2024\n'
    report = load(base, [write(tmp_path, "subsidies.csv", text)])
    assert not report.published
    assert reasons(report) == [
        (
            2,
            "bedrag",
            "12,5",
            "geen getal in notatie met decimale punt (verwacht bijvoorbeeld 1234.5; dit bestand is komma-gescheiden)",
        )
    ]
    assert_accounted(report)
    assert report.parts[0].rows_loaded == 1 and report.parts[0].rows_rejected == 1


def test_point_decimal_in_a_semicolon_file_is_rejected(base: Path, tmp_path: Path):
    text = GRANT_HEADER + "S1;FIN1;INI1;12.5;01-01-2024;\nS2;FIN1;INI1;1.250;01-01-2024;\n"
    report = load(base, [write(tmp_path, "subsidies.csv", text)], allow_rejects=True)
    assert reasons(report) == [
        (2, "bedrag", "12.5", "geen getal in Nederlandse notatie (verwacht bijvoorbeeld 1234,5 of 1.234,5)")
    ]
    assert grants_published(base) == [("S2", 1250.0)]  # 1.250 in a Dutch file is twelve hundred fifty


def test_wrong_separator_rejects_every_row_with_the_reason(base: Path, tmp_path: Path):
    text = "subsidiecode|financiercode|initiatiefcode|bedrag|startdatum\nS1|FIN1|INI1|10|01-01-2024\nS2|FIN1|INI1|10|01-01-2024\n"
    report = load(base, [write(tmp_path, "export.csv", text)])
    assert not report.published
    expected = "kolomkoppen niet herkend als een Wijkwaarde-sjabloon (gebieden, gebiedscijfers, organisaties, initiatieven, financiers, subsidies, indicatoren, waarnemingen, waardeproxies)"
    assert reasons(report) == [(2, None, None, expected), (3, None, None, expected)]
    assert_accounted(report)


def test_unknown_codes_are_rejected_per_column(base: Path, tmp_path: Path):
    text = INIT_HEADER + (
        "INI2,Goed,ORG1,voedsel,stichting,01-01-2022,,startend,BU99990101\n"
        "INI3,Onbekende buurt,ORG1,voedsel,stichting,01-01-2022,,startend,BU99990199\n"
        "INI4,Onbekend thema,ORG1,ruimtevaart,stichting,01-01-2022,,startend,BU99990101\n"
        "INI5,Onbekende organisatie,ORG9,voedsel,stichting,01-01-2022,,startend,BU99990101\n"
        "INI6,Geen CBS-code,ORG1,voedsel,stichting,01-01-2022,,startend,Centrum\n"
        "INI7,Onbekende vorm,ORG1,voedsel,bv,01-01-2022,,startend,BU99990101\n"
    )
    report = load(base, [write(tmp_path, "initiatieven.csv", text)])
    assert reasons(report) == [
        (3, "buurten", "BU99990199", "onbekende buurtcode: niet geladen als buurt"),
        (
            4,
            "themas",
            "ruimtevaart",
            "onbekende waarde; toegestaan: eenzaamheid, armoede, gezondheid, werk, inclusie, jeugd, zorg_dichtbij, energie, voedsel, groen, sociale_cohesie, nieuwkomers, cultuur, lokale_economie",
        ),
        (5, "organisatiecode", "ORG9", "onbekende organisatiecode: niet geladen als organisatie"),
        (6, "buurten", "Centrum", "geen geldige buurtcode (BU + 8 tekens)"),
        (6, "buurten", "Centrum", "onbekende buurtcode: niet geladen als buurt"),
        (
            7,
            "vorm",
            "bv",
            "onbekende waarde; toegestaan: bewonersinitiatief, wijkonderneming, buurtcooperatie, sociale_onderneming, stichting, vereniging, cooperatie",
        ),
    ]
    assert_accounted(report)
    assert report.parts[0].rows_loaded == 1 and not report.published
    assert table(base, "SELECT count(*) FROM initiative") == [(1,)]  # previous data untouched


def test_observation_with_unknown_indicator_is_rejected(base: Path, tmp_path: Path):
    text = "initiatiefcode,indicatorcode,buurtcode,periode_start,periode_eind,waarde\nINI1,geluk,BU99990101,01-01-2024,31-03-2024,5\n"
    report = load(base, [write(tmp_path, "waarnemingen.csv", text)])
    assert reasons(report) == [
        (2, "indicatorcode", "geluk", "onbekende indicatorcode: niet geladen als indicator")
    ]


def test_duplicate_keys_within_a_file_and_against_another_file(base: Path, tmp_path: Path):
    text = INIT_HEADER + (
        "INI2,Eerste,ORG1,voedsel,stichting,01-01-2022,,startend,BU99990101\n"
        "INI2,Tweede,ORG1,voedsel,stichting,01-01-2022,,startend,BU99990101\n"
        "INI1,Al geladen,ORG1,voedsel,stichting,01-01-2022,,startend,BU99990101\n"
    )
    report = load(base, [write(tmp_path, "initiatieven-oost.csv", text)])
    assert reasons(report) == [
        (3, "initiatiefcode", "INI2", "dubbele sleutel: komt ook voor op regel 2"),
        (4, "initiatiefcode", "INI1", "sleutel bestaat al: geladen uit initiatieven.csv (batch 3)"),
    ]
    assert_accounted(report)


def test_missing_required_column_rejects_every_row(base: Path, tmp_path: Path):
    text = "subsidiecode;financiercode;initiatiefcode;startdatum\nS1;FIN1;INI1;01-01-2024\nS2;FIN1;INI1;01-01-2024\n"
    report = load(base, [write(tmp_path, "subsidies.csv", text)])
    assert reasons(report) == [
        (2, "bedrag", None, "verplichte kolom ontbreekt in het bestand"),
        (3, "bedrag", None, "verplichte kolom ontbreekt in het bestand"),
    ]
    assert_accounted(report)


def test_extra_column_with_values_is_rejected_so_nothing_is_silently_dropped(base: Path, tmp_path: Path):
    text = (
        GRANT_HEADER.rstrip("\n")
        + ";notitie\nS1;FIN1;INI1;10;01-01-2024;;\nS2;FIN1;INI1;10;01-01-2024;;bel Jan\n"
    )
    report = load(base, [write(tmp_path, "subsidies.csv", text)], allow_rejects=True)
    assert reasons(report) == [(3, "notitie", "bel Jan", "onbekende kolom: niet in het sjabloon 'subsidies'")]
    assert grants_published(base) == [("S1", 10.0)]


def test_impossible_and_unknown_dates(base: Path, tmp_path: Path):
    text = GRANT_HEADER + (
        "S1;FIN1;INI1;10;31-02-2024;\n"
        "S2;FIN1;INI1;10;2024/01/13;\n"
        "S3;FIN1;INI1;10;01-01-2024;31-12-2023\n"
        "S4;FIN1;INI1;10;01-01-1850;\n"
    )
    report = load(base, [write(tmp_path, "subsidies.csv", text)])
    assert reasons(report) == [
        (2, "startdatum", "31-02-2024", "datum bestaat niet"),
        (3, "startdatum", "2024/01/13", "onbekende datumnotatie (verwacht dd-mm-jjjj)"),
        (4, "einddatum", "31-12-2023", "einddatum ligt voor startdatum"),
        (5, "startdatum", "01-01-1850", "onwaarschijnlijke datum (voor 1900 of ver in de toekomst)"),
    ]
    assert_accounted(report)


def test_empty_file_and_header_only_file(base: Path, tmp_path: Path):
    empty = write(tmp_path, "subsidies.csv", b"")
    report = load(base, [empty])
    assert not report.published
    assert reasons(report) == [(None, None, None, "bestand is leeg")]
    header_only = write(tmp_path, "subsidies2.csv", GRANT_HEADER)
    report = load(base, [header_only])
    assert not report.published
    assert reasons(report) == [(None, None, None, "bestand bevat geen gegevensregels")]


def test_binary_junk_is_refused(base: Path, tmp_path: Path):
    junk = bytes((i * 37 + 11) % 256 for i in range(4000))
    report = load(base, [write(tmp_path, "subsidies.csv", junk)])
    assert not report.published
    assert reasons(report) == [(None, None, None, "geen tekstbestand: binaire inhoud (nul-bytes)")]


def test_spreadsheet_formula_and_script_tag_in_names_are_rejected(base: Path, tmp_path: Path):
    text = INIT_HEADER + (
        'INI2,"=HYPERLINK(""http://x"",""klik"")",ORG1,voedsel,stichting,01-01-2022,,startend,BU99990101\n'
        "INI3,<script>alert(1)</script>,ORG1,voedsel,stichting,01-01-2022,,startend,BU99990101\n"
        "INI4,@SUM(A1),ORG1,voedsel,stichting,01-01-2022,,startend,BU99990101\n"
    )
    report = load(base, [write(tmp_path, "initiatieven.csv", text)])
    assert reasons(report) == [
        (
            2,
            "naam",
            '=HYPERLINK("http://x","klik")',
            "begint met =, +, - of @ (mogelijke spreadsheetformule)",
        ),
        (3, "naam", "<script>alert(1)</script>", "bevat HTML- of scriptcode (<...>)"),
        (4, "naam", "@SUM(A1)", "begint met =, +, - of @ (mogelijke spreadsheetformule)"),
    ]
    assert table(base, "SELECT count(*) FROM initiative WHERE code <> 'INI1'") == [(0,)]


def test_row_with_more_fields_than_the_header(base: Path, tmp_path: Path):
    text = GRANT_HEADER + "S1;FIN1;INI1;10;01-01-2024;;;extra\n"
    report = load(base, [write(tmp_path, "subsidies.csv", text)])
    assert reasons(report) == [(2, None, None, "regel heeft 8 velden, de kop heeft er 6")]
    assert_accounted(report)


def test_out_of_range_values_are_rejected(base: Path, tmp_path: Path):
    text = GRANT_HEADER + "S1;FIN1;INI1;-5;01-01-2024;\nS2;FIN1;INI1;99.000.000,00;01-01-2024;\n"
    report = load(base, [write(tmp_path, "subsidies.csv", text)])
    assert [r[3] for r in reasons(report)] == ["buiten plausibel bereik (0 tot 50.000.000)"] * 2
    obs = "initiatiefcode,indicatorcode,buurtcode,periode_start,periode_eind,waarde\nINI1,deelnemers,,01-01-2024,31-03-2024,250000\n"
    report = load(base, [write(tmp_path, "waarnemingen.csv", obs)])
    assert reasons(report) == [(2, "waarde", "250000", "buiten het plausibele bereik van de indicator")]


def test_xlsx_with_typed_cells_text_cells_and_a_formula(base: Path, tmp_path: Path):
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "subsidies"
    sheet.append(["subsidiecode", "financiercode", "initiatiefcode", "bedrag", "startdatum", "omschrijving"])
    sheet.append(["S1", "FIN1", "INI1", 1250.75, datetime(2024, 2, 1), "typed cells"])
    sheet.append(["S2", "FIN1", "INI1", "2.500,00", "01-03-2024", "text cells"])
    sheet.append(["S3", "FIN1", "INI1", 10, datetime(2024, 2, 1), "=1+1"])
    book.save(tmp_path / "subsidies.xlsx")
    report = load(base, [tmp_path / "subsidies.xlsx"], allow_rejects=True)
    # openpyxl writes a formula without its calculated value: that is what the reject says
    assert reasons(report) == [
        (4, "omschrijving", "=1+1", "formule zonder berekende waarde (open en sla het bestand op in Excel)")
    ]
    assert report.parts[0].file_format == "xlsx" and report.parts[0].sheet == "subsidies"
    assert table(
        base,
        "SELECT code, CAST(amount AS DOUBLE), strftime(start_date, '%d-%m-%Y') FROM grant_award ORDER BY code",
    ) == [
        ("S1", 1250.75, "01-02-2024"),
        ("S2", 2500.0, "01-03-2024"),
    ]


@pytest.mark.parametrize("marker", [".", ""])
def test_missing_statistic_stays_missing_never_zero(base: Path, tmp_path: Path, marker: str):
    text = f"gebiedscode;jaar;statistiek;waarde\nBU99990101;2024;inwoners;1.234\nBU99990102;2024;inwoners;{marker}\n"
    report = load(base, [write(tmp_path, "gebiedscijfers.csv", text)])
    assert report.published, reasons(report)
    assert table(base, "SELECT area_code, value FROM area_stat ORDER BY area_code") == [
        ("BU99990101", 1234.0),
        ("BU99990102", None),
    ]


def test_amsterdam_alphanumeric_codes_are_valid_cbs_codes(tmp_path: Path, home: Path):
    text = (
        "gebiedscode,naam,niveau,bovenliggende_code,grensjaar\n"
        "GM0363,Amsterdam,gemeente,,2024\n"
        "WK0363KA,Zuid,wijk,GM0363,2024\n"
        "BU0363KA05,Buurt KA05,buurt,WK0363KA,2024\n"
        "BU0363XA01,Verkeerde wijk,buurt,WK0363KA,2024\n"
    )
    report = load(home, [write(tmp_path, "gebieden.csv", text)], allow_rejects=True)
    assert [(r[0], r[1]) for r in reasons(report)] == [(5, "bovenliggende_code")]
    assert table(home, "SELECT code FROM area ORDER BY code") == [("BU0363KA05",), ("GM0363",), ("WK0363KA",)]
