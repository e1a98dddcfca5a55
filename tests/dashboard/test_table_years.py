"""A year in a chart's data table is a year, not an amount: '2025', never '2.025' (Dutch) or '2,025' (English).
Found by a probe in the profile's trend table and the overview map's table of a CBS statistic."""

from __future__ import annotations

import json
import re

import pytest

from dashboard.app import create_app
from dashboard.charts import PAGES
from dashboard.components.wire import wire

AMOUNT_LIKE_YEAR = re.compile(r'"children": "(?:19|20)?\d[.,]\d{3}"')


@pytest.fixture(scope="module")
def demo(demo_repo):
    create_app(demo_repo)  # registers the pages
    return demo_repo


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_years_in_data_tables_are_written_as_years(demo, lang):
    cases = [
        ("overview", {"gemeente": "GM9999", "kaart": "stat:woz_waarde", "lang": lang}, "map"),
        (
            "overview",
            {"gemeente": "GM9999", "kaart": "stat:inwoners", "van": 2024, "tot": 2024, "lang": lang},
            "map",
        ),
        ("profile", {"gemeente": "GM9999", "cijfer": "inwoners", "lang": lang}, "trend"),
    ]
    for page, query, name in cases:
        found = PAGES[page]
        chart = found.chart(demo, found.state(query), name)
        text = json.dumps(wire(chart.table()))
        years = re.findall(r'"children": "(20[12]\d)"', text)
        assert years, (page, query)  # the table has its years
        assert not [m for m in AMOUNT_LIKE_YEAR.findall(text) if re.search(r"2[.,]0[12]\d", m)], (page, query)
