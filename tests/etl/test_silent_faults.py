"""Faults that used to load silently wrong (issue 12 §3): each is now a located reject or a refusal.

Every CSV case runs through both readers: the Python csv reader (small files) and DuckDB's fast path
(large files; here every file counts as large). Files the fast path cannot take (quotes, bytes that
are not UTF-8) fall back to the Python reader and must be refused or rejected the same way.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import etl.readers as readers
from etl.loader import LoadReport, load
from tests.etl.conftest import assert_accounted, reasons, table, write

INIT_HEADER = "initiatiefcode,naam,organisatiecode,themas,vorm,startdatum,einddatum,status,buurten\n"
GRANT_HEADER = "subsidiecode;financiercode;initiatiefcode;bedrag;startdatum;einddatum\n"
OBS_HEADER = "initiatiefcode,indicatorcode,buurtcode,periode_start,periode_eind,waarde\n"
FORMULA = "begint met =, +, - of @ (mogelijke spreadsheetformule)"
BIDI = (
    "bevat onzichtbare richtingstekens (Unicode U+202A-U+202E, U+2066-U+2069, U+200E, U+200F of U+061C) "
    "die de getoonde tekst kunnen omdraaien"
)
GROUPED_KOMMA = (
    "dubbelzinnig getal: een punt scheidt alleen duizendtallen, na een eerste groep van 1 tot 3 cijfers "
    "die niet met 0 begint (1.234 of 12.345,6); schrijf een decimaal getal met een komma (0,5)"
)
GROUPED_PUNT = (
    "dubbelzinnig getal: een komma scheidt alleen duizendtallen, na een eerste groep van 1 tot 3 cijfers "
    "die niet met 0 begint (1,234 of 12,345.6); schrijf een decimaal getal met een punt (0.5)"
)
NOT_DUTCH = "geen getal in Nederlandse notatie (verwacht bijvoorbeeld 1234,5 of 1.234,5)"
TOO_LARGE = "getal te groot: meer dan 15 cijfers voor de komma (of oneindig)"


def initiative(code: str, name: str) -> str:
    return f"{code},{name},ORG1,voedsel,stichting,01-01-2022,,startend,BU99990101\n"


@pytest.fixture(params=["python", "fast"])
def reader(request, monkeypatch) -> str:
    """Which CSV reader a small test file gets: the Python one, or (as if it were large) DuckDB's."""
    if request.param == "fast":
        monkeypatch.setattr(readers, "FAST_CSV_MIN_BYTES", 0)
    return request.param


def load_csv(home: Path, tmp_path: Path, name: str, content: str | bytes, **kwargs) -> LoadReport:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    return load(home, [write(folder, name, content)], **kwargs)


def took(report: LoadReport, reader: str, can_be_fast: bool = True) -> None:
    """The file went through the reader the test meant (a fast-path case really took it)."""
    for part in report.parts:
        assert part.fast_path == (reader == "fast" and can_be_fast), part


def initiative_codes(home: Path) -> list[str]:
    return [row[0] for row in table(home, "SELECT code FROM initiative ORDER BY code")]


# -- a quote that swallows records --------------------------------------------------------------------
def test_an_unterminated_quote_refuses_the_file_naming_the_line_it_opened(base, tmp_path, reader):
    text = INIT_HEADER + (
        initiative("INI2", "Twee")
        + initiative("INI3", "Drie")
        + initiative("INI4", '"Vier')
        + initiative("INI5", "Vijf")
        + initiative("INI6", "Zes")
    )
    report = load_csv(base, tmp_path, "initiatieven-noord.csv", text, allow_rejects=True)
    assert report.parts[0].status == "afgewezen" and report.parts[0].rows_loaded == 0
    assert reasons(report) == [
        (
            4,
            None,
            None,
            'aanhalingsteken (") op regel 4 wordt nergens gesloten: de rest van het bestand zou één veld '
            "worden; sluit het aanhalingsteken of verwijder het",
        )
    ]
    assert initiative_codes(base) == ["INI1"]
    took(report, reader, can_be_fast=False)


