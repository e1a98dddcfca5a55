"""One record per page (dashboard/page.py): registration, navigation, URL sync and permalinks follow from it."""

from __future__ import annotations

from dash import html

import dashboard.pages
from dashboard import ids
from dashboard.app import create_app
from dashboard.components.shell import create_page, url_stores
from dashboard.filters import Filters
from dashboard.pack.permalinks import items_for_url
from dashboard.page import Page
from dashboard.pages import PAGES
from dashboard.repository import DuckDBRepository
from tests.dashboard.test_app import render_page


def test_every_page_is_registered_once_and_the_navigation_follows_the_registry(warehouse_home):
    create_app(DuckDBRepository(warehouse_home))
    keys = [p.key for p in PAGES]
    paths = [p.path for p in PAGES if p.path is not None]
    assert len(set(keys)) == len(keys) and len(set(paths)) == len(paths)
    assert [p.key for p in PAGES if p.nav] == [
        "overview", "profile", "need", "portfolio", "survival", "value", "indicators", "data", "pack",
    ]  # fmt: skip


def test_pages_with_url_sync_carry_its_stores(warehouse_home):
    client = create_app(DuckDBRepository(warehouse_home)).server.test_client()
    for page in PAGES:
        if page.path is None:
            continue
        layout = render_page(client, page.path, "?gemeente=GM9999")
        has_store = '"type": "url-query"' in layout and f'"page": "{page.key}"' in layout
        assert has_store == page.url_sync, page.key


def test_a_new_page_is_one_record(warehouse_home, monkeypatch):
    """Adding a page: its module with a record, its callbacks, one line in PAGES. Nothing else to touch."""
    calls = []

    def build(repo, query):
        filters = Filters.from_query(query)
        body = [html.H1("Nieuw", id="new-title"), *url_stores("new")]
        return create_page(filters.lang, "new", False, body, filters.to_search())

    def register(app, repo):
        calls.append(app)
        return {"new_render": build}

    def items(repo, filters, permalink, chosen):
        return [f"{permalink} {sorted(chosen)}"]

    new = Page(
        key="new",
        path="/nieuw",
        label={"nl": "Nieuw", "en": "New"},
        build=build,
        nav=True,
        state=Filters,
        url_sync=True,
        callbacks=(register,),
        pack_items=items,
        charts=frozenset({"grafiek1"}),
    )
    monkeypatch.setattr(dashboard.pages, "PAGES", (*PAGES[:-1], new, PAGES[-1]))
    monkeypatch.setattr("dashboard.app.PAGES", dashboard.pages.PAGES)
    monkeypatch.setattr("dashboard.page._REGISTRY", [])  # the app registers the new list; restored after
    app = create_app(DuckDBRepository(warehouse_home))
    assert calls == [app] and "new_render" in app.wijkwaarde_callbacks  # its callbacks are registered
    layout = render_page(app.server.test_client(), "/nieuw", "?gemeente=GM9999")
    assert '"id": "new-title"' in layout  # registered at its path
    assert (
        f'"id": "{ids.nav("new")}"' in layout and '"href": "/nieuw?gemeente=GM9999"' in layout
    )  # in the nav
    links = app.wijkwaarde_callbacks["links_for"]("new", "?gemeente=GM9999", "nl")
    assert links[0] == "/nieuw?gemeente=GM9999&lang=en"  # the language switch follows its URL
    assert (
        items_for_url(None, "/nieuw?gemeente=GM9999&grafiek=grafiek1,x")
        == [
            "/nieuw?gemeente=GM9999&grafiek=grafiek1,x ['grafiek1']"  # permalinks find it; chart names allow-listed
        ]
    )


SAMPLE = (
    "?gemeente=GM9999&thema=voedsel&van=2023&tot=2024&groep=thema&uitkomst=deelnemers&hoog=aandeel_65plus"
)


def test_every_control_of_a_record_is_on_its_page_and_its_state_round_trips(warehouse_home):
    """A record's controls are the page's: each id is in the layout; its URL reopens the same state."""
    from urllib.parse import parse_qsl

    client = create_app(DuckDBRepository(warehouse_home)).server.test_client()
    for page in PAGES:
        if page.controls:
            layout = render_page(client, page.path, SAMPLE)
            missing = [c for c in page.controls.values() if f'"id": "{c}"' not in layout]
            assert missing == [], page.key
        if page.state is not None:
            search = page.state.from_query(dict(parse_qsl(SAMPLE.lstrip("?")))).to_search()
            again = page.state.from_query(dict(parse_qsl(search.lstrip("?"))))
            assert again.to_search() == search, page.key  # the page's URL reopens the same state
