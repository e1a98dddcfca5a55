"""Charts fitted to the width they get (assets/chart_width.js): on a phone every chart keeps a plot a user can
read and every label, title and note inside the chart; a chart that fits is drawn as the server sent it; a
chart is fitted again when its width changes.

Before this, at 390 px the portfolio's theme, cost and overlap charts and the four value charts had plot areas
of 2 px (margins wider than the chart) and 9 of the 21 graphs cut labels off."""

from __future__ import annotations

import json
from contextlib import contextmanager

import pytest

from dashboard.figure_margins import fit
from tests.browser.test_chart_labels import CUT, DRAWN, PAGES, hard_figures

pytestmark = pytest.mark.browser

# Tick labels, axis titles and notes (annotations) outside their chart's box, by how far.
OUTSIDE = CUT.replace(".g-ytitle text'", ".g-ytitle text, .annotation-text'")

# Each cartesian chart: its id, its width and the share of it its plot area has.
PLOTS = """() => [...document.querySelectorAll('.js-plotly-plot')].filter(p => p._fullLayout.xaxis)
    .map(p => [p.parentElement.id || '?', p._fullLayout.width, p._fullLayout._size.w / p._fullLayout.width])"""

# Each chart: was it drawn with the margins the server sent, sized by plotly (not fitted to a width)?
AS_SENT = """() => Object.fromEntries([...document.querySelectorAll('.js-plotly-plot')].filter(p => p.__sentFigure)
    .map(p => [p.parentElement.id || '?', p.layout.width === undefined
        && JSON.stringify(p.layout.margin) === JSON.stringify(p.__sentFigure.layout.margin)]))"""


@contextmanager
def _page(web, width: int, height: int = 900):
    context = web.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    try:
        yield context.new_page()
    finally:
        context.close()


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function(DRAWN, timeout=60_000)
    page.wait_for_timeout(300)


@pytest.mark.parametrize(("width", "lang"), [(320, "nl"), (390, "nl"), (390, "en")])
def test_every_chart_is_readable_on_a_phone(web, demo_url, width, lang):
    with _page(web, width, 800) as page:
        cut, narrow = [], []
        for path in PAGES:
            _open(page, demo_url + path + ("" if lang == "nl" else ("&" if "?" in path else "?") + "lang=en"))
            cut += [f"{path} {c}" for c in page.evaluate(OUTSIDE)]
            narrow += [
                f"{path} {gid}: {share:.0%} of {w} px"
                for gid, w, share in page.evaluate(PLOTS)
                if share < 0.3
            ]
        assert not cut, cut
        assert not narrow, narrow


def test_a_chart_that_fits_is_drawn_as_sent_and_a_cramped_one_is_fitted(web, demo_url):
    with _page(web, 1400) as page:
        _open(page, demo_url + "/")
        assert page.evaluate(AS_SENT)["overview-trend"] is True
        _open(page, demo_url + "/waarde")
        before = dict((gid, share) for gid, _, share in page.evaluate(PLOTS))
        # the value page's charts name initiatives and funders down the side: at 1400 px their plots are
        # under half of the chart's width as sent, so their names are wrapped; at 1024 px all the more
        assert page.evaluate(AS_SENT)["value-stakeholder-chart"] is False
        assert before["value-stakeholder-chart"] >= 0.35
        assert not page.evaluate(OUTSIDE)


def test_a_chart_is_fitted_again_when_its_width_changes(web, demo_url):
    with _page(web, 1400) as page:
        _open(page, demo_url + "/portefeuille")
        wide = {gid: share for gid, _, share in page.evaluate(PLOTS)}
        page.set_viewport_size({"width": 390, "height": 800})  # a turned phone, a narrowed window
        page.wait_for_function(
            """() => [...document.querySelectorAll('.js-plotly-plot')].filter(p => p._fullLayout.xaxis)
                .every(p => p._fullLayout.width < 400 && p._fullLayout._size.w >= 0.3 * p._fullLayout.width)""",
            timeout=10_000,
        )
        assert not page.evaluate(OUTSIDE)
        page.set_viewport_size({"width": 1400, "height": 900})
        page.wait_for_function(
            "() => [...document.querySelectorAll('.js-plotly-plot')].every(p => p._fullLayout.width > 400)",
            timeout=10_000,
        )
        page.wait_for_timeout(500)
        again = {gid: share for gid, _, share in page.evaluate(PLOTS)}
        assert again == pytest.approx(wide, abs=0.02)  # back as it was


@pytest.mark.parametrize("width", [320, 390])
def test_hard_labels_fit_a_phone(tab, demo_url, width):
    """Long names, millions, negative numbers, shares and turned heatmap labels, sized by the server's fit()
    and drawn through the app's Plotly.react at a phone's width: nothing outside the chart, a plot to read."""
    _open(tab, demo_url + "/portefeuille")
    for i, fig in enumerate(hard_figures()):
        tab.evaluate(
            """async ([fig, width, id]) => {
                const div = document.createElement('div');
                div.id = id; div.style.width = width + 'px';
                document.body.appendChild(div);
                const inner = document.createElement('div'); div.appendChild(inner);
                await Plotly.react(inner, {data: fig.data, layout: fig.layout, config: {responsive: false}});
            }""",
            [json.loads(json.dumps(fit(fig))), width - 30, f"phone-{i}"],
        )
        found = tab.evaluate(
            OUTSIDE.replace("(root) =>", "() =>").replace(
                "(root || document)", f"document.getElementById('phone-{i}')"
            )
        )
        assert not found, (i, found)
        share = tab.evaluate(
            f"() => {{ const p = document.querySelector('#phone-{i} .js-plotly-plot');"
            " return p._fullLayout._size.w / p._fullLayout.width; }"
        )
        assert share >= 0.3, (i, share)


def test_a_chart_does_not_flip_between_two_widths(tab, demo_url):
    """A fitted chart that grows taller can bring a scroll bar that narrows it, and the refit that makes it
    shorter takes the scroll bar away again: back to a width it had a moment ago, by a few pixels, it stays as it
    is instead of being fitted again and again. A real change of width is followed."""
    _open(tab, demo_url + "/portefeuille")
    fitted_at = tab.evaluate(
        """async (fig) => {
            const box = document.createElement('div'); box.id = 'flip'; box.style.width = '300px';
            document.body.appendChild(box);
            const gd = document.createElement('div'); box.appendChild(gd);
            await Plotly.react(gd, {data: fig.data, layout: fig.layout});
            const wait = (ms) => new Promise(r => setTimeout(r, ms));
            const fitted = async (width) => {  // until fitted at `width`, or 5 s
                for (let i = 0; i < 50 && gd.__fittedWidth !== width; i++) await wait(100);
                return gd.__fittedWidth;
            };
            const seen = [gd.__fittedWidth];
            box.style.width = '316px'; seen.push(await fitted(316));  // a scroll bar comes
            box.style.width = '300px'; await wait(1000); seen.push(gd.__fittedWidth);  // and goes within 2 s
            box.style.width = '250px'; seen.push(await fitted(250));  // a real change
            return seen;
        }""",
        json.loads(json.dumps(fit(hard_figures()[0]))),
    )
    assert fitted_at == [300, 316, 316, 250]
