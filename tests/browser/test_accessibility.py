"""WCAG 2.1 AA in a real browser: axe-core (offline) on every state of the overview, the data page and the
statement; reflow at 320 px; keyboard focus; chart names, summaries and data tables; downloads."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from dashboard import formatting as fmt
from tests.browser.conftest import ARTIFACTS, settle

pytestmark = pytest.mark.browser

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# axe's best practices too (landmarks: one contentinfo, each landmark unique; headings; regions)
WITH_BEST_PRACTICE = {"runOnly": {"type": "tag", "values": [*WCAG_AA["runOnly"]["values"], "best-practice"]}}


def violations(page, options: dict = WCAG_AA) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe  # Playwright only in the browser tier

    results = Axe().run(page, options=options)
    out = []
    for v in results.response["violations"]:
        targets = [", ".join(map(str, node["target"])) for node in v["nodes"]][:5]
        out.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return out


def ready_overview(page, url: str) -> None:
    """The overview with every chart drawn and its summary written (generous waits: 2 shared cores)."""
    page.goto(url)
    page.wait_for_selector("#kpi-active .kpi-value", timeout=60_000)
    for chart in ("map", "trend"):
        page.wait_for_selector(f"#overview-{chart} .js-plotly-plot:not(.dash-graph--pending)", timeout=60_000)
        page.wait_for_function(
            f"() => document.querySelector('#overview-{chart}-summary')?.textContent.length > 0",
            timeout=60_000,
        )
    page.wait_for_timeout(500)


@pytest.mark.parametrize(
    "name, query",
    [
        ("default", "/"),
        ("filtered", "/?gemeente=GM9999&wijk=WK999901&thema=voedsel,eenzaamheid&status=groeiend"),
        # protected: 2 volunteers in Oost and two quarters of participants are hidden
        ("protected", "/?gemeente=GM9999&wijk=WK999902&kaart=deelnemers"),
        ("english", "/?lang=en&gemeente=GM9999&wijk=WK999902"),
    ],
)
def test_overview_has_no_axe_violations(tab, server_url, name, query):
    ready_overview(tab, server_url + query)
    tab.click("#overview-trend-data summary")  # the data table open: it must pass too
    tab.click("#overview-map-data summary")
    found = violations(tab, WITH_BEST_PRACTICE)
    tab.screenshot(path=str(ARTIFACTS / f"a11y-overview-{name}.png"), full_page=True)
    assert found == [], "\n".join(found)


def test_empty_selection_has_no_axe_violations(tab, server_url):
    # 'gestopt' initiatives ended in 2022: nothing in 2024 — messages instead of empty axes
    tab.goto(server_url + "/?status=gestopt&van=2024&tot=2024")
    tab.wait_for_selector("#kpi-active .kpi-value")
    tab.wait_for_function(
        "() => document.querySelector('#overview-trend-summary')?.textContent.length > 0", timeout=15_000
    )
    assert "Geen gegevens voor deze selectie" in tab.inner_text("#overview-trend-summary")
    found = violations(tab)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("path", ["/gegevens", "/toegankelijkheid", "/toegankelijkheid?lang=en"])
def test_other_pages_have_no_axe_violations(tab, server_url, path):
    tab.goto(server_url + path)
    tab.wait_for_selector("main h1")
    found = violations(tab)
    assert found == [], "\n".join(found)


def test_statement_page_says_what_was_tested(tab, server_url):
    tab.goto(server_url + "/")
    tab.click("#shell-a11y-link")
    # the footer link itself reads 'Toegankelijkheidsverklaring': wait for the statement's own heading
    tab.wait_for_selector("main h1:has-text('Toegankelijkheidsverklaring')")
    settle(tab)
    text = tab.inner_text("main")
    assert "axe-core" in text and "320 pixels" in text and "WCAG 2.1" in text
    assert tab.evaluate("document.documentElement.lang") == "nl"


@pytest.mark.parametrize("path", ["/", "/gegevens", "/toegankelijkheid"])
def test_reflow_at_320_px_without_horizontal_scrolling(web, server_url, path):
    context = web.new_context(viewport={"width": 320, "height": 640}, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(server_url + path)
        page.wait_for_selector("main h1, #kpi-active .kpi-value", state="attached")
        page.wait_for_timeout(1500)
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
        )
        page.screenshot(
            path=str(ARTIFACTS / f"reflow-320{path.replace('/', '-') or '-'}.png"), full_page=True
        )
        assert widths[0] <= widths[2] and widths[1] <= widths[2], widths
    finally:
        context.close()


def test_charts_have_a_name_a_summary_and_a_table_equal_to_the_figure(tab, server_url):
    ready_overview(tab, server_url + "/?gemeente=GM9999&wijk=WK999902")
    for chart in ("map", "trend"):
        wrapper = tab.locator(f"[role=figure][aria-describedby=overview-{chart}-summary]")
        assert wrapper.get_attribute("aria-label")
        assert tab.inner_text(f"#overview-{chart}-summary").strip()
    tab.click("#overview-trend-data summary")
    cells = tab.eval_on_selector_all(
        "#overview-trend-data tbody tr", "rows => rows.map(r => [...r.children].map(c => c.textContent))"
    )
    y = tab.evaluate("() => document.querySelector('#overview-trend .js-plotly-plot').data[0].y")
    x = tab.evaluate("() => document.querySelector('#overview-trend .js-plotly-plot').data[0].x")
    annotations = tab.evaluate(
        "() => (document.querySelector('#overview-trend .js-plotly-plot').layout.annotations || [])"
        ".map(a => [a.x, a.text])"
    )
    hidden = dict(annotations)
    expected = [
        [q, hidden.get(q, fmt.DASH if v is None else fmt.auto_number(v))] for q, v in zip(x, y, strict=True)
    ]
    assert [row[:2] for row in cells] == expected
    assert ["2024-K2", "< 10"] in expected  # 8 participants in Oost: protected in the table as well


def test_keyboard_reaches_everything_with_visible_focus_and_no_trap(tab, server_url):
    ready_overview(tab, server_url + "/")
    seen, invisible = [], []
    for _ in range(120):
        tab.keyboard.press("Tab")
        info = tab.evaluate(
            """() => { const el = document.activeElement; const s = getComputedStyle(el);
            return {id: el.id || el.textContent.slice(0, 30), tag: el.tagName,
                    visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
                             || s.boxShadow !== 'none'}; }"""
        )
        seen.append(info["id"])
        if info["tag"] != "BODY" and not info["visible"]:
            invisible.append(info["id"])
        if info["id"] == "shell-a11y-link":
            break
    assert "shell-a11y-link" in seen, f"the footer link was never reached: {seen[-10:]}"
    for control in ("filter-gemeente", "overview-map-metric", "overview-trend-indicator"):
        assert any(control in s for s in seen), control
    assert invisible == [], invisible


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_png_and_csv_downloads(tab, server_url, tmp_path: Path):
    ready_overview(tab, server_url + "/?gemeente=GM9999&wijk=WK999902")
    with tab.expect_download(timeout=90_000) as info:
        tab.click('[aria-label="Download Ontwikkeling per kwartaal als PNG"]')
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    data = path.read_bytes()
    assert path.suffix == ".png" and png_size(data) == (1200, 675) and len(data) > 20_000
    (ARTIFACTS / "export-trend.png").write_bytes(data)
    with tab.expect_download(timeout=30_000) as info:
        tab.click('[aria-label="Download Kaart van de buurten als CSV"]')
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("# Titel: Kaart van de buurten") and "fictieve gegevens" in text


# Every other page on Demostad (public mode, so protected) in a filtered and an empty state.
PAGE_STATES = [
    ("profiel-wijk", "/profiel?gemeente=GM9999&wijk=WK999901&cijfer=aandeel_65plus"),
    ("behoefte-filtered", "/behoefte?gemeente=GM9999&hoog=aandeel_65plus&dekking=deelnemers"),
    ("portefeuille-empty", "/portefeuille?gemeente=GM9999&van=2010&tot=2010"),
    ("overleving-filtered", "/overleving?gemeente=GM9999&groep=vorm&regel=stilte&maanden=6"),
    ("waarde-empty", "/waarde?van=2010&tot=2010"),
    ("initiatief-unknown", "/initiatief?code=ONBEKEND"),
    ("indicatoren-search", "/indicatoren?zoek=vrijwilligers"),
    ("pakket-empty", "/pakket"),
    ("presentatie-empty", "/presentatie?lang=en"),
]


@pytest.mark.parametrize("name, path", PAGE_STATES, ids=[n for n, _ in PAGE_STATES])
def test_every_page_state_has_no_axe_violations(tab, demo_url, name, path):
    tab.goto(demo_url + path)
    settle(tab)
    found = violations(tab)
    tab.screenshot(path=str(ARTIFACTS / f"a11y-{name}.png"), full_page=True)
    assert found == [], "\n".join(found)
    assert not tab.errors, tab.errors


@pytest.mark.parametrize(
    "path", ["/profiel", "/behoefte", "/portefeuille", "/overleving", "/waarde", "/pakket"]
)
def test_every_page_reflows_at_320_px(web, demo_url, path):
    context = web.new_context(viewport={"width": 320, "height": 640}, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(demo_url + path)
        settle(page)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        page.screenshot(path=str(ARTIFACTS / f"reflow-320{path.replace('/', '-')}.png"), full_page=True)
        assert overflow <= 0, f"{path} scrolls sideways by {overflow} px at 320 px"
    finally:
        context.close()
