"""In a real browser on Demostad: the value, initiative and indicator pages open with non-empty, labelled charts."""

from __future__ import annotations

import duckdb
import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

# Per chart: its traces' types, how many drawn points, the axis titles, and whether it shows only a message.
CHART_STATE = """(selector) => {
    const gd = document.querySelector(selector + ' .js-plotly-plot');
    if (!gd || !gd.data) return null;
    const points = gd.data.reduce((n, t) => n + ((t.z || t.y || t.locations || []).length), 0);
    const axis = (a) => (gd.layout[a] && gd.layout[a].title && gd.layout[a].title.text) || '';
    const label = gd.closest('[role=figure]');
    return {types: gd.data.map((t) => t.type), points: points,
            x: axis('xaxis'), y: axis('yaxis'),
            message: (gd.layout.annotations || []).map((a) => a.text).join(' '),
            label: label ? label.getAttribute('aria-label') : ''};
}"""

MAP_READY = """(selector) => {
    const gd = document.querySelector(selector + ' .js-plotly-plot');
    const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    const map = sub && sub.map;
    return !!(map && map.loaded() && map.getStyle().layers.some((layer) => layer.id.endsWith('-fill')));
}"""


def chart(page, selector: str) -> dict:
    page.wait_for_function(
        f"() => !!document.querySelector('{selector} .js-plotly-plot .main-svg')", timeout=20_000
    )
    return page.evaluate(CHART_STATE, selector)


def first_measured_initiative(page) -> str:
    options = page.evaluate(
        "() => Array.from(document.querySelectorAll('#value-ratio-table tbody tr td:first-child'))"
        ".map((td) => td.textContent)"
    )
    assert options, "the value page lists measured initiatives"
    return options[0]


def initiative_with_public_value(demo_home) -> str:
    """An initiative with a measured effect that does not count people (public mode keeps its value)."""
    con = duckdb.connect(str(demo_home / "wijkwaarde.duckdb"), read_only=True)
    try:
        (name,) = con.execute(
            "SELECT min(i.name) FROM initiative i JOIN observation o ON o.initiative_code = i.code"
            " JOIN indicator d ON d.code = o.indicator_code AND NOT d.counts_people"
            " JOIN value_proxy p ON p.indicator_code = d.code"
            " WHERE year(o.period_start) BETWEEN 2024 AND 2025"
        ).fetchone()
    finally:
        con.close()
    return name


def test_value_page_shows_ranges_per_initiative_stakeholder_funder_and_who_benefits(tab, demo_url, demo_home):
    tab.goto(demo_url + "/waarde?van=2024&tot=2025")
    tab.wait_for_selector("#value-proxies-table", timeout=20_000)
    for selector in ("#value-initiative-chart", "#value-stakeholder-chart", "#value-portfolio-chart"):
        state = chart(tab, selector)
        assert state["types"][0] == "bar" and state["points"] > 0, selector
        assert state["x"] == "Maatschappelijke waarde (€, laag–hoog)" and not state["message"], selector
        assert state["label"], selector
    matrix = chart(tab, "#value-matrix")
    assert matrix["types"] == ["heatmap"] and matrix["points"] > 1
    assert matrix["x"] == "Effect (indicator)" and matrix["y"] == "Belanghebbende"
    assert "voorbeeldwaarde, geen officiële bron" in tab.inner_text("#value-proxies-table")
    assert "niet gemeten" in tab.inner_text("#value-not-measured")
    # every chart: downloads, '+ Raadspakket' and its 'Tabel bij deze grafiek'; the tables: downloads
    assert tab.locator("button.export-button[aria-label*='als PNG']").count() == 4
    assert tab.locator("button.export-button[aria-label*='als CSV']").count() == 6
    assert tab.get_by_role("button", name="Voeg Wie profiteert toe aan het raadspakket").count() == 1
    assert tab.locator("button.pack-add").count() == 4
    assert tab.locator("details.chart-data summary", has_text="Tabel bij deze grafiek").count() == 4
    first_measured_initiative(tab)
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "value.png"), full_page=True)

    # Pick one initiative for the 'wie profiteert' matrix: the matrix changes and the URL keeps it.
    before = tab.evaluate("() => document.querySelector('#value-matrix .js-plotly-plot').data[0].z.length")
    tab.click("#value-initiative")
    tab.get_by_role("option", name=initiative_with_public_value(demo_home), exact=True).click()
    tab.wait_for_function("() => window.location.search.includes('initiatief=')", timeout=15_000)
    tab.wait_for_function(
        "(n) => { const gd = document.querySelector('#value-matrix .js-plotly-plot');"
        " return gd && gd.data[0] && gd.data[0].z.length <= n; }",
        arg=before,
        timeout=15_000,
    )
    assert chart(tab, "#value-matrix")["points"] >= 1
    assert not tab.errors, tab.errors


