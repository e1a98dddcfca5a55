"""The login kept in Flask's signed session cookie, and the Scope of the request that carries it.

The cookie holds only who logged in, with which provider and when; the scope is looked up in the grants
on every request, so a revoke takes effect at the next click. A cookie that is missing, tampered with
(bad signature: Flask ignores it) or older than WIJKWAARDE_SESSION_HOURS is the public view.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

from flask import current_app, g, has_request_context, session

from dashboard.auth.grants import PUBLIC, Scope, scope_for
from dashboard.auth.settings import AuthSettings

USER_KEY = "wijkwaarde_user"
LOGIN_AT_KEY = "wijkwaarde_login_at"
CSRF_KEY = "wijkwaarde_csrf"
CONFIG_KEY = "WIJKWAARDE_AUTH_SETTINGS"
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
    g.pop("wijkwaarde_scope", None)
    kept = {k: claims[k] for k in KEPT_CLAIMS if k in claims}
    if role_claim and role_claim in claims:
        kept[role_claim] = claims[role_claim]
    session[USER_KEY] = {"provider": provider, "claims": kept}
    session[LOGIN_AT_KEY] = int(time.time())
    session[CSRF_KEY] = secrets.token_urlsafe(32)
    return current_user()


def end() -> None:
    session.clear()
    g.pop("wijkwaarde_scope", None)


def current_user() -> User | None:
    """The logged-in user of this request, None for the public (no login, expired or unreadable session)."""
    config = settings()
    if config is None:
        return None
    data, login_at = session.get(USER_KEY), session.get(LOGIN_AT_KEY)
    if not isinstance(data, dict) or not isinstance(login_at, int):
        return None
    if time.time() - login_at > config.session_hours * 3600:
        session.clear()
        return None
    claims = data.get("claims") if isinstance(data.get("claims"), dict) else {}
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


def csrf_token() -> str:
    """This session's CSRF token (made on first use)."""
    token = session.get(CSRF_KEY)
    if not isinstance(token, str):
        token = session[CSRF_KEY] = secrets.token_urlsafe(32)
    return token


def scope_key() -> str:
    """The `scope` callable for the repository's cache (dashboard/repository/cache.py): this request's
    Scope.cache_key, 'publiek' outside a request or without a login."""
    return current_scope().cache_key
