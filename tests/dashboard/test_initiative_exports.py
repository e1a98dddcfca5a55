"""Initiative page (/initiatief?code=...): exports, data-table alternatives and council-pack items equal the
figures the page draws; the funding export also equals the grants in the warehouse tables (pandas)."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from dash.exceptions import PreventUpdate
from openpyxl import load_workbook

from dashboard import formatting as fmt
from dashboard.app import create_app
from dashboard.i18n import t
from dashboard.pack import basket as pack_view
from dashboard.pack.permalinks import items_for_url
from dashboard.pages import initiative as page
from dashboard.repository import DuckDBRepository
from tests.dashboard.test_value_exports import csv_number, csv_parts, find, table_text


@pytest.fixture(scope="module")
def tables(demo_home) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str((demo_home / "wijkwaarde.duckdb").resolve()), read_only=True)
    try:
        names = ("observation", "grant_award", "funder", "initiative_buurt")
        return {n: con.execute(f"SELECT * FROM {n}").df() for n in names}  # noqa: S608 (fixed names)
    finally:
        con.close()


@pytest.fixture(scope="module")
def code(tables) -> str:
    """A Demostad initiative with grants from the most funders, then the most indicators."""
    funders = tables["grant_award"].groupby("initiative_code")["funder_code"].nunique()
    indicators = tables["observation"].groupby("initiative_code")["indicator_code"].nunique()
    both = pd.DataFrame({"f": funders, "i": indicators}).dropna()
    return both.sort_values(["f", "i"], ascending=False).index[0]


@pytest.fixture(scope="module")
def app(demo_home):
    return create_app(DuckDBRepository(demo_home))


@pytest.fixture(scope="module")
def layout(demo_repo, code):
    return page.build(demo_repo, {"code": code})


def graphs(layout) -> dict[str, object]:
    """Every dcc.Graph of the page by id: the figures the page draws."""
    return {g.id: g.figure for g in find(layout, lambda c: type(c).__name__ == "Graph")}


def download(export, chart: str, fmt_: str, state) -> bytes:
    return base64.b64decode(export(chart, fmt_, state)["content"])


def xlsx_rows(data: bytes) -> list[list]:
    return [[c.value for c in row] for row in load_workbook(io.BytesIO(data)).active.iter_rows()]


def test_funding_export_equals_the_stacked_bars_and_the_grants(app, layout, tables, code):
    export = app.wijkwaarde_callbacks["initiative_export"]
    state = {"code": code, "lang": "nl"}
    fig = graphs(layout)["initiative-funding"]
    bars = {trace.name: dict(zip(trace.x, trace.y, strict=True)) for trace in fig.data}
    assert len(bars) >= 2

    head, rows = csv_parts(download(export, "financiering", "csv", state))
    # the figure's stacking order, each funder's column saying it is money
    assert rows[0] == ["Jaar", *[f"{trace.name} (€)" for trace in fig.data]]
    got = {
        name.removesuffix(" (€)"): {r[0]: csv_number(r[i]) for r in rows[1:]}
        for i, name in enumerate(rows[0])
        if i
    }
    assert got == {name: pytest.approx(by_year) for name, by_year in bars.items()}
    assert head[0] == f"# Titel: {t('funding_title', 'nl')}"
    assert head[1] == f"# Selectie: {layout_name(layout)}"
    assert head[2].startswith("# Bron: ") and "subsidies" in head[2]
    assert head[-1] == "# Let op: fictieve gegevens"

    # the same money as the warehouse's grant_award rows, by funder and year of the grant's start
    g = tables["grant_award"][tables["grant_award"]["initiative_code"] == code].copy()
    g["funder"] = g["funder_code"].map(tables["funder"].set_index("code")["name"])
    g["year"] = pd.to_datetime(g["start_date"]).dt.year.astype(str)
    expected = g.groupby(["funder", "year"])["amount"].sum().astype(float)
    sheet = xlsx_rows(download(export, "financiering", "xlsx", state))
    header = next(i for i, row in enumerate(sheet) if row[0] == "Jaar")
    names = [n.removesuffix(" (€)") for n in sheet[header][1:]]
    assert all(isinstance(r[0], int) for r in sheet[header + 1 :])  # a year is a number in Excel
    cells = {(n, str(r[0])): r[i + 1] for r in sheet[header + 1 :] for i, n in enumerate(names)}
    assert {k: v for k, v in cells.items() if v} == pytest.approx(expected.to_dict())


def layout_name(layout) -> str:
    h1 = find(layout, lambda c: type(c).__name__ == "H1")[0]
    return h1.children[-1]


def test_map_and_trend_exports_equal_their_figures(app, layout, code):
    export = app.wijkwaarde_callbacks["initiative_export"]
    state = {"code": code, "lang": "nl"}
    figs = graphs(layout)
    trace = figs["initiative-map"].data[0]
    status = {0: "niet bediend", 1: "bediend", 2: "hoofdbuurt"}
    sheet = xlsx_rows(download(export, "buurten", "xlsx", state))
    header = next(i for i, row in enumerate(sheet) if row[0] == "Buurtcode")
    assert [(r[0], r[2]) for r in sheet[header + 1 :]] == [
        (loc, status[z]) for loc, z in zip(trace.locations, trace.z, strict=True)
    ]
    trends = {k: v for k, v in figs.items() if k.startswith("initiative-trend-")}
    assert trends
    for graph_id, fig in trends.items():
        indicator = graph_id.removeprefix("initiative-trend-")
        _, rows = csv_parts(download(export, f"trend-{indicator}", "csv", state))
        unit = rows[0][1].removeprefix("Gerealiseerd")  # realised and target in the indicator's unit
        assert rows[0] == ["Kwartaal", f"Gerealiseerd{unit}", f"Doel{unit}"] and unit.startswith(" (")
        realised = fig.data[0]
        assert [r[0] for r in rows[1:]] == list(realised.x)
        assert [csv_number(r[1]) for r in rows[1:]] == pytest.approx(list(realised.y))
    for chart, fmt_, st in (
        ("toc", "png", state),
        ("trend-x' OR 1=1", "csv", state),
        ("financiering", "csv", {"code": "BESTAAT-NIET"}),
        ("financiering", "csv", "forged"),
    ):
        with pytest.raises(PreventUpdate):
            export(chart, fmt_, st)


def test_every_chart_has_a_name_a_summary_a_table_downloads_and_a_pack_button(layout):
    figs = graphs(layout)
    wrappers = find(layout, lambda c: getattr(c, "role", None) == "figure")
    assert len(wrappers) == len(figs) >= 3
    for w in wrappers:
        props = w.to_plotly_json()["props"]
        summary = find(layout, lambda c, d=props["aria-describedby"]: getattr(c, "id", None) == d)
        assert props["aria-label"] and summary and summary[0].children
    details = find(layout, lambda c: type(c).__name__ == "Details")
    assert len(details) == len(figs) + 1  # one per figure, plus the Theory-of-Change table
    ids_ = {
        (b.id["type"], b.id.get("chart") or b.id.get("item"), b.id.get("format"))
        for b in find(layout, lambda c: isinstance(getattr(c, "id", None), dict))
    }
    names = ["financiering", "buurten"] + [
        "trend-" + k.removeprefix("initiative-trend-") for k in figs if k.startswith("initiative-trend-")
    ]
    for name in names:
        assert {("wijkwaarde-export", name, f) for f in ("csv", "xlsx", "png")} <= ids_
        assert ("pack-add", name, None) in ids_
    assert {("wijkwaarde-export", "toc", f) for f in ("csv", "xlsx")} <= ids_


def test_data_tables_equal_the_figures(layout):
    """In page order: the Theory-of-Change table, then one table per figure with the figure's values."""
    figs = graphs(layout)
    details = find(layout, lambda c: type(c).__name__ == "Details")
    assert details[0].children[0].children == "Tabel bij deze grafiek"
    tables = dict(zip(figs, details[1:], strict=True))  # funding, map, trends: the order of the graphs
    funding = figs["initiative-funding"]
    header, rows = table_text(tables["initiative-funding"])
    assert header == ["Jaar", *[trace.name for trace in funding.data]]
    assert rows == [
        [year, *[fmt.euro(trace.y[i]) for trace in funding.data]] for i, year in enumerate(funding.data[0].x)
    ]
    trace = figs["initiative-map"].data[0]
    status = {0: "niet bediend", 1: "bediend", 2: "hoofdbuurt"}
    _, rows = table_text(tables["initiative-map"])
    assert [(r[0], r[2]) for r in rows] == [
        (loc, status[z]) for loc, z in zip(trace.locations, trace.z, strict=True)
    ]

    def shown(values) -> list[str]:
        return [fmt.DASH if v is None else fmt.auto_number(v) for v in values]

    for graph_id, fig in figs.items():
        if graph_id.startswith("initiative-trend-"):
            _, rows = table_text(tables[graph_id])
            assert [r[0] for r in rows] == list(fig.data[0].x)
            assert [r[1] for r in rows] == shown(fig.data[0].y)
            if len(fig.data) > 1:  # the target line
                assert [r[2] for r in rows] == shown(fig.data[1].y)


