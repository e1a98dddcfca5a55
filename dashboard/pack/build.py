"""One entry point for every pack format, used by the CLI (`wijkwaarde export`) and the basket download."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dashboard import exports, figures, formatting
from dashboard.pack.images import figure_png
from dashboard.pack.items import PackItem
from dashboard.pack.pdf import pptx_to_pdf
from dashboard.pack.permalinks import items_for_url
from dashboard.pack.pptx_pack import build_pptx
from dashboard.repository import Repository

FORMATS = ("pptx", "pdf", "png", "csv", "xlsx")


MAP_TRACES = frozenset({"choroplethmap", "scattermap", "densitymap"})
SLIDE_SIZE = (1200, 560)  # the slide's chart area in px (16:9 slide, title and footnote taken off)
# A chart drawn taller on its page (one bar per theme) keeps its height up to this: the slide scales the
# picture to its chart area (about 5 inch high), so a taller picture would shrink 13 px labels below 8 pt.
TALLEST = 620


def is_map(figure) -> bool:
    """Whether a figure (go.Figure or dict) draws a map. Not `"map" in figure.layout`: a plotly layout
    object answers True for every property it could have, so every picture was drawn at the map's small
    size (560 x 440): notes were cut off at the right and legends ran into axis titles."""
    data = figure.data if hasattr(figure, "data") else (figure or {}).get("data", [])
    return any((t.type if hasattr(t, "type") else t.get("type")) in MAP_TRACES for t in data)


def item_size(item: PackItem) -> tuple[int, int]:
    """Maps at the size their view was fitted for (so the framing holds), other figures at slide width and
    at least slide height (the figure's own height when it is taller: the bars keep their room)."""
    if is_map(item.figure):
        return figures.MAP_SIZE
    layout = item.figure.layout if hasattr(item.figure, "layout") else item.figure.get("layout", {})
    own = layout.height if hasattr(layout, "height") else layout.get("height")
    width, height = SLIDE_SIZE
    return width, int(min(max(height, own or 0), TALLEST))


def item_png(item: PackItem) -> bytes:
    width, height = item_size(item)
    return figure_png(item.figure, width=width, height=height)


def _titled_png(item: PackItem, step: Callable[[], None]) -> bytes:
    png = exports.render_png(exports.png_figure(item.figure, item.data.meta))
    step()
    return png


def collect(repo: Repository, urls: Sequence[str]) -> list[PackItem]:
    items: list[PackItem] = []
    for url in urls:
        items.extend(items_for_url(repo, url))
    return items


def pack_title(repo: Repository) -> str:
    names = repo.gemeenten()["name"].tolist()
    return f"Wijkwaarde – {names[0]}" if len(names) == 1 else "Wijkwaarde"


Progress = Callable[[int, int], None]


def build(
    repo: Repository, urls: Sequence[str], fmt: str, lang: str = "nl", progress: Progress | None = None
) -> list[bytes]:
    """The files of a pack: one PPTX or PDF, or one PNG per item. `progress(done, total)` after each step.

    The pack follows one language: its numbers and dates too (it may be built outside any request)."""
    with formatting.using(lang):
        return _build(repo, urls, fmt, lang, progress)


def _build(
    repo: Repository, urls: Sequence[str], fmt: str, lang: str, progress: Progress | None
) -> list[bytes]:
    if fmt not in FORMATS:
        raise ValueError(f"onbekend formaat {fmt!r}; kies uit {', '.join(FORMATS)}")
    items = collect(repo, urls)
    total = len(items) + (1 if fmt == "pdf" else 0)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    def image(item: PackItem) -> bytes:
        png = item_png(item)
        step()
        return png

    if fmt == "png":
        # A loose image carries its own title, selection, source and date (exports.png_figure).
        return [image(item) if item.data is None else _titled_png(item, step) for item in items]
    if fmt in ("csv", "xlsx"):
        # Exactly the data behind each chart, after small-number protection, with its metadata lines.
        tables = [item for item in items if item.data is not None]
        return [exports.to_csv(i.data) if fmt == "csv" else exports.to_xlsx(i.data) for i in tables]
    pptx = build_pptx(items, pack_title(repo), item_png, lang=lang, on_slide=step)
    if fmt == "pptx":
        return [pptx]
    pdf = pptx_to_pdf(pptx, lang=lang)
    step()
    return [pdf]
