"""One entry point for every pack format, used by the CLI (`wijkwaarde export`) and the basket download."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

from dashboard import figures
from dashboard.pack.images import figure_png
from dashboard.pack.items import PackItem
from dashboard.pack.pdf import pptx_to_pdf
from dashboard.pack.permalinks import items_for_url
from dashboard.pack.pptx_pack import build_pptx
from dashboard.repository import Repository

FORMATS = ("pptx", "pdf", "png")


def item_png(item: PackItem) -> bytes:
    """Maps at the size their view was fitted for (so the framing holds), other figures at slide shape."""
    width, height = figures.MAP_SIZE if "map" in item.figure.layout else (1200, 560)
    with warnings.catch_warnings():  # plotly passes options the long-lived kaleido server ignores
        warnings.simplefilter("ignore", UserWarning)
        return figure_png(item.figure, width=width, height=height)


def collect(repo: Repository, urls: Sequence[str]) -> list[PackItem]:
    items: list[PackItem] = []
    for url in urls:
        items.extend(items_for_url(repo, url))
    return items


def pack_title(repo: Repository) -> str:
    names = repo.gemeenten()["name"].tolist()
    return f"Wijkwaarde – {names[0]}" if len(names) == 1 else "Wijkwaarde"


def build(repo: Repository, urls: Sequence[str], fmt: str, lang: str = "nl") -> list[bytes]:
    """The files of a pack: one PPTX or PDF, or one PNG per item."""
    if fmt not in FORMATS:
        raise ValueError(f"onbekend formaat {fmt!r}; kies uit {', '.join(FORMATS)}")
    items = collect(repo, urls)
    if fmt == "png":
        return [item_png(item) for item in items]
    pptx = build_pptx(items, pack_title(repo), item_png, lang=lang)
    return [pptx] if fmt == "pptx" else [pptx_to_pdf(pptx)]
