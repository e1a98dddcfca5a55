"""The login kept in Flask's signed session cookie, and the Scope of the request that carries it.

The cookie holds only who logged in, with which provider and when, and a random session id; the scope is
looked up in the grants on every request, so a revoke takes effect at the next click. A cookie that is
missing, tampered with (bad signature: Flask ignores it), older than WIJKWAARDE_SESSION_HOURS, or whose
session id a logout ended (the `ended_session` table of access.sqlite) is the public view: the signed cookie
alone would stay valid after a logout, so a copy of it (a shared computer, a proxy log) could go on.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app, g, has_request_context, request, session

from dashboard import protection
from dashboard.auth import audit, store
from dashboard.auth.grants import PUBLIC, Scope, describe_scope, exact_viewers, scope_for, subjects_of
from dashboard.auth.settings import AuthSettings

USER_KEY = "wijkwaarde_user"
LOGIN_AT_KEY = "wijkwaarde_login_at"
CSRF_KEY = "wijkwaarde_csrf"
SID_KEY = "wijkwaarde_sid"
CONFIG_KEY = "WIJKWAARDE_AUTH_SETTINGS"
# Work done for a request outside it (the council pack's worker thread) or for an operator's named
# principal (`wijkwaarde export --als`): the scope it acts with, set only by server code (acting_as).
_ACTING: ContextVar[Scope | None] = ContextVar("wijkwaarde_acting_scope", default=None)
KEPT_CLAIMS = ("sub", "email", "email_verified", "name", "preferred_username")


@dataclass(frozen=True)
class User:
    subject: str
    email: str
    name: str
    provider: str
    claims: dict[str, Any]

    @property
    def label(self) -> str:
        return self.name or self.email or self.subject


def settings() -> AuthSettings | None:
    """The login settings of the running app, None when login is not configured (or outside a request)."""
    if not has_request_context():
        return None
    return current_app.config.get(CONFIG_KEY)


def start(provider: str, role_claim: str, claims: dict[str, Any]) -> User:
    """A fresh session for a completed login (the old one is dropped: no session fixation)."""
    session.clear()
    _forget()
    kept = {k: claims[k] for k in KEPT_CLAIMS if k in claims}
    if role_claim and role_claim in claims:
        kept[role_claim] = claims[role_claim]
    session[USER_KEY] = {"provider": provider, "claims": kept}
    session[LOGIN_AT_KEY] = int(time.time())
    session[CSRF_KEY] = secrets.token_urlsafe(32)
    session[SID_KEY] = secrets.token_urlsafe(24)
    return current_user()


def _forget() -> None:
    """Drop what this request remembered of its login (the scope, whether its session id was ended)."""
    g.pop("wijkwaarde_scope", None)
    g.pop("wijkwaarde_sid_ok", None)


def end() -> None:
    """Log out: the session id is recorded as ended, so this cookie (or any copy of it) is no login any more."""
    sid = session.get(SID_KEY)
    config = settings()
    if isinstance(sid, str) and sid and config is not None:
        now = int(time.time())
        with store.connect() as con:
            con.execute("INSERT OR IGNORE INTO ended_session (sid, ended_at) VALUES (?, ?)", (sid, now))
            con.execute(  # a cookie older than a session lasts is refused anyway
                "DELETE FROM ended_session WHERE ended_at < ?", (now - config.session_hours * 3600 - 60,)
            )
    session.clear()
    _forget()


def _session_open(sid: object, claims: dict[str, Any], login_at: int) -> bool:
    """Whether the login with session id `sid` has been ended neither by its logout nor by an operator for
    its subject (`wijkwaarde access uitloggen`, grants.end_logins); asked once per request."""
    if not isinstance(sid, str) or not sid:
        return False
    known = g.get("wijkwaarde_sid_ok")
    if known is None or known[0] != sid:
        names = sorted({n.strip().lower() for n in subjects_of(claims)}) or [""]
        marks = ", ".join("?" for _ in names)
        with store.read() as con:
            ended = con.execute(
                f"SELECT EXISTS (SELECT 1 FROM ended_session WHERE sid = ?) "  # noqa: S608 - marks only
                f"OR EXISTS (SELECT 1 FROM ended_login WHERE subject IN ({marks}) AND before > ?)",
                (sid, *names, login_at),
            ).fetchone()[0]
        known = g.wijkwaarde_sid_ok = (sid, not ended)
    return known[1]


def current_user() -> User | None:
    """The logged-in user of this request, None for the public (no login, expired or unreadable session)."""
    config = settings()
    if config is None:
        return None
    data, login_at = session.get(USER_KEY), session.get(LOGIN_AT_KEY)
    if not isinstance(data, dict) or not isinstance(login_at, int):
        return None
    claims = data.get("claims") if isinstance(data.get("claims"), dict) else {}
    if time.time() - login_at > config.session_hours * 3600 or not _session_open(
        session.get(SID_KEY), claims, login_at
    ):
        session.clear()
        return None
    provider = str(data.get("provider", ""))
    if not claims.get("sub") or config.provider(provider) is None:
        return None
    return User(
        subject=str(claims["sub"]),
        email=str(claims.get("email") or ""),
        name=str(claims.get("name") or claims.get("preferred_username") or ""),
        provider=provider,
        claims=claims,
    )


def current_scope() -> Scope:
    """The scope of this request, from the server-side session only (never from the URL or callback inputs).
    Looked up once per request (every query of a page asks), so a revoke counts from the next request."""
    if not has_request_context():
        return PUBLIC
    cached = g.get("wijkwaarde_scope")
    if cached is not None:
        return cached
    user = current_user()
    if user is None:
        return PUBLIC
    provider = settings().provider(user.provider)
    g.wijkwaarde_scope = scope_for(user.claims, provider.role_claim if provider else "")
    return g.wijkwaarde_scope


def request_scope() -> Scope | None:
    """The scope the repository applies to this question (dashboard/repository/protected.py):
    the one set by acting_as, else with login configured the session's (PUBLIC without a login), else
    None: no login in this app, so the deployment's mode decides (public, or internal behind a proxy)."""
    acting = _ACTING.get()
    if acting is not None:
        return acting
    if settings() is None:
        return None
    return current_scope()


