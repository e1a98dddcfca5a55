"""Data grids (AG Grid: the overview's initiatives, the indicator catalogue) show each cell's text whole, on a
phone and on a desktop: a cell wraps onto more lines and its row grows, instead of cutting a name off with an
ellipsis ('Beweegtuin D…' at 390 px and at 200% zoom, WCAG 1.4.10), and wraps at spaces only: a column is
as wide as its longest word."""

from __future__ import annotations

import pytest

from tests.browser.test_table_headers import broken_words

pytestmark = pytest.mark.browser

PAGES = ["/", "/indicatoren"]
ROWS = "() => document.querySelectorAll('.ag-center-cols-container .ag-row').length > 0"

# Each shown cell whose text is wider or taller than the cell holds.
CUT = """() => [...document.querySelectorAll('.ag-center-cols-container .ag-cell')].flatMap(c => {
    const value = c.querySelector('.ag-cell-value') || c;
    const r = c.getBoundingClientRect();
    if (!r.width || !value.textContent.trim()) return [];
    return value.scrollWidth > value.clientWidth + 1 || value.scrollHeight > c.clientHeight + 1
        ? [`'${value.textContent.trim()}' (${value.scrollWidth}x${value.scrollHeight} in ${value.clientWidth}x${c.clientHeight})`]
        : [];
})"""


@pytest.mark.parametrize("width", [390, 1400])
def test_no_grid_cell_is_cut_off(web, demo_url, width):
    context = web.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
    page = context.new_page()
    try:
        cut = []
        for path in PAGES:
            page.goto(demo_url + path)
            page.wait_for_function(ROWS, timeout=60_000)
            page.wait_for_timeout(800)  # rows measured and grown
            cut += [f"{path} {c}" for c in page.evaluate(CUT)]
            cut += [f"{path} {c}" for c in page.evaluate(broken_words(".ag-cell-value"))]
        assert not cut, cut[:10]
    finally:
        context.close()
