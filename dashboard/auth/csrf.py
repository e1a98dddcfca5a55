"""CSRF protection for every state-changing request outside Dash's own callbacks.

A POST, PUT, PATCH or DELETE to any path but Dash's callback route must carry the session's token in the
form field `csrf_token` or the header X-CSRF-Token, else 400. Dash's callbacks change no server state; their
JSON POST needs a CORS preflight cross-site, and the SameSite=Lax cookie is not sent with it anyway.
The grantee's report form (/rapportage/<signed link>) is exempt too: no session, the signed link protects it.
"""

from __future__ import annotations

import hmac

from flask import request, session

from dashboard.auth.session import CSRF_KEY

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
FIELD = "csrf_token"
HEADER = "X-CSRF-Token"


def is_exempt(path: str) -> bool:
    """Dash's callbacks, and the grantee's report form: it has no session, its signed link is the key
    (dashboard/reports/grantee.py)."""
    return path == "/_dash-update-component" or path.startswith("/rapportage/")


def token_matches() -> bool:
    expected = session.get(CSRF_KEY)
    given = request.headers.get(HEADER) or request.form.get(FIELD) or ""
    return isinstance(expected, str) and bool(given) and hmac.compare_digest(expected, given)


def install(server) -> None:
    @server.before_request
    def check_csrf():
        if request.method in SAFE_METHODS or is_exempt(request.path):
            return None
        if not token_matches():
            return "Verzoek geweigerd: het formulier is verlopen of komt niet van deze site (CSRF).", 400
        return None
