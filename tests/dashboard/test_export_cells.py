"""Every CSV and Excel download of every page is council-ready: numbers are numbers, dates are dates, a share
is the percentage the page shows (with '%' in its header; a percent format in Excel), every statistic says
its unit, and a hidden count stays the text '< 10'.

The downloads are enumerated from the chart registry (dashboard.charts.PAGES: every chart and table of every
page) over a few selections of Demostad, in Dutch and in English, so a new chart is checked without editing
this test.
"""

from __future__ import annotations

import io
import re
from datetime import datetime

import pytest
from openpyxl import load_workbook

import dashboard.pages  # noqa: F401 (registers the pages)
from dashboard import charts as chart_pages
from dashboard import exports
from dashboard import formatting as fmt
from dashboard.exports import ChartData
from dashboard.views import overview_charts
from dashboard.views import portfolio as portfolio_view
from tests.dashboard.chart_checks import csv_table

G = "GM9999"
QUERIES = {
    "overview": [
        {"gemeente": G},
        {"gemeente": G, "kaart": "stat:woz_waarde", "indicator": "voedsel_gered_kg"},
    ],
    "profile": [{"gemeente": G, "buurt": "BU99990102", "cijfer": "woz_waarde"}],
    "need": [{"gemeente": G, "hoog": "aandeel_65plus,woz_waarde", "laag": "inkomen_per_inwoner"}],
    "portfolio": [{"gemeente": G, "uitkomst": "vrijwilligers"}],
    "survival": [{"gemeente": G, "groep": "thema"}],
    "value": [{"gemeente": G}],
    "initiative": [{"code": "INI0002"}],
}
NUMBER_TEXT = re.compile(r"^[€\s]*[-−]?\d[\d.,\s]*%?$")  # '€ 3.010.500', '255', '12,5%': a number as text
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def downloads(repo, lang: str) -> list[ChartData]:
    """Every chart's and table's ChartData of every page, for the selections above."""
    out = []
    with fmt.using(lang):
        for page, queries in QUERIES.items():
            found = chart_pages.PAGES[page]
            for query in queries:
                ctx = found.context(repo, found.state(dict(query, lang=lang)))
                names = found.names(ctx) if found.names else list(found.charts)
                out += [found.charts[n](ctx).data for n in names]
                out += [found.tables[n](ctx) for n in found.tables]
    return out


@pytest.fixture(scope="module")
def every(demo_repo):
    return {lang: downloads(demo_repo, lang) for lang in ("nl", "en")}


def sheet_rows(chart: ChartData):
    """(header cells, data cells) of the export workbook: openpyxl cells, with their number formats."""
    rows = list(load_workbook(io.BytesIO(exports.to_xlsx(chart))).active.iter_rows())
    start = next(i for i, r in enumerate(rows) if [c.value for c in r[:2]] == chart.headers()[:2])
    return rows[start], rows[start + 1 :]


def test_excel_cells_are_numbers_and_dates_not_text(every):
    """Found: the initiative tables wrote Start and Einde as ISO text, and 'Naast elkaar' its amounts and
    counts as formatted text ('€ 3.010.500', '255')."""
    bad, dates, checked = [], 0, 0
    for lang, charts in every.items():
        for chart in charts:
            if chart.frame.empty:
                continue
            checked += 1
            header, rows = sheet_rows(chart)
            for row in rows:
                for head, cell in zip(header, row, strict=False):
                    where = (lang, chart.meta.title, head.value, cell.value)
                    if isinstance(cell.value, str):
                        text = cell.value.strip()
                        if NUMBER_TEXT.match(text) or ISO_DATE.match(text):
                            bad.append((*where, "a number or date as text"))
                    elif isinstance(cell.value, datetime):
                        dates += 1
                        if "yy" not in cell.number_format:
                            bad.append((*where, f"a date without a date format: {cell.number_format}"))
    assert not bad, bad[:10]
    assert checked >= 40 and dates >= 50, (checked, dates)  # the test saw the tables with dates


