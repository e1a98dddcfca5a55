"""The council pack as PPTX: 16:9, a title slide, one slide per item, a sources slide at the end.

Line and bar charts become native PowerPoint charts (editable, their series equal the figure's data);
maps and other figures become images. Every item slide carries its footnote (selection, sources with
batch ids, data date, fictional-data note) and its permalink. python-pptx keeps 4:3 placeholder geometry
on a 16:9 slide, so everything is placed on a blank layout by hand.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Emu, Inches, Pt

from dashboard import formatting as fmt
from dashboard.figure_margins import text_size
from dashboard.pack.items import NativeChart, PackItem, native_chart

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 13,333 x 7,5 inch: PowerPoint's own 16:9
MARGIN = Inches(0.5)
DARK = RGBColor(0x21, 0x25, 0x29)
MUTED = RGBColor(0x49, 0x50, 0x57)
WARNING = RGBColor(0x85, 0x4D, 0x0E)
CHART_COLOURS = [RGBColor(0x0B, 0x4F, 0x8A), RGBColor(0xB3, 0x3C, 0x00), RGBColor(0x2B, 0x7A, 0x3D)]
TEXTS = {
    "nl": {
        "subtitle": "Raadspakket, gemaakt op {day}",
        "fictional": "Fictieve gegevens (Demostad): niet gebruiken als cijfers van een echte gemeente.",
        "sources": "Bronnen",
        "permalink": "Link naar deze weergave",
        "items": "{n} grafieken en kaarten",
    },
    "en": {
        "subtitle": "Council pack, made on {day}",
        "fictional": "Fictional data (Demostad): not the figures of a real municipality.",
        "sources": "Sources",
        "permalink": "Link to this view",
        "items": "{n} charts and maps",
    },
}

ImageMaker = Callable[[PackItem], bytes]
LINE_HEIGHT = 1.2  # a text line's height in font sizes
BOLD = 1.15  # DejaVu Sans Bold is 12-14% wider than Book (measured with PIL on the slide titles)
BOX_PAD = Inches(0.1)  # a text box's inner margins, top and bottom together (0.05 inch each)
TITLE_SIZE, TITLE_MIN = 28, 20  # an item slide's title, shrunk to one line down to TITLE_MIN
TITLE_TOP, CHART_TOP = Inches(0.3), Inches(1.15)
FOOTNOTE_SIZE = 10


def text_lines(text: str, size: float, width: int, bold: bool = False) -> int:
    """How many lines `text` at `size` pt takes in a box `width` EMU wide (word wrap, measured with the
    widths of DejaVu Sans, the widest usual font: LibreOffice's and most viewers' substitutes are narrower)."""
    room = (width - Inches(0.2)) / 12700  # the box's left and right insets (0.1 inch each), in points
    factor = BOLD if bold else 1.0
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            w = text_size(word, size)[0] * factor
            space = text_size(" ", size)[0] * factor if used else 0.0
            if used and used + space + w > room:
                lines += 1
                used = w
            else:
                used += space + w
    return lines


def text_height(lines: int, size: float) -> int:
    """The height in EMU of a text box holding `lines` lines at `size` pt."""
    return int(Pt(size * LINE_HEIGHT * lines) + BOX_PAD)


def fitted_size(text: str, width: int, size: int, smallest: int, lines: int = 1, bold: bool = True) -> int:
    """The largest font size from `size` down to `smallest` at which `text` takes at most `lines` lines."""
    while size > smallest and text_lines(text, size, width, bold) > lines:
        size -= 1
    return size


def _text(slide, left, top, width, height, text: str, size: int, bold=False, colour=DARK):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = colour
    return box


def _title_slide(prs, title: str, lang: str, n: int, fictional: bool, made_on: date) -> None:
    """Title, subtitle and the fictional-data warning one under the other: each box as tall as its text
    (a title of two lines pushed the subtitle under it before)."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    width = WIDTH - 2 * MARGIN
    subtitle = TEXTS[lang]["subtitle"].format(day=fmt.day(made_on)) + " · " + TEXTS[lang]["items"].format(n=n)
    blocks = [(title, fitted_size(title, width, 40, 28, lines=2), True, DARK), (subtitle, 20, False, MUTED)]
    if fictional:
        blocks.append((TEXTS[lang]["fictional"], 18, True, WARNING))
    top = Inches(2.0)
    for text, size, bold, colour in blocks:
        height = text_height(text_lines(text, size, width, bold), size)
        _text(slide, MARGIN, top, width, height, text, size, bold=bold, colour=colour)
        top += height + Inches(0.25)


