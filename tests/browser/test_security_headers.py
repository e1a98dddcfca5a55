"""In Chromium: every page renders under the Content-Security-Policy, with no violation, and the maps paint."""

from __future__ import annotations

import base64

import pytest
import requests

from tests.browser.test_accessibility import settle
from tests.browser.test_overview import COUNT_BLUE, MAP_READY

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/profiel?gemeente=GM9999&buurt=BU99990101",
    "/behoefte?gemeente=GM9999",
    "/portefeuille?gemeente=GM9999",
    "/overleving?gemeente=GM9999",
    "/waarde",
    "/initiatief?code=INI1",
    "/indicatoren",
    "/gegevens",
    "/toegankelijkheid",
    "/pakket",
    "/presentatie",
]
NEED_MAP_READY = MAP_READY.replace("#overview-map", "#need-map")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_without_a_csp_violation(tab, server_url, path):
    response = requests.get(server_url + path, timeout=30)
    assert "script-src 'self' 'sha256-" in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert "Server" not in response.headers
    failed: list[str] = []  # the renderer's own requests must all pass the request checks
    tab.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    tab.goto(server_url + path)
    settle(tab)
    assert tab.locator("main h1").count() == 1
    if path == "/":
        tab.wait_for_function(MAP_READY, timeout=20_000)
    elif path.startswith("/behoefte"):
        tab.wait_for_function(NEED_MAP_READY, timeout=20_000)
    if path == "/" or path.startswith("/behoefte"):
        tab.wait_for_timeout(300)  # let MapLibre finish its frame
        shot = tab.locator("#overview-map" if path == "/" else "#need-map").screenshot()
        coloured = tab.evaluate(COUNT_BLUE, base64.b64encode(shot).decode())
        assert coloured > 2_000, f"only {coloured} blue pixels: the map was not painted"
    if path.startswith("/initiatief"):
        assert "Buurtkeuken" in tab.inner_text("main")
    assert not tab.errors, tab.errors
    assert failed == []


def test_an_injected_inline_script_is_refused_and_reported(tab, server_url):
    """The policy is enforced, and the fixture that fails the other tests sees a violation."""
    tab.goto(server_url + "/gegevens")
    settle(tab)
    tab.evaluate(
        """() => { const s = document.createElement('script');
        s.textContent = 'window.injected = true;'; document.body.appendChild(s); }"""
    )
    tab.wait_for_timeout(300)
    assert tab.evaluate("window.injected === undefined")
    assert tab.errors and "Content Security Policy" in tab.errors[0]
    tab.errors.clear()  # this test wanted the violation
