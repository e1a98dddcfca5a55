"""The all-gemeenten overview in a real browser: the gemeente map paints from its geometry URL, and a
click on a gemeente opens it (its buurten on the map, its code in the URL)."""

from __future__ import annotations

import base64

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_accessibility import ready_overview, violations
from tests.browser.test_overview import COUNT_BLUE, MAP_READY, open_overview

pytestmark = pytest.mark.browser


def test_the_national_map_paints_and_a_click_opens_a_gemeente(tab, regio_url):
    open_overview(tab, regio_url + "/?van=2024&tot=2024")
    assert tab.inner_text("#filter-gemeente").strip().startswith("Alle gemeenten (3)")
    cells = tab.evaluate("() => document.querySelector('#overview-map .js-plotly-plot').data[1].locations")
    assert sorted(cells) == ["GM9000", "GM9001", "GM9999"]
    assert tab.inner_text("#overview-map-title") == "Kaart van de gemeenten"
    ARTIFACTS.mkdir(exist_ok=True)
    shot = tab.locator("#overview-map").screenshot(path=str(ARTIFACTS / "overview-national-map.png"))
    assert tab.evaluate(COUNT_BLUE, base64.b64encode(shot).decode()) > 5_000  # the gemeenten are coloured
    # where the centre of GM9001's bounding box lies on screen, as MapLibre projects it
    x, y = tab.evaluate(
        """async () => {
            const gd = document.querySelector('#overview-map .js-plotly-plot');
            const g = gd.data[1].geojson;  // inline, or a URL on our server for large maps
            const geo = typeof g === 'string' ? await (await fetch(g)).json() : g;
            const f = geo.features.find((g) => g.id === 'GM9001');
            let xs = [], ys = [];
            const walk = (c) => { if (typeof c[0] === 'number') { xs.push(c[0]); ys.push(c[1]); } else c.forEach(walk); };
            walk(f.geometry.coordinates);
            const lon = (Math.min(...xs) + Math.max(...xs)) / 2, lat = (Math.min(...ys) + Math.max(...ys)) / 2;
            const map = gd._fullLayout.map._subplot.map;
            const box = map.getContainer().getBoundingClientRect(); const p = map.project([lon, lat]);
            return [box.left + p.x, box.top + p.y];
        }"""
    )
    tab.mouse.click(x, y)
    tab.wait_for_function("() => window.location.search.includes('gemeente=GM9001')", timeout=15_000)
    tab.wait_for_function(
        "() => { const gd = document.querySelector('#overview-map .js-plotly-plot');"
        " return gd && gd.data[1] && gd.data[1].locations[0].startsWith('BU9001'); }",
        timeout=15_000,
    )
    tab.wait_for_function(MAP_READY, timeout=20_000)
    assert "Demogemeente 0002" in tab.inner_text("#filter-gemeente")
    assert tab.inner_text("#overview-map-title") == "Kaart van de buurten"  # was: van de gemeenten
    tab.screenshot(path=str(ARTIFACTS / "overview-national-click.png"), full_page=True)
    assert not tab.errors


def test_the_national_overview_passes_axe(tab, regio_url):
    ready_overview(tab, regio_url + "/?van=2024&tot=2024")
    assert violations(tab) == []
    # the selection is written under the figures: every gemeente
    assert "Alle gemeenten (3)" in tab.inner_text("#overview-kpi-footnote")
