"""Signed report links (itsdangerous): the link is the grantee's only key, so it is signed and expires.

The token carries the request's random id, signed with WIJKWAARDE_SECRET_KEY under a salt of its own (a
session cookie cannot pass for a link, nor a link for a cookie). WIJKWAARDE_REPORT_LINK_DAYS (default 42)
is how long a link works after it was made, or after its report's due date when that is later.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer

from dashboard.auth.settings import SECRET_ENV, secret_problem
from dashboard.env import positive_int

SALT = "wijkwaarde-rapportage-link"
DAYS_ENV = "WIJKWAARDE_REPORT_LINK_DAYS"
DEFAULT_DAYS = 42
PATH_PREFIX = "/rapportage/"


class LinkRefused(ValueError):
    """A link that opens nothing; `reason` is 'vervalst' or 'verlopen'."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class LinkSettings:
    secret: str
    days: int

    @property
    def max_age(self) -> int:
        return self.days * 86400


def from_env(environ: dict[str, str] | None = None) -> LinkSettings | None:
    """The link settings, None when there is no usable secret (then no links can be made or opened)."""
    env = os.environ if environ is None else environ
    secret = env.get(SECRET_ENV, "")
    if secret_problem(secret):
        return None
    return LinkSettings(secret, positive_int(env, DAYS_ENV, DEFAULT_DAYS))


def serializer(settings: LinkSettings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret, salt=SALT)


def make_token(settings: LinkSettings, request_id: str) -> str:
    return serializer(settings).dumps(request_id)


def read_token(settings: LinkSettings, token: str, due_of: Callable[[str], date | None] | None = None) -> str:
    """The request id a token carries; LinkRefused when it is forged or damaged, or expired: older than the
    max age and, with `due_of` (request id -> its report's due date), also more than the max age past that
    due date. A link is made when the period begins (or mailed then) and is used when the period is over: a
    quarter is longer than the 42 days a link lasts, so the due date keeps it open until it is overdue that long.
    """
    try:
        value, issued = serializer(settings).loads(token, return_timestamp=True)
    except BadSignature:
        raise LinkRefused("vervalst") from None
    if not isinstance(value, str) or not value:
        raise LinkRefused("vervalst")
    until = issued + timedelta(days=settings.days)
    due = due_of(value) if due_of is not None else None
    if due is not None:
        until = max(until, datetime.combine(due, time.max, tzinfo=UTC) + timedelta(days=settings.days))
    if datetime.now(UTC) > until:
        raise LinkRefused("verlopen")
    return value


def path_for(settings: LinkSettings, request_id: str) -> str:
    return PATH_PREFIX + make_token(settings, request_id)
