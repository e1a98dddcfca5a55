"""Margins worked out on the server (dashboard/figure_margins.py) hold every label: in Chromium, no tick label
or axis title of any chart page is cut off at the edge of its chart, on a wide and a narrow desktop, on
Demostad and for labels made to be hard (long names, millions, negative numbers, shares, turned labels).

Narrower charts (a phone) are fitted to their width in the browser: test_chart_width.py."""

from __future__ import annotations

import json

import pytest

from dashboard import figures
from dashboard.figure_margins import fit

pytestmark = pytest.mark.browser

PAGES = ["/", "/profiel", "/behoefte", "/portefeuille", "/overleving", "/waarde", "/initiatief?code=INI0001"]

DRAWN = """() => {
    const graphs = [...document.querySelectorAll('.dash-graph')];
    return document.querySelector('main h1') && graphs.length > 0 && graphs.every(g => {
        const p = g.querySelector('.js-plotly-plot');
        return p && p._fullLayout && !g.querySelector('.dash-graph--pending'); })
        && !document.querySelector('[data-dash-is-loading="true"]');
}"""

# Every tick label and axis title outside its chart's box, by how far (px: left/right/top/bottom).
CUT = """(root) => [...(root || document).querySelectorAll('.js-plotly-plot')].flatMap(p => {
    const box = p.getBoundingClientRect();
    return [...p.querySelectorAll('.xtick text, .ytick text, .g-xtitle text, .g-ytitle text')].flatMap(t => {
        const r = t.getBoundingClientRect();
        const out = [box.left - r.left, r.right - box.right, box.top - r.top, r.bottom - box.bottom];
        return r.width && Math.max(...out) > 1 ? [`${p.parentElement.id || '?'}: '${t.textContent}' ${out.map(Math.round)}`] : [];
    });
})"""


@pytest.mark.parametrize(("width", "lang"), [(1400, "nl"), (1024, "nl"), (1400, "en")])
def test_no_label_of_a_chart_page_is_cut_off(web, demo_url, width, lang):
    context = web.new_context(viewport={"width": width, "height": 1000}, locale="nl-NL")
    page = context.new_page()
    try:
        cut = []
        for path in PAGES:
            page.goto(demo_url + path + ("" if lang == "nl" else ("&" if "?" in path else "?") + "lang=en"))
            page.wait_for_function(DRAWN, timeout=60_000)
            page.wait_for_timeout(300)  # plotly's resize after the first draw
            sized = page.evaluate(
                "() => [...document.querySelectorAll('.js-plotly-plot')].filter(p =>"
                " ['xaxis', 'yaxis'].some(k => p._fullLayout[k] && p._fullLayout[k].automargin === false)).length"
            )
            assert sized, f"{path}: no chart with its margins worked out on the server"
            cut += [f"{path} {c}" for c in page.evaluate(CUT)]
        assert not cut, cut
    finally:
        context.close()


def hard_figures() -> list[dict]:
    long_names = ["Stichting Buurtwerk en Bewonersondersteuning Noord-Oost", "Wijk", "Vereniging Ons Belang"]
    money = {"title": {"text": "Geld (€)"}, "tickprefix": "€ ", "separatethousands": True}
    horizontal = figures.styled() | {
        "xaxis": money,
        "yaxis": {"type": "category", "title": {"text": "Ontvanger"}},
    }
    turned = figures.styled() | {
        "xaxis": {"type": "category", "tickangle": -30, "title": {"text": "Medefinancier"}},
        "yaxis": {"title": {"text": "Verandering (%)"}, "ticksuffix": "%"},
    }
    share = figures.styled() | {
        "xaxis": {"title": {"text": "Jaar"}},
        "yaxis": {"title": {"text": "Aandeel nog actief<br>(Kaplan-Meier)"}, "tickformat": ".0%"},
    }
    return [
        {"data": [{"type": "bar", "orientation": "h", "y": long_names, "x": [12_345_678, 250, 9_999]}],
         "layout": horizontal},
        {"data": [{"type": "bar", "x": long_names, "y": [-1_250_000, 37.5, 880_000]}], "layout": turned},
        {"data": [{"type": "scatter", "x": [2019, 2020, 2025], "y": [1.0, 0.55, 0.125]}], "layout": share},
        {"data": [{"type": "heatmap", "x": long_names, "y": long_names, "z": [[1, 2, 3]] * 3}],
         "layout": figures.styled() | {"xaxis": {"tickangle": -30, "type": "category"},
                                       "yaxis": {"type": "category", "title": {"text": "Financier"}}}},
    ]  # fmt: skip


@pytest.mark.parametrize("width", [620, 900])
def test_hard_labels_fit_the_worked_out_margins(tab, demo_url, width):
    """Figures with the labels that are hardest to guess, sized by fit() and drawn by the app's own plotly."""
    tab.goto(demo_url + "/portefeuille")
    tab.wait_for_function(DRAWN, timeout=60_000)
    for i, fig in enumerate(hard_figures()):
        fitted = fit(fig)
        assert fitted["layout"]["yaxis"]["automargin"] is False
        cut = tab.evaluate(
            """async ([fig, width, id]) => {
                const div = document.createElement('div');
                div.id = id; div.style.width = width + 'px';
                document.body.appendChild(div);
                const inner = document.createElement('div'); div.appendChild(inner);
                await Plotly.newPlot(inner, fig.data, fig.layout, {responsive: false});
                return null;
            }""",
            [json.loads(json.dumps(fitted)), width, f"hard-{i}"],
        )
        assert cut is None
        found = tab.evaluate(
            CUT.replace("(root) =>", "() =>").replace(
                "(root || document)", f"document.getElementById('hard-{i}')"
            )
        )
        assert not found, (i, found)
