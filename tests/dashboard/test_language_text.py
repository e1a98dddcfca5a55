"""A page speaks one language: no Python value written as text (None, nan, True), no Dutch on an English page
and no English or raw codes on a Dutch page, in the layouts and in what the page callbacks render.

Found by a sweep of every page in both languages (headless Chromium, innerText): the need page's formula
read 'D = 1.000 × n / inwoners' in English, the survival page's grouping 'None (all initiatives)', its
table title '(at risk)' in Dutch, and the profile's outcome table the raw code 'outcome' (and 'personen' in
English).
"""

from __future__ import annotations

import json
import re

import pytest

from dashboard import formatting as fmt
from dashboard.app import create_app
from dashboard.charts import need, portfolio, profile, survival
from dashboard.components.wire import wire
from dashboard.filters import Filters
from dashboard.pages import PAGES
from tests.dashboard.test_app import render_page

G = "GM9999"
# a Python value written as text; 'None chosen' is English, 'None (all initiatives)' reads as Python's None
PYTHON_TEXT = re.compile(r"(?<![\w-])(None|nan|NaN|True|False)(?![\w-])(?! [a-z])")
DUTCH_IN_ENGLISH = re.compile(r"\b(inwoners|personen|aantal|afgeschermd|onbekend|Geen)\b|\d\.\d{3} ×")
ENGLISH_IN_DUTCH = re.compile(r"\(at risk\)|\bNone\b")
RAW_CODES = {"outcome", "output", "impact", "input", "activiteit"}  # ToC levels as the warehouse stores them
SKIP_KEYS = {"id", "className", "href", "type", "namespace", "style", "figure", "data", "config", "value"}
# codes, not text: data-* attributes (data-stat="inwoners") are skipped below


def shown(node, out: list[str] | None = None) -> list[str]:
    """Every text a component tree shows or reads out (children, labels, titles, aria-labels, options)."""
    out = [] if out is None else out
    if isinstance(node, dict):
        for key, value in node.items():
            if key in SKIP_KEYS or key.startswith("data-"):
                continue
            if isinstance(value, str):
                out.append(value)
            else:
                shown(value, out)
    elif isinstance(node, (list, tuple)):
        for value in node:
            if isinstance(value, str):
                out.append(value)
            else:
                shown(value, out)
    return out


def faults(texts: list[str], lang: str) -> list[str]:
    wrong = DUTCH_IN_ENGLISH if lang == "en" else ENGLISH_IN_DUTCH
    return [s for s in texts if PYTHON_TEXT.search(s) or wrong.search(s) or (lang == "nl" and s in RAW_CODES)]


def rendered(repo, lang: str) -> dict[str, list[str]]:
    """The texts the page callbacks of the profiel, behoefte, portefeuille and overleving pages render."""
    q = {"gemeente": G, "lang": lang}
    with fmt.using(lang):
        outputs = {
            "need": need.render(repo, need.NeedState.from_query(q)),
            "portfolio": portfolio.render(repo, portfolio.PortfolioState.from_query(q | {"uitkomst": "naar_werk"})),
            "survival": survival.render(repo, survival.SurvivalState.from_query(q)),
            "profile": profile.render(repo, Filters.from_query(q | {"buurt": "BU99990102"}), None),
        }  # fmt: skip
    return {
        page: shown(wire([v for k, v in out.items() if k not in ("charts", "frame")]))
        for page, out in outputs.items()
    }


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_page_callbacks_speak_the_page_language(demo_repo, lang):
    found = rendered(demo_repo, lang)
    assert all(found.values())
    bad = {page: faults(texts, lang) for page, texts in found.items()}
    assert not any(bad.values()), bad
    if lang == "en":
        assert any("D = 1,000 × n / residents" in s for s in found["need"])
    assert any(s in ("Outcome", "Impact") for s in found["profile"])  # the level's label, not its code


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_page_layouts_speak_the_page_language(demo_repo, lang):
    client = create_app(demo_repo).server.test_client()
    search = "?gemeente=GM9999" + ("&lang=en" if lang == "en" else "")
    bad = {}
    for path in sorted({p.path for p in PAGES if p.path is not None}):
        page = json.loads(render_page(client, path, search))["response"]["_pages_content"]
        wrong = faults(shown(page), lang)
        if wrong:
            bad[path] = wrong
    assert not bad, bad


def test_survival_downloads_and_selection_name_the_grouping_in_words(demo_repo):
    from dashboard import charts

    page = charts.PAGES["survival"]
    with fmt.using("en"):
        ctx = page.context(demo_repo, page.state({"gemeente": G, "lang": "en"}))
        data = page.charts["overleving"](ctx).data
    assert "No grouping (all initiatives)" in data.meta.selection and "None" not in data.meta.selection
    with fmt.using("nl"):
        ctx = page.context(demo_repo, page.state({"gemeente": G}))
        title = page.tables["at-risk"](ctx).meta.title
    assert title == "Aantal nog gevolgd na 0, 1, 2, … jaar"
