"""Accounts (issue 15): OpenID Connect login, grants outside the data versions, the audit log.

settings.py reads the providers and the session settings; store.py is the small database `access.sqlite`
beside the warehouse; grants.py turns a login into a Scope; audit.py records who did what; session.py keeps the
login in a signed cookie; oidc.py adds /login, /auth/callback and /logout to the Flask server.
With no provider configured nothing here is installed and the app is the public view it always was.
"""

from __future__ import annotations

from dashboard.auth import settings as auth_settings


def install(server) -> None:
    """Add login to the Flask server when providers are configured; a wrong setting stops the start."""
    configured = auth_settings.from_env()
    if configured is None:
        return
    from dashboard.auth import oidc  # Authlib and flask-limiter load only when login is on

    oidc.install(server, configured)
