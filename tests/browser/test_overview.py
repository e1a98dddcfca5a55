"""What only a browser shows: the map painted, filters and map clicks driving the page, links reproducing it."""

from __future__ import annotations

import base64
import re

import pytest

from tests.browser.conftest import ARTIFACTS, settle

pytestmark = pytest.mark.browser

MAP = "#overview-map .js-plotly-plot"
KPIS = ["#kpi-active", "#kpi-deelnemers", "#kpi-vrijwilligers", "#kpi-grants"]

MAP_READY = """() => {
    const gd = document.querySelector('#overview-map .js-plotly-plot');
    const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    const map = sub && sub.map;
    if (!map || !map.loaded()) return false;
    return map.getStyle().layers.some((layer) => layer.id.endsWith('-fill'));
}"""

# Decode a PNG screenshot in the page itself (no imaging library needed) and count clearly blue pixels.
COUNT_BLUE = """async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width; canvas.height = img.height;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, img.width, img.height).data;
    let blue = 0;
    for (let i = 0; i < px.length; i += 4) {
        const [r, g, b] = [px[i], px[i + 1], px[i + 2]];
        if (b - r > 40 && b > 80) blue++;
    }
    return blue;
}"""


def open_overview(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(MAP, timeout=20_000)
    page.wait_for_function(MAP_READY, timeout=20_000)
    page.wait_for_selector("#kpi-active .kpi-value")
    page.wait_for_timeout(300)  # let MapLibre finish its frame


def kpi_texts(page) -> list[str]:
    """The four KPI figures as the page holds them (textContent: a loading overlay hides, not changes, them)."""
    return [page.text_content(f"{k} .kpi-value") for k in KPIS]


def wait_kpi_change(page, before: str) -> None:
    page.wait_for_function(
        "(prev) => { const el = document.querySelector('#kpi-active .kpi-value');"
        " return el && el.textContent !== prev; }",
        arg=before,
        timeout=15_000,
    )


def map_state(page) -> dict:
    return page.evaluate(
        """() => { const gd = document.querySelector('#overview-map .js-plotly-plot');
        return {z: gd.data[1].z, widths: gd.data[1].marker.line.width}; }"""
    )


def trend_y(page) -> list:
    return page.evaluate("() => document.querySelector('#overview-trend .js-plotly-plot').data[0].y")


def test_map_paints_coloured_buurten(tab, server_url):
    open_overview(tab, server_url + "/")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
    shot = tab.locator("#overview-map").screenshot(path=str(ARTIFACTS / "overview-map.png"))
    blue = tab.evaluate(COUNT_BLUE, base64.b64encode(shot).decode())
    assert blue > 5_000, f"only {blue} blue pixels: the polygons were not painted"
    assert tab.evaluate("document.documentElement.lang") == "nl"
    assert "Demostad — fictieve gegevens / fictional data" in tab.inner_text("body")
    assert not tab.errors


def test_filter_change_updates_kpis_map_and_chart(tab, server_url):
    open_overview(tab, server_url + "/")
    kpis, map_before, trend_before = kpi_texts(tab), map_state(tab), trend_y(tab)
    assert kpis == ["2", "155", "< 10", "€ 30.000"]  # 156 rounded to 5; 9 volunteers: below k = 10, protected
    tab.click("#filter-wijk")
    tab.get_by_role("option", name="Oost", exact=True).click()
    wait_kpi_change(tab, kpis[0])
    tab.wait_for_function(
        "(y) => JSON.stringify(document.querySelector('#overview-trend .js-plotly-plot').data[0].y) !== y",
        arg=str(trend_before).replace("None", "null").replace(" ", ""),
    )
    # one initiative in Oost: its 36 participants are its own count (rule 6: 'afgeschermd'); 2 volunteers: below k
    assert kpi_texts(tab) == ["1", "afgeschermd", "< 10", "€ 20.000"]
    assert trend_y(tab) != trend_before
    after = map_state(tab)
    assert after["widths"] != map_before["widths"] and max(after["widths"]) == 3  # Oost outlined
    assert "wijk=WK999902" in tab.url
    tab.screenshot(path=str(ARTIFACTS / "overview-wijk-oost.png"), full_page=True)


def test_clicking_a_buurt_filters_the_page(tab, server_url):
    open_overview(tab, server_url + "/")
    before = kpi_texts(tab)
    # Where Oost-Noord's centre (5.005 E, 52.005 N) lies on screen, as MapLibre projects it.
    x, y = tab.evaluate(
        """() => { const map = document.querySelector('#overview-map .js-plotly-plot')._fullLayout.map._subplot.map;
        const box = map.getContainer().getBoundingClientRect(); const p = map.project([5.005, 52.005]);
        return [box.left + p.x, box.top + p.y]; }"""
    )
    tab.mouse.click(x, y)
    tab.wait_for_function("() => window.location.search.includes('buurt=BU99990201')", timeout=15_000)
    wait_kpi_change(tab, before[0])
    assert "Oost-Noord" in tab.inner_text("#filter-buurt")
    assert kpi_texts(tab) != before
    assert kpi_texts(tab)[0] == "1"  # only Zonnedak Oost serves Oost-Noord in 2024
    tab.screenshot(path=str(ARTIFACTS / "overview-buurt-click.png"), full_page=True)


def test_copied_url_reproduces_the_view(tab, web, server_url):
    open_overview(tab, server_url + "/?van=2023&tot=2023")
    tab.click("#filter-themes")
    tab.get_by_role("option", name="Vluchtelingen en migranten", exact=True).click()
    tab.keyboard.press("Escape")
    tab.wait_for_function("() => window.location.search.includes('thema=nieuwkomers')", timeout=15_000)
    tab.wait_for_function(
        "() => document.querySelector('#kpi-deelnemers .kpi-value').textContent === 'afgeschermd'",
        timeout=15_000,  # 16 participants of the one initiative with this theme: its own count (rule 6)
    )
    settle(tab, pause_ms=300)
    copied, texts = tab.url, kpi_texts(tab)
    assert all(texts), texts
    other = web.new_context(viewport={"width": 1400, "height": 1100}).new_page()
    try:
        open_overview(other, copied)
        settle(other, pause_ms=300)
        assert kpi_texts(other) == texts
        assert "Vluchtelingen en migranten" in other.inner_text("#filter-themes")
        assert other.url == copied
    finally:
        other.context.close()


def test_language_switch_keeps_the_filters(tab, server_url):
    open_overview(tab, server_url + "/?wijk=WK999902&gemeente=GM9999")
    tab.click("#shell-lang-link")
    tab.wait_for_function("() => document.documentElement.lang === 'en'", timeout=15_000)
    tab.wait_for_selector("text=Active initiatives")
    assert "lang=en" in tab.url and "wijk=WK999902" in tab.url
    tab.wait_for_function("() => document.querySelector('#kpi-active .kpi-value').textContent === '1'")


def test_the_first_view_shows_the_cards_and_the_map_picture_before_any_figure_callback(tab, server_url):
    """The page's first view needs no callback of its own: while every callback but the page's content is held
    back, the KPI cards show their numbers and the map's still picture shows the buurten; once the map has
    drawn its colours the picture goes."""
    held = []

    def hold_all_but_the_page(route):
        if "_pages_content" in (route.request.post_data or ""):
            route.continue_()
        else:
            held.append(route)  # answered below, after the first view was seen without them

    tab.route("**/_dash-update-component*", hold_all_but_the_page)
    tab.goto(server_url + "/")
    picture = "#overview-map-preview"
    tab.wait_for_selector(picture, state="visible", timeout=20_000)
    tab.wait_for_function(f"() => document.querySelector('{picture}').naturalWidth > 0", timeout=10_000)
    tab.wait_for_timeout(500)
    assert any("overview-map.figure" in (r.request.post_data or "") for r in held), (
        "the map's callback was asked"
    )
    assert not any("overview-kpis" in (r.request.post_data or "") for r in held)  # the cards need no callback
    assert kpi_texts(tab) == ["2", "155", "< 10", "€ 30.000"]  # as test_kpis_and_their_change, protected
    assert not tab.evaluate(MAP_READY)  # nothing but the picture shows the map yet
    source = tab.get_attribute(picture, "src")
    assert source.startswith("data:image/svg+xml")
    assert len(re.findall(r"%3Cpath", source)) == 4  # the fixture's four buurten
    tab.screenshot(path=str(ARTIFACTS / "overview-first-view.png"))
    for route in held:
        route.continue_()
    tab.unroute("**/_dash-update-component*")
    tab.wait_for_function(MAP_READY, timeout=30_000)
    tab.wait_for_selector(picture, state="hidden", timeout=5_000)
    assert tab.errors == []
