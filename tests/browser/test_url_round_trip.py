"""Every page's state round-trips through its URL (issue 13.3): one generic walk over every control of every page.

For each page the controls are found in the page itself (every Dash Dropdown and Input with an id in <main>),
not listed by hand. Each control in turn is set to a value other than its current one (as a user's change:
Dash's own set_props, which fires the page's callbacks); after each change the address bar, the language switch
and the page's own navigation link must all carry that state. Then the URL opened in a fresh browser context
(no shared storage) must show the same control values and draw the same figures (the plotly data of every
graph).
"""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.pages import PAGES as ALL_PAGES

pytestmark = pytest.mark.browser

PAGES = ["/", "/profiel", "/behoefte", "/portefeuille", "/overleving", "/waarde", "/indicatoren",
         "/initiatief?code=INI0001"]  # fmt: skip
OWN_LINK = {p.path: p.key for p in ALL_PAGES if p.path is not None}
SEARCH_TEXT = "buurt"  # what a user types in a search box

# Every Dash control with an id inside the page body, with what Dash holds for it (not what the DOM shows).
CONTROLS = """() => {
    const api = window.dash_component_api;
    const out = [];
    for (const el of document.querySelectorAll('main [id]')) {
        let layout;
        try { layout = api.getLayout(el.id); } catch (e) { continue; }
        if (!layout || layout.namespace !== 'dash_core_components') continue;
        if (!['Dropdown', 'Input'].includes(layout.type)) continue;
        const p = layout.props;
        const options = (p.options || []).map((o) => (o !== null && typeof o === 'object') ? o.value : o);
        out.push({id: el.id, type: layout.type, value: p.value === undefined ? null : p.value,
                  options: options, multi: !!p.multi, disabled: !!p.disabled});
    }
    return out;
}"""

# The plotly data of every graph, keyed by the id of its dcc.Graph (Plotly's generated uids left out).
FIGURES = """() => {
    const out = {};
    for (const gd of document.querySelectorAll('main .js-plotly-plot')) {
        const owner = gd.closest('[id]:not(.js-plotly-plot)');
        const key = owner ? owner.id : gd.id;
        out[key] = JSON.stringify(gd.data, (k, v) => (k === 'uid' ? undefined : v));
    }
    return out;
}"""

LINKS = """() => ({
    lang: document.getElementById('shell-lang-link')?.getAttribute('href'),
    nav: Object.fromEntries([...document.querySelectorAll('header [id^="shell-nav-"], header a[id]')]
        .map((a) => [a.id, a.getAttribute('href')])),
})"""


