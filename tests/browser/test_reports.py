"""In Chromium (issue 16): a fund makes a grantee link, the initiative fills in the form without an account,
the fund accepts it and sees the value and the story on the initiative page; a returned report shows the
fund's note when the initiative opens its link again."""

from __future__ import annotations

import pytest

from tests.auth.test_demo_login import demo_login  # noqa: F401 (the fixture: provider + gunicorn)
from tests.browser.conftest import ARTIFACTS
from tests.reports.test_units import jpeg_with_gps

pytestmark = pytest.mark.browser
FUND = "fonds@fonds-een.nl"  # Frank Fonds: fund FIN2 in the fixture data (grants G2 for INI1, G4 for INI3)


def _context(web):
    context = web.new_context(viewport={"width": 1300, "height": 1000}, locale="nl-NL")
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    return context, tab


def _log_in(web, url: str):
    context, tab = _context(web)
    tab.goto(url + "/")
    tab.get_by_role("link", name="Inloggen").click()
    tab.get_by_role("button", name=FUND).click()
    tab.wait_for_url(url + "/")
    tab.locator("#account-user").wait_for()
    return context, tab


def _make_link(fund, url: str, grant: str) -> str:
    fund.goto(url + "/rapportages")
    fund.locator(f"#kies-{grant}").check()
    fund.get_by_role("button", name="Links maken voor de gekozen subsidies").click()
    fund.get_by_role("heading", name="Links gemaakt").wait_for()
    return fund.locator("input.report-link").first.input_value()


