"""Column headings wrap at their spaces and hyphens, never inside a word, and stay inside their cell: on every
page with tables, at 1400, 1024 and 390 px.

Before, the profile's 'Buurten zoals deze' broke 'eenpersoonshuishoudens', 'huishoudensgrootte' and
'Bevolkingsdichtheid' mid-word at every width ('hyphens: auto' has no Dutch dictionary in Chromium on Linux,
so 'overflow-wrap: break-word' cut the word where the column ended)."""

from __future__ import annotations

import pytest

from tests.browser.test_chart_labels import DRAWN

pytestmark = pytest.mark.browser

PAGES = ["/", "/profiel", "/behoefte", "/portefeuille", "/overleving?groep=thema", "/waarde",
         "/initiatief?code=INI0001", "/indicatoren", "/gegevens", "/pakket"]  # fmt: skip
READY = (
    "() => document.querySelector('main h1') && !document.querySelector('[data-dash-is-loading=\"true\"]')"
)

# Each word of a heading (SELECTOR) that runs over two lines other than after a hyphen (or a soft hyphen, or a slash),
# and each heading whose text is wider than its cell.
BROKEN = r"""() => [...document.querySelectorAll('SELECTOR')].flatMap(th => {
    if (!th.getBoundingClientRect().width) return [];
    const found = [];
    if (th.tagName === 'TH' && th.scrollWidth > th.clientWidth + 1)
        found.push(`'${th.textContent.trim()}' wider than its cell (${th.scrollWidth} > ${th.clientWidth})`);
    const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
        for (const m of node.textContent.matchAll(/\S+/g)) {
            let top = null;
            for (let i = 0; i < m[0].length; i++) {
                const range = document.createRange();
                range.setStart(node, m.index + i);
                range.setEnd(node, m.index + i + 1);
                const r = range.getClientRects()[0];
                if (!r) continue;
                if (top !== null && r.top > top + 2 && !'-\u00ad/'.includes(m[0][i - 1]))
                    found.push(`'${m[0]}' broken after '${m[0].slice(0, i)}' in '${th.textContent.trim()}'`);
                top = r.top;
            }
        }
    }
    return found;
})"""


def broken_words(selector: str = "th, .ag-header-cell-text") -> str:
    """BROKEN for the elements `selector` finds."""
    return BROKEN.replace("SELECTOR", selector)


@pytest.mark.parametrize("width", [1400, 1024, 390])
def test_no_table_heading_breaks_inside_a_word(web, demo_url, width):
    context = web.new_context(viewport={"width": width, "height": 1000}, locale="nl-NL")
    page = context.new_page()
    try:
        broken = []
        for path in PAGES:
            page.goto(demo_url + path)
            page.wait_for_function(READY, timeout=60_000)
            if page.locator(".dash-graph").count():
                page.wait_for_function(DRAWN, timeout=60_000)
            page.wait_for_timeout(500)
            broken += [f"{path} {b}" for b in page.evaluate(broken_words())]
        assert not broken, broken
    finally:
        context.close()
