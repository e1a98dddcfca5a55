"""The initiative list in the page's notation: Dutch '24-07-2021' and '€ 4.950', English '24 Jul 2021' and
'€ 4,950' (found by a probe: the English page showed Dutch dates and money in the grid)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("lang", "date", "money"),
    [
        ("nl", r"^\d{2}-\d{2}-\d{4}$", r"^€\s\d{1,3}(\.\d{3})*$"),
        ("en", r"^\d{1,2} [A-Z][a-z]{2} \d{4}$", r"^€ \d{1,3}(,\d{3})*$"),
    ],
)
def test_the_list_writes_dates_and_money_in_the_page_language(tab, demo_url, lang, date, money):
    tab.goto(demo_url + "/?gemeente=GM9999&van=2024&tot=2024" + ("&lang=en" if lang == "en" else ""))
    tab.wait_for_selector("#overview-table .ag-cell[col-id='start']", timeout=60_000)
    starts = tab.eval_on_selector_all(
        "#overview-table .ag-cell[col-id='start']", "cs => cs.map(c => c.innerText)"
    )
    grants = tab.eval_on_selector_all(
        "#overview-table .ag-cell[col-id='subsidie']", "cs => cs.map(c => c.innerText)"
    )
    assert starts and all(re.match(date, s) for s in starts if s), starts[:5]
    shown = [g.replace("\u00a0", " ") for g in grants if g]
    assert shown and all(re.match(money, g) for g in shown), shown[:5]
