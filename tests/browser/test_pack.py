"""The council pack in a browser: add charts, reorder, download a PPTX built in the background, present."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_overview import open_overview

pytestmark = pytest.mark.browser


def basket_titles(page) -> list[str]:
    return page.locator("#pack-list li strong").all_inner_texts()


def test_build_a_council_pack_and_present_it(tab, demo_url):
    open_overview(tab, demo_url + "/?gemeente=GM9999&van=2024&tot=2025")
    tab.get_by_role("button", name="Voeg Ontwikkeling per kwartaal toe aan het raadspakket").click()
    tab.get_by_role("button", name="Voeg Kaart van de buurten toe aan het raadspakket").click()
    tab.wait_for_function("() => document.getElementById('pack-added-msg').textContent.includes('(2)')")

    tab.get_by_role("link", name="Raadspakket").click()
    tab.wait_for_selector("#pack-list li")
    titles = basket_titles(tab)
    assert titles[0] == "Ontwikkeling per kwartaal" and titles[1].startswith("Kaart van de buurten")
    tab.get_by_role("button", name="Omlaag: Ontwikkeling per kwartaal").click()
    tab.wait_for_function(
        "() => document.querySelector('#pack-list li strong').textContent.startsWith('Kaart')"
    )
    assert basket_titles(tab)[1] == "Ontwikkeling per kwartaal"
    tab.screenshot(path=str(ARTIFACTS / "pack.png"), full_page=True)

    with tab.expect_download(timeout=60_000) as download:
        tab.get_by_role("button", name="Download PowerPoint").click()
    data = download.value.path().read_bytes()
    assert download.value.suggested_filename == "raadspakket.pptx"
    deck = Presentation(io.BytesIO(data))
    slide_titles = [
        next(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in deck.slides
    ]
    assert (
        slide_titles[1].startswith("Kaart van de buurten") and slide_titles[2] == "Ontwikkeling per kwartaal"
    )
    assert len(slide_titles) == 4 and slide_titles[3] == "Bronnen"
    assert "Klaar" in tab.inner_text("#pack-progress")

    # The basket survives a reload (localStorage) and drives presentation mode.
    tab.get_by_role("link", name="Presenteren").click()
    tab.wait_for_selector(".present-item.is-shown .present-title")
    assert tab.inner_text(".present-item.is-shown .present-title").startswith("Kaart van de buurten")
    assert "1 van 2" in tab.inner_text("#present-stage")
    assert "Bron: " in tab.inner_text(".present-item.is-shown .present-footnote")
    tab.keyboard.press("ArrowRight")
    tab.wait_for_function(
        "() => document.querySelector('.present-item.is-shown .present-title').textContent === 'Ontwikkeling per kwartaal'"
    )
    assert "2 van 2" in tab.inner_text("#present-stage")
    assert tab.locator("#present-next").is_disabled()
    tab.screenshot(path=str(ARTIFACTS / "presentation.png"), full_page=True)
    tab.keyboard.press("ArrowLeft")
    tab.wait_for_function(
        "() => document.querySelector('.present-item.is-shown .present-title').textContent.startsWith('Kaart')"
    )
    assert not tab.errors


def test_copy_link_puts_the_whole_view_on_the_clipboard(web, demo_url):
    context = web.new_context(viewport={"width": 1400, "height": 1000})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=demo_url)
    page = context.new_page()
    try:
        open_overview(page, demo_url + "/?gemeente=GM9999&van=2023&tot=2024&thema=eenzaamheid")
        page.get_by_role("button", name="Kopieer link").click()
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied == page.url and "thema=eenzaamheid" in copied and "van=2023" in copied
    finally:
        context.close()


def test_presentation_steps_without_the_server_and_counts_every_press(tab, demo_url):
    """Six slides, built once when the mode opens; five quick presses land on the sixth, and no step asks
    the server for anything."""
    basket = [{"url": f"/?gemeente=GM9999&van={y}&tot={y}", "item": "trend"} for y in range(2020, 2026)]
    tab.goto(demo_url + "/presentatie")
    tab.evaluate("b => localStorage.setItem('pack-basket', JSON.stringify(b))", basket)
    tab.goto(demo_url + "/presentatie")
    tab.wait_for_function("() => (document.getElementById('present-stage')?.innerText || '').includes('1 van 6')",
                          timeout=60_000)  # fmt: skip
    requests = []
    tab.on("request", lambda r: requests.append(r.url) if "_dash-update-component" in r.url else None)
    for _ in range(5):
        tab.keyboard.press("ArrowRight")
    tab.wait_for_function("() => (document.getElementById('present-stage')?.innerText || '').includes('6 van 6')",
                          timeout=10_000)  # fmt: skip
    assert tab.locator("#present-next").is_disabled()
    tab.wait_for_function(
        "() => document.querySelector('#present-slide .present-item.is-shown .js-plotly-plot')?._fullLayout"
    )
    shown = tab.evaluate(
        "() => { const gd = document.querySelector('#present-slide .present-item.is-shown .js-plotly-plot');"
        " return [gd._fullLayout.height, gd.data.length]; }"
    )
    assert shown == [620, 2], shown  # the slide's own size, realised and target
    assert "2025" in " ".join(tab.evaluate(
        "() => document.querySelector('#present-slide .present-item.is-shown .js-plotly-plot').data[0].x"
    ))  # fmt: skip
    tab.keyboard.press("ArrowLeft")
    tab.wait_for_function(
        "() => (document.getElementById('present-stage')?.innerText || '').includes('5 van 6')"
    )
    assert requests == []  # every step drawn in the browser from the deck
    assert not tab.errors
