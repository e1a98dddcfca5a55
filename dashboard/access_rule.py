"""Internal mode (unprotected counts) only behind a login: without one the dashboard refuses to start.

A login is either the app's own OpenID Connect login (WIJKWAARDE_OIDC_PROVIDERS, dashboard/auth/) or a
reverse proxy that lets only logged-in users through, declared with WIJKWAARDE_AUTH=proxy
(docs/deployment.md). With the app's own login, what each user sees exactly is its scope (grants, applied in
dashboard/repository/protected.py), in either mode; internal mode then only also sends anonymous visitors to
/login instead of showing them the public view. Behind a login proxy the app knows no users: internal mode
there shows every visitor the exact figures, as the operator declared.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from urllib.parse import quote

from flask import redirect, request

from dashboard import protection
from dashboard.auth import settings as auth_settings

LOGIN_LAYERS = ("proxy",)
# What an anonymous visitor may reach in internal mode with the app's own login: the login itself.
OPEN_PATHS = ("/login", "/auth/callback/", "/logout")


def login_layer(environ: dict[str, str] | None = None) -> str | None:
    """The login in front of the data: 'oidc' (the app's own), 'proxy' (declared), None when there is none.
    An unknown WIJKWAARDE_AUTH or a wrong login setting stops the start."""
    env = os.environ if environ is None else environ
    if auth_settings.from_env(env) is not None:
        return "oidc"
    value = env.get("WIJKWAARDE_AUTH", "").strip().lower()
    if not value:
        return None
    if value not in LOGIN_LAYERS:
        raise SystemExit(
            f"WIJKWAARDE_AUTH={value!r} is onbekend; toegestaan: {', '.join(LOGIN_LAYERS)} (of leeg: geen login)"
        )
    return value


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1, localhost and unix sockets; a name counts only if all its addresses are loopback."""
    host = host.strip().strip("[]")
    if host.startswith("unix:") or host.startswith("/"):
        return True
    if host in ("", "*", "0.0.0.0", "::"):
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False
    return bool(addresses) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses)


def refusal(hosts: list[str] | None = None, environ: dict[str, str] | None = None) -> str | None:
    """Why the dashboard may not start (a Dutch sentence), or None when it may.

    Internal mode without a login is refused on every address, this machine's included; so is a login
    that is configured wrongly (a missing or weak WIJKWAARDE_SECRET_KEY, an incomplete provider).
    `hosts` is kept for the callers that pass the listening addresses; the rule no longer depends on them.
    """
    try:
        layer = login_layer(environ)
    except auth_settings.SettingsError as exc:
        return str(exc)
    if protection.from_env(environ).mode != "internal" or layer is not None:
        return None
    return (
        "Weigering: WIJKWAARDE_MODE=internal toont aantallen zonder bescherming, en er is geen login. "
        "Stel een login in (WIJKWAARDE_OIDC_PROVIDERS, zie docs/login.md), of zet WIJKWAARDE_AUTH=proxy "
        "achter een reverse proxy die alleen ingelogde gebruikers doorlaat, of gebruik WIJKWAARDE_MODE=public."
    )


def install(server) -> None:
    """For servers started some other way than `wijkwaarde serve` or gunicorn: the same refusal at app
    creation; with the app's own login, internal mode sends anonymous visitors to the login."""
    message = refusal()
    if message:
        raise SystemExit(message)
    if protection.from_env().mode != "internal" or login_layer() != "oidc":
        return
    from dashboard.auth import session

    @server.before_request
    def logged_in_only():
        if session.current_user() is not None or request.path.startswith(OPEN_PATHS):
            return None
        if request.method == "GET" and "text/html" in request.headers.get("Accept", ""):
            return redirect("/login?next=" + quote(request.path))
        return "Log in om deze gegevens te zien.", 401
