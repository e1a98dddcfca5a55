"""Exports: CSV and XLSX hold exactly the (protected) data the figure draws, with their metadata, and no
formula can ride along into a council member's Excel."""

from __future__ import annotations

import base64
import csv
import io
import struct
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from openpyxl import load_workbook

from dashboard import charts as chart_pages
from dashboard import exports
from dashboard import formatting as fmt
from dashboard.app import create_app
from dashboard.exports import ChartData, ExportMeta
from dashboard.filters import Filters
from dashboard.repository import DuckDBRepository
from dashboard.views import overview_charts as charts

F = Filters(gemeente="GM9999", year_from=2024, year_to=2024)
OOST = F.with_(wijk="WK999902")
META = ExportMeta(
    title="Test",
    selection="Demostad · 2024",
    source="waarnemingen.csv (batch 9)",
    data_date="Gegevens geladen op 20-01-2025",
    fictional=True,
    protection="aantallen onder 10 als '< 10'",
)


def overview_figure(repo, filters, name):
    """The figure of an overview chart as its PNG download draws it (dashboard/charts/overview.py)."""
    return go.Figure(chart_pages.PAGES["overview"].chart(repo, filters, name).figure)  # a dict: validate it


def csv_parts(data: bytes) -> tuple[list[str], list[list[str]]]:
    """(metadata lines, table rows) of an export CSV."""
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")  # BOM: Excel opens UTF-8 correctly
    head, table = text[1:].split("\r\n\r\n", 1)
    english = head.startswith("# Title:")  # an English CSV: ','-separated, decimal point
    return head.split("\r\n"), list(csv.reader(io.StringIO(table), delimiter="," if english else ";"))


def xlsx_rows(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def expected_cell(value, hidden_label: str | None):
    """How a figure value must appear in the table: '< 10' where hidden, empty where missing."""
    if hidden_label is not None:
        return hidden_label
    return None if value is None else float(value)


def test_trend_csv_and_xlsx_equal_the_figure(repo):
    chart = charts.trend_data(repo, OOST)
    figure = overview_figure(repo, OOST, "trend")
    realised = figure.data[0]
    hidden = {a.x: a.text for a in figure.layout.annotations}
    expected = [[q, expected_cell(v, hidden.get(q))] for q, v in zip(realised.x, realised.y, strict=True)]
    assert ["2024-K2", "< 10"] in expected  # the fixture's 8 participants in Oost are protected

    head, rows = csv_parts(exports.to_csv(chart))
    assert rows[0] == ["Kwartaal", "Gerealiseerd (personen)", "Doel (personen)"]  # the indicator's unit
    hidden_texts = {"< 10", "afgeschermd"}
    got = [[r[0], None if r[1] == "" else (r[1] if r[1] in hidden_texts else float(r[1]))] for r in rows[1:]]
    assert got == expected
    assert head[0] == "# Titel: Ontwikkeling per kwartaal: Bereikte deelnemers"
    assert head[1].startswith("# Selectie: Demostad (fictieve gegevens) · Oost · 2024")
    assert head[2].startswith("# Bron: ") and "waarnemingen.csv (batch 9)" in head[2]
    assert head[3] == "# Gegevensdatum: Gegevens geladen op 20-01-2025, waarnemingen t/m 31-12-2024"
    assert any("< 10" in line for line in head)  # the protection note
    assert head[-1] == "# Let op: fictieve gegevens"

    sheet = xlsx_rows(exports.to_xlsx(chart))
    header = sheet.index(["Kwartaal", "Gerealiseerd (personen)", "Doel (personen)"])
    assert [[r[0], r[1]] for r in sheet[header + 1 :]] == expected
    assert sheet[0] == ["Titel", "Ontwikkeling per kwartaal: Bereikte deelnemers", None]
    assert ["Let op", "fictieve gegevens", None] in sheet[:header]


def test_map_export_equals_the_map(repo):
    for metric in ("initiatieven_per_1000", "subsidie_per_inwoner", "deelnemers", "stat:aandeel_65plus"):
        f = F.with_(metric=metric)
        chart = charts.map_data(repo, f)
        figure = overview_figure(repo, f, "map")
        colour = figure.data[1]
        z = dict(zip(colour.locations, colour.z, strict=True))
        # the grey layer's hover per cell: 'geen gegevens', '< 10' or 'afgeschermd'
        base = figure.data[0]
        hover = {code: text for code, (_name, text) in zip(base.locations, base.customdata, strict=True)}
        value_col = chart.extra["value_column"]
        sheet = xlsx_rows(exports.to_xlsx(chart))
        header = next(i for i, row in enumerate(sheet) if row[0] == "Buurtcode")
        got = {row[0]: row[3] for row in sheet[header + 1 :]}
        assert sheet[header][3] == value_col
        assert set(got) == set(z)
        for code, value in z.items():
            if value is None:
                # a hidden cell says in the download what its hover says on the map
                hidden = hover[code] if hover[code] in ("< 10", "afgeschermd") else None
                assert got[code] == hidden, (metric, code)
            else:
                assert got[code] == pytest.approx(value), (metric, code)


def test_kpi_export_equals_the_cards(repo):
    chart = charts.kpi_data(repo, F)
    rows = chart.frame.set_index(chart.frame.columns[0])[chart.frame.columns[1]].to_dict()
    kpis = create_app(repo).wijkwaarde_callbacks["kpis"]
    cards, _ = getattr(kpis, "__wrapped__", kpis)(
        {
            "gemeente": "GM9999",
            "themes": [],
            "statuses": [],
            "funders": [],
            "year_from": 2024,
            "year_to": 2024,
        },
        "nl",
    )
    shown = [c.children.children.children[1].children for c in cards]
    as_text = [
        v if isinstance(v, str) else (fmt.euro(v) if "Subsidie" in k else fmt.number(v))
        for k, v in rows.items()
    ]
    assert as_text == shown == ["2", "155", "< 10", "€ 30.000"]  # 156 participants, rounded to 5


def test_public_table_export_has_no_participants(repo):
    chart = charts.table_data(repo, F)
    assert "Deelnemers" not in chart.frame.columns
    assert chart.frame["Naam"].tolist() == ["Buurtkeuken", "Zonnedak Oost"]


def test_formula_cells_are_neutralised_and_numbers_stay_numbers():
    frame = pd.DataFrame(
        {
            "naam": ['=HYPERLINK("http://x")', "+31 6", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "gewoon", None],
            "waarde": [-5.5, 12.0, -3.0, 0.0, 1.25, None, 7.0, 1e6],
        }
    )
    chart = ChartData("t", META, frame)
    _, rows = csv_parts(exports.to_csv(chart))
    names = [r[0] for r in rows[1:]]
    assert names == [
        '\'=HYPERLINK("http://x")',
        "'+31 6",
        "'-2+3",
        "'@SUM(A1)",
        "'\tTab",
        "'\rCR",
        "gewoon",
        "",
    ]
    assert [r[1] for r in rows[1:]] == ["-5,5", "12", "-3", "0", "1,25", "", "7", "1000000"]

    book = load_workbook(io.BytesIO(exports.to_xlsx(chart)))
    sheet = book.active
    header = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "naam")
    cells = [(sheet.cell(r, 1), sheet.cell(r, 2)) for r in range(header + 1, sheet.max_row + 1)]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)  # no formula anywhere
    assert [c[0].value for c in cells][:6] == names[:6]
    assert cells[0][1].value == -5.5 and cells[0][1].data_type == "n"  # a negative number is a number
    assert cells[2][1].value == -3 and cells[2][1].data_type == "n"
    assert cells[5][1].value is None


