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
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _text(slide, MARGIN, Inches(2.2), WIDTH - 2 * MARGIN, Inches(1.2), title, 40, bold=True)
    subtitle = TEXTS[lang]["subtitle"].format(day=fmt.day(made_on)) + " · " + TEXTS[lang]["items"].format(n=n)
    _text(slide, MARGIN, Inches(3.5), WIDTH - 2 * MARGIN, Inches(0.8), subtitle, 20, colour=MUTED)
    if fictional:
        _text(slide, MARGIN, Inches(4.5), WIDTH - 2 * MARGIN, Inches(0.8), TEXTS[lang]["fictional"], 18,
              bold=True, colour=WARNING)  # fmt: skip


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
    value_axis.tick_labels.number_format = "#,##0" + (
        "." + "0" * chart.y_decimals if chart.y_decimals else ""
    )
    value_axis.tick_labels.number_format_is_linked = False
    for i, plot_series in enumerate(graphic.plots[0].series):
        colour = CHART_COLOURS[i % len(CHART_COLOURS)]
        if chart.kind == "bar":
            plot_series.format.fill.solid()
            plot_series.format.fill.fore_color.rgb = colour
        else:
            plot_series.format.line.color.rgb = colour
            plot_series.format.line.width = Pt(3 if i == 0 else 2)


def _footnote(slide, item: PackItem, lang: str) -> None:
    top = HEIGHT - Inches(1.05)
    box = slide.shapes.add_textbox(MARGIN, top, WIDTH - 2 * MARGIN, Inches(0.95))
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = item.slide_footnote
    run.font.size = Pt(10)
    run.font.color.rgb = MUTED
    link = frame.add_paragraph()
    label = link.add_run()
    label.text = TEXTS[lang]["permalink"] + ": "
    label.font.size = Pt(10)
    label.font.color.rgb = MUTED
    url = link.add_run()
    url.text = item.permalink
    url.font.size = Pt(10)
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
    _text(slide, MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.8), item.title, 28, bold=True)
    if item.stories is not None:
        _stories(slide, item)
        _footnote(slide, item, lang)
        return
    left, top = MARGIN, Inches(1.15)
    width, height = WIDTH - 2 * MARGIN, HEIGHT - Inches(1.15) - Inches(1.15)
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


def _sources_slide(prs, items: Sequence[PackItem], lang: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _text(slide, MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.8), TEXTS[lang]["sources"], 28, bold=True)
    box = slide.shapes.add_textbox(MARGIN, Inches(1.2), WIDTH - 2 * MARGIN, HEIGHT - Inches(1.6))
    frame = box.text_frame
    frame.word_wrap = True
    seen: list[str] = []
    for item in items:
        for source in item.sources:
            if source not in seen:
                seen.append(source)
    first = True
    for line in seen + [f"{i}. {item.title}: {item.permalink}" for i, item in enumerate(items, 1)]:
        paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
        first = False
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(12)
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
