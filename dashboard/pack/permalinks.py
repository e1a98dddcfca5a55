"""From a permalink (a page's URL with its whole state in the query) to the items of that view.

A page that can go into a pack says so in its record (dashboard/page.py): `pack_items`, a function
(repo, filters, permalink, chosen) -> items, and `charts`, the names `grafiek=kaart,trend` may choose.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from dashboard.env import public_base  # noqa: F401 (its home was here; callers import it from here)
from dashboard.filters import Filters, capped
from dashboard.pack.items import PackItem
from dashboard.page import Page, pages
from dashboard.repository import Repository


class UnknownView(ValueError):
    """The URL is not a page that can be exported."""


def pack_pages() -> dict[str, Page]:
    """path -> page, of every page that can go into a pack."""
    return {p.path: p for p in pages() if p.pack_items is not None and p.path is not None}


def items_for_url(repo: Repository, url: str) -> list[PackItem]:
    """The items of the view a permalink points at; raises UnknownView for other URLs."""
    parts = urlsplit(url)
    path = parts.path or "/"
    page = pack_pages().get(path)
    if page is None or page.pack_items is None:
        raise UnknownView(f"geen exporteerbare pagina: {path}")
    query = dict(parse_qsl(parts.query, keep_blank_values=False))
    chosen = {c for c in capped(query.pop("grafiek", "")) if c in page.charts}
    return page.pack_items(repo, Filters.from_query(query), url, chosen)
