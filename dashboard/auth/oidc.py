"""Login with OpenID Connect (Authlib): /login, /auth/callback/<provider> and /logout on the Flask server.

The authorisation code flow with PKCE (S256) and a nonce; Authlib checks the ID token's signature, issuer,
audience and nonce. Login and callback are rate-limited per client address (flask-limiter), every outcome
goes into the audit log, and the session cookie is HttpOnly, SameSite=Lax and Secure unless
WIJKWAARDE_COOKIE_SECURE=0 (plain-http development only).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import timedelta

from authlib.integrations.flask_client import OAuth
from flask import abort, redirect, request, url_for
from flask import session as flask_session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from markupsafe import escape

from dashboard.auth import admin, audit, csrf, grants, session, store
from dashboard.auth.grants import describe_scope
from dashboard.auth.settings import AuthSettings, SettingsError

log = logging.getLogger("wijkwaarde")
NEXT_KEY = "wijkwaarde_next"
LIMITER_STORAGE_ENV = "WIJKWAARDE_LIMITER_STORAGE"  # e.g. the Redis URL, so all workers count together
COOKIE_NAME = "wijkwaarde_session"


def safe_next(value: str | None) -> str:
    """A local path to return to after login; anything else (another site, //host, backslashes, any control
    character or space: a browser drops a tab or line break, so '/<TAB>/host' is '//host') is '/'."""
    if (
        not value
        or not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or any(c.isspace() or not c.isprintable() for c in value)
    ):
        return "/"
    return value[:500]


def client_address() -> str:
    """The address login attempts are counted by. Behind a reverse proxy on this machine every request comes
    from loopback, so there the last X-Forwarded-For entry counts: the one the proxy appended itself
    (nginx `$proxy_add_x_forwarded_for`), which a client cannot choose."""
    peer = get_remote_address() or ""
    forwarded = request.headers.get("X-Forwarded-For", "")
    if forwarded and peer.startswith(("127.", "::1")):
        return forwarded.rsplit(",", 1)[-1].strip()[:64] or peer
    return peer


def _page(title: str, body: str, status: int = 200):
    html = (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Wijkwaarde – '
        f"{escape(title)}</title></head><body><main><h1>{escape(title)}</h1>{body}</main></body></html>"
    )
    return html, status, {"Content-Type": "text/html; charset=utf-8"}


def install(server, settings: AuthSettings) -> None:
    """Sign sessions with the secret, register each provider and add the login routes."""
    try:  # the audit log must be writable before anyone logs in, not at the first login
        with store.connect():
            pass
    except (OSError, sqlite3.Error) as exc:
        raise SettingsError(
            f"Weigering: login is ingesteld maar {store.access_path()} is niet te schrijven ({exc}); "
            f"zet {store.PATH_ENV} op een schrijfbaar bestand (zie docs/login.md)."
        ) from None
    server.secret_key = settings.secret_key
    server.config.update(
        {session.CONFIG_KEY: settings},
        SESSION_COOKIE_NAME=COOKIE_NAME,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.cookie_secure,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.session_hours),
    )
    oauth = OAuth(server)
    for provider in settings.providers:
        oauth.register(
            provider.name,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.metadata_url,
            client_kwargs={"scope": provider.scopes, "code_challenge_method": "S256"},
        )
    limiter = Limiter(
        client_address,
        app=server,
        storage_uri=os.environ.get(LIMITER_STORAGE_ENV, "").strip() or "memory://",
        default_limits=[],
    )
    login_limit = limiter.shared_limit(settings.login_rate, scope="login")
    csrf.install(server)
    admin.install(server)  # /beheer/toegang: grants and audit log for a beheerder

    @server.errorhandler(429)
    def too_many(_error):
        audit.record("anoniem", "refused", f"te veel inlogpogingen: {request.path}", client_address())
        return _page("Te veel inlogpogingen", "<p>Probeer het over een minuut opnieuw.</p>", 429)

    @server.get("/login")
    @login_limit
    def login():
        name = request.args.get("provider", "")
        if not name and len(settings.providers) == 1:
            name = settings.providers[0].name
        provider = settings.provider(name)
        if provider is None:
            links = "".join(
                f'<li><a href="/login?provider={escape(p.name)}">Inloggen via {escape(p.label)}</a></li>'
                for p in settings.providers
            )
            return _page("Inloggen", f"<ul>{links}</ul>", 404 if name else 200)
        session.end()  # a login starts from nothing: no session fixation
        flask_session[NEXT_KEY] = safe_next(request.args.get("next"))
        redirect_uri = url_for("wijkwaarde_auth_callback", provider=provider.name, _external=True)
        return oauth.create_client(provider.name).authorize_redirect(redirect_uri)

    @server.get("/auth/callback/<provider>", endpoint="wijkwaarde_auth_callback")
    @login_limit
    def callback(provider: str):
        config = settings.provider(provider)
        if config is None:
            abort(404)
        address = client_address()
        if request.args.get("error"):
            reason = request.args.get("error", "")[:100]
            audit.record("anoniem", "login_failed", f"{provider}: provider meldt {reason}", address)
            return _page("Inloggen mislukt", "<p>De inlogdienst weigerde de aanmelding.</p>", 401)
        try:
            token = oauth.create_client(provider).authorize_access_token()
            claims = dict(token.get("userinfo") or {})
            if not claims.get("sub"):
                raise ValueError("geen sub in het ID-token")
        except Exception as exc:  # any failure of the flow is a failed login, never a traceback
            log.warning("login via %s failed: %s", provider, type(exc).__name__)
            audit.record("anoniem", "login_failed", f"{provider}: {type(exc).__name__}", address)
            return _page(
                "Inloggen mislukt", '<p>Probeer het opnieuw: <a href="/login">inloggen</a>.</p>', 401
            )
        next_path = safe_next(flask_session.get(NEXT_KEY))
        user = session.start(provider, config.role_claim, claims)
        grants.remember_claims(grants.claimed_scope(user.claims, config.role_claim))
        scope = session.current_scope()
        audit.record(
            user.subject, "login", f"{provider} {user.email} scope: {describe_scope(scope)}", address
        )
        return redirect(next_path)

    @server.post("/logout")
    def logout():
        user = session.current_user()
        if user is not None:
            audit.record(user.subject, "logout", user.provider, client_address())
        session.end()
        return redirect("/")