def _report(web, link: str, story: str, photo: bool = False) -> None:
    context, grantee = _context(web)
    grantee.goto(link)
    grantee.get_by_label("Uw naam of de naam van uw organisatie").fill("Stichting Buurtkracht")
    grantee.get_by_label("Bereikte deelnemers").fill("heel veel")
    grantee.get_by_label("Actieve vrijwilligers").fill("7")
    grantee.get_by_role("button", name="Versturen").click()
    alert = grantee.get_by_role("alert")  # the error is shown in the form before anything is sent
    assert "Dit is geen getal" in alert.inner_text()
    alert.get_by_role("link").first.click()
    grantee.get_by_label("Bereikte deelnemers").fill("31")
    grantee.get_by_label("Uw verhaal").fill(story)
    if photo:
        grantee.get_by_label("Een foto").set_input_files(
            files=[{"name": "buurtkeuken.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps((800, 600))}]
        )
    grantee.get_by_label("Het verhaal en de foto mogen openbaar").check()
    grantee.get_by_role("button", name="Versturen").click()
    grantee.get_by_role("heading", name="Bedankt!").wait_for()
    assert grantee.errors == []
    context.close()


def _open_review(fund, url: str):
    fund.goto(url + "/rapportages")
    fund.get_by_role("link", name="beoordelen").first.click()
    fund.get_by_role("heading", name="Rapportage", exact=False).wait_for()


def test_a_grantee_reports_through_its_link_and_the_fund_accepts_or_returns(web, demo_login):  # noqa: F811
    url = demo_login
    context, fund = _log_in(web, url)
    link = _make_link(fund, url, "G2")
    assert "/rapportage/" in link
    story = "Dertig buren kookten samen <script>alert(1)</script> en bleven eten."
    _report(web, link, story, photo=True)

    _open_review(fund, url)
    assert story in fund.locator(".report-story").inner_text()  # shown as text, not run
    fund.get_by_role("button", name="Accepteren en publiceren").click()
    fund.get_by_text("Geaccepteerd en gepubliceerd").wait_for()
    assert "geaccepteerd door Frank Fonds" in fund.locator(".provenance").inner_text()

    fund.goto(url + "/initiatief?code=INI1")
    stories = fund.locator("#initiative-stories")
    stories.wait_for()
    assert (
        story in stories.inner_text() and "gerapporteerd door Stichting Buurtkracht" in stories.inner_text()
    )
    assert stories.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    participants = fund.locator('#toc-output [data-indicator="deelnemers"]')
    assert participants.inner_text().split("\n")[-1].startswith("31 ")  # the accepted value is the latest

    returned_link = _make_link(fund, url, "G4")
    _report(web, returned_link, "Zonnedak: eerste panelen liggen.")
    _open_review(fund, url)
    fund.get_by_label("Opmerking voor het initiatief").fill("Klopt het aantal vrijwilligers? Wij zagen er 2.")
    fund.get_by_role("button", name="Terugsturen met opmerking").click()
    fund.get_by_text("Teruggestuurd.", exact=False).wait_for()
    again_context, again = _context(web)
    again.goto(returned_link)
    assert "Klopt het aantal vrijwilligers? Wij zagen er 2." in again.locator("#opmerking").inner_text()
    assert again.get_by_role("button", name="Versturen").is_visible()
    assert fund.errors == [] and again.errors == []
    again_context.close()
    context.close()


def test_report_pages_have_no_axe_violations(web, demo_login):  # noqa: F811
    """WCAG 2.1 AA and axe's best practices on the fund's reports page, the grantee's form with its errors
    shown, and the review page with a story and photo."""
    from tests.browser.test_accessibility import WITH_BEST_PRACTICE, violations

    url = demo_login
    context, fund = _log_in(web, url)
    fund.goto(url + "/rapportages")
    fund.get_by_role("heading", name="Rapportages").wait_for()
    found = {"rapportages": violations(fund, WITH_BEST_PRACTICE)}
    fund.get_by_role("link", name="English").click()  # the switch: the same page in English
    fund.get_by_role("heading", name="Reports").wait_for()
    assert fund.evaluate("document.documentElement.lang") == "en" and fund.url.endswith(
        "/rapportages?lang=en"
    )
    found["reports (English)"] = violations(fund, WITH_BEST_PRACTICE)
    link = _make_link(fund, url, "G2")
    found["links gemaakt"] = violations(fund, WITH_BEST_PRACTICE)

    grantee_context, grantee = _context(web)
    grantee.goto(link)
    grantee.get_by_label("Bereikte deelnemers").fill("heel veel")
    grantee.get_by_role("button", name="Versturen").click()
    grantee.get_by_role("alert").wait_for()
    found["formulier met fouten"] = violations(grantee, WITH_BEST_PRACTICE)
    grantee_context.close()
    _report(web, link, "Dertig buren kookten samen.", photo=True)

    _open_review(fund, url)
    fund.locator(".report-story").wait_for()
    found["beoordelen"] = violations(fund, WITH_BEST_PRACTICE)
    context.close()
    problems = [f"{page}: {v}" for page, found_there in found.items() for v in found_there]
    assert problems == [], "\n".join(problems)


def _story_trace(tab) -> dict | None:
    """The map's story trace as Plotly drew it (the graph's _fullData), or None."""
    return tab.evaluate(
        """() => {
            const plot = document.querySelector('#overview-map .js-plotly-plot');
            const trace = (plot?._fullData || []).find(t => t.name === 'Verhalen' && t.type === 'scattermap');
            return trace ? {lon: Array.from(trace.lon), lat: Array.from(trace.lat),
                            customdata: trace.customdata, visible: trace.visible} : null;
        }"""
    )


def test_an_accepted_story_shows_on_the_overview_map_and_leads_to_its_initiative(web, demo_login):  # noqa: F811
    """A consented story, once accepted, is a marker on the overview map for everyone (the trace drawn in
    the graph) and a line in the list under the map whose link opens the initiative with the story; axe
    (WCAG 2.1 AA and best practice) passes on the overview with the stories showing."""
    from tests.browser.test_accessibility import WITH_BEST_PRACTICE, ready_overview, violations

    url = demo_login
    context, fund = _log_in(web, url)
    link = _make_link(fund, url, "G2")
    story = "Dertig buren kookten samen en bleven eten."
    _report(web, link, story)
    _open_review(fund, url)
    fund.get_by_role("button", name="Accepteren en publiceren").click()
    fund.get_by_text("Geaccepteerd en gepubliceerd").wait_for()
    context.close()

    visitor_context, visitor = _context(web)  # no login: consented stories are public
    ready_overview(visitor, url + "/")
    visitor.wait_for_function(
        "() => (document.querySelector('#overview-map .js-plotly-plot')?._fullData || [])"
        ".some(t => t.name === 'Verhalen' && t.lon && t.lon.length > 0)",
        timeout=60_000,
    )
    trace = _story_trace(visitor)
    assert trace is not None and len(trace["lon"]) == 1 and trace["visible"] is True
    area, hover, code = trace["customdata"][0]
    assert hover.startswith("1 verhaal: ") and "Buurtkeuken" in hover and code.startswith("BU")

    places = visitor.locator("#overview-map-stories")
    places.get_by_role("heading", name="Verhalen op de kaart").wait_for()
    assert area in places.inner_text() and "1 verhaal" in places.inner_text()
    visitor.locator("#overview-map-data summary").click()  # the data table open: it must pass too
    found = violations(visitor, WITH_BEST_PRACTICE)
    visitor.screenshot(path=str(ARTIFACTS / "a11y-overview-stories.png"), full_page=True)
    assert found == [], "\n".join(found)

    places.get_by_role("link", name="Buurtkeuken").click()
    visitor.wait_for_url("**/initiatief?code=INI1")
    stories = visitor.locator("#initiative-stories")
    stories.wait_for()
    assert story in stories.inner_text()
    assert visitor.errors == []
    visitor_context.close()