def test_side_by_side_download_holds_the_numbers_the_page_shows(demo_repo):
    page = chart_pages.PAGES["portfolio"]
    for lang in ("nl", "en"):
        with fmt.using(lang):
            ctx = page.context(
                demo_repo, page.state({"gemeente": G, "uitkomst": "voedsel_gered_kg", "lang": lang})
            )
            names, shown = portfolio_view.summary_rows(ctx.data, ctx.outcome_name, lang, ctx.dep)
            _, values = portfolio_view.summary_values(ctx.data, ctx.outcome_name, lang, ctx.dep)
            chart = page.tables["vergelijking"](ctx)
            _, rows = sheet_rows(chart)
            assert len(rows) == len(shown) >= 6
            numbers = 0
            for cells, text_row, (_, _, text) in zip(rows, shown, values, strict=True):
                assert cells[0].value == text_row[0]
                for cell, on_page in zip(cells[1:], text_row[1:], strict=True):
                    if isinstance(cell.value, str):  # a hidden count: the page's own text
                        assert cell.value == on_page
                    else:
                        assert text(cell.value) == on_page
                        numbers += 1
            assert numbers >= 10


def _shown_number(text: str, lang: str) -> tuple[float, int]:
    """'79,3%' -> (79.3, 1): the number a percentage text shows, and its decimals."""
    digits = text.rstrip("%").strip().replace("−", "-")
    digits = digits.replace(",", "") if lang == "en" else digits.replace(".", "").replace(",", ".")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return float(digits), decimals


def test_shares_are_exported_as_the_percentages_the_page_shows(every):
    """Found: the portfolio's risk share went out as 1 where the page shows 100%; so did the survival
    curve's shares. A column the page formats as a percentage must hold that percentage in the CSV (header
    '(%)') and carry a percent format in Excel."""
    bad, seen = [], 0
    for lang, charts in every.items():
        for chart in charts:
            formatters = chart.extra.get("formatters", {})
            if chart.frame.empty or not formatters:
                continue
            with fmt.using(lang):
                bad += _percent_columns(chart, formatters, lang)
            seen += sum(1 for c in chart.percent if c in formatters)
    assert not bad, bad[:10]
    assert seen >= 6, seen  # the risk chart and the survival curves (nl, en) were seen


def _percent_columns(chart: ChartData, formatters, lang: str) -> list:
    """The columns the page formats as percentages, checked in both downloads."""
    bad = []
    _, table = csv_table(exports.to_csv(chart))
    _, rows = sheet_rows(chart)
    for i, column in enumerate(chart.frame.columns):
        text = formatters.get(column)
        values = [v for v in chart.frame[column].tolist() if exports.is_number(v)]
        if text is None or not values or not text(values[0]).endswith("%"):
            continue
        if not table[0][i].endswith("(%)"):
            bad.append((lang, chart.meta.title, column, "header says no (%)"))
        for value, csv_row, sheet_row in zip(chart.frame[column].tolist(), table[1:], rows, strict=True):
            if not exports.is_number(value):
                continue
            shown, decimals = _shown_number(text(value), lang)
            if abs(csv_row[i] - shown) > 0.5 * 10**-decimals + 1e-9:
                bad.append((lang, chart.meta.title, column, csv_row[i], text(value)))
            if "%" not in sheet_row[i].number_format:
                bad.append((lang, chart.meta.title, column, "no percent format in Excel"))
    return bad


def test_risk_table_and_survival_summary_shares_are_percentages(demo_repo):
    """The download-only tables: the risk table's share (the page: '100%') and the share after 3 years."""
    page = chart_pages.PAGES["portfolio"]
    ctx = page.context(demo_repo, page.state({"gemeente": G, "uitkomst": "vrijwilligers"}))
    on_page = portfolio_view.risk_rows(ctx.dep, ctx.data.funder_names, "nl")
    _, table = csv_table(exports.to_csv(page.tables["risicotabel"](ctx)))
    assert table[0][2] == "Aandeel van financier (%)" and table[0][3] == "Inkomsten (alle bronnen) (€)"
    assert [f"{fmt.number(r[2])}%" for r in table[1:]] == [r["share"] for r in on_page]
    assert 100.0 in [r[2] for r in table[1:]]  # the grantees wholly funded by one funder: 100%, not 1

    survival = chart_pages.PAGES["survival"]
    data = survival.table(demo_repo, survival.state({"gemeente": G}), "samenvatting")
    _, table = csv_table(exports.to_csv(data))
    assert table[0][4:] == ["Nog actief na 3 jaar (95%-interval) (%)", "Ondergrens 95%-interval (%)",
                            "Bovengrens 95%-interval (%)"]  # fmt: skip
    assert all(1 < v <= 100 for v in table[1][4:])


