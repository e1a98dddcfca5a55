"""What a page says is text, not Markdown source: no literal backticks on any page, with or without data."""

from __future__ import annotations

import json

import pytest

from dashboard.app import create_app
from dashboard.components.text import with_code
from dashboard.pages import PAGES
from dashboard.repository import DuckDBRepository
from tests.dashboard.test_app import render_page


def texts(node) -> list[str]:
    """Every string a page shows (children), anywhere in its layout."""
    out: list[str] = []
    if isinstance(node, dict):
        children = node.get("children")
        if isinstance(children, str):
            out.append(children)
        for value in node.values():
            out += texts(value)
    elif isinstance(node, list):
        for value in node:
            out += texts(value)
    return out


@pytest.mark.parametrize("loaded", [True, False], ids=["data", "empty"])
def test_no_page_shows_markdown_backticks(warehouse_home, tmp_path, loaded):
    client = create_app(DuckDBRepository(warehouse_home if loaded else tmp_path)).server.test_client()
    commands = 0
    for path in sorted({p.path for p in PAGES if p.path is not None}):
        for search in ("", "?lang=en"):
            page = json.loads(render_page(client, path, search))["response"]["_pages_content"]
            shown = texts(page)
            assert not [s for s in shown if "`" in s], (path, search)
            commands += "wijkwaarde load" in shown
    assert commands > 0  # the command is still there, as <code>


def test_code_spans():
    parts = with_code("Laad ze met `wijkwaarde load`.")
    assert parts[0] == "Laad ze met " and parts[1].children == "wijkwaarde load" and parts[2] == "."
    assert type(parts[1]).__name__ == "Code"
    assert with_code("één ` los") == ["één ` los"]


def test_the_page_has_one_footer_landmark(warehouse_home):
    """Dash's own script container was a second <footer> (axe: landmark-no-duplicate-contentinfo)."""
    index = create_app(DuckDBRepository(warehouse_home)).server.test_client().get("/").get_data(as_text=True)
    assert "<footer" not in index  # the shell's footer is the page's only one (rendered by Dash)