def test_pack_items_are_the_page_figures(demo_repo, layout, code):
    figs = graphs(layout)
    url = f"/initiatief?code={code}"
    items = items_for_url(demo_repo, url)
    drawn = [figs["initiative-funding"], figs["initiative-map"]] + [
        f for k, f in figs.items() if k.startswith("initiative-trend-")
    ]
    assert len(items) == len(drawn)
    for item, fig in zip(items, drawn, strict=True):
        assert item.figure.to_plotly_json()["data"] == fig.to_plotly_json()["data"]
        assert item.permalink == url and item.fictional and layout_name(layout) in item.title
        assert "batch" in item.footnote and "fictieve gegevens" in item.footnote.lower()
    trend = next(k for k in figs if k.startswith("initiative-trend-")).removeprefix("initiative-trend-")
    one = items_for_url(demo_repo, f"{url}&grafiek=trend-{trend}")
    assert len(one) == 1
    assert (
        one[0].figure.to_plotly_json()["data"] == figs[f"initiative-trend-{trend}"].to_plotly_json()["data"]
    )
    assert items_for_url(demo_repo, "/initiatief?code=BESTAAT-NIET") == []
    assert pack_view.entry_url({"url": url, "item": f"trend-{trend}"})
    assert pack_view.entry_url({"url": url, "item": "buurten"})
    for forged in ("toc", "trend-", "trend-a b", "<script>"):
        assert pack_view.entry_url({"url": url, "item": forged}) is None


