"""Each chart page draws its first view from the page itself: no figure callback before its charts show."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

# Every graph on the page holds a figure with data (or, for an empty selection, its explaining annotation).
DRAWN = """() => {
    const graphs = [...document.querySelectorAll('main .dash-graph')];
    return graphs.length > 0 && graphs.every(g => { const p = g.querySelector('.js-plotly-plot');
        return p && p._fullLayout && ((p.data && p.data.length) || (p.layout.annotations || []).length); });
}"""

# path -> (the page's figure callback, named by one of its outputs; text the first view shows)
PAGES = {
    "/overleving": ("survival-chart.figure", "#survival-summary table"),
    "/portefeuille": ("portfolio-summary.children", "#portfolio-summary"),
    "/behoefte": ("need-map.figure", "#need-table table"),
    "/profiel": ("profile-content.children", "#profile-content table"),
}


@pytest.mark.parametrize("path", sorted(PAGES))
def test_the_charts_show_while_every_callback_but_the_page_is_held(tab, demo_url, path):
    callback, shown = PAGES[path]
    held = []

    def hold_all_but_the_page(route):
        if "_pages_content" in (route.request.post_data or ""):
            route.continue_()
        else:
            held.append(route)  # answered below, after the first view was seen without them

    tab.route("**/_dash-update-component*", hold_all_but_the_page)
    tab.goto(demo_url + path + "?gemeente=GM9999")
    tab.wait_for_function(DRAWN, timeout=30_000)
    tab.wait_for_selector(shown, timeout=5_000)
    assert not any(callback in (r.request.post_data or "") for r in held), (
        "the page asked its figure callback"
    )
    assert "fictief" in tab.inner_text("main").lower() or "fictie" in tab.inner_text("body").lower()
    tab.screenshot(path=str(ARTIFACTS / f"first-view{path.replace('/', '-')}.png"), full_page=True)
    for route in held:
        route.continue_()
    tab.unroute("**/_dash-update-component*")
    assert tab.errors == []