def test_a_quote_closed_lines_later_refuses_the_file_instead_of_merging_records(base, tmp_path, reader):
    # the stray quote on line 3 is closed by one on line 5: three records would become one
    text = GRANT_HEADER + (
        "S1;FIN1;INI1;10;01-01-2024;\n"
        'S2;FIN1;INI1;"20;01-01-2024;\n'
        "S3;FIN1;INI1;30;01-01-2024;\n"
        'S4;FIN1;INI1;40";01-01-2024;\n'
        "S5;FIN1;INI1;50;01-01-2024;\n"
    )
    report = load_csv(base, tmp_path, "subsidies.csv", text)
    assert not report.published
    [(line, column, value, reason)] = reasons(report)
    assert line == 3 and reason.startswith(
        'aanhalingsteken (") op regel 3 opent een veld dat doorloopt tot regel 5'
    )
    assert table(base, "SELECT count(*) FROM grant_award") == [(0,)]


def test_a_quoted_name_over_two_lines_still_loads_every_record(base, tmp_path, reader):
    text = INIT_HEADER + initiative("INI2", '"Buurtkeuken\nOost"') + initiative("INI3", "Drie")
    report = load_csv(base, tmp_path, "initiatieven-noord.csv", text)
    assert report.published, reasons(report)
    assert (report.parts[0].rows_in, report.parts[0].rows_loaded) == (2, 2)
    assert table(base, "SELECT name FROM initiative WHERE code = 'INI2'") == [("Buurtkeuken\nOost",)]


# -- mixed encodings ----------------------------------------------------------------------------------
MIXED = "gemengde tekencodering: het bestand is UTF-8, maar regel {line} bevat een byte die geen UTF-8 is (0xE9, in Windows-1252 'é'); sla het bestand opnieuw op als UTF-8"


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_one_latin1_byte_in_a_utf8_file_refuses_it_naming_the_line(base, tmp_path, reader, bom):
    data = bom + (INIT_HEADER + initiative("INI2", "Café Zoë") + initiative("INI3", "Drie")).encode()
    data += initiative("INI4", "Caf\udce9").encode("utf-8", "surrogateescape")  # a lone Latin-1 é
    report = load_csv(base, tmp_path, "initiatieven-noord.csv", data)
    assert not report.published
    assert reasons(report) == [(4, None, None, MIXED.format(line=4))]
    assert initiative_codes(base) == ["INI1"]


def test_a_stray_byte_beyond_what_the_fast_path_samples_is_refused_too(base, tmp_path, reader):
    lines = [f"INI1,deelnemers,BU99990101,01-01-2020,01-01-2020,{i}" for i in range(12_000)]
    data = (OBS_HEADER + "\n".join(lines) + "\n").encode() + "INI1,Zoë,x,x,x,1\n".encode()
    data += b"INI1,deelnemers,BU99990101,01-01-2020,01-01-2020,caf\xe9\n"
    assert len(data) > 4 * 65536 + 4  # the fast path decodes only the head itself; DuckDB finds the byte
    report = load_csv(base, tmp_path, "waarnemingen.csv", data)
    assert reasons(report) == [(12_003, None, None, MIXED.format(line=12_003))]
    assert table(base, "SELECT count(*) FROM observation") == [(0,)]


def test_a_plain_windows_1252_file_is_still_read_as_windows_1252(base, tmp_path, reader):
    data = (INIT_HEADER + initiative("INI2", "Café Zoë")).encode("cp1252")
    report = load_csv(base, tmp_path, "initiatieven-noord.csv", data)
    assert report.published and report.parts[0].encoding == "windows-1252"
    assert table(base, "SELECT name FROM initiative WHERE code = 'INI2'") == [("Café Zoë",)]


# -- numbers -----------------------------------------------------------------------------------------
def test_dutch_thousands_need_a_non_zero_leading_group_and_numbers_must_be_finite(base, tmp_path, reader):
    amounts = ["0.500", "1.23", "12.3456", "1234.567", "9" * 400, "1.000", "0,5", "12.345,60", "inf"]
    text = GRANT_HEADER + "".join(f"S{i};FIN1;INI1;{a};01-01-2024;\n" for i, a in enumerate(amounts))
    report = load_csv(base, tmp_path, "subsidies.csv", text, allow_rejects=True)
    took(report, reader)
    assert [(line, value, reason) for line, _, value, reason in reasons(report)] == [
        (2, "0.500", GROUPED_KOMMA),
        (3, "1.23", NOT_DUTCH),
        (4, "12.3456", NOT_DUTCH),
        (5, "1234.567", GROUPED_KOMMA),
        (6, "9" * 400, TOO_LARGE),
        (10, "inf", NOT_DUTCH),
    ]
    assert table(base, "SELECT code, CAST(amount AS DOUBLE) FROM grant_award ORDER BY code") == [
        ("S5", 1000.0),
        ("S6", 0.5),
        ("S7", 12345.6),
    ]
    assert_accounted(report)


