"""Legends below a chart's plot (dashboard/figure_margins.py: place_legend, refitted to the chart's width by
assets/chart_width.js): on every chart page, from a phone at 320 px to a desktop at 1400 px, every legend entry
lies inside its chart, over nothing else (tick labels, axis titles, notes) and without a scroll bar of its own.

Before, a legend stood at a share of the plot's height below it: at 390 px the survival page's groups and an
initiative's funders ran off the chart's right edge, and on the overview, profile and survival pages the legend
lay over the x axis' title at 1024 and 390 px."""

from __future__ import annotations

import pytest

from tests.browser.test_chart_labels import DRAWN, PAGES

pytestmark = pytest.mark.browser

LEGEND_PAGES = [*PAGES, "/overleving?groep=thema", "/overleving?groep=mix", "/overleving?groep=financier",
                "/initiatief?code=INI0010"]  # fmt: skip

# Each legend entry outside its chart (px: left/right/top/bottom), over a label, title or note of its chart,
# or in a legend that scrolls.
WRONG = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(p => {
    const box = p.getBoundingClientRect();
    const id = p.parentElement.id || '?';
    const entries = [...p.querySelectorAll('.legend .traces')].map(t => [t, t.getBoundingClientRect()])
        .filter(([, r]) => r.width);
    if (!box.width || !entries.length) return [];
    const found = [];
    const legend = p._fullLayout.legend;
    if (legend && legend._effHeight !== undefined && legend._effHeight < legend._height - 1)
        found.push(`${id}: the legend scrolls (${Math.round(legend._effHeight)} of ${Math.round(legend._height)} px)`);
    const others = [...p.querySelectorAll('.xtick text, .ytick text, .g-xtitle text, .g-ytitle text, .annotation-text')]
        .map(t => [t, t.getBoundingClientRect()]).filter(([, r]) => r.width);
    for (const [t, r] of entries) {
        const out = [box.left - r.left, r.right - box.right, box.top - r.top, r.bottom - box.bottom];
        if (Math.max(...out) > 1) found.push(`${id}: '${t.textContent}' outside by ${out.map(Math.round)}`);
        for (const [o, q] of others) {
            if (r.left < q.right - 1 && r.right > q.left + 1 && r.top < q.bottom - 1 && r.bottom > q.top + 1)
                found.push(`${id}: '${t.textContent}' over '${o.textContent}'`);
        }
    }
    return found;
})"""


@pytest.mark.parametrize("width", [320, 390, 1024, 1400])
def test_every_legend_entry_stands_inside_its_chart_over_nothing_else(web, demo_url, width):
    context = web.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
    page = context.new_page()
    try:
        wrong, legends = [], 0
        for path in LEGEND_PAGES:
            page.goto(demo_url + path)
            page.wait_for_function(DRAWN, timeout=60_000)
            page.wait_for_timeout(400)  # a chart refitted to its width after the first draw
            legends += page.locator(".js-plotly-plot .legend").count()
            wrong += [f"{path} {w}" for w in page.evaluate(WRONG)]
        assert legends >= 6, "the pages should show legends to check"
        assert not wrong, wrong
    finally:
        context.close()