class Quiet:
    """Counts the page's requests in flight: a page is settled when none has been open for a while."""

    def __init__(self, page):
        self.page = page
        self.open: set = set()
        self.last = time.monotonic()
        page.on("request", self._start)
        page.on("requestfinished", self._end)
        page.on("requestfailed", self._end)

    def _start(self, request):
        self.open.add(request)
        self.last = time.monotonic()

    def _end(self, request):
        self.open.discard(request)
        self.last = time.monotonic()

    def wait(self, quiet: float = 0.4, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            self.page.wait_for_timeout(100)
            idle = not self.open and time.monotonic() - self.last >= quiet
            loading = self.page.evaluate("() => !!document.querySelector('[data-dash-is-loading=\"true\"]')")
            if idle and not loading:
                return
            assert time.monotonic() < deadline, f"page did not settle: {self.page.url}"


def open_page(context, url: str):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    quiet = Quiet(page)
    page.goto(url)
    page.wait_for_selector("main", timeout=60_000)
    quiet.wait()
    page.errors = errors
    return page, quiet


def other_value(control: dict, taken: set) -> object:
    """A value other than the control's current one: the neighbouring option (so a 'from' year stays before
    a 'to' year), one different option for a multi-select, a typed word for a text box; None if there is none."""
    if control["type"] == "Input":
        return SEARCH_TEXT if control["value"] != SEARCH_TEXT else SEARCH_TEXT + "s"
    options, value = control["options"], control["value"]
    if control["multi"]:
        current = value or []
        fresh = [o for o in options if o not in current and o not in taken]
        return [fresh[0]] if fresh else None
    if value not in options:
        return options[0] if options else None
    i = options.index(value)
    if len(options) < 2:
        return None
    return options[i - 1] if i > 0 else options[i + 1]


def state(page) -> dict:
    return {c["id"]: c["value"] for c in page.evaluate(CONTROLS)}


def query(url: str) -> dict:
    return parse_qs(urlsplit(url).query)


def check_links(page, label: str) -> None:
    """The language switch and this page's own navigation link carry exactly what the address bar says."""
    parts = urlsplit(page.url)
    links = page.evaluate(LINKS)
    here = parts.path + ("?" + parts.query if parts.query else "")
    lang = query(page.url).get("lang", ["nl"])[0]
    switched = query(links["lang"])
    assert urlsplit(links["lang"]).path == parts.path
    assert {k: v for k, v in switched.items() if k != "lang"} == {
        k: v for k, v in query(page.url).items() if k != "lang"
    }, f"{label}: language switch {links['lang']} does not carry the URL"
    assert switched.get("lang", ["nl"])[0] != lang
    nav_id = f"shell-nav-{OWN_LINK.get(parts.path)}"
    if nav_id in links["nav"]:  # pages in the navigation
        assert links["nav"][nav_id] == here, f"{label}: {nav_id} is {links['nav'][nav_id]}"


def check_round_trip(web, page, label: str) -> None:
    """Open the page's URL in a new browser context: same controls, same figures."""
    expected_state, expected_figures = state(page), page.evaluate(FIGURES)
    context = web.new_context(viewport={"width": 1400, "height": 1100}, locale="nl-NL")
    try:
        copy, _ = open_page(context, page.url)
        assert urlsplit(copy.url).query == urlsplit(page.url).query, label
        assert state(copy) == expected_state, label
        figures = copy.evaluate(FIGURES)
        assert figures.keys() == expected_figures.keys(), label
        for key, data in expected_figures.items():
            assert json.loads(figures[key]) == json.loads(data), f"{label}: figure {key} differs"
        assert not copy.errors, copy.errors
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_every_control_round_trips_through_the_url(web, demo_url, path):
    context = web.new_context(viewport={"width": 1400, "height": 1100}, locale="nl-NL")
    try:
        page, quiet = open_page(context, demo_url + path)
        if not path.startswith("/initiatief"):  # its controls drawn (a dropdown's part loads on its own)
            page.wait_for_function(f"() => ({CONTROLS})().length > 0", timeout=30_000)
        first = controls = page.evaluate(CONTROLS)
        changed = 0
        for i in range(len(controls)):
            controls = page.evaluate(CONTROLS)  # re-read: a change may have given others new options
            if i >= len(controls):
                break
            control = controls[i]
            taken = {
                v for c in controls for v in (c["value"] if isinstance(c["value"], list) else [c["value"]])
            }
            value = other_value(control, taken)
            if value is None or control["disabled"]:
                continue  # e.g. a gemeente dropdown with a single gemeente: nothing else to choose
            page.evaluate(
                "([id, value]) => window.dash_clientside.set_props(id, {value: value})",
                [control["id"], value],
            )
            quiet.wait()
            assert state(page)[control["id"]] is not None
            label = f"{path}: {control['id']} = {value!r} -> {page.url}"
            check_links(page, label)
            changed += 1
        # One copy of the URL per page, with every control away from its default (a change that undid an
        # earlier one would show up here too); pages without controls (an initiative) round-trip as opened.
        assert changed > 0 or path.startswith("/initiatief"), f"no control changed on {path}: {first}"
        check_round_trip(web, page, f"{path} -> {page.url}")
        assert not page.errors, page.errors
    finally:
        context.close()
