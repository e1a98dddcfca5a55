"""From a permalink (a page's URL with its whole state in the query) to the items of that view.

A page that can go into a pack says so in its record (dashboard/page.py): `pack_items`, a function
(repo, filters, permalink, chosen) -> items, and `charts`, the names `grafiek=kaart,trend` may choose.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlsplit

from dashboard.filters import Filters, capped
from dashboard.pack.items import PackItem
from dashboard.page import Page, pages
from dashboard.repository import Repository


class UnknownView(ValueError):
    """The URL is not a page that can be exported."""


SAFE_URL = re.compile(r"^https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~\-/%]*)?$")


def public_base(environ: Mapping[str, str] | None = None) -> str:
    """The site's public address for the permalinks in a pack: WIJKWAARDE_PUBLIC_URL, e.g.
    'https://wijkwaarde.example.nl' (a path after it is kept, a trailing slash dropped).

    Without it, or when it is not a plain http(s) address (user info, query, fragment, spaces...), permalinks
    stay relative ('/portefeuille?...'). Never the request's Host header: any client chooses that one.
    """
    env = os.environ if environ is None else environ
    value = (env.get("WIJKWAARDE_PUBLIC_URL") or "").strip()
    return value.rstrip("/") if SAFE_URL.fullmatch(value) else ""


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