def test_point_notation_thousands_follow_the_same_rule(base, tmp_path, reader):
    values = ["1e400", "9" * 400, "1000.5", "0.5", "NaN"]
    text = OBS_HEADER + "".join(
        f"INI1,deelnemers,BU99990101,0{i + 1}-01-2024,0{i + 1}-01-2024,{v}\n" for i, v in enumerate(values)
    )
    report = load_csv(base, tmp_path, "waarnemingen.csv", text, allow_rejects=True)
    took(report, reader)
    punt = "geen getal in notatie met decimale punt (verwacht bijvoorbeeld 1234.5; dit bestand is komma-gescheiden)"
    assert [(line, reason) for line, _, _, reason in reasons(report)] == [
        (2, punt),
        (3, TOO_LARGE),
        (6, punt),
    ]
    assert table(base, "SELECT value FROM observation ORDER BY value") == [(0.5,), (1000.5,)]
    assert table(base, "SELECT sum(value) FROM v_observation") == [(1001.0,)]


def test_quoted_point_notation_thousands(base, tmp_path):
    text = OBS_HEADER + "".join(
        f'INI1,deelnemers,BU99990101,0{i + 1}-01-2024,0{i + 1}-01-2024,"{v}"\n'
        for i, v in enumerate(["0,500", "1,000", "12,5", "1,234.5"])
    )
    report = load_csv(base, tmp_path, "waarnemingen.csv", text, allow_rejects=True)
    assert [(line, value, reason) for line, _, value, reason in reasons(report)] == [
        (2, "0,500", GROUPED_PUNT),
        (
            4,
            "12,5",
            "geen getal in notatie met decimale punt (verwacht bijvoorbeeld 1234.5; dit bestand is komma-gescheiden)",
        ),
    ]
    assert table(base, "SELECT value FROM observation ORDER BY value") == [(1000.0,), (1234.5,)]


