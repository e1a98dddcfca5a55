"""Profile and need pages in a browser: charts drawn and labelled, the bivariate map painted, real Amstelveen."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.browser.conftest import ARTIFACTS, serve
from tests.real_data import real_data

pytestmark = pytest.mark.browser

NEED_MAP = "#need-map .js-plotly-plot"

MAP_READY = """(sel) => {
    const gd = document.querySelector(sel);
    const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    const map = sub && sub.map;
    if (!map || !map.loaded()) return false;
    return map.getStyle().layers.some((layer) => layer.id.endsWith('-fill'));
}"""

# Polygons MapLibre actually rendered in the viewport, per fill layer (one layer per trace).
RENDERED = """(sel) => {
    const map = document.querySelector(sel)._fullLayout.map._subplot.map;
    const layers = map.getStyle().layers.filter((l) => l.id.endsWith('-fill')).map((l) => l.id);
    // A polygon crossing tile edges comes back once per tile: count distinct features (Plotly gives each
    // its centroid 'ct' and fill colour 'fc' as properties).
    return layers.map((id) => new Set(map.queryRenderedFeatures({layers: [id]})
        .map((f) => JSON.stringify(f.properties))).size);
}"""

# Decode a PNG screenshot in the page and count pixels close to each palette colour (and non-white ones).
COUNT_COLOURS = """async ([b64, palette]) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width; canvas.height = img.height;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, img.width, img.height).data;
    const rgb = palette.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
    const counts = palette.map(() => 0);
    let painted = 0;
    for (let i = 0; i < px.length; i += 4) {
        const [r, g, b] = [px[i], px[i + 1], px[i + 2]];
        if (r < 245 || g < 245 || b < 245) painted++;
        rgb.forEach((c, k) => {
            if (Math.abs(c[0] - r) <= 6 && Math.abs(c[1] - g) <= 6 && Math.abs(c[2] - b) <= 6) counts[k]++;
        });
    }
    return {painted, counts};
}"""


def palette() -> list[str]:
    from dashboard.views.need import PALETTE

    return [c for row in PALETTE for c in row]


def open_need(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(NEED_MAP, timeout=30_000)
    page.wait_for_function(MAP_READY, arg=NEED_MAP, timeout=30_000)
    page.wait_for_selector("#need-legend-table")
    page.wait_for_timeout(500)  # let MapLibre finish its frame


def figure(page, selector: str) -> dict:
    return page.evaluate(
        "(sel) => { const gd = document.querySelector(sel + ' .js-plotly-plot');"
        " return {data: gd.data, layout: gd.layout}; }",
        selector,
    )


def colours_on_map(page, name: str) -> dict:
    shot = page.locator("#need-map").screenshot(path=str(ARTIFACTS / name))
    return page.evaluate(COUNT_COLOURS, [base64.b64encode(shot).decode(), palette()])


# -- Demostad ---------------------------------------------------------------------------------------


def test_profile_page_shows_statistics_trend_and_similar_buurten(tab, demo_url):
    tab.goto(demo_url + "/profiel?gemeente=GM9999&buurt=BU99990205")
    tab.wait_for_selector("#profile-stats", timeout=30_000)
    tab.wait_for_function(
        "() => { const gd = document.querySelector('#profile-trend .js-plotly-plot');"
        " return gd && gd.data && gd.data.length >= 2; }",
        timeout=30_000,
    )
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "profile-demostad.png"), full_page=True)
    fig = figure(tab, "#profile-trend")
    names = [trace["name"] for trace in fig["data"]]
    assert "Demostad (fictieve gegevens)" in names  # the gemeente line
    assert all(any(v is not None for v in trace["y"]) for trace in fig["data"])
    assert fig["layout"]["yaxis"]["title"]["text"] and fig["layout"]["xaxis"]["title"]["text"] == "Jaar"
    assert tab.get_attribute("#profile-trend", "role") is None  # the wrapper carries the role
    assert tab.locator("[aria-label='Ontwikkeling door de jaren']").count() == 1
    # issue 5: downloads (CSV, Excel, PNG), '+ Raadspakket' and the data table under the trend chart
    tab.wait_for_selector("#profile-trend-data details", timeout=30_000)
    assert tab.locator("button.export-button").count() == 3 + 3 * 2  # the chart, then three tables
    assert (
        tab.get_by_role("button", name="Voeg Ontwikkeling door de jaren toe aan het raadspakket").count() == 1
    )
    assert tab.locator("#profile-trend-data details tbody tr").count() >= 2
    assert tab.inner_text("#profile-trend-data summary") == "Tabel bij deze grafiek"
    assert "Geen landelijke cijfers geladen" in tab.inner_text("#profile-no-country")
    links = tab.locator("#profile-similar a")
    assert links.count() == 5
    href = links.first.get_attribute("href")
    assert href.startswith("/profiel?gemeente=GM9999&buurt=BU")
    assert "Buurtprofiel" in tab.inner_text("header") and not tab.errors
    # following a peer's link opens its profile
    links.first.click()
    tab.wait_for_function("(h) => window.location.href.endsWith(h)", arg=href, timeout=15_000)
    code = href.split("buurt=")[1]
    tab.wait_for_function(
        "(c) => document.querySelector('#profile-title') && "
        "document.querySelector('#profile-area').textContent.length > 0",
        arg=code,
        timeout=15_000,
    )
    assert f"buurt={code}" in tab.url


def test_need_page_paints_the_bivariate_map_and_quadrant_chart(tab, demo_url):
    open_need(tab, demo_url + "/behoefte")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "need-demostad.png"), full_page=True)
    fig = figure(tab, "#need-map")
    classes = [z for z in fig["data"][1]["z"] if z is not None]
    assert len(fig["data"][0]["locations"]) == 40 and len(classes) >= 30
    rendered = tab.evaluate(RENDERED, NEED_MAP)
    assert rendered and min(rendered) >= 30, rendered
    found = colours_on_map(tab, "need-map-demostad.png")
    present = sorted({int(z) for z in classes})
    for cls in present:  # every class in the data shows on the canvas
        assert found["counts"][cls] > 50, (cls, found)
    scatter = figure(tab, "#need-scatter")
    assert len(scatter["data"][0]["x"]) == len(classes)
    assert scatter["layout"]["xaxis"]["title"]["text"].startswith("Behoefte-index")
    assert "per 1.000 inwoners" in scatter["layout"]["yaxis"]["title"]["text"]
    assert "B = (1/k)" in tab.inner_text("#need-formula")
    assert "hoog=aandeel_65plus" in tab.url and not tab.errors
    # switching the coverage measure recolours the map in place (a Patch: same geometry, new classes)
    before = fig["data"][1]["z"]
    tab.click("#need-coverage")
    tab.get_by_role("option", name="Deelnemers per 1.000 inwoners", exact=True).click()
    tab.wait_for_function("() => window.location.search.includes('dekking=deelnemers')", timeout=20_000)
    tab.wait_for_function(
        "() => document.querySelector('#need-scatter .js-plotly-plot').layout.yaxis.title.text"
        ".startsWith('Deelnemers')",
        timeout=20_000,
    )
    after = figure(tab, "#need-map")
    assert len(after["data"][0]["geojson"]["features"]) == 40
    assert after["data"][1]["z"] != before
    tab.wait_for_function(MAP_READY, arg=NEED_MAP, timeout=20_000)


# -- real Amstelveen --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def amstelveen_home(tmp_path_factory) -> Path:
    """Amstelveen's 47 buurten and its KWB 2024 figures, through the real `wijkwaarde cbs` importers."""
    from wijkwaarde.cli import app

    buurten = real_data("amstelveen-buurten", "amstelveen_buurten.geojson")
    figures = real_data("woonikveilig-buurtindicatoren", "gemeente", "GM0362.json")
    home = tmp_path_factory.mktemp("amstelveen") / "warehouse"
    runner = CliRunner()
    for args in (
        ["cbs", "boundaries", "--year", "2024", "--file", str(buurten)],
        ["cbs", "kerncijfers", "--year", "2024", "--file", str(figures)],
    ):
        result = runner.invoke(app, ["--home", str(home), *args])
        assert result.exit_code == 0, result.output
    return home