def test_initiative_page_from_the_overview_table(tab, demo_url):
    tab.goto(demo_url + "/")
    link = tab.locator("#overview-table a[href^='/initiatief?code=']").first
    link.wait_for(timeout=20_000)
    href = link.get_attribute("href")
    tab.goto(demo_url + href)
    tab.wait_for_selector("#initiative-toc", timeout=20_000)
    assert tab.locator("#initiative-toc .card").count() == 5
    assert "nog geen gegevens" in tab.inner_text("#toc-impact")
    assert tab.locator("#initiative-toc [data-indicator]").count() >= 2
    funding = chart(tab, "#initiative-funding")
    assert set(funding["types"]) == {"bar"} and funding["points"] > 0 and funding["y"] == "Bedrag (€)"
    tab.wait_for_function(MAP_READY, arg="#initiative-map", timeout=20_000)
    trends = tab.locator("#initiative-trends .js-plotly-plot")
    assert trends.count() >= 2
    first = tab.evaluate(
        "() => { const gd = document.querySelector('#initiative-trends .js-plotly-plot');"
        " return {n: gd.data[0].y.filter((v) => v !== null).length, y: gd.layout.yaxis.title.text}; }"
    )
    assert first["n"] > 0 and first["y"]
    graphs = tab.locator("main .js-plotly-plot").count()
    assert tab.locator("button.export-button[aria-label*='als PNG']").count() == graphs
    assert tab.locator("button.pack-add").count() == graphs
    assert tab.locator("details.chart-data").count() == graphs + 1  # plus the Theory-of-Change table
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "initiative.png"), full_page=True)
    assert not tab.errors, tab.errors


def test_indicator_catalogue_is_searchable(tab, demo_url):
    tab.goto(demo_url + "/indicatoren")
    tab.wait_for_selector("#catalogue-table .ag-row", timeout=20_000)
    rows = tab.locator("#catalogue-table .ag-center-cols-container .ag-row")
    total = rows.count()
    assert total >= 9
    assert "PI4060" in tab.inner_text("#catalogue-table")
    tab.fill("#catalogue-search", "werk")
    tab.wait_for_function("() => window.location.search.includes('zoek=werk')", timeout=15_000)
    tab.wait_for_function(
        "(n) => document.querySelectorAll('#catalogue-table .ag-center-cols-container .ag-row').length < n",
        arg=total,
        timeout=15_000,
    )
    assert "Mensen naar werk" in tab.inner_text("#catalogue-table")
    assert tab.locator("button.export-button[aria-label='Download Indicatoren als Excel']").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "indicators.png"), full_page=True)
    assert not tab.errors, tab.errors


@pytest.mark.parametrize("path", ["/waarde?van=2024&tot=2025", "/indicatoren", "/initiatief?code=INI0001"])
def test_pages_have_no_axe_violations(tab, demo_url, path):
    from tests.browser.test_accessibility import violations

    tab.goto(demo_url + path)
    tab.wait_for_selector("main h1", timeout=20_000)
    tab.wait_for_selector("main .js-plotly-plot .main-svg, main .ag-row", timeout=20_000)
    tab.wait_for_timeout(500)
    found = violations(tab)
    assert found == [], "\n".join(found)
