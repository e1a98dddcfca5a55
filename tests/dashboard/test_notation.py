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


def test_numbers_and_dates_follow_the_language_of_the_request():
    from datetime import date

    from dashboard import formatting as fmt

    assert (fmt.number(1234.5, 1), fmt.euro(441000), fmt.day(date(2026, 11, 23))) == (
        "1.234,5",
        "€ 441.000",
        "23-11-2026",
    )
    with fmt.using("en"):
        assert (fmt.number(1234.5, 1), fmt.euro(441000), fmt.day(date(2026, 11, 23))) == (
            "1,234.5",
            "€ 441,000",
            "23 Nov 2026",
        )
        assert fmt.plotly_separators() == ".,"
    assert fmt.number(1234.5, 1) == "1.234,5" and fmt.plotly_separators() == ",."


def test_an_english_page_reads_english_numbers_a_dutch_page_dutch(demo_repo):
    import re

    app = create_app(demo_repo)
    client = app.server.test_client()
    dutch = render_page(client, "/gegevens", "")
    english = render_page(client, "/gegevens", "?lang=en")
    grouped_nl = re.findall(r'"\d{1,3}(?:\.\d{3})+"', dutch)
    grouped_en = re.findall(r'"\d{1,3}(?:,\d{3})+"', english)
    assert grouped_nl and grouped_en  # the row counts of the demo's batches
    assert sorted(g.replace(".", ",") for g in grouped_nl) == sorted(grouped_en)
    assert re.search(r'"\d{2}-\d{2}-\d{4} \d{2}:\d{2}"', dutch)
    assert re.search(r'"\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}"', english)