def test_xlsx_text_numbers_follow_the_dutch_rule(base, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "subsidies"
    sheet.append(["subsidiecode", "financiercode", "initiatiefcode", "bedrag", "startdatum"])
    sheet.append(["S1", "FIN1", "INI1", "0.500", "01-03-2024"])
    sheet.append(["S2", "FIN1", "INI1", "9" * 30, "01-03-2024"])
    sheet.append(["S3", "FIN1", "INI1", "2.500", "01-03-2024"])
    book.save(tmp_path / "subsidies.xlsx")
    report = load(base, [tmp_path / "subsidies.xlsx"], allow_rejects=True)
    assert [(line, reason) for line, _, _, reason in reasons(report)] == [(2, GROUPED_KOMMA), (3, TOO_LARGE)]
    assert table(base, "SELECT code, CAST(amount AS DOUBLE) FROM grant_award") == [("S3", 2500.0)]


# -- keys that differ only in letter case -------------------------------------------------------------
def test_keys_differing_only_in_case_are_duplicates(base, tmp_path, reader):
    text = (
        INIT_HEADER
        + initiative("ABC-1", "Eerste")
        + initiative("abc-1", "Tweede")
        + initiative("ini1", "Al geladen")
    )
    report = load_csv(base, tmp_path, "initiatieven-noord.csv", text, allow_rejects=True)
    took(report, reader)
    assert reasons(report) == [
        (
            3,
            "initiatiefcode",
            "abc-1",
            "dubbele sleutel: komt ook voor op regel 2 als 'ABC-1' (hoofdletters tellen niet mee)",
        ),
        (
            4,
            "initiatiefcode",
            "ini1",
            "sleutel bestaat al als 'INI1' (hoofdletters tellen niet mee): geladen uit initiatieven.csv (batch 3)",
        ),
    ]
    assert initiative_codes(base) == ["ABC-1", "INI1"]


# -- text that a spreadsheet or a screen would turn into something else -------------------------------
def test_formula_prefixes_behind_leading_whitespace_are_rejected(base, tmp_path, reader):
    names = ["\t=1+1", "\u00a0@SUM(A1)", " \t+CMD", "\u3000-2+3"]
    text = INIT_HEADER + "".join(initiative(f"INI{i + 2}", name) for i, name in enumerate(names))
    text += initiative("INI9", "Naam - met streepje")
    report = load_csv(base, tmp_path, "initiatieven-noord.csv", text, allow_rejects=True)
    took(report, reader)
    assert [(line, reason) for line, _, _, reason in reasons(report)] == [(i + 2, FORMULA) for i in range(4)]
    assert initiative_codes(base) == ["INI1", "INI9"]


def test_a_formula_behind_a_quoted_carriage_return_is_rejected(base, tmp_path):
    text = INIT_HEADER + initiative("INI2", '"\r=HYPERLINK(1)"')
    report = load_csv(base, tmp_path, "initiatieven-noord.csv", text)
    assert [(line, reason) for line, _, _, reason in reasons(report)] == [(2, FORMULA)]


def test_bidirectional_controls_and_invisible_characters_in_names_are_rejected(base, tmp_path, reader):
    names = [
        "Buurt\u202ekeuken",
        "\u2066Buurthuis\u2069",
        "Markt\u200fplein",
        "Tuin\u200bclub",
        "Klus\U000e0041",
    ]
    text = INIT_HEADER + "".join(initiative(f"INI{i + 2}", name) for i, name in enumerate(names))
    report = load_csv(base, tmp_path, "initiatieven-noord.csv", text, allow_rejects=True)
    took(report, reader)
    assert reasons(report) == [
        (2, "naam", "Buurt<U+202E>keuken", BIDI),
        (3, "naam", "<U+2066>Buurthuis<U+2069>", BIDI),
        (4, "naam", "Markt<U+200F>plein", BIDI),
        (5, "naam", "Tuin\u200bclub", "bevat onzichtbare stuurtekens"),
        (6, "naam", "Klus\U000e0041", "bevat onzichtbare stuurtekens"),
    ]
    assert initiative_codes(base) == ["INI1"]


# -- geometry ----------------------------------------------------------------------------------------
SQUARE = [[4.90, 52.37], [4.91, 52.37], [4.91, 52.38], [4.90, 52.38], [4.90, 52.37]]
BOWTIE = [[4.90, 52.37], [4.91, 52.38], [4.91, 52.37], [4.90, 52.38], [4.90, 52.37]]
RD_SQUARE = [
    [121_000, 487_000],
    [122_000, 487_000],
    [122_000, 488_000],
    [121_000, 488_000],
    [121_000, 487_000],
]


def area_feature(code: str, coordinates: object, kind: str = "Polygon") -> dict:
    return {
        "type": "Feature",
        "properties": {
            "gebiedscode": code,
            "naam": f"Buurt {code[-2:]}",
            "niveau": "buurt",
            "bovenliggende_code": "WK999901",
            "grensjaar": 2024,
        },
        "geometry": {"type": kind, "coordinates": coordinates},
    }


def geojson(features: list[dict], crs: str | None = None) -> str:
    doc: dict = {"type": "FeatureCollection", "features": features}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(doc)


def test_broken_misplaced_and_unreadable_geometry_is_rejected_with_the_reason(base, tmp_path):
    features = [
        area_feature("BU99990103", [SQUARE]),
        area_feature("BU99990104", [BOWTIE]),
        area_feature("BU99990105", [RD_SQUARE]),
        area_feature("BU99990106", "abc"),
        area_feature("BU99990107", [[[y, x] for x, y in SQUARE]]),
        area_feature("BU99990108", [[[2.35, 48.85], [2.36, 48.85], [2.36, 48.86], [2.35, 48.85]]]),
        area_feature("BU99990109", [SQUARE], kind="Point"),
    ]
    report = load_csv(base, tmp_path, "gebieden-noord.geojson", geojson(features), allow_rejects=True)
    nl = "lengte 3,0 tot 7,5 en breedte 50,6 tot 53,8 graden (WGS84)"
    assert [(line, column, reason) for line, column, _, reason in reasons(report)] == [
        (
            2,
            "geometrie",
            "ongeldige geometrie: de grens snijdt zichzelf bij 4.905 52.375; herstel de grens "
            "(wijkwaarde cbs boundaries herstelt CBS-grenzen zelf)",
        ),
        (
            3,
            "geometrie",
            f"coördinaten liggen buiten Nederland ({nl}); dit lijken RD New-coördinaten (EPSG:28992, meters): "
            'zet ze om naar WGS84, of geef in een GeoJSON-bestand het coördinatenstelsel op ("crs": EPSG:28992)',
        ),
        (
            4,
            "geometrie",
            "geen geldige GeoJSON-geometrie (Polygon of MultiPolygon): de coördinaten zijn geen ringen van getallenparen",
        ),
        (5, "geometrie", f"coördinaten liggen buiten Nederland ({nl}); lengte en breedte lijken verwisseld"),
        (6, "geometrie", f"coördinaten liggen buiten Nederland ({nl})"),
        (7, "geometrie", "geen geldige GeoJSON-geometrie (Polygon of MultiPolygon)"),
    ]
    assert table(base, "SELECT code FROM area WHERE geometry IS NOT NULL") == [("BU99990103",)]


def test_a_geojson_declaring_rd_new_is_reprojected_to_wgs84(base, tmp_path):
    for crs in ("urn:ogc:def:crs:EPSG::28992", "EPSG:28992"):
        features = [area_feature("BU99990103", [RD_SQUARE])]
        report = load_csv(base, tmp_path, f"gebieden-{crs[-5:]}.geojson", geojson(features, crs))
        assert report.published, reasons(report)
        [(text,)] = table(base, "SELECT geometry FROM area WHERE code = 'BU99990103'")
        ring = json.loads(text)["coordinates"][0]
        lon, lat = ring[0]
        assert 4.8 < lon < 4.9 and 52.3 < lat < 52.4, ring  # Amsterdam, not metres


def test_a_geojson_declaring_another_crs_is_refused(base, tmp_path):
    features = [area_feature("BU99990103", [SQUARE])]
    report = load_csv(base, tmp_path, "gebieden-noord.geojson", geojson(features, "EPSG:3857"))
    assert not report.published
    [(line, _, _, reason)] = reasons(report)
    assert reason.startswith("coördinatenstelsel") and "wordt niet ondersteund" in reason


def test_a_csv_boundary_cell_is_checked_the_same_way(base, tmp_path):
    bowtie = json.dumps({"type": "Polygon", "coordinates": [BOWTIE]}).replace('"', '""')
    square = json.dumps({"type": "Polygon", "coordinates": [SQUARE]}).replace('"', '""')
    text = (
        "gebiedscode,naam,niveau,bovenliggende_code,grensjaar,geometrie\n"
        f'BU99990103,Noord,buurt,WK999901,2024,"{square}"\n'
        f'BU99990104,Zuid,buurt,WK999901,2024,"{bowtie}"\n'
        'BU99990105,West,buurt,WK999901,2024,"POLYGON ((4.9 52.37, 4.91 52.37, 4.91 52.38, 4.9 52.37))"\n'
    )
    report = load_csv(base, tmp_path, "gebieden-noord.csv", text, allow_rejects=True)
    assert [(line, column) for line, column, _, _ in reasons(report)] == [(3, "geometrie"), (4, "geometrie")]
    assert reasons(report)[1][3].endswith("dit is WKT; geef de grens als GeoJSON-geometrie")
    assert table(base, "SELECT code FROM area WHERE geometry IS NOT NULL") == [("BU99990103",)]


# -- the same classes in the CBS and register readers ---------------------------------------------------
def test_kerncijfers_refuse_non_finite_numbers_swallowed_lines_and_mixed_encodings(tmp_path):
    from etl.cbs import kerncijfers as k
    from etl.validate import NUMBER_REASONS

    cases = {
        "overflow": ("gwb_code_10;a_inw\nGM0363;" + "9" * 400 + "\n").encode(),
        "inf": b"gwb_code_10;a_inw\nGM0363;inf\n",
        "underscore": b"gwb_code_10;a_inw\nGM0363;1_000\n",
        "quote": b'gwb_code_10;regio;a_inw\nGM0363;"Amsterdam;900000\nGM0362;Amstelveen;90000\n',
        "mixed": "gwb_code_10;regio;a_inw\nGM0363;Zoë;1\n".encode() + b"GM0362;Caf\xe9;2\n",
    }
    messages = {}
    for name, data in cases.items():
        path = tmp_path / f"{name}.csv"
        path.write_bytes(data)
        if name in ("quote", "mixed"):  # the file as a whole cannot be read
            with pytest.raises(k.KerncijfersError) as caught:
                k.read_file(path, 2024)
            messages[name] = str(caught.value)
            continue
        kc = k.read_file(path, 2024)  # a value that is no number: a fault at its line and column
        [fault] = kc.faults
        assert (fault.line, fault.column) == (2, "a_inw") and not kc.values, name
        messages[name] = fault.reason
    assert messages["overflow"].startswith("waarde '99999")
    assert messages["overflow"].endswith("is te groot of geen eindig getal")
    assert messages["inf"] == messages["underscore"] == NUMBER_REASONS["komma"]  # a ';' file: 1.234,5
    assert messages["quote"].startswith('aanhalingsteken (") op regel 2 wordt nergens gesloten')
    assert messages["mixed"].startswith("gemengde tekencodering: het bestand is UTF-8, maar regel 3")


def grant(identifier: str, amount: object) -> dict:
    return {
        "id": identifier,
        "title": "Buurtkeuken",
        "currency": "GBP",
        "amountAwarded": amount,
        "awardDate": "2024-01-15",
        "fundingOrganization": [{"id": "GB-CHC-1", "name": "Fonds"}],
        "recipientOrganization": [{"id": "GB-CHC-2", "name": "Ontvanger"}],
    }


def test_register_amounts_follow_the_same_rules(home, tmp_path):
    grants = [
        grant("360G-T-1", 100),
        grant("360g-t-1", 50),
        grant("360G-T-2", "0,500"),
        grant("360G-T-3", 1),
        grant("360G-T-4", "1,500"),
        grant("360G-T-5", "12.345"),
    ]
    text = json.dumps({"grants": grants}, indent=1)
    text = text.replace('"amountAwarded": 1,', '"amountAwarded": 1' + "0" * 400 + ",")  # 360G-T-3
    path = write(tmp_path, "grants.json", text)
    report = load(home, [path], file_format="360giving", allow_rejects=True)
    assert [(column, value, reason) for _, column, value, reason in reasons(report)] == [
        (
            "amountAwarded",
            "0,500",
            "geen bedrag in notatie met decimale punt (verwacht bijvoorbeeld 1234.50)",
        ),
        (
            "amountAwarded",
            "1" + "0" * 400,
            "bedrag te groot: 1.000.000.000.000 of meer (of geen eindig getal)",
        ),
        ("amountAwarded", "12.345", "bedrag met meer dan 2 decimalen"),
    ]
    assert table(home, "SELECT code, CAST(amount AS DOUBLE) FROM register_grant ORDER BY code") == [
        ("360G-T-1", 100.0),
        ("360G-T-4", 1500.0),
        ("360g-t-1", 50.0),  # register ids are case-sensitive (Salesforce ids in real 360Giving data)
    ]


def test_geojson_property_numbers_must_be_finite(base, tmp_path):
    features = [area_feature(f"BU9999010{i}", [SQUARE]) for i in (3, 4, 5)]
    text = geojson(features)
    text = text.replace('"grensjaar": 2024}', '"grensjaar": 2024, "oppervlakte_ha": AREA}')
    text = text.replace("AREA", "1e400", 1).replace("AREA", "9" * 400, 1).replace("AREA", "12.5", 1)
    report = load_csv(base, tmp_path, "gebieden-noord.geojson", text, allow_rejects=True)
    assert [(line, column, reason[:40]) for line, column, _, reason in reasons(report)] == [
        (1, "oppervlakte_ha", "geen getal in notatie met decimale punt "),
        (2, "oppervlakte_ha", TOO_LARGE[:40]),
    ]
    assert table(base, "SELECT code, area_ha FROM area WHERE code LIKE 'BU%' AND code > 'BU99990102'") == [
        ("BU99990105", 12.5)
    ]


def test_register_money_strings_need_a_non_zero_leading_thousands_group():
    from etl.registers import common as c

    assert c.money("€ 1.500", "Verleend") == (1500, "€ 1.500")
    assert c.money("1,500.25", "amountAwarded", dutch_strings=False)[0] == c.Decimal("1500.25")
    for raw, dutch in (("0.500", True), ("1234.567", True), ("0,500", False), ("12,34", False)):
        with pytest.raises(c.Invalid):
            c.money(raw, "bedrag", dutch_strings=dutch)


def test_a_geojson_with_a_byte_that_is_not_utf8_is_refused_naming_the_line(base, tmp_path):
    text = json.dumps(
        {"type": "FeatureCollection", "features": [area_feature("BU99990103", [SQUARE])]}, indent=1
    )
    data = text.replace("Buurt 03", "Caf\udce9").encode("utf-8", "surrogateescape")
    report = load_csv(base, tmp_path, "gebieden-noord.geojson", data)
    line = data[: data.index(b"\xe9")].count(b"\n") + 1
    assert reasons(report) == [
        (
            line,
            None,
            None,
            f"geen UTF-8 op regel {line} (byte 0xE9): GeoJSON moet UTF-8 zijn; sla het bestand opnieuw op als UTF-8",
        )
    ]
