"""In Chromium: log in through the test provider's page (`make demo-login`), see who and what in the header,
log out with the form; each role, and a user without a grant."""

from __future__ import annotations

import pytest

from tests.auth.test_demo_login import demo_login  # noqa: F401 (the fixture: provider + gunicorn)

pytestmark = pytest.mark.browser

ROLES = [
    ("gemeente@demostad.nl", "Gemma Gemeente", "Ziet: gemeente GM9999"),
    ("fonds@fonds-een.nl", "Frank Fonds", "Ziet: fonds "),
    ("fonds@fonds-twee.nl", "Fien Fonds", "Ziet: fonds "),
    ("beheerder@wijkwaarde.nl", "Bea Beheerder", "Ziet: beheerder"),
    ("bezoeker@example.org", "Bo Bezoeker", "Ziet: publiek"),
]


def test_each_role_logs_in_in_the_browser_and_logs_out(web, demo_login):  # noqa: F811
    """One after the other in the same browser, as on a shared computer: each user sees their own name and
    scope, never the previous user's, and after logging out nobody is logged in."""
    url = demo_login
    seen_funds = []
    context = web.new_context(viewport={"width": 1400, "height": 900}, locale="nl-NL")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    for subject, name, scope in ROLES:
        tab.goto(url + "/")
        tab.get_by_role("link", name="Inloggen").click()
        tab.get_by_role("button", name=subject).click()  # the test provider's 'predefined user' button
        tab.wait_for_url(url + "/")
        user = tab.locator("#account-user")
        user.wait_for()
        assert name in user.inner_text()
        shown = tab.locator("#account-scope").inner_text()
        assert shown.startswith(scope), (subject, shown)
        if "fonds" in scope:
            seen_funds.append(shown)
        tab.get_by_role("button", name="Uitloggen").click()
        tab.get_by_role("link", name="Inloggen").wait_for()
        assert tab.locator("#account-user").count() == 0
        assert errors == [], subject
    context.close()
    assert len(set(seen_funds)) == 2  # two different funds, each its own scope


def _log_in(web, url: str, subject: str):
    context = web.new_context(viewport={"width": 1400, "height": 900}, locale="nl-NL")
    tab = context.new_page()
    tab.goto(url + "/")
    tab.get_by_role("link", name="Inloggen").click()
    tab.get_by_role("button", name=subject).click()
    tab.wait_for_url(url + "/")
    tab.locator("#account-user").wait_for()
    return context, tab


def _trend_table(tab, url: str, funder: str) -> list[str]:
    """The overview's trend data table for the volunteers of `funder`'s grantees in Demostad, 2024."""
    tab.goto(f"{url}/?gemeente=GM9999&financier={funder}&van=2024&tot=2024&indicator=vrijwilligers")
    table = tab.locator("#overview-trend-data")
    tab.wait_for_function(
        "() => (document.querySelector('#overview-trend-data')?.textContent || '').includes('K4')"
    )
    return [cell.strip() for cell in table.locator("td").all_text_contents()]


def test_a_fund_sees_its_own_portfolio_exactly_and_a_gemeente_its_initiatives(web, demo_login):  # noqa: F811
    """Issue 15's 'done when', in Chromium: fund FIN2's officer sees the volunteers of FIN2's grantees per
    quarter exactly (4, 7, 8, 9: all below k) where an anonymous visitor sees '< 10', and FIN1's portfolio as
    the public does; the gemeente's officer sees an initiative's participants, which the public does not."""
    url = demo_login
    anonymous = web.new_context(locale="nl-NL").new_page()
    public = _trend_table(anonymous, url, "FIN2")
    assert public.count("< 10") == 4, public
    context, fund = _log_in(web, url, "fonds@fonds-een.nl")  # Frank Fonds: fund FIN2 in the fixture data
    assert "FIN2" in fund.locator("#account-scope").inner_text()
    own = _trend_table(fund, url, "FIN2")
    assert "< 10" not in own, own
    for value in ("4", "7", "8", "9"):
        assert value in own, own
    other = _trend_table(fund, url, "FIN1")  # another funder's portfolio: as the public sees it
    assert other == _trend_table(anonymous, url, "FIN1")
    context.close()

    anonymous.goto(url + "/initiatief?code=INI3")
    anonymous.get_by_text("Bereikte deelnemers").first.wait_for()
    assert anonymous.locator("#initiative-trends").get_by_text("Bereikte deelnemers").count() == 0
    context, city = _log_in(web, url, "gemeente@demostad.nl")
    city.goto(url + "/initiatief?code=INI3")
    city.locator("#initiative-trends").get_by_text("Bereikte deelnemers").first.wait_for()
    context.close()
