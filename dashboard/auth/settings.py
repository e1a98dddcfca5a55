"""Login settings from the environment: the OpenID Connect providers, the signing secret, the cookie.

WIJKWAARDE_OIDC_PROVIDERS names the providers (comma-separated, e.g. `entra,keycloak`); each has
WIJKWAARDE_OIDC_<NAME>_ISSUER, _CLIENT_ID, _CLIENT_SECRET and optionally _SCOPES (default
`openid email profile`), _ROLE_CLAIM (default `roles`) and _LABEL (the text on the login button).
No providers: no login, the public view for everybody (today's behaviour).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from dashboard.env import positive_int

PROVIDERS_ENV = "WIJKWAARDE_OIDC_PROVIDERS"
SECRET_ENV = "WIJKWAARDE_SECRET_KEY"
SECURE_ENV = "WIJKWAARDE_COOKIE_SECURE"
SESSION_HOURS_ENV = "WIJKWAARDE_SESSION_HOURS"
LOGIN_RATE_ENV = "WIJKWAARDE_LOGIN_RATE"
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
MIN_SECRET_LENGTH = 32
# Values people paste from examples: refused however long they are.
KNOWN_WEAK = ("changeme", "secret", "password", "wachtwoord", "geheim", "dev", "test", "example", "voorbeeld")


class SettingsError(SystemExit):
    """A login setting that stops the start; the message says which and why (Dutch, one line)."""


@dataclass(frozen=True)
class Provider:
    name: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: str = "openid email profile"
    role_claim: str = "roles"
    label: str = ""

    @property
    def metadata_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


@dataclass(frozen=True)
class AuthSettings:
    providers: tuple[Provider, ...]
    secret_key: str
    cookie_secure: bool
    session_hours: int
    login_rate: str  # flask-limiter notation, per client address

    def provider(self, name: str) -> Provider | None:
        return next((p for p in self.providers if p.name == name), None)


def _provider(env: Mapping[str, str], name: str) -> Provider:
    prefix = f"WIJKWAARDE_OIDC_{name.upper()}_"
    values = {key: env.get(prefix + key, "").strip() for key in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET")}
    missing = [prefix + key for key, value in values.items() if not value]
    if missing:
        raise SettingsError(f"Login-provider {name!r} mist {', '.join(missing)} (zie docs/login.md).")
    if not values["ISSUER"].startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise SettingsError(
            f"{prefix}ISSUER moet met https:// beginnen (alleen een test-provider op loopback mag http)."
        )
    scopes = env.get(prefix + "SCOPES", "").strip() or "openid email profile"
    if "openid" not in scopes.split():
        raise SettingsError(f"{prefix}SCOPES moet 'openid' bevatten.")
    return Provider(
        name=name,
        issuer=values["ISSUER"],
        client_id=values["CLIENT_ID"],
        client_secret=values["CLIENT_SECRET"],
        scopes=scopes,
        role_claim=env.get(prefix + "ROLE_CLAIM", "").strip() or "roles",
        label=env.get(prefix + "LABEL", "").strip() or name,
    )


def secret_problem(secret: str) -> str | None:
    """Why `secret` may not sign sessions (a Dutch sentence), or None when it may."""
    if not secret:
        return f"{SECRET_ENV} ontbreekt: zonder geheim kan de sessie-cookie niet ondertekend worden."
    if len(secret) < MIN_SECRET_LENGTH:
        return f"{SECRET_ENV} is te kort ({len(secret)} tekens, minstens {MIN_SECRET_LENGTH})."
    rest = secret.lower()
    for word in KNOWN_WEAK:  # a secret mostly made of example words; a random one loses a few characters
        rest = rest.replace(word, "")
    if len(set(secret)) < 10 or len(rest) < MIN_SECRET_LENGTH // 2:
        return f"{SECRET_ENV} is te zwak (te weinig verschillende tekens of een voorbeeldwaarde)."
    return None


def from_env(environ: Mapping[str, str] | None = None) -> AuthSettings | None:
    """The login settings, None when no provider is configured; a wrong setting stops the start."""
    env = os.environ if environ is None else environ
    names = [n.strip().lower() for n in env.get(PROVIDERS_ENV, "").split(",") if n.strip()]
    if not names:
        return None
    bad = [n for n in names if not NAME_PATTERN.match(n)]
    if bad or len(set(names)) != len(names):
        raise SettingsError(
            f"{PROVIDERS_ENV}: ongeldige of dubbele naam {bad or names} (kleine letters, cijfers, _)."
        )
    secret = env.get(SECRET_ENV, "")
    problem = secret_problem(secret)
    if problem:
        raise SettingsError(
            f"Weigering: login is ingesteld ({PROVIDERS_ENV}) maar {problem} "
            'Maak er een met: python -c "import secrets; print(secrets.token_urlsafe(48))"'
        )
    return AuthSettings(
        providers=tuple(_provider(env, name) for name in names),
        secret_key=secret,
        cookie_secure=env.get(SECURE_ENV, "1").strip() != "0",
        session_hours=positive_int(env, SESSION_HOURS_ENV, 8),
        login_rate=env.get(LOGIN_RATE_ENV, "").strip() or "10 per minute",
    )
