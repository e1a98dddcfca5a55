"""The header's account part: who is logged in, the scope they see, and logout; or a login link.

Nothing at all when login is not configured (the public dashboard as it always was).
"""

from __future__ import annotations

from dash import dcc, html

from dashboard.auth import session
from dashboard.auth.grants import describe_scope

ACCOUNT = "account-bar"
USER = "account-user"
SCOPE = "account-scope"
# Kept here, not in dashboard/i18n.py, while the pages work reshapes that file (issue 14); move them later.
TEXT = {
    "login": {"nl": "Inloggen", "en": "Log in"},
    "logout": {"nl": "Uitloggen", "en": "Log out"},
    "scope": {"nl": "Ziet", "en": "Sees"},
}


def t(key: str, lang: str) -> str:
    return TEXT[key]["en" if lang == "en" else "nl"]


def account_bar(lang: str) -> html.Div | None:
    """Built per request inside the page layout, where the Flask session is at hand."""
    if session.settings() is None:
        return None
    user = session.current_user()
    if user is None:
        return html.Div(
            html.A(t("login", lang), href="/login", className="btn btn-outline-light btn-sm text-nowrap"),
            id=ACCOUNT,
            className="d-flex align-items-center",
        )
    return html.Div(
        [
            html.Span(user.label, id=USER, className="text-white small fw-semibold text-nowrap"),
            html.Span(
                f"{t('scope', lang)}: {describe_scope(session.current_scope())}",
                id=SCOPE,
                className="text-white-50 small",
            ),
            html.Form(
                [
                    dcc.Input(type="hidden", name="csrf_token", value=session.csrf_token()),
                    html.Button(t("logout", lang), type="submit", className="btn btn-outline-light btn-sm"),
                ],
                method="POST",
                action="/logout",
                className="m-0",
            ),
        ],
        id=ACCOUNT,
        className="d-flex align-items-center gap-2 flex-wrap",
    )