def _native(slide, chart: NativeChart, left, top, width, height) -> None:
    data = CategoryChartData(
        number_format="#,##0" + ("." + "0" * chart.y_decimals if chart.y_decimals else "")
    )
    data.categories = chart.categories
    for name, values in chart.series:
        data.add_series(name, values)
    kind = XL_CHART_TYPE.COLUMN_CLUSTERED if chart.kind == "bar" else XL_CHART_TYPE.LINE_MARKERS
    graphic = slide.shapes.add_chart(kind, left, top, width, height, data).chart
    graphic.has_legend = len(chart.series) > 1
    if graphic.has_legend:
        graphic.legend.position = XL_LEGEND_POSITION.BOTTOM
        graphic.legend.include_in_layout = False
    graphic.font.size = Pt(12)
    for axis, title in ((graphic.value_axis, chart.y_title), (graphic.category_axis, chart.x_title)):
        if title:
            axis.has_title = True
            axis.axis_title.text_frame.text = title
    # The value axis as on the page: from 0 where the page starts at 0 (a count axis from 3.300 makes
    # growth look larger than it is), thousands grouped ('4.100' in a Dutch PowerPoint, not '4100').
    value_axis = graphic.value_axis
    if chart.y_range is not None:
        value_axis.minimum_scale, value_axis.maximum_scale = chart.y_range
    elif chart.y_from_zero and all(v is None or v >= 0 for _, values in chart.series for v in values):
        value_axis.minimum_scale = 0
    # ticks are round numbers: no cents on an axis of thousands of euros ('500.000', not '500.000,00')
    largest = max((abs(v) for _, values in chart.series for v in values if v is not None), default=0.0)
    tick_decimals = 0 if largest >= 100 else chart.y_decimals
    value_axis.tick_labels.number_format = "#,##0" + ("." + "0" * tick_decimals if tick_decimals else "")
    value_axis.tick_labels.number_format_is_linked = False
    for i, plot_series in enumerate(graphic.plots[0].series):
        colour = CHART_COLOURS[i % len(CHART_COLOURS)]
        if chart.kind == "bar":
            plot_series.format.fill.solid()
            plot_series.format.fill.fore_color.rgb = colour
        else:
            plot_series.format.line.color.rgb = colour
            plot_series.format.line.width = Pt(3 if i == 0 else 2)


def footnote_height(item: PackItem, lang: str) -> int:
    """The footnote box's height in EMU: as many lines as its text and permalink take (a long selection,
    such as the survival page's stopping rule, runs to six lines)."""
    width = WIDTH - 2 * MARGIN
    lines = text_lines(item.slide_footnote, FOOTNOTE_SIZE, width)
    lines += text_lines(f"{TEXTS[lang]['permalink']}: {item.permalink}", FOOTNOTE_SIZE, width)
    return text_height(lines, FOOTNOTE_SIZE)


def _footnote(slide, item: PackItem, lang: str) -> None:
    height = footnote_height(item, lang)
    box = slide.shapes.add_textbox(MARGIN, HEIGHT - Inches(0.1) - height, WIDTH - 2 * MARGIN, height)
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = item.slide_footnote
    run.font.size = Pt(FOOTNOTE_SIZE)
    run.font.color.rgb = MUTED
    link = frame.add_paragraph()
    label = link.add_run()
    label.text = TEXTS[lang]["permalink"] + ": "
    label.font.size = Pt(FOOTNOTE_SIZE)
    label.font.color.rgb = MUTED
    url = link.add_run()
    url.text = item.permalink
    url.font.size = Pt(FOOTNOTE_SIZE)
    url.hyperlink.address = item.permalink


