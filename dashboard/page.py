"""One record per page: everything the app derives from a page (registration, navigation, URL sync, permalinks).

The records themselves live with their pages (`PAGE = Page(...)` in dashboard/pages/<page>.py) and are listed
once, in order, in dashboard/pages/__init__.py (PAGES). Adding a page: its page module with its record, its
callbacks/views module, and one line in that list (docs/architecture.md, "Adding a page").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

# A page's pack items: (repo, filters, permalink, chosen chart names) -> [PackItem] (dashboard/pack/items.py)
PackItems = Callable[[Any, Any, str, set[str]], list]


class PageState(Protocol):
    """A page's validated state: built from URL parameters (or control values), written back as a query."""

    @classmethod
    def from_query(cls, query: Mapping[str, Any] | None) -> PageState: ...

    def to_search(self) -> str: ...


@dataclass(frozen=True)
class Page:
    """A page of the dashboard and what the rest of the app needs to know about it."""

    key: str  # code name (English): the navigation link's id ids.nav(key), 'active' in the shell, exports
    path: str | None  # the URL path (Dutch: it is in links people paste); None = Dash's 'page not found'
    label: Mapping[str, str]  # {"nl": ..., "en": ...}: the navigation label and the page's name
    build: Callable[[Any, dict], Any]  # (repository, URL query) -> the page's layout
    title: str | None = None  # the browser tab's title (default "Wijkwaarde – " + the Dutch label)
    nav: bool = False  # shown in the navigation bar (in the order of PAGES)
    state: type[PageState] | None = None  # the validated state (from_query/to_search) the URL holds
    controls: Mapping[str, str] = field(default_factory=dict)  # state field -> component id of its control
    # The page writes its state to the address bar: its callback puts the query in the store
    # ids.url_query(key); one clientside callback writes it (dashboard/callbacks/url_sync.py) and the
    # language switch and navigation follow it. `shared` turns the query into the selection other pages get.
    url_sync: bool = False
    shared: Callable[[Any, str], str] | None = None  # (repository, query) -> query for the other pages
    callbacks: tuple[Callable[[Any, Any], dict], ...] = ()  # register(app, repository) -> {name: callback}
    pack_items: PackItems | None = None  # the page's items in a council pack, from its permalink
    charts: frozenset[str] = frozenset()  # chart names a permalink's `grafiek=` may choose (allow-list)
    routes: Callable[[Any], None] | None = None  # extra Flask routes (server) -> None, e.g. redirects

    @property
    def tab_title(self) -> str:
        return self.title or f"Wijkwaarde – {self.label['nl']}"

    def name(self, lang: str) -> str:
        return self.label.get(lang) or self.label["nl"]


_REGISTRY: list[tuple[Page, ...]] = []


def register_pages(records: tuple[Page, ...]) -> None:
    """Called once by dashboard/pages/__init__.py with PAGES: the registry sits on top of the import graph
    (pages -> callbacks -> views), so the shell, the links callback and the permalinks read it here at run
    time instead of importing a page module."""
    _REGISTRY[:] = [tuple(records)]


def pages() -> tuple[Page, ...]:
    """Every page, in navigation order (dashboard/pages/__init__.py PAGES)."""
    if not _REGISTRY:
        raise RuntimeError("no pages registered: import dashboard.pages (the app factory does)")
    return _REGISTRY[0]


def nav_pages() -> tuple[Page, ...]:
    return tuple(p for p in pages() if p.nav)


def by_key(key: str) -> Page | None:
    return next((p for p in pages() if p.key == key), None)


def by_path(path: str) -> Page | None:
    return next((p for p in pages() if p.path is not None and p.path == path), None)
