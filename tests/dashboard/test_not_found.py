"""Unknown addresses: a Dutch (or English) page inside the shell with the navigation; obvious aliases redirect."""

from __future__ import annotations

import json

import pytest

from dashboard import ids
from dashboard.app import create_app
from dashboard.pages import PAGES
from dashboard.repository import DuckDBRepository
from tests.dashboard.test_app import render_page


@pytest.fixture
def client(warehouse_home):
    return create_app(DuckDBRepository(warehouse_home)).server.test_client()


@pytest.mark.parametrize("path", ["/bestaat-niet", "/profiel/extra", "/kaart/oud"])
def test_unknown_path_shows_a_dutch_page_with_the_navigation(client, path):
    page = render_page(client, path, "?gemeente=GM9999")
    assert "Page not found" not in page and "404" not in page
    assert "Pagina niet gevonden" in page
    for key in [p.key for p in PAGES if p.nav]:
        assert f'"id": "{ids.nav(key)}"' in page
    content = json.loads(page)["response"]["_pages_content"]["children"]
    assert '"/gegevens?gemeente=GM9999"' in json.dumps(content)  # the selection travels on


def test_unknown_path_in_english(client):
    content = json.loads(render_page(client, "/nowhere", "?lang=en"))["response"]["_pages_content"]
    page = json.dumps(content, ensure_ascii=False)
    assert "Page not found" in page and "Pagina niet gevonden" not in page
    assert '"Overview"' in page and '"Overzicht"' not in page  # the navigation in English too


@pytest.mark.parametrize(
    ("alias", "target"),
    [("/kaart", "/"), ("/data", "/gegevens"), ("/raadspakket", "/pakket"), ("/overzicht", "/")],
)
def test_obvious_aliases_redirect_keeping_the_selection(client, alias, target):
    response = client.get(alias + "?gemeente=GM9999&lang=en")
    assert response.status_code == 302
    assert response.headers["Location"] == target + "?gemeente=GM9999&lang=en"
    assert client.get(alias).headers["Location"] == target
    assert client.get(target).status_code == 200


def test_alias_redirect_stays_on_this_site(client):
    response = client.get("/kaart?//evil.example/")
    assert response.headers["Location"].startswith("/?")
