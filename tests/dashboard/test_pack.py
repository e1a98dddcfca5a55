"""The council pack read back as a user would open it: PowerPoint slides, native chart data, footnotes, PDF."""

from __future__ import annotations

import io
import os
import shutil
import subprocess

import duckdb
import pytest
from pptx import Presentation
from pptx.util import Emu
from typer.testing import CliRunner

from dashboard.pack.build import build
from dashboard.pack.items import native_chart
from dashboard.pack.permalinks import UnknownView, items_for_url
from tests.published import rounded
from wijkwaarde.cli import app

BASE = "http://127.0.0.1:8050"
TREND = f"{BASE}/?gemeente=GM9999&van=2024&tot=2025&indicator=deelnemers&grafiek=trend"
MAP = f"{BASE}/?gemeente=GM9999&van=2025&tot=2025&kaart=stat:aandeel_65plus&grafiek=kaart"
BOTH = f"{BASE}/?gemeente=GM9999&van=2025&tot=2025"


def needs(binary: str) -> None:
    if shutil.which(binary) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{binary} is missing; `make test` installs it (Makefile APT_PACKAGES)")
        pytest.skip(f"{binary} is not installed (apt-get install libreoffice-impress poppler-utils)")


def texts(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


@pytest.fixture(scope="module")
def deck(demo_repo):
    (data,) = build(demo_repo, [TREND, MAP], "pptx")
    return Presentation(io.BytesIO(data))


def test_the_deck_is_16_9_with_title_items_and_sources(deck):
    assert (deck.slide_width, deck.slide_height) == (Emu(12192000), Emu(6858000))
    slides = list(deck.slides)
    assert len(slides) == 1 + 2 + 1
    assert "Demostad" in texts(slides[0]) and "Fictieve gegevens" in texts(slides[0])
    assert "Ontwikkeling per kwartaal" in texts(slides[1])
    assert "Aandeel 65 jaar en ouder" in texts(slides[2])
    sources = texts(slides[-1])
    assert sources.startswith("Bronnen") and "waarnemingen.csv (batch" in sources and MAP in sources


def test_trend_is_a_native_chart_whose_series_equal_the_loaded_observations(deck, demo_home):
    charts = [s.chart for s in deck.slides[1].shapes if s.has_chart]
    assert len(charts) == 1, "the trend must be an editable PowerPoint chart, not a picture"
    chart = charts[0]
    categories = list(chart.plots[0].categories)
    assert categories == [f"{y}-K{q}" for y in (2024, 2025) for q in range(1, 5)]
    con = duckdb.connect(str(demo_home / "wijkwaarde.duckdb"), read_only=True)
    try:
        rows = con.execute(
            "SELECT year(period_start), quarter(period_start), sum(value), sum(target) FROM observation"
            " WHERE indicator_code = 'deelnemers' AND year(period_start) IN (2024, 2025) GROUP BY ALL ORDER BY ALL"
        ).fetchall()
    finally:
        con.close()
    realised, target = (list(s.values) for s in chart.plots[0].series)
    assert realised == pytest.approx([rounded(r[2]) for r in rows])  # counts of people, shown rounded
    assert target == pytest.approx([float(r[3]) for r in rows])
    assert [s.name for s in chart.plots[0].series] == ["Gerealiseerd", "Doel"]


def test_every_item_slide_has_its_footnote_and_permalink(deck):
    for slide, url in zip(list(deck.slides)[1:3], (TREND, MAP), strict=True):
        text = texts(slide)
        assert "Bron: " in text and "(batch " in text and "Gegevens geladen op" in text
        assert "Fictieve gegevens" in text
        links = [r.hyperlink.address for s in slide.shapes if s.has_text_frame
                 for p in s.text_frame.paragraphs for r in p.runs if r.hyperlink.address]  # fmt: skip
        assert links == [url]


def test_a_map_becomes_a_picture(deck):
    pictures = [s for s in deck.slides[2].shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert len(pictures) == 1 and not any(s.has_chart for s in deck.slides[2].shapes)
    assert pictures[0].image.content_type == "image/png" and len(pictures[0].image.blob) > 20_000


def test_native_chart_only_for_line_and_bar(demo_repo):
    trend, the_map = items_for_url(demo_repo, BOTH)[::-1]
    assert native_chart(trend.figure).kind == "line"
    assert native_chart(the_map.figure) is None


def test_unknown_pages_and_chart_names_are_refused(demo_repo):
    with pytest.raises(UnknownView):
        items_for_url(demo_repo, f"{BASE}/../../etc/passwd")
    assert len(items_for_url(demo_repo, f"{BASE}/?grafiek=kaart,'; DROP TABLE area;--")) == 1


def test_pdf_renders_one_page_per_slide(demo_repo, tmp_path):
    needs("soffice")
    needs("pdftoppm")
    (pdf,) = build(demo_repo, [BOTH], "pdf")
    (tmp_path / "pakket.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(tmp_path / "pakket.pdf"), str(tmp_path / "p")], check=True
    )
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == 1 + 2 + 1
    assert all(p.stat().st_size > 1_000 for p in pages)


def test_cli_export_for_monthly_routines(demo_home, tmp_path):
    runner = CliRunner()
    out = tmp_path / "raad.pptx"
    result = runner.invoke(
        app, ["--home", str(demo_home), "export", TREND, MAP, "--format", "pptx", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert len(Presentation(str(out)).slides) == 4
    result = runner.invoke(
        app, ["--home", str(demo_home), "export", BOTH, "--format", "png", "-o", str(tmp_path / "g.png")]
    )
    assert result.exit_code == 0, result.output
    pngs = sorted(tmp_path.glob("g-*.png"))
    assert len(pngs) == 2 and all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    result = runner.invoke(app, ["--home", str(demo_home), "export", f"{BASE}/nergens", "-o", str(out)])
    assert result.exit_code == 2 and "geen exporteerbare pagina" in result.output


# -- the basket (browser input) and background jobs -------------------------------------------------


def test_basket_entries_are_validated_deduplicated_and_reordered():
    from dashboard.pack.basket import clean, move, permalinks

    good = {"url": "/?gemeente=GM9999&van=2025&tot=2025", "item": "kaart"}
    basket = [
        good,
        {"url": "https://evil.example/?gemeente=GM9999", "item": "kaart"},  # another host
        {"url": "//evil.example/", "item": "trend"},
        {"url": "javascript:alert(1)", "item": "trend"},
        {"url": "/gegevens", "item": "kaart"},  # not an exportable page
        {"url": "/", "item": "'; DROP TABLE area;--"},  # not a chart of the page
        good,  # duplicate
        {"url": "/?gemeente=GM9999&grafiek=kaart", "item": "trend"},  # grafiek replaced by the item
        "not a dict",
    ]
    assert clean(basket) == [good, {"url": "/?gemeente=GM9999&grafiek=kaart", "item": "trend"}]
    assert permalinks(basket, "http://raad.example/") == [
        "http://raad.example/?gemeente=GM9999&van=2025&tot=2025&grafiek=kaart",
        "http://raad.example/?gemeente=GM9999&grafiek=trend",
    ]
    two = clean(basket)
    assert move(two, 0, 1) == [two[1], two[0]]
    assert move(two, 1, 1) == two  # the last one cannot go further down
    assert move(two, 0, 0) == [two[1]]  # remove
    assert move(two, 7, -1) == two and move(two, "0", 1) == two and move(two, 0, 5) == two
    assert clean(None) == [] and clean({"url": "/"}) == []


def test_background_job_reports_progress_and_delivers_the_file(demo_repo, tmp_path, monkeypatch):
    import time

    from dashboard.pack import jobs

    monkeypatch.setenv("WIJKWAARDE_PACK_DIR", str(tmp_path))
    job = jobs.start(demo_repo, [TREND, MAP], "pptx", "nl")
    assert jobs.status(job)["state"] in ("queued", "running", "done")
    deadline = time.monotonic() + 120
    while jobs.status(job)["state"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert jobs.status(job)["state"] == "done"
    path = jobs.result(job)
    assert path is not None and len(Presentation(str(path)).slides) == 4
    # ids are checked before they touch a path
    assert jobs.status("../../etc/passwd") is None and jobs.result("0" * 31 + "g") is None


def test_cli_csv_and_xlsx_carry_the_chart_data_and_its_source(demo_home, tmp_path):
    from openpyxl import load_workbook

    runner = CliRunner()
    home = ["--home", str(demo_home)]
    result = runner.invoke(app, [*home, "export", TREND, "--format", "csv", "-o", str(tmp_path / "t.csv")])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()
    header = [line for line in lines if line.startswith("# ")]
    assert any("Bron:" in h and "waarnemingen.csv (batch" in h for h in header)
    assert any("fictieve gegevens" in h for h in header)
    rows = [line.split(";") for line in lines if line and not line.startswith("#")]
    con = duckdb.connect(str(demo_home / "wijkwaarde.duckdb"), read_only=True)
    try:
        sums = con.execute(
            "SELECT year(period_start), quarter(period_start), sum(value) FROM observation"
            " WHERE indicator_code = 'deelnemers' AND year(period_start) IN (2024, 2025) GROUP BY ALL ORDER BY ALL"
        ).fetchall()
    finally:
        con.close()
    assert [r[0] for r in rows[1:]] == [f"{y}-K{q}" for y, q, _ in sums]
    assert [float(r[1].replace(",", ".")) for r in rows[1:]] == pytest.approx([rounded(s) for *_, s in sums])
    result = runner.invoke(app, [*home, "export", TREND, "--format", "xlsx", "-o", str(tmp_path / "t.xlsx")])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(tmp_path / "t.xlsx").active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert any(isinstance(c, str) and "Ontwikkeling per kwartaal" in c for c in cells)
    assert rounded(sums[0][2]) in cells


def test_the_slide_axis_starts_and_reads_as_on_the_page(deck, demo_repo):
    """The page's count axis starts at 0 (rangemode 'tozero'): so does the slide's, grouped in thousands."""
    (item,) = items_for_url(demo_repo, TREND)
    import plotly.graph_objects as go

    page = go.Figure(item.figure)
    assert page.layout.yaxis.rangemode == "tozero"
    chart = next(s.chart for s in deck.slides[1].shapes if s.has_chart)
    axis = chart.value_axis
    assert axis.minimum_scale == 0
    assert axis.tick_labels.number_format == "#,##0" and not axis.tick_labels.number_format_is_linked


PAGE_URLS = [
    BOTH,
    f"{BASE}/profiel?gemeente=GM9999&buurt=BU99990101",
    f"{BASE}/behoefte?gemeente=GM9999",
    f"{BASE}/portefeuille?gemeente=GM9999",
    f"{BASE}/overleving?gemeente=GM9999",
    f"{BASE}/waarde?gemeente=GM9999",
]


def test_each_slide_shows_what_its_page_figure_shows(demo_repo):
    """Axis start and range, number format, legend and footnote of every slide against the page figure."""
    from dashboard.pack.build import collect

    items = collect(demo_repo, PAGE_URLS)
    (data,) = build(demo_repo, PAGE_URLS, "pptx")
    slides = list(Presentation(io.BytesIO(data)).slides)[1:-1]
    assert len(slides) == len(items) >= 12
    for item, slide in zip(items, slides, strict=True):
        text = texts(slide)
        assert item.footnote in text, item.title
        assert item.data.meta.protection and item.data.meta.protection in text, item.title  # counts of people
        page = item.figure
        charts = [s.chart for s in slide.shapes if s.has_chart]
        native = native_chart(page)
        if native is None:
            assert not charts and any(s.shape_type == 13 for s in slide.shapes), item.title  # a picture
            continue
        (chart,) = charts
        axis = chart.value_axis
        values = [v for _, vs in native.series for v in vs if v is not None]
        if page.layout.yaxis.range is not None:
            assert (axis.minimum_scale, axis.maximum_scale) == tuple(page.layout.yaxis.range), item.title
        elif page.layout.yaxis.rangemode == "tozero" or native.kind == "bar":
            assert axis.minimum_scale == 0 and min(values) >= 0, item.title
        else:
            assert axis.minimum_scale is None, item.title
        assert axis.tick_labels.number_format.startswith("#,##0"), item.title
        assert chart.has_legend == (len([t for t in page.data if t.visible is not False]) > 1), item.title
    need_map = next(i for i in items if "/behoefte" in i.permalink and i.data.key == "kaart")
    shapes = [s for s in need_map.figure.layout.shapes if s.type == "rect"]
    assert len(shapes) == 9  # the 3 × 3 key travels with the map
    notes = " ".join(a.text for a in need_map.figure.layout.annotations)
    assert "Hoger = meer behoefte" in notes and "Aandeel 65 jaar en ouder" in notes
