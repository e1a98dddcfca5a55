"""Dutch notation in the interface, English in English: dropdown texts, axis numbers."""

from __future__ import annotations

import json

import dash
import pytest

from dashboard.app import create_app
from dashboard.components.dropdown import LABELS
from tests.dashboard.test_app import render_page


def _dropdowns(node) -> list[dict]:
    found = []
    if isinstance(node, dict):
        if node.get("type") == "Dropdown" and node.get("namespace") == "dash_core_components":
            found.append(node["props"])
        for value in node.values():
            found += _dropdowns(value)
    elif isinstance(node, list):
        for value in node:
            found += _dropdowns(value)
    return found


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_dropdown_of_every_page_speaks_the_page_language(demo_repo, lang):
    app = create_app(demo_repo)
    client = app.server.test_client()
    paths = sorted({p["path"] for p in dash.page_registry.values()})
    seen = 0
    for path in paths:
        layout = json.loads(render_page(client, path, "?lang=en" if lang == "en" else ""))
        for props in _dropdowns(layout):
            seen += 1
            assert props.get("labels") == LABELS[lang], (path, props.get("id"))
    assert seen >= 10  # the filter bars of the overview, need, portfolio, survival, value and profile pages
