"""Portfolio and survival pages in a real browser on Demostad: labelled, non-empty charts; controls drive
the figures and the address bar."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

PORTFOLIO_GRAPHS = ["theme", "wijk", "year", "cost", "overlap", "risk", "sankey"]

GRAPH_STATE = """(id) => {
    const gd = document.querySelector('#' + id + ' .js-plotly-plot');
    if (!gd || !gd.data || !gd._fullLayout) return null;
    const axis = (name) => gd._fullLayout[name] && gd._fullLayout[name].title ? gd._fullLayout[name].title.text : null;
    const sizes = gd.data.map((t) => {
        if (t.type === 'sankey') return t.link.value.length;
        if (t.type === 'heatmap') return t.z.length;
        return (t.y || []).length;
    });
    return {types: gd.data.map((t) => t.type), names: gd.data.map((t) => t.name), sizes: sizes,
            x: axis('xaxis'), y: axis('yaxis'), annotations: (gd.layout.annotations || []).map((a) => a.text)};
}"""


WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe  # Playwright only in the browser tier

    response = Axe().run(page, options=WCAG_AA).response
    return [
        f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:3]}" for v in response["violations"]
    ]


def graph(page, graph_id: str) -> dict:
    return page.evaluate(GRAPH_STATE, graph_id)


def wait_graph(page, graph_id: str) -> None:
    page.wait_for_function(
        "(id) => { const gd = document.querySelector('#' + id + ' .js-plotly-plot');"
        " return gd && gd.data && gd.data.length > 0; }",
        arg=graph_id,
        timeout=60_000,
    )


def test_portfolio_charts_are_labelled_and_a_funder_choice_changes_them(tab, demo_url):
    tab.goto(demo_url + "/portefeuille")
    for name in PORTFOLIO_GRAPHS:
        wait_graph(tab, f"portfolio-{name}")
    assert "financier=FIN-GM9999,FONDS-04" in tab.url
    for name in ("theme", "wijk", "year", "cost", "risk"):
        state = graph(tab, f"portfolio-{name}")
        assert state["x"] and state["y"], f"{name}: axis titles missing"
        assert sum(state["sizes"]) > 0, f"{name}: no data"
    assert graph(tab, "portfolio-overlap")["x"] == "Medefinancier"
    sankey = graph(tab, "portfolio-sankey")
    assert sankey["types"] == ["sankey"] and sankey["sizes"][0] > 10
    assert any("niet het adres van de organisatie" in a.replace("<br>", " ") for a in sankey["annotations"])
    assert any(a.startswith("Telregel") for a in graph(tab, "portfolio-cost")["annotations"])
    assert tab.locator("#portfolio-risk-rows tbody tr").count() > 0
    # issue 5: every chart has downloads, '+ Raadspakket', a text summary and its data table
    tab.wait_for_selector("#portfolio-stromen-data details", timeout=30_000)
    assert tab.locator("#portfolio-thema-summary").inner_text().startswith("Geld per thema: ")
    assert tab.locator("button.pack-add").count() == 7
    assert tab.locator("button.export-button").count() == 7 * 3 + 2 * 2  # and CSV/Excel of the two tables
    assert tab.locator("details.chart-data").count() == 7
    assert tab.locator("[role=figure][aria-describedby='portfolio-jaar-summary']").count() == 1
    with tab.expect_download() as download:
        tab.get_by_role("button", name="Download Geld per jaar als CSV").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert text.startswith("# Titel: Geld per jaar\n") and "# Let op: fictieve gegevens" in text
    tab.get_by_role("button", name="Voeg Geld per jaar toe aan het raadspakket").click()
    tab.wait_for_function(
        "() => (JSON.parse(localStorage.getItem('pack-basket') || '{}').data || JSON.parse("
        "localStorage.getItem('pack-basket') || '[]')).some(e => e.item === 'jaar'"
        " && e.url.startsWith('/portefeuille?'))",
        timeout=10_000,
    )
    assert graph(tab, "portfolio-theme")["names"] == [
        "Gemeente Demostad (fictief)",
        "Fonds Gezonde Wijk (fictief)",
    ]
    # Dutch notation on the money axes as drawn: '€ 500.000', never '€ 0.5M' or '€ 100k'
    for name in ("theme", "year"):
        ticks = tab.evaluate(
            "id => [...document.querySelectorAll(`#${id} .yaxislayer-above text, #${id} .xaxislayer-above text`)]"
            ".map(t => t.textContent)",
            f"portfolio-{name}",
        )
        money = [t for t in ticks if t.startswith("€")]
        assert money, (name, ticks)
        assert not any(t.rstrip()[-1:] in "kMGB" for t in money), (name, money)
        assert not any("." in t and len(t.rsplit(".", 1)[1]) != 3 for t in money), (name, money)
    # the funder control says how many are chosen in Dutch
    assert "2 geselecteerd" in tab.inner_text("#portfolio-funders")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "portfolio.png"), full_page=True)

    tab.click("#portfolio-funders")
    tab.get_by_role("option", name="Provincie Middenland (fictief)", exact=True).click()
    tab.keyboard.press("Escape")
    tab.wait_for_function(
        "() => document.querySelector('#portfolio-theme .js-plotly-plot').data.length === 3", timeout=40_000
    )
    tab.wait_for_function("() => window.location.search.includes('PROV-01')", timeout=10_000)
    assert graph(tab, "portfolio-theme")["names"][-1] == "Provincie Middenland (fictief)"
    assert tab.locator("#portfolio-summary-table thead th").count() == 4  # measure + three funders
    assert "Provincie Middenland (fictief)" in tab.inner_text("#portfolio-summary-table")
    assert axe_violations(tab) == []
    assert not tab.errors


def test_survival_page_curves_at_risk_and_group_control(tab, demo_url):
    tab.goto(demo_url + "/overleving")
    wait_graph(tab, "survival-chart")
    state = graph(tab, "survival-chart")
    assert state["x"] == "Jaren sinds de start" and state["y"] == "Aandeel nog actief"
    assert len(state["types"]) == 3 and min(state["sizes"]) > 10  # band (2 traces) and the curve
    assert "12 maanden" in tab.inner_text("#survival-rule-text")
    assert tab.locator("#survival-at-risk-table tbody tr").count() == 1
    assert tab.locator("#survival-summary-table tbody tr").count() == 1
    tab.wait_for_selector("#survival-overleving-data details", timeout=30_000)
    assert tab.locator("button.pack-add").count() == 1
    assert tab.locator("button.export-button").count() == 3 + 2 * 2  # the chart, then the two tables
    assert "nog actief na" in tab.inner_text("#survival-overleving-summary")

    tab.click("#survival-group")
    tab.get_by_role("option", name="Financieringsmix", exact=True).click()
    tab.wait_for_function(
        "() => document.querySelector('#survival-chart .js-plotly-plot').data.length === 12", timeout=40_000
    )
    tab.wait_for_function("() => window.location.search.includes('groep=mix')", timeout=10_000)
    assert tab.locator("#survival-at-risk-table tbody tr").count() == 4
    names = [n for n in graph(tab, "survival-chart")["names"] if n]
    assert any("met eigen inkomsten" in n for n in names) and any("Meerdere financiers" in n for n in names)

    tab.click("#survival-months")
    tab.get_by_role("option", name="24", exact=True).click()
    tab.wait_for_function("() => window.location.search.includes('maanden=24')", timeout=10_000)
    tab.wait_for_function(
        "() => document.querySelector('#survival-rule-text').textContent.includes('24 maanden')",
        timeout=10_000,
    )
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "survival.png"), full_page=True)
    assert axe_violations(tab) == []
    assert not tab.errors


def test_survival_state_from_a_pasted_link(tab, demo_url):
    tab.goto(demo_url + "/overleving?groep=vorm&regel=einddatum&lang=en")
    wait_graph(tab, "survival-chart")
    assert graph(tab, "survival-chart")["x"] == "Years since the start"
    assert "End date only" in tab.inner_text("#survival-rule")
    assert tab.locator("#survival-summary-table tbody tr").count() >= 5
