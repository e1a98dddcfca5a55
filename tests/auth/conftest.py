"""A real OpenID Connect provider (oidc-provider-mock) on loopback, and a dashboard configured to log in with it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from oidc_provider_mock import User, run_server_in_thread

from benchmarks import dash_http
from dashboard.app import create_app
from dashboard.auth import grants
from dashboard.repository import DuckDBRepository

SECRET = "Zr8-tQ2vLx9Nw4Kp7Hb3Jm6Fd1Sg5Yc0Ue-Aa"
ROLE_CLAIM = "wijkwaarde_roles"
# One user per kind of login the issue names; the grants below are made with `grants.grant`, as the CLI does.
USERS = {
    "gemeente": User(sub="ambtenaar-1", claims={"email": "ambtenaar@demostad.nl", "name": "A. Ambtenaar"}),
    "fonds": User(sub="fonds-1", claims={"email": "officer@fonds-een.nl", "name": "F. Een"}),
    "fonds2": User(sub="fonds-2", claims={"email": "officer@fonds-twee.nl", "name": "F. Twee"}),
    "beheerder": User(sub="beheer-1", claims={"email": "beheer@wijkwaarde.nl", "name": "B. Heerder"}),
    "zonder": User(sub="bezoeker-1", claims={"email": "bezoeker@example.org", "name": "Z. Grant"}),
    "claimt": User(sub="claim-1", claims={"name": "C. Laim", ROLE_CLAIM: ["gemeente:GM0599", "koning"]}),
}


@pytest.fixture(scope="session")
def provider() -> Iterator[str]:
    """The provider's issuer URL (http on loopback, which Authlib and our settings allow only there)."""
    with run_server_in_thread(user_claims=list(USERS.values())) as server:
        yield f"http://localhost:{server.server_port}"


def login_env(issuer: str, rate: str = "1000 per minute") -> dict[str, str]:
    return {
        "WIJKWAARDE_OIDC_PROVIDERS": "test",
        "WIJKWAARDE_OIDC_TEST_ISSUER": issuer,
        "WIJKWAARDE_OIDC_TEST_CLIENT_ID": "wijkwaarde",
        "WIJKWAARDE_OIDC_TEST_CLIENT_SECRET": "client-secret",
        "WIJKWAARDE_OIDC_TEST_ROLE_CLAIM": ROLE_CLAIM,
        "WIJKWAARDE_SECRET_KEY": SECRET,
        "WIJKWAARDE_COOKIE_SECURE": "0",  # the test client speaks http
        "WIJKWAARDE_LOGIN_RATE": rate,
    }


@pytest.fixture
def home(warehouse_home: Path, monkeypatch) -> Path:
    monkeypatch.setenv("WIJKWAARDE_HOME", str(warehouse_home))
    monkeypatch.delenv("WIJKWAARDE_ACCESS_DB", raising=False)
    grants.grant(
        [
            grants.validate("ambtenaar@demostad.nl", "gemeente", gemeente="GM0363"),
            grants.validate("ambtenaar-1", "gemeente", gemeente="GM0599"),  # by sub: both add up
            grants.validate("fonds-1", "fonds", funder="F1"),
            grants.validate("fonds-2", "fonds", funder="F2"),
            grants.validate("beheer@wijkwaarde.nl", "beheerder"),
        ],
        "cli:test",
    )
    return warehouse_home


def make_client(home: Path, issuer: str, monkeypatch, rate: str = "1000 per minute"):
    for name, value in login_env(issuer, rate).items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("WIJKWAARDE_MODE", raising=False)
    return create_app(DuckDBRepository(home)).server.test_client()


@pytest.fixture
def client(home, provider, monkeypatch):
    return make_client(home, provider, monkeypatch)


def log_in(client, subject: str, next_path: str = "/") -> requests.Response:
    """The whole authorisation code flow: our /login, the provider's form (posted as a person would click
    'authorize'), the provider's redirect back to our callback. Returns the callback's response."""
    start = client.get("/login?next=" + next_path)
    assert start.status_code == 302, start.get_data(as_text=True)
    authorize = start.headers["Location"]
    query = dict(p.split("=", 1) for p in urlsplit(authorize).query.split("&"))
    assert query["code_challenge_method"] == "S256" and query["code_challenge"] and query["nonce"]
    form = requests.get(authorize, timeout=10)
    assert form.status_code == 200
    answer = requests.post(authorize, data={"sub": subject}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/auth/callback/test"
    return client.get(back.path + "?" + back.query)


def rendered_page(client, pathname: str = "/") -> dict:
    """The page as Dash Pages renders it for this session (its router callback), as the JSON tree."""
    response = client.post("/_dash-update-component", json=dash_http.page_request(pathname))
    assert response.status_code == 200
    return response.get_json()


def components(tree) -> Iterator[dict]:
    """Every component's props in a layout tree."""
    if isinstance(tree, dict):
        if "props" in tree and "type" in tree:
            yield tree["props"]
        for value in tree.values():
            yield from components(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from components(value)


def account(client) -> dict[str, str]:
    """What the header's account part shows: user, scope, the login link, the logout form's CSRF token."""
    shown: dict[str, str] = {}
    for props in components(rendered_page(client)):
        if props.get("id") in ("account-user", "account-scope"):
            shown[props["id"].removeprefix("account-")] = str(props.get("children"))
        if props.get("href") == "/login":
            shown["login"] = str(props.get("children"))
        if props.get("name") == "csrf_token":
            shown["csrf"] = str(props.get("value"))
        if props.get("action") == "/logout":
            shown["logout_method"] = str(props.get("method"))
    return shown