_KNOWN: dict[str, tuple[float, tuple[frozenset[str], frozenset[str]]]] = {}
KNOWN_SECONDS = 5.0  # outside a request (pack worker, CLI) the grants are read again after this long


def known_exact(home: Path | None = None) -> tuple[frozenset[str], frozenset[str]]:
    """(funders, gemeenten) somebody sees exactly (grants.exact_viewers of the access database beside the
    warehouse `home`): read once per request, so a grant counts from the next click."""
    key = str(home)
    if has_request_context():
        found = g.setdefault("wijkwaarde_known", {})
        if key not in found:
            found[key] = exact_viewers(home)
        return found[key]
    now = time.monotonic()
    cached = _KNOWN.get(key)
    if cached is None or now - cached[0] > KNOWN_SECONDS:
        cached = _KNOWN[key] = (now, exact_viewers(home))
    return cached[1]


@contextmanager
def acting_as(scope: Scope) -> Iterator[Scope]:
    """Run work for `scope` outside its request: the pack worker builds a pack with the scope of the
    request that asked for it; the CLI exports as public or as an operator's named principal."""
    token = _ACTING.set(scope)
    try:
        yield scope
    finally:
        _ACTING.reset(token)


def audit_export(what: str) -> None:
    """An export of non-public data (a scope's exact figures, or internal mode behind a login proxy) goes
    into the audit log: who, what, with which scope. Public exports are not logged (nothing to trace)."""
    scope = request_scope()
    if scope is None:
        if protection.from_env().active:
            return
        seen = "internal"
    elif scope.is_public:
        return
    else:
        seen = describe_scope(scope)
    user = current_user()
    actor = user.subject if user else ("proxy" if scope is None else "acting")
    address = (request.remote_addr or "") if has_request_context() else ""
    audit.record(actor, "export", f"{what} [{seen}]", address=address)


def csrf_token() -> str:
    """This session's CSRF token (made on first use); empty without a login in this app: there is no session
    (no secret key to sign one) and no form that needs a token."""
    if settings() is None:
        return ""
    token = session.get(CSRF_KEY)
    if not isinstance(token, str):
        token = session[CSRF_KEY] = secrets.token_urlsafe(32)
    return token


def scope_key() -> str:
    """The `scope` callable for the repository's cache (dashboard/repository/cache.py): the
    Scope.cache_key of request_scope ('publiek' for the public), 'all' without a login in this app."""
    scope = request_scope()
    return "all" if scope is None else scope.cache_key
