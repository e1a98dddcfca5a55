"""Fixtures for the report tests: the login test set-up (a real OpenID Connect provider), grants on the
fixture warehouse's funders, and helpers that read links and CSRF tokens out of the server-rendered pages."""

from __future__ import annotations

import html
import re

import pytest

from dashboard.auth import grants
from tests.auth.conftest import home, log_in, make_client, provider  # noqa: F401 (fixtures)

# The fixture warehouse (tests/conftest.py): FIN1 funds G1 (INI1) and G3 (INI2); FIN2 funds G2 (INI1) and
# G4 (INI3). All buurten lie in GM9999.
FUND = "fonds-1"  # F. Een, fund FIN2
OTHER_FUND = "fonds-2"  # F. Twee, fund FIN1
GEMEENTE = "ambtenaar-1"


@pytest.fixture
def reports_home(home):  # noqa: F811
    grants.grant(
        [
            grants.validate(FUND, "fonds", funder="FIN2"),
            grants.validate(OTHER_FUND, "fonds", funder="FIN1"),
            grants.validate(GEMEENTE, "gemeente", gemeente="GM9999"),
        ],
        "cli:test",
    )
    return home


@pytest.fixture
def app_client(reports_home, provider, monkeypatch):  # noqa: F811
    return make_client(reports_home, provider, monkeypatch)


@pytest.fixture
def new_client(reports_home, provider, monkeypatch):  # noqa: F811
    """Another browser on the same app settings (a second person)."""

    def make():
        return make_client(reports_home, provider, monkeypatch)

    return make


def text(response) -> str:
    return response.get_data(as_text=True)


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def links_in(page: str) -> list[str]:
    """The report links a page shows (the copyable inputs), as paths."""
    return [
        "/rapportage/" + html.unescape(v).rsplit("/rapportage/", 1)[1]
        for v in re.findall(r'class="form-control form-control-sm report-link"[^>]*value="([^"]+)"', page)
    ]


def logged_in(client, subject: str):
    assert log_in(client, subject).status_code == 302
    return client


def make_link(client, grant: str, email: str = "") -> str:
    page = text(client.get("/rapportages"))
    made = client.post(
        "/rapportages/links", data={"csrf_token": csrf(page), "subsidie": grant, f"email-{grant}": email}
    )
    assert made.status_code == 200, text(made)
    found = links_in(text(made))
    assert len(found) == 1
    return found[0]


def filled(indicators=("deelnemers", "vrijwilligers"), **more) -> dict:
    data = {"naam": "Stichting Buurtkracht", "verhaal": "Het ging goed.", "toestemming": "ja"}
    data |= {f"waarde-{c}": "12" for c in indicators}
    return data | more