def test_metadata_text_is_neutralised_too():
    meta = ExportMeta(title="=cmd|' /C calc'!A0", selection="-x", source="@s", data_date="+d")
    chart = ChartData("t", meta, pd.DataFrame({"a": [1]}))
    head, _ = csv_parts(exports.to_csv(chart))
    assert head[0] == "# Titel: =cmd|' /C calc'!A0"  # starts with '#': inert
    sheet = xlsx_rows(exports.to_xlsx(chart))
    assert sheet[0][1] == "'=cmd|' /C calc'!A0" and sheet[1][1] == "'-x" and sheet[3][1] == "'+d"


def test_english_export_keeps_the_dutch_demo_warning():
    meta = ExportMeta("T", "S", "B", "D", fictional=True, lang="en")
    assert meta.lines()[-1] == ("Note", "fictieve gegevens (fictional data)")
    assert [label for label, _ in ExportMeta("T", "S", "B", "D").lines()] == [
        "Titel",
        "Selectie",
        "Bron",
        "Gegevensdatum",
    ]


def test_file_names():
    chart = ChartData(
        "map", ExportMeta("Kaart van de buurten: Initiatieven per 1.000 inwoners", "", "", ""), pd.DataFrame()
    )
    assert exports.filename(chart, "xlsx", pd.Timestamp("2026-11-23").date()) == (
        "wijkwaarde-kaart-van-de-buurten-initiatieven-per-1-000-inwoners-2026-11-23.xlsx"
    )


def test_png_figure_carries_title_selection_and_footnote(repo):
    chart = charts.trend_data(repo, F)
    fig = exports.png_figure(overview_figure(repo, F, "trend"), chart.meta)
    assert chart.meta.title in fig.layout.title.text and "Demostad" in fig.layout.title.text
    note = fig.layout.annotations[-1].text
    assert "Bron: " in note and "Gegevensdatum: " in note and "fictieve gegevens" in note


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian's chromium is not installed")
def test_export_callback_answers_with_a_download(warehouse_home):
    app = create_app(DuckDBRepository(warehouse_home))
    export = app.wijkwaarde_callbacks["overview_export"]
    states = ["GM9999", "WK999902", None, [], [], [], 2024, 2024, "initiatieven_per_1000", "deelnemers", "nl"]
    xlsx = export("trend", "xlsx", *states)
    assert xlsx["filename"].endswith(".xlsx") and xlsx["base64"]
    sheet = xlsx_rows(base64.b64decode(xlsx["content"]))
    assert ["2024-K2", "< 10", 5] in sheet
    png = base64.b64decode(export("trend", "png", *states)["content"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == exports.PNG_SIZE


def test_downloads_carry_no_binary_noise_of_floats():
    """Found by a probe: 'Subsidie toegekend;372649,99999999994' and '6999,999999999999' in CSVs."""
    frame = pd.DataFrame({"Naam": ["a", "b", "c"], "Bedrag": [372649.99999999994, 0.1 + 0.2, 1 / 3]})
    chart = ChartData(
        "t", ExportMeta(title="T", selection="", source="x", data_date="", fictional=True), frame
    )
    _, rows = csv_parts(exports.to_csv(chart))
    body = rows[rows.index(["Naam", "Bedrag"]) + 1 :]
    assert [r[1] for r in body] == ["372650", "0,3", "0,333333333333"]
    sheet = xlsx_rows(exports.to_xlsx(chart))
    assert [r[1] for r in sheet[sheet.index(["Naam", "Bedrag"]) + 1 :]] == [372650, 0.3, 0.333333333333]
