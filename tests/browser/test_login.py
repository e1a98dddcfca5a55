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
    url = demo_login
    seen_funds = []
    for subject, name, scope in ROLES:
        context = web.new_context(viewport={"width": 1400, "height": 900}, locale="nl-NL")
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
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
        assert errors == []
        context.close()
    assert len(set(seen_funds)) == 2  # two different funds, each its own scope
