"""Internal mode (unprotected counts) only behind a login: refuse to listen beyond this machine without one.

A login layer is declared with WIJKWAARDE_AUTH. Today the only value is `proxy`: a reverse proxy in front of
the dashboard lets only logged-in users through (docs/deployment.md). Accounts in the app itself will add
their own value. Without a declared login layer, internal mode listens on loopback only.
"""

from __future__ import annotations

import ipaddress
import os
import socket

from flask import abort, request

from dashboard import protection

LOGIN_LAYERS = ("proxy",)


def login_layer(environ: dict[str, str] | None = None) -> str | None:
    """The declared login layer (WIJKWAARDE_AUTH), None when there is none; an unknown value stops the start."""
    env = os.environ if environ is None else environ
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


def refusal(hosts: list[str], environ: dict[str, str] | None = None) -> str | None:
    """Why the dashboard may not listen on `hosts` (a Dutch sentence), or None when it may."""
    if protection.from_env(environ).mode != "internal" or login_layer(environ) is not None:
        return None
    open_hosts = [host for host in hosts if not is_loopback(host)]
    if not open_hosts:
        return None
    return (
        f"Weigering: WIJKWAARDE_MODE=internal toont aantallen zonder bescherming, maar adres {open_hosts[0]} "
        "is bereikbaar van buiten deze machine en er is geen login. Luister op 127.0.0.1 achter een reverse "
        "proxy met login en zet WIJKWAARDE_AUTH=proxy, of gebruik WIJKWAARDE_MODE=public (zie docs/deployment.md)."
    )


def install(server) -> None:
    """Second line of defence for servers started some other way: internal mode without a login answers
    only requests from this machine (a local reverse proxy included, which then must do the login)."""
    if protection.from_env().mode != "internal" or login_layer() is not None:
        return

    @server.before_request
    def loopback_only():
        if not is_loopback(request.remote_addr or ""):
            abort(403)