def test_catalogue_export_is_the_grid_as_searched(app, demo_home):
    from dashboard.pages import indicators as catalogue

    export = app.wijkwaarde_callbacks["indicators_export"]
    con = duckdb.connect(str((demo_home / "wijkwaarde.duckdb").resolve()), read_only=True)
    try:
        names = dict(con.execute("SELECT code, name_nl FROM indicator").fetchall())
    finally:
        con.close()
    head, rows = csv_parts(download_catalogue(export, "", "nl"))
    assert rows[0] == [c["headerName"] for c in catalogue.column_defs("nl")]
    assert {r[0]: r[1] for r in rows[1:]} == names  # every indicator, code and Dutch name
    assert head[0] == "# Titel: Indicatoren" and head[-1] == "# Let op: fictieve gegevens"
    head, rows = csv_parts(download_catalogue(export, "werk", "nl"))
    expected = {c for c, n in names.items() if "werk" in n.lower()}
    assert expected and expected <= {r[0] for r in rows[1:]}
    assert all("werk" in ";".join(r).lower() for r in rows[1:])
    assert head[1] == "# Selectie: Zoek een indicator: werk"
    with pytest.raises(PreventUpdate):
        export("catalogus", "png", "", "nl", {})


def download_catalogue(export, text: str, lang: str) -> bytes:
    return base64.b64decode(export("catalogus", "csv", text, lang, {})["content"])


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian's chromium is not installed")
def test_pack_deck_of_value_and_initiative_charts(demo_repo, layout, code):
    """A deck of the value page's matrix and the initiative's funding: the funding slide is a native,
    editable chart whose series are the figure's bars; the matrix (a heatmap) becomes a picture."""
    from pptx import Presentation

    from dashboard.pack.build import build

    urls = [
        "/waarde?gemeente=GM9999&van=2024&tot=2025&grafiek=matrix",
        f"/initiatief?code={code}&grafiek=financiering",
    ]
    deck = Presentation(io.BytesIO(build(demo_repo, urls, "pptx")[0]))
    assert len(deck.slides) == 4  # title, two items, sources
    assert any(s.shape_type == 13 for s in deck.slides[1].shapes)  # the heatmap as a picture
    chart = next(s.chart for s in deck.slides[2].shapes if s.has_chart)
    fig = graphs(layout)["initiative-funding"]
    assert list(chart.plots[0].categories) == list(fig.data[0].x)
    got = {s.name: list(s.values) for s in chart.plots[0].series}
    assert got == {trace.name: pytest.approx(list(trace.y)) for trace in fig.data}


def test_english_pages_and_exports(app, demo_repo, code):
    from dashboard.pages import value as value_page

    for layout in (
        page.build(demo_repo, {"code": code, "lang": "en"}),
        value_page.build(demo_repo, {"lang": "en"}),
    ):
        summaries = [d.children[0].children for d in find(layout, lambda c: type(c).__name__ == "Details")]
        assert summaries and set(summaries) == {"Table for this chart"}
        labels = [b.title for b in find(layout, lambda c: type(c).__name__ == "Button") if b.title]
        assert any(x.startswith("Download ") and x.endswith(" as PNG") for x in labels)
        assert any(x.startswith("Add ") and x.endswith(" to the council pack") for x in labels)
    head, rows = csv_parts(
        download(
            app.wijkwaarde_callbacks["initiative_export"], "financiering", "csv", {"code": code, "lang": "en"}
        )
    )
    assert rows[0][0] == "Year" and head[0].startswith("# Title: ")
