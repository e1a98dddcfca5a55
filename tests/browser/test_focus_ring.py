"""Keyboard focus shows (WCAG 2.4.7) on a phone: every element Tab reaches on the pages with maps and tables has
a focus ring, and no box around it clips that ring off.

Before, the ring of the map (3 px, 2 px outside the canvas) lay wholly outside the map's box, which clips: on
the overview, need and initiative pages focus on the map showed nothing. A focusable table's ring was cut by its
scroll box, a link's in a table's first column by a pixel."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = ["/", "/behoefte", "/waarde", "/overleving", "/initiatief?code=INI0010"]
READY = (
    "() => document.querySelector('main h1') && !document.querySelector('[data-dash-is-loading=\"true\"]')"
)

# The focused element: what it is, whether it has a ring (outline or box shadow), and each clipping box around
# it that cuts into the ring (px left/right/top/bottom). AG Grid draws its rings inside its cells and scrolls
# its own header: its boxes are not counted.
FOCUSED = r"""() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const s = getComputedStyle(e);
    const width = parseFloat(s.outlineWidth) || 0;
    const ring = s.outlineStyle !== 'none' && width > 0;
    const shown = ring || (s.boxShadow && s.boxShadow !== 'none');
    const grow = ring ? Math.max(width + (parseFloat(s.outlineOffset) || 0), 0) : 0;
    const r = e.getBoundingClientRect();
    const clipped = [];
    if (!e.closest('.ag-root-wrapper')) {
        for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
            const o = getComputedStyle(a);
            if (o.overflowX === 'visible' && o.overflowY === 'visible') continue;
            const q = a.getBoundingClientRect();
            const cut = [q.left - (r.left - grow), r.right + grow - q.right, q.top - (r.top - grow),
                         r.bottom + grow - q.bottom].map(Math.round);
            // a box taller than the window (a long table) cuts where the window would anyway
            if (Math.max(...cut.slice(0, 2)) > 0 || (r.height < window.innerHeight && Math.max(...cut.slice(2)) > 0))
                clipped.push(`${a.tagName}.${String(a.className).split(' ')[0]} ${cut}`);
        }
    }
    const name = (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 30);
    return {what: `${e.tagName}.${String(e.className).split(' ')[0]} '${name}'`, shown, clipped};
}"""


@pytest.mark.parametrize("width", [390])
def test_every_focus_ring_shows_whole(web, demo_url, width):
    context = web.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
    page = context.new_page()
    try:
        wrong, stops = {}, 0
        for path in PAGES:
            page.goto(demo_url + path)
            page.wait_for_function(READY, timeout=60_000)
            page.wait_for_timeout(1500)  # maps and charts drawn
            for _ in range(150):
                page.keyboard.press("Tab")
                found = page.evaluate(FOCUSED)
                if not found:
                    continue
                stops += 1
                if not found["shown"] or found["clipped"]:
                    wrong.setdefault(f"{path} {found['what']}", found)
        assert stops > 100
        assert not wrong, list(wrong.values())[:10]
    finally:
        context.close()