def _stories(slide, item: PackItem) -> None:
    """A Verhalen slide: one column per story, its photo above its text and provenance (text frames only:
    the story stays plain text)."""
    stories = item.stories or []
    gap = Inches(0.4)
    width = int((WIDTH - 2 * MARGIN - gap * (len(stories) - 1)) / max(len(stories), 1))
    for i, story in enumerate(stories):
        left = int(MARGIN + i * (width + gap))
        top = Inches(1.15)
        if story.photo is not None and story.photo.is_file():
            picture = slide.shapes.add_picture(str(story.photo), left, top, height=Inches(2.4))
            if picture.width > width:
                ratio = width / picture.width
                picture.width, picture.height = int(width), int(picture.height * ratio)
            top = int(top + picture.height + Inches(0.15))
        _text(slide, left, top, width, Inches(1.8), story.text, 14)
        _text(slide, left, HEIGHT - Inches(1.6), width, Inches(0.5), story.provenance, 10, colour=MUTED)


def _item_slide(prs, item: PackItem, lang: str, image: ImageMaker) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    title_size = fitted_size(item.title, WIDTH - 2 * MARGIN, TITLE_SIZE, TITLE_MIN)  # one line over the chart
    _text(
        slide, MARGIN, TITLE_TOP, WIDTH - 2 * MARGIN, CHART_TOP - TITLE_TOP, item.title, title_size, bold=True
    )
    if item.stories is not None:
        _stories(slide, item)
        _footnote(slide, item, lang)
        return
    # the chart takes what the title and the footnote leave (a footnote of six lines takes more)
    left, top = MARGIN, CHART_TOP
    width = WIDTH - 2 * MARGIN
    height = HEIGHT - Inches(0.1) - footnote_height(item, lang) - Inches(0.1) - CHART_TOP
    chart = native_chart(item.figure)
    if chart is not None:
        _native(slide, chart, left, top, width, height)
    else:
        png = image(item)
        picture = slide.shapes.add_picture(io.BytesIO(png), left, top, height=height)
        if picture.width > width:  # keep the aspect ratio inside the chart area
            ratio = width / picture.width
            picture.width, picture.height = int(width), int(picture.height * ratio)
        picture.left = Emu(int(left + (width - picture.width) / 2))
    _footnote(slide, item, lang)


SOURCES_SIZE = 12


def _sources_slide(prs, items: Sequence[PackItem], lang: str) -> None:
    """The sources and every item's permalink; on as many slides as they need (40 items and their sources
    ran off the bottom of one slide)."""
    seen: list[str] = []
    for item in items:
        for source in item.sources:
            if source not in seen:
                seen.append(source)
    lines = seen + [f"{i}. {item.title}: {item.permalink}" for i, item in enumerate(items, 1)]
    width, top = WIDTH - 2 * MARGIN, Inches(1.2)
    room = HEIGHT - top - Inches(0.3)
    pages: list[list[str]] = [[]]
    used = 0
    for line in lines:
        height = Pt(SOURCES_SIZE * LINE_HEIGHT * text_lines(line, SOURCES_SIZE, width))
        if pages[-1] and used + height + BOX_PAD > room:
            pages.append([])
            used = 0
        pages[-1].append(line)
        used += height
    for page in pages:
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        _text(slide, MARGIN, TITLE_TOP, width, CHART_TOP - TITLE_TOP, TEXTS[lang]["sources"], 28, bold=True)
        frame = slide.shapes.add_textbox(MARGIN, top, width, room).text_frame
        frame.word_wrap = True
        for i, line in enumerate(page):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = line
            run.font.size = Pt(SOURCES_SIZE)
            run.font.color.rgb = DARK


def build_pptx(
    items: Sequence[PackItem],
    title: str,
    image: ImageMaker,
    lang: str = "nl",
    made_on: date | None = None,
    on_slide: Callable[[], None] | None = None,
) -> bytes:
    """The whole pack; `image(item)` renders a PNG for items PowerPoint cannot draw natively."""
    lang = lang if lang in TEXTS else "nl"
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    fictional = any(item.fictional for item in items)
    _title_slide(prs, title, lang, len(items), fictional, made_on or date.today())
    for item in items:
        _item_slide(prs, item, lang, image)
        if on_slide is not None:
            on_slide()
    _sources_slide(prs, items, lang)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
