"""Plotly's toolbar on every chart: in the page's language, and without what does not belong in a public
dashboard (dashboard/components/graph_config.py). Found by a probe: every chart showed "Share chart..." (send
to plotly's cloud) and "Download plot as a png" (a picture without source or "fictieve gegevens"), with English
tooltips in the Dutch interface."""

from __future__ import annotations

import pytest

from tests.browser.test_chart_labels import DRAWN

pytestmark = pytest.mark.browser

TOOLTIPS = """() => [...document.querySelectorAll('.modebar-btn')].map(b => b.getAttribute('data-title'))"""


@pytest.mark.parametrize(("lang", "zoom_in"), [("nl", "Inzoomen"), ("en", "Zoom in")])
def test_the_toolbar_speaks_the_page_language_and_sends_nothing_away(web, demo_url, lang, zoom_in):
    context = web.new_context(viewport={"width": 1400, "height": 900}, locale="nl-NL")
    try:
        page = context.new_page()
        for path in ("/?gemeente=GM9999", "/portefeuille?gemeente=GM9999", "/profiel?gemeente=GM9999"):
            page.goto(demo_url + path + ("&lang=en" if lang == "en" else ""))
            page.wait_for_function(DRAWN, timeout=60_000)
            page.hover(".js-plotly-plot")
            titles = page.evaluate(TOOLTIPS)
            assert titles, path
            assert not [
                t for t in titles if "png" in t.lower() or "cloud" in t.lower() or "share" in t.lower()
            ]
            assert not [t for t in titles if "Chart Studio" in t], titles
            if path == "/?gemeente=GM9999":  # the map and the trend can zoom
                assert zoom_in in titles, titles
            if lang == "nl":
                assert not {"Zoom in", "Zoom out", "Reset axes", "Autoscale"} & set(titles), titles
    finally:
        context.close()
