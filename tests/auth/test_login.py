"""Logging in through a real OpenID Connect provider on loopback: scope per role, the header, logout, refusals."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.auth import audit, grants, session
from tests.auth.conftest import account, log_in, make_client

COOKIE = "wijkwaarde_session"
ROOT = Path(__file__).resolve().parents[2]  # the CLI of this checkout (python -m wijkwaarde from here)


def test_a_gemeente_user_logs_in_and_the_header_shows_who_and_the_scope(client):
    assert account(client) == {"login": "Inloggen"}  # before: the public view with a login link
    done = log_in(client, "ambtenaar-1", next_path="/profiel")
    assert done.status_code == 302 and done.headers["Location"] == "/profiel"
    cookie = done.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and cookie.startswith(COOKIE + "=")
    shown = account(client)
    assert shown["user"] == "A. Ambtenaar"
    assert shown["scope"] == "Ziet: gemeente GM0363, GM0599"  # e-mail grant OR sub grant
    assert shown["logout_method"] == "POST" and len(shown["csrf"]) > 20


def test_fund_users_beheerder_and_a_user_without_a_grant(home, provider, monkeypatch):
    expected = {
        "fonds-1": "Ziet: fonds F1",
        "fonds-2": "Ziet: fonds F2",
        "beheer-1": "Ziet: beheerder",
        "bezoeker-1": "Ziet: publiek",  # logged in, no grant: the public view
        "claim-1": "Ziet: gemeente GM0599",  # the trusted role claim; the unknown value 'koning' is ignored
    }
    for subject, scope in expected.items():
        client = make_client(home, provider, monkeypatch)
        assert log_in(client, subject).status_code == 302
        assert account(client)["scope"] == scope, subject
    client = make_client(home, provider, monkeypatch)
    log_in(client, "fonds-1")
    with client.application.test_request_context(headers={"Cookie": _cookie_header(client)}):
        assert session.current_scope().funders == frozenset({"F1"})
        assert session.current_scope().cache_key == "r=fonds;g=;f=F1" == session.scope_key()
    with client.application.test_request_context():  # no cookie
        assert session.scope_key() == "publiek"


def _cookie_header(client) -> str:
    cookie = client.get_cookie(COOKIE)
    return f"{COOKIE}={cookie.value}" if cookie else ""


def test_tampered_expired_or_missing_session_is_the_public_view(client, home, provider, monkeypatch):
    log_in(client, "fonds-1")
    value = client.get_cookie(COOKIE).value
    assert account(client)["scope"] == "Ziet: fonds F1"
    payload, _, signature = value.rpartition(".")
    client.set_cookie(COOKIE, payload + "." + ("A" if signature[0] != "A" else "B") + signature[1:])
    assert account(client) == {"login": "Inloggen"}  # tampered signature
    client.delete_cookie(COOKIE)
    assert account(client) == {"login": "Inloggen"}  # no session
    # A session signed with another secret (e.g. an old one) is ignored too.
    other = make_client(home, provider, monkeypatch)
    other.application.secret_key = "Other-secret-9Qw2Er4Ty6Ui8Op0As1Df3Gh"
    log_in(other, "fonds-1")
    client.set_cookie(COOKIE, other.get_cookie(COOKIE).value)
    assert account(client) == {"login": "Inloggen"}
    # Expired: a login older than WIJKWAARDE_SESSION_HOURS (default 8).
    log_in(client, "fonds-1")
    with client.session_transaction() as stored:
        stored[session.LOGIN_AT_KEY] = int(time.time()) - 9 * 3600
    assert account(client) == {"login": "Inloggen"}


def test_logout_needs_the_csrf_token_and_ends_the_session(client):
    log_in(client, "beheer-1")
    token = account(client)["csrf"]
    refused = client.post("/logout")
    assert refused.status_code == 400 and "CSRF" in refused.get_data(as_text=True)
    assert client.post("/logout", data={"csrf_token": "x" * len(token)}).status_code == 400
    assert account(client)["scope"] == "Ziet: beheerder"  # still logged in
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert account(client) == {"login": "Inloggen"}
    # Any other state-changing request outside Dash's callbacks needs the token too.
    assert client.put("/login").status_code == 400
    assert client.delete("/").status_code == 400


def test_a_copy_of_the_cookie_is_no_login_after_logout(client, home, provider, monkeypatch):
    """The signed cookie alone stays valid until it expires: a copy taken before the logout (a shared
    computer, a proxy log) must not go on as the user once the user has logged out."""
    log_in(client, "beheer-1")
    copy = client.get_cookie(COOKIE).value
    other = make_client(home, provider, monkeypatch)
    other.set_cookie(COOKIE, copy)
    assert account(other)["scope"] == "Ziet: beheerder"  # the copy works while the login lasts
    assert client.post("/logout", data={"csrf_token": account(client)["csrf"]}).status_code == 302
    replay = make_client(home, provider, monkeypatch)
    replay.set_cookie(COOKIE, copy)
    assert account(replay) == {"login": "Inloggen"}
    assert replay.get("/beheer/toegang").status_code == 302  # to the login, not the grants
    # a new login of the same user works again
    assert log_in(client, "beheer-1").status_code == 302
    assert account(client)["scope"] == "Ziet: beheerder"


def test_an_operator_ends_the_logins_of_a_subject_whose_role_claim_was_withdrawn(client, home):
    """A role from the provider's role claim is kept in the session until it expires (the provider is asked
    only at a login): when it is withdrawn there, `wijkwaarde access uitloggen` makes it count at once."""
    log_in(client, "claim-1")
    assert account(client)["scope"] == "Ziet: gemeente GM0599"
    done = subprocess.run(
        [sys.executable, "-m", "wijkwaarde", "--home", str(home), "access", "uitloggen", "Claim-1"],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert account(client) == {"login": "Inloggen"}
    assert any(a == "logout" and "claim-1: alle sessies" in d for _, _, a, d, _ in audit.entries())
    time.sleep(1.1)  # a login after the operator's step is a login again
    log_in(client, "claim-1")
    assert account(client)["scope"] == "Ziet: gemeente GM0599"


def test_login_attempts_are_rate_limited(home, provider, monkeypatch):
    client = make_client(home, provider, monkeypatch, rate="3 per minute")
    statuses = [client.get("/login").status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert "Te veel inlogpogingen" in client.get("/login").get_data(as_text=True)
    assert any(a == "refused" and "inlogpogingen" in d for _, _, a, d, _ in audit.entries())


def test_a_failed_login_is_refused_without_a_traceback_and_audited(client):
    client.get("/login")
    forged = client.get("/auth/callback/test?code=forged&state=forged")
    assert forged.status_code == 401 and "Traceback" not in forged.get_data(as_text=True)
    denied = client.get("/auth/callback/test?error=access_denied")
    assert denied.status_code == 401
    assert client.get("/auth/callback/elders?code=x").status_code == 404
    log_in(client, "ambtenaar-1")
    actions = [(who, what) for _, who, what, _, _ in audit.entries()]
    assert actions.count(("anoniem", "login_failed")) == 2
    assert ("ambtenaar-1", "login") in actions
    assert ("cli:test", "grant") in actions


def test_a_providers_error_text_cannot_write_control_characters_into_the_audit_log(client, home):
    """Anyone can call the callback with ?error=...; the text goes into the audit log, which the operator
    reads in a terminal (`wijkwaarde audit`): an escape sequence there could clear the screen, set the
    window title or forge a line."""
    evil = "%1B%5D0%3Bpwned%07%1B%5B2J%1B%5B31mROOD%0D%0A2026-01-01 beheer-1 grant"
    assert client.get("/auth/callback/test?error=" + evil).status_code == 401
    detail = next(d for _, _, a, d, _ in reversed(audit.entries()) if a == "login_failed")
    assert "ROOD" in detail and detail.isprintable() and "\\x1b" in detail and "\\x0d\\x0a" in detail
    shown = subprocess.run(
        [sys.executable, "-m", "wijkwaarde", "--home", str(home), "audit"],
        capture_output=True, text=True, timeout=60, check=True, cwd=ROOT,
    ).stdout  # fmt: skip
    assert "ROOD" in shown and "\x1b" not in shown and "\x07" not in shown


def test_login_returns_only_to_a_local_path(client):
    assert log_in(client, "bezoeker-1", next_path="//evil.example/x").headers["Location"] == "/"
    assert log_in(client, "bezoeker-1", next_path="https://evil.example/").headers["Location"] == "/"
    # a tab, line break or other control character: browsers drop it, so '/<TAB>/evil.example' is '//evil...'
    for sneaky in ("/%09/evil.example", "/%0D/evil.example", "/%0A/evil.example", "/%00/evil.example"):
        assert log_in(client, "bezoeker-1", next_path=sneaky).headers["Location"] == "/", sneaky
    assert (
        log_in(client, "bezoeker-1", next_path="/gegevens?lang=en").headers["Location"] == "/gegevens?lang=en"
    )


def test_without_a_provider_the_app_is_the_public_view_without_a_login_link(warehouse_home, monkeypatch):
    from dashboard.app import create_app
    from dashboard.repository import DuckDBRepository

    for name in ("WIJKWAARDE_OIDC_PROVIDERS", "WIJKWAARDE_SECRET_KEY", "WIJKWAARDE_MODE"):
        monkeypatch.delenv(name, raising=False)
    client = create_app(DuckDBRepository(warehouse_home)).server.test_client()
    assert account(client) == {}
    assert "Location" not in client.get("/login").headers  # Dash's page-not-found, no login flow
    assert client.get_cookie(COOKIE) is None


def test_internal_mode_with_the_login_answers_only_logged_in_users(home, provider, monkeypatch):
    monkeypatch.setenv("WIJKWAARDE_MODE", "internal")
    from dashboard.app import create_app
    from dashboard.repository import DuckDBRepository
    from tests.auth.conftest import login_env

    for name, value in login_env(provider).items():
        monkeypatch.setenv(name, value)
    client = create_app(DuckDBRepository(home)).server.test_client()
    page = client.get("/profiel", headers={"Accept": "text/html"})
    assert page.status_code == 302 and page.headers["Location"] == "/login?next=/profiel"
    assert client.get("/_dash-layout").status_code == 401
    log_in(client, "bezoeker-1")
    assert client.get("/", headers={"Accept": "text/html"}).status_code == 200


def test_an_unwritable_access_database_stops_the_start_with_the_reason(home, provider, monkeypatch, tmp_path):
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("WIJKWAARDE_ACCESS_DB", str(tmp_path / "file" / "access.sqlite"))  # under a file
    with pytest.raises(SystemExit, match="WIJKWAARDE_ACCESS_DB"):
        make_client(home, provider, monkeypatch)


def test_a_beheerder_reads_grants_and_the_audit_log_in_the_app_and_nobody_else(home, provider, monkeypatch):
    anonymous = make_client(home, provider, monkeypatch)
    assert anonymous.get("/beheer/toegang").headers["Location"] == "/login?next=/beheer/toegang"
    for subject in ("fonds-1", "ambtenaar-1", "bezoeker-1"):
        other = make_client(home, provider, monkeypatch)
        log_in(other, subject)
        assert other.get("/beheer/toegang").status_code == 403, subject
    beheerder = make_client(home, provider, monkeypatch)
    log_in(beheerder, "beheer-1")
    page = beheerder.get("/beheer/toegang").get_data(as_text=True)
    assert "ambtenaar@demostad.nl" in page and "GM0363" in page and "F2" in page  # grants
    assert "login" in page and "beheer-1" in page and "cli:test" in page  # the audit log


def test_the_public_guards_against_every_granted_and_claimed_portfolio(client, home):
    """exact_viewers: the funders and gemeenten somebody sees exactly, which every public answer guards
    against (differencing): the grants, and what a trusted provider's role claim brought to a login."""
    from dashboard.auth.grants import exact_viewers

    funders, gemeenten = exact_viewers(home)
    assert funders == {"F1", "F2"} and gemeenten == {"GM0363", "GM0599"}
    grants.revoke("ambtenaar-1", actor="cli:test", home=home)
    grants.revoke("ambtenaar@demostad.nl", actor="cli:test", home=home)
    assert exact_viewers(home)[1] == frozenset()
    log_in(client, "claim-1")  # its provider claims gemeente:GM0599 for it
    assert exact_viewers(home)[1] == {"GM0599"}
