"""Every slide of the council pack shows all its text: nothing cut off at an edge, nothing drawn over
something else.

Found on the rendered PDF: the note under 'Geld per thema' was cut off at the picture's right edge, and on
'Aandeel nog actief' the axis title ran into the legend. Both came from one fault: every picture was drawn
at the map's small size (560 x 440), because `"map" in figure.layout` is True for any plotly layout. Also
found: the title slide's title of two lines ran into its subtitle, a long English title wrapped into the
chart, and the Dutch PDF's native charts wrote '1,200' and '500,000.00'.

Pictures are checked in the SVG kaleido draws at the slide's size (the same drawing as the PNG on the
slide): each annotation and the legend inside the picture, the legend clear of the x-axis title. Slides are
checked in the PDF (pdftotext -bbox-layout): every line of text on the page, no two lines on top of each
other, the Dutch numbers grouped with a point.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import dashboard.pages  # noqa: F401 (registers the pages)
from dashboard import formatting as fmt
from dashboard.exports import _kaleido
from dashboard.pack import build
from dashboard.pack.items import native_chart
from dashboard.pack.permalinks import items_for_url

G = "GM9999"
URLS = [
    f"/?gemeente={G}&van=2024&tot=2025&indicator=vrijwilligers",
    f"/waarde?gemeente={G}&van=2023&tot=2025",
    f"/behoefte?gemeente={G}",
    f"/portefeuille?gemeente={G}&uitkomst=naar_werk",
    f"/overleving?gemeente={G}&groep=thema",
    "/initiatief?code=INI0002",
]
NUMBER = r"-?[\d.]+"


def pictures(repo, lang: str):
    """The pack items that become pictures (not native charts), in `lang`."""
    out = []
    with fmt.using(lang):
        for url in URLS:
            for item in items_for_url(repo, url + ("&lang=en" if lang == "en" else "")):
                if native_chart(item.figure) is None:
                    out.append(item)
    return out


def _box(svg: str, start: int) -> tuple[float, float, float, float] | None:
    """(left, top, right, bottom) of the group at `start`: its translate plus its background rect."""
    move = re.compile(rf"translate\(({NUMBER}),\s*({NUMBER})\)")
    rect = re.compile(rf'<rect class="bg"[^>]*?width="({NUMBER})" height="({NUMBER})"')
    found_move, found_rect = move.search(svg, start), rect.search(svg, start)
    if not found_move or not found_rect:
        return None
    x, y = (float(v) for v in found_move.groups())
    w, h = (float(v) for v in found_rect.groups())
    return x, y, x + w, y + h


def svg_faults(svg: str, width: int, height: int) -> list[str]:
    bad = []
    boxes = {}
    for match in re.finditer(r'<g class="annotation"', svg):
        boxes[f"annotation {match.start()}"] = _box(svg, match.start())
    legend = re.search(r'<g class="legend"', svg)
    if legend:
        boxes["legend"] = _box(svg, legend.start())
    for name, box in boxes.items():
        if box is None:
            continue
        left, top, right, bottom = box
        if left < -1 or top < -1 or right > width + 1 or bottom > height + 1:
            bad.append(f"{name} {box} outside the {width} x {height} picture")
    title = re.search(
        rf'<g class="g-xtitle"[^>]*>.*?<text[^>]*?y="({NUMBER})"[^>]*font-size: ({NUMBER})px', svg
    )
    if title and boxes.get("legend"):
        baseline, size = float(title.group(1)), float(title.group(2))
        _, top, _, bottom = boxes["legend"]
        if top < baseline + 0.3 * size and bottom > baseline - size:
            bad.append(f"legend {boxes['legend']} over the x-axis title at {baseline}")
    return bad


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_picture_keeps_its_notes_and_legend_inside_and_apart(demo_repo, lang):
    kaleido = _kaleido()
    items = pictures(demo_repo, lang)
    assert len(items) >= 12
    bad = []
    for item in items:
        width, height = build.item_size(item)
        if not build.is_map(item.figure):
            assert width == build.SLIDE_SIZE[0], (item.title, width)  # a chart is drawn at slide width
        svg = kaleido.calc_fig_sync(item.figure, opts={"format": "svg", "width": width, "height": height})
        bad += [(item.title, fault) for fault in svg_faults(svg.decode(), width, height)]
    assert not bad, bad


def test_a_map_is_drawn_at_the_size_its_view_was_fitted_for(demo_repo):
    (item,) = items_for_url(demo_repo, f"/behoefte?gemeente={G}&grafiek=kaart")
    assert build.is_map(item.figure) and build.item_size(item) == (560, 440)
    (item,) = items_for_url(demo_repo, f"/portefeuille?gemeente={G}&grafiek=thema")
    assert not build.is_map(item.figure) and build.item_size(item)[0] == 1200


def pdf_lines(pdf: bytes, tmp_path: Path) -> list[tuple[int, float, float, str, tuple[float, ...]]]:
    """(page, page width, page height, text, (xMin, yMin, xMax, yMax)) of every line of text in the PDF."""
    source = tmp_path / "pack.pdf"
    source.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", str(source), "-"], capture_output=True, check=True, text=True
    ).stdout
    out = []
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", html, re.S), start=1):
        w, h = (float(v) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        for line in re.findall(r"<line (.*?)</line>", page, re.S):
            box = tuple(float(v) for v in re.findall(r'[xy]M(?:in|ax)="([\d.]+)"', line)[:4])
            words = " ".join(re.findall(r">([^<]+)</word>", line))
            out.append((number, w, h, words, box))
    return out


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_text_on_a_slide_is_cut_off_or_drawn_over_other_text(demo_repo, tmp_path, lang):
    urls = [
        f"/?gemeente={G}&van=2024&tot=2025&indicator=vrijwilligers&grafiek=kaart,trend",
        f"/portefeuille?gemeente={G}&uitkomst=naar_werk&grafiek=jaar",
        f"/overleving?gemeente={G}&groep=thema",
    ]
    urls = [u + ("&lang=en" if lang == "en" else "") for u in urls]
    (pdf,) = build.build(demo_repo, urls, "pdf", lang)
    lines = pdf_lines(pdf, tmp_path)
    bad = []
    for page, w, h, text, (x0, y0, x1, y1) in lines:
        if x0 < 0 or y0 < 0 or x1 > w + 0.5 or y1 > h + 0.5:
            bad.append((page, text, "off the slide"))
    for i, (page, _, _, text, a) in enumerate(lines):
        for other_page, _, _, other, b in lines[i + 1 :]:
            if other_page != page:
                continue
            across = min(a[2], b[2]) - max(a[0], b[0])
            down = min(a[3], b[3]) - max(a[1], b[1])
            if across > 2 and down > 0.25 * min(a[3] - a[1], b[3] - b[1]):
                bad.append((page, text, other, "drawn over each other"))
    assert not bad, bad[:10]
    texts = [text for _, _, _, text, _ in lines]
    if lang == "nl":  # the native charts' axes in Dutch notation, as a Dutch PowerPoint shows them
        assert (
            "1.200" in texts and "500.000" in texts and not any(re.fullmatch(r"\d+,\d{3}", t) for t in texts)
        )
    else:
        assert "1,200" in texts and "500,000" in texts
    assert not any(t.endswith(".00") or t.endswith(",00") for t in texts)  # no cents on an axis of euros


def test_png_downloads_keep_labels_title_legend_and_footnote_apart(demo_repo):
    """A chart's PNG download (and the pack's --format png) wrote its title block over the legend, cut a
    long selection at the right edge and squeezed the bar chart's category names into a fixed 70 px left
    margin ('enzaamheid' for 'Eenzaamheid')."""
    from dashboard import exports

    kaleido = _kaleido()
    width, height = exports.PNG_SIZE
    bad, seen = [], 0
    for item in pictures(demo_repo, "nl"):
        if item.data is None or build.is_map(item.figure):
            continue
        seen += 1
        fig = exports.png_figure(item.figure, item.data.meta)
        own = item.figure.layout.margin.l or 0
        if fig.layout.margin.l < own:
            bad.append((item.title, "left margin", fig.layout.margin.l, own))
        svg = kaleido.calc_fig_sync(fig, opts={"format": "svg", "width": width, "height": height}).decode()
        bad += [(item.title, fault) for fault in svg_faults(svg, width, height)]
        title = re.search(r'<g class="g-gtitle">.*?</g>', svg, re.S).group(0)
        lines = [float(y) for y in re.findall(rf'<tspan[^>]*? y="({NUMBER})"', title)] or [
            float(re.search(rf'y="({NUMBER})"', title).group(1))
        ]
        steps = re.findall(rf'dy="({NUMBER})em"', title)
        last = max(lines) + (max(float(s) for s in steps) * 13 if steps else 0)
        legend = re.search(r'<g class="legend"', svg)
        if legend and _box(svg, legend.start())[1] < last + 2:
            bad.append((item.title, "legend over the title block", _box(svg, legend.start()), last))
    assert seen >= 8 and not bad, (seen, bad)
