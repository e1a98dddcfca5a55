"""The selection travels through every page, also through pages that do not use all of it. Found by a probe:
overview (wijk, theme, status, funder, 2022-2024) -> Buurtprofiel -> Overzicht came back with the gemeente, the
wijk and 2025 only, and on /waarde and /indicatoren every navigation link was bare ('/')."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

pytestmark = pytest.mark.browser

SELECTION = {"gemeente": "GM9999", "wijk": "WK999908", "thema": "eenzaamheid", "status": "groeiend",
             "financier": "FONDS-01", "van": "2022", "tot": "2024"}  # fmt: skip
QUERY = "&".join(f"{k}={v}" for k, v in SELECTION.items())


def _query(url: str) -> dict:
    return dict(parse_qsl(urlsplit(url).query))


def _nav(tab, key: str) -> None:
    tab.click(f"#shell-nav-{key}")
    tab.wait_for_timeout(1500)


@pytest.mark.parametrize("through", ["profile", "need", "portfolio", "survival", "value", "indicators"])
def test_overview_to_a_page_and_back_keeps_the_selection(tab, demo_url, through):
    tab.goto(f"{demo_url}/?{QUERY}")
    tab.wait_for_selector("#shell-nav-overview")
    tab.wait_for_timeout(1500)
    _nav(tab, through)
    _nav(tab, "overview")
    back = _query(tab.url)
    # the need page shows one year: it sends its year (2024) on, the rest of the selection as it came
    assert {k: back.get(k) for k in SELECTION} == SELECTION, (through, tab.url)


@pytest.mark.parametrize("path", ["/waarde", "/indicatoren"])
def test_every_link_of_a_page_carries_the_selection(tab, demo_url, path):
    tab.goto(f"{demo_url}{path}?{QUERY}")
    tab.wait_for_selector("#shell-nav-overview")
    tab.wait_for_timeout(2000)
    hrefs = tab.eval_on_selector_all("header a.nav-link", "as => as.map(a => a.getAttribute('href'))")
    for href in hrefs:
        assert {k: _query(href).get(k) for k in SELECTION} == SELECTION, href