def test_every_statistic_and_indicator_column_says_its_unit(every, demo_repo):
    """Found: the WOZ value went out without 'x 1.000 euro'. A column named after a CBS statistic, or the
    values of a statistic's or indicator's trend, carries the unit in its header (or the table has a unit
    column)."""
    defs = demo_repo.stat_defs()
    units = {row[f"name_{lang}"]: (lang, row["unit"]) for _, row in defs.iterrows() for lang in ("nl", "en")}
    bad, seen = [], 0
    for lang, charts in every.items():
        for chart in charts:
            headers = chart.headers()
            if chart.frame.empty or {"Eenheid", "Unit"} & set(headers):
                continue
            for name, header in zip(chart.frame.columns, headers, strict=True):
                stat = units.get(str(name))
                if stat is None:
                    continue
                seen += 1
                with fmt.using(stat[0]):
                    unit = fmt.unit(stat[1])
                if unit in ("aantal", "number"):  # a count of residents or households needs no unit
                    continue
                if not header.endswith(f"({unit})"):
                    bad.append((lang, chart.meta.title, header, unit))
    assert not bad, bad[:10]
    assert seen >= 4, seen

    with fmt.using("nl"):
        profile = chart_pages.PAGES["profile"]
        state = profile.state({"gemeente": G, "buurt": "BU99990102", "cijfer": "woz_waarde"})
        _, table = csv_table(exports.to_csv(profile.chart(demo_repo, state, "trend").data))
    assert table[0][0] == "Jaar" and all(h.endswith("(x 1.000 euro)") for h in table[0][1:])

    overview = chart_pages.PAGES["overview"]
    for lang, unit in (("nl", "kg"), ("en", "kg")):
        with fmt.using(lang):
            state = overview.state({"gemeente": G, "indicator": "voedsel_gered_kg", "lang": lang})
            _, table = csv_table(exports.to_csv(overview.chart(demo_repo, state, "trend").data))
        assert table[0][1].endswith(f"({unit})") and table[0][2].endswith(f"({unit})")
    kpis = overview_charts.kpi_data(demo_repo, overview.state({"gemeente": G, "van": 2024, "tot": 2025}))
    assert kpis.frame.columns[-1] == "Eenheid" and "€" in kpis.frame["Eenheid"].tolist()


def test_english_csv_is_comma_separated_with_a_decimal_point(every):
    """An English Excel reads ',' as the separator and '.' as the decimal mark (a ';' file with decimal
    commas opened as one column); the Dutch CSV keeps ';' and the decimal comma."""
    import csv as csv_module

    for lang, separator, decimal in (("nl", ";", ","), ("en", ",", ".")):
        chart = next(c for c in every[lang] if c.key == "overleving")
        table = exports.to_csv(chart).decode("utf-8-sig").split("\r\n\r\n", 1)[1]
        rows = list(csv_module.reader(io.StringIO(table), delimiter=separator))
        assert rows[0] == chart.headers()
        years = [r[1] for r in rows[1:]]
        assert years[0] == "0" and all(re.fullmatch(rf"\d+(\{decimal}\d+)?", y) for y in years)
        assert any(decimal in y for y in years)


def test_money_columns_have_a_thousands_format_in_excel(every):
    """An amount in euros reads '3.010.500' in Excel (thousands grouped), not a bare 3010499.97; a ratio
    'per € subsidie' is no amount and keeps the general format."""
    formats = {}
    for chart in every["nl"]:
        if chart.frame.empty:
            continue
        header, rows = sheet_rows(chart)
        for i, head in enumerate(header):
            cells_ = [r[i] for r in rows if i < len(r) and isinstance(r[i].value, (int, float))]
            if cells_:
                formats[(chart.meta.title, head.value)] = {c.number_format for c in cells_}
    money = {k: v for k, v in formats.items() if "€" in k[1] and " per €" not in k[1]}
    assert len(money) >= 10
    assert all(v <= {"#,##0", "#,##0.00"} for v in money.values()), money
    ratios = {k: v for k, v in formats.items() if " per €" in k[1]}
    assert ratios and all(v == {"General"} for v in ratios.values()), ratios