@pytest.fixture(scope="session")
def amstelveen_url(amstelveen_home: Path):
    yield from serve(amstelveen_home)


def amstelveen_file() -> dict:
    path = real_data("woonikveilig-buurtindicatoren", "gemeente", "GM0362.json")
    return json.loads(path.read_text(encoding="utf-8"))


def dutch(value: float, decimals: int = 0) -> str:
    """Independent Dutch formatting for the test: 12345.6 -> '12.345,6'."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def test_amstelveen_need_map_paints_all_47_buurten(tab, amstelveen_url):
    doc = amstelveen_file()
    # Buurten with an index under the default composition: at least 2 of 65+ share, income, health.
    expected = 0
    for b in doc["buurten"]:
        demo = b["demografie"]
        have = [
            demo.get("inwoners65plus") is not None and bool(demo.get("inwoners")),
            demo.get("inkomenPerInwoner") is not None,
            bool(b.get("gezondheid")) and b["gezondheid"]["trend"].get("2024") is not None,
        ]
        expected += sum(have) >= 2
    open_need(tab, amstelveen_url + "/behoefte?gemeente=GM0362")
    fig = figure(tab, "#need-map")
    features = fig["data"][0]["geojson"]["features"]
    assert len(features) == 47 and len(fig["data"][0]["locations"]) == 47
    assert {f["id"] for f in features} == {b["code"] for b in doc["buurten"]}
    coloured = [z for z in fig["data"][1]["z"] if z is not None]
    assert len(coloured) == expected
    rendered = tab.evaluate(RENDERED, NEED_MAP)
    assert rendered[0] == 47, rendered  # every buurt outlined in the base layer
    assert rendered[1] == expected, rendered
    found = colours_on_map(tab, "need-map-amstelveen.png")
    for cls in sorted({int(z) for z in coloured}):
        assert found["counts"][cls] > 50, (cls, found)
    assert found["painted"] > 20_000, found  # a blank map paints next to nothing
    tab.screenshot(path=str(ARTIFACTS / "need-amstelveen.png"), full_page=True)
    assert not tab.errors


def test_amstelveen_profile_shows_the_cbs_figures_of_the_file(tab, amstelveen_url):
    doc = amstelveen_file()
    buurt = next(b for b in doc["buurten"] if b["code"] == "BU03620902")
    tab.goto(amstelveen_url + "/profiel?gemeente=GM0362&buurt=BU03620902")
    tab.wait_for_selector("#profile-stats", timeout=30_000)
    assert buurt["name"] in tab.inner_text("#profile-title")

    def cell(stat: str) -> str:
        return tab.inner_text(f"#profile-stats tr[data-stat='{stat}'] td[data-area='BU03620902']")

    demo = buurt["demografie"]
    assert cell("inwoners") == dutch(demo["inwoners"])
    assert cell("huishoudens") == dutch(demo["huishoudens"])
    assert cell("woz_waarde") == "€ " + dutch(demo["wozWaarde"] * 1000)  # CBS's thousands as euros
    distance = demo["afstandHuisarts"]
    assert cell("afstand_huisarts") == f"{dutch(distance, 0 if float(distance).is_integer() else 1)} km"
    assert cell("aandeel_goede_gezondheid") == dutch(buurt["gezondheid"]["trend"]["2024"], 1) + "%"
    share = round(100 * demo["inwoners65plus"] / demo["inwoners"], 1)
    assert cell("aandeel_65plus") == dutch(share, 1) + "%"
    assert demo["inkomenPerInwoner"] is None and cell("inkomen_per_inwoner") == "–"  # suppressed, not 0
    gemeente = doc["demografie"]["inwoners"]
    assert tab.inner_text("#profile-stats tr[data-stat='inwoners'] td[data-area='GM0362']") == dutch(gemeente)
    tab.wait_for_function(
        "() => { const gd = document.querySelector('#profile-trend .js-plotly-plot');"
        " return gd && gd.data && gd.data.length >= 2; }",
        timeout=30_000,
    )
    years = tab.evaluate(
        "() => [...document.querySelectorAll('#profile-trend .xaxislayer-above text')].map(t => t.textContent)"
    )
    assert years and all(re.fullmatch(r"(19|20)\d\d", y) for y in years), years  # '2024', not '2.024'
    tab.screenshot(path=str(ARTIFACTS / "profile-amstelveen.png"), full_page=True)
    assert not tab.errors


@pytest.mark.parametrize(
    "path",
    [
        "/profiel?gemeente=GM9999&buurt=BU99990205",
        "/profiel?gemeente=GM9999&wijk=WK999902&lang=en",
        "/behoefte",
        "/behoefte?dekking=deelnemers&lang=en",
    ],
)
def test_profile_and_need_pages_have_no_axe_violations(tab, demo_url, path):
    from tests.browser.test_accessibility import violations

    tab.goto(demo_url + path)
    selector = "#profile-trend" if path.startswith("/profiel") else "#need-scatter"
    tab.wait_for_selector(f"{selector} .js-plotly-plot:not(.dash-graph--pending)", timeout=60_000)
    tab.wait_for_selector("#profile-similar, #need-legend-table", timeout=60_000)
    tab.wait_for_timeout(500)
    found = violations(tab)
    assert found == [], "\n".join(found)
