"""Social value page (/waarde): exports, data-table alternatives and council-pack items equal the figures.

Checked on Demostad in the default (public) mode, through the app's own export callback, the page's
layout and `items_for_url`, each against the figure the page draws for the same state.
"""

from __future__ import annotations

import base64
import csv
import io
from pathlib import Path

import plotly.graph_objects as go
import pytest
from dash import html
from dash.exceptions import PreventUpdate
from openpyxl import load_workbook

from dashboard import formatting as fmt
from dashboard.app import create_app
from dashboard.charts import value as value_chart_page
from dashboard.filters import Filters
from dashboard.pack import basket as pack_view
from dashboard.pack.permalinks import items_for_url
from dashboard.repository import DuckDBRepository
from dashboard.views import overview as overview_view
from dashboard.views import value as view
from dashboard.views import value_page as page

BASE = {"gemeente": "GM9999"}
STATE = (BASE, 2024, 2025, [], "")  # the export callback's states: base, van, tot, financiers, initiatief
QUERY = {"gemeente": "GM9999", "van": "2024", "tot": "2025"}


def csv_parts(data: bytes) -> tuple[list[str], list[list[str]]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    head, table = text[1:].split("\r\n\r\n", 1)
    english = head.startswith("# Title:")  # an English CSV: ','-separated, decimal point
    return head.split("\r\n"), list(csv.reader(io.StringIO(table), delimiter="," if english else ";"))


def csv_number(text: str):
    return None if text == "" else float(text.replace(",", "."))


def xlsx_rows(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def download(export, chart: str, fmt_: str, state=STATE) -> bytes:
    answer = export(chart, fmt_, *state)
    return base64.b64decode(answer["content"]) if answer.get("base64") else answer["content"].encode()


def _wrap(children):
    return html.Div(children)


def find(component, wanted):
    """Every component in a layout tree for which wanted(component) is true."""
    out = []
    if wanted(component):
        out.append(component)
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if child is not None and not isinstance(child, (str, int, float)):
            out.extend(find(child, wanted))
    return out


def table_text(details) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of a 'Tabel bij deze grafiek' <details>."""
    table = find(details, lambda c: type(c).__name__ == "Table")[0]
    head = find(table, lambda c: type(c).__name__ == "Thead")[0]
    body = find(table, lambda c: type(c).__name__ == "Tbody")[0]
    header = [th.children for th in head.children.children]
    rows = [
        [cell["props"]["children"] for cell in tr["props"]["children"]] for tr in body.children
    ]  # as sent
    return header, rows


@pytest.fixture(scope="module")
def app(demo_home):
    return create_app(DuckDBRepository(demo_home))


@pytest.fixture(scope="module")
def drawn(demo_repo):
    """What the page draws for the state (base + controls), as the callback resolves it."""
    f = overview_view.resolve(demo_repo, Filters.from_query(BASE | {"year_from": 2024, "year_to": 2025}))
    return f, view.render(demo_repo, f, None)


def range_rows(fig) -> list[list]:
    """[label, low, high] per bar of a range figure: bar base = low, the end marker = high."""
    fig = go.Figure(fig)  # the page draws figure dicts
    bars, ends = fig.data[0], fig.data[1]
    return [[y, float(lo), float(hi)] for y, lo, hi in zip(bars.y, bars.base, ends.x, strict=True)]


@pytest.mark.parametrize(
    "chart, key", [("initiatieven", "initiative_figure"), ("belanghebbenden", "stakeholder_figure")]
)
def test_csv_and_xlsx_hold_exactly_the_bars_of_the_figure(app, drawn, chart, key):
    export = app.wijkwaarde_callbacks["value_export"]
    expected = range_rows(drawn[1][key])
    assert len(expected) >= 2

    head, rows = csv_parts(download(export, chart, "csv"))
    assert rows[0][1:] == ["Waarde laag (€)", "Waarde hoog (€)"]
    got = [[r[0], csv_number(r[1]), csv_number(r[2])] for r in rows[1:]]
    assert [g[0] for g in got] == [e[0] for e in expected]
    for g, e in zip(got, expected, strict=True):
        assert g[1:] == pytest.approx(e[1:])
    title = {"initiatieven": "Waarde per initiatief", "belanghebbenden": "Waarde per belanghebbende"}[chart]
    assert head[0] == f"# Titel: {title}"
    assert head[1].startswith("# Selectie: Demostad") and "2024" in head[1]
    assert head[2].startswith("# Bron: ") and "batch" in head[2]
    assert head[3].startswith("# Gegevensdatum: Gegevens geladen op")
    assert head[-1] == "# Let op: fictieve gegevens"

    sheet = xlsx_rows(download(export, chart, "xlsx"))
    header = next(i for i, row in enumerate(sheet) if row[1:3] == ["Waarde laag (€)", "Waarde hoog (€)"])
    got = [r[:3] for r in sheet[header + 1 :]]
    assert [g[0] for g in got] == [e[0] for e in expected]
    for g, e in zip(got, expected, strict=True):
        assert g[1:] == pytest.approx(e[1:])
    assert sheet[0][:2] == ["Titel", title] and ["Let op", "fictieve gegevens"] in [r[:2] for r in sheet]


def test_matrix_export_equals_the_heatmap(app, drawn):
    heat = go.Figure(drawn[1]["matrix_figure"]).data[0]
    expected = {
        (s, e): heat.z[i][j] for i, s in enumerate(heat.y) for j, e in enumerate(heat.x)
    }  # the colour is the high value; a cell without a proxy is None
    sheet = xlsx_rows(download(app.wijkwaarde_callbacks["value_export"], "matrix", "xlsx"))
    header = next(i for i, row in enumerate(sheet) if row[0] == "Belanghebbende")
    got = {(r[0], r[1]): r[3] for r in sheet[header + 1 :]}
    assert set(got) == set(expected)
    for cell, value in expected.items():
        assert got[cell] == (None if value is None else pytest.approx(value)), cell
    assert any(v is not None for v in expected.values())


def test_portfolio_export_has_the_bars_and_the_grant_columns(app, drawn):
    rows = xlsx_rows(download(app.wijkwaarde_callbacks["value_export"], "portefeuille", "xlsx"))
    header = next(i for i, row in enumerate(rows) if row[0] == "Financier")
    assert "Subsidie gemeten initiatieven (€)" in rows[header]
    expected = range_rows(drawn[1]["portfolio_figure"])
    got = [r[:3] for r in rows[header + 1 :]]
    assert [g[0] for g in got] == [e[0] for e in expected]
    for g, e in zip(got, expected, strict=True):
        assert g[1:] == pytest.approx(e[1:])


def test_tables_export_too_and_forged_names_are_ignored(app, drawn):
    export = app.wijkwaarde_callbacks["value_export"]
    _, rows = csv_parts(download(export, "verhouding", "csv"))
    per = drawn[1]["per_initiative"]
    assert [r[0] for r in rows[1:]] == per[per["measured"]]["name"].tolist()
    _, rows = csv_parts(download(export, "proxies", "csv"))
    assert len(rows) - 1 == len(drawn[1]["proxies"])
    for chart, fmt_ in (("verhouding", "png"), ("nope", "csv"), ("initiatieven", "exe")):
        with pytest.raises(PreventUpdate):
            export(chart, fmt_, *STATE)


def test_data_tables_under_the_charts_equal_the_figures(demo_repo, drawn):
    """'Tabel bij deze grafiek' under each figure: the same bars, in euros as in the hover text."""
    f, data = drawn
    cards, _ = page.content(demo_repo, f, *value_chart_page.page(demo_repo, f, None))
    tables = find(_wrap(cards), lambda c: type(c).__name__ == "Details")
    assert len(tables) == 4
    figures = [data[k] for k in ("initiative_figure", "stakeholder_figure", "portfolio_figure")]
    for details, fig in zip(tables[:3], figures, strict=True):
        assert details.children[0].children == "Tabel bij deze grafiek"
        header, rows = table_text(details)
        assert header[1:3] == ["Waarde laag (€)", "Waarde hoog (€)"]
        assert [r[:3] for r in rows] == [[y, fmt.euro(lo), fmt.euro(hi)] for y, lo, hi in range_rows(fig)]
    heat = go.Figure(data["matrix_figure"]).data[0]
    header, rows = table_text(tables[3])
    shown = {(r[0], r[1]): r[3] for r in rows}
    for i, s in enumerate(heat.y):
        for j, e in enumerate(heat.x):
            z = heat.z[i][j]
            assert shown[(s, e)] == (fmt.DASH if z is None else fmt.euro(z))
    # every figure is a named figure described by its summary; every chart has downloads and '+ Raadspakket'
    wrappers = find(_wrap(cards), lambda c: getattr(c, "role", None) == "figure")
    assert len(wrappers) == 4
    for w in wrappers:
        described_by = w.to_plotly_json()["props"]["aria-describedby"]
        summary = find(_wrap(cards), lambda c, d=described_by: getattr(c, "id", None) == d)
        assert summary and summary[0].children and w.to_plotly_json()["props"]["aria-label"]
    buttons = find(_wrap(cards), lambda c: isinstance(getattr(c, "id", None), dict))
    kinds = {(b.id["type"], b.id.get("chart") or b.id.get("item"), b.id.get("format")) for b in buttons}
    for chart in ("initiatieven", "belanghebbenden", "portefeuille", "matrix"):
        assert {("wijkwaarde-export", chart, x) for x in ("csv", "xlsx", "png")} <= kinds
        assert ("pack-add", chart, None) in kinds
    for chart in ("verhouding", "proxies"):
        assert {("wijkwaarde-export", chart, x) for x in ("csv", "xlsx")} <= kinds


def test_pack_items_are_the_page_figures(demo_repo, drawn):
    f, data = drawn
    url = "/waarde" + page.search_for(f, None)
    items = items_for_url(demo_repo, url)
    assert [i.title for i in items] == [
        "Waarde per initiatief",
        "Waarde per belanghebbende",
        "Waarde per portefeuille (financier)",
        "Wie profiteert",
    ]
    keys = ("initiative_figure", "stakeholder_figure", "portfolio_figure", "matrix_figure")
    for item, key in zip(items, keys, strict=True):
        assert item.figure.to_plotly_json()["data"] == go.Figure(data[key]).to_plotly_json()["data"]
        assert item.permalink == url and item.fictional
        assert "fictieve gegevens" in item.footnote.lower() and "batch" in item.footnote
    assert range_rows(items[0].figure) == range_rows(data["initiative_figure"])
    # the item's data (CLI csv/xlsx, the pack) is the figure's: the same bars as the figure
    frame = items[1].data.frame
    assert [[r[0], r[1], r[2]] for r in frame.itertuples(index=False)] == range_rows(items[1].figure)
    # one chart chosen, and the matrix of one initiative from the permalink
    options = page.initiative_options(data["effects"], "nl")  # what the matrix's dropdown offers
    code = next(o["value"] for o in options if page.initiative_code(o["value"]))
    one = items_for_url(demo_repo, url + f"&initiatief={code}&grafiek=matrix")
    assert len(one) == 1
    expected = view.render(demo_repo, f, code)["matrix_figure"]
    assert one[0].figure.to_plotly_json()["data"] == go.Figure(expected).to_plotly_json()["data"]
    # the basket accepts the page's chart names only
    assert pack_view.entry_url({"url": url, "item": "matrix"})
    assert pack_view.entry_url({"url": url, "item": "proxies"}) is None


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian's chromium is not installed")
def test_png_export_of_a_value_chart(app):
    png = download(app.wijkwaarde_callbacks["value_export"], "belanghebbenden", "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
