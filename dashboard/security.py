"""Security headers on every response: a Content-Security-Policy with Dash's script hashes, no framing, no sniffing.

The policy allows only this server's own files. Three exceptions the pages need, checked in Chromium:
Plotly writes <style> elements (style-src 'unsafe-inline'), MapLibre starts its web workers from blob: URLs,
and charts and maps draw images from data:/blob: URLs. Dash's inline scripts are allowed by their hashes.
WIJKWAARDE_CSP_EXTRA adds sources to directives, e.g. "img-src https://tiles.example.nl; connect-src
https://tiles.example.nl" for an online tile basemap (docs/deployment.md).
"""

from __future__ import annotations

import os

from flask import Flask, Response, request

BASE_POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],  # + the hashes of Dash's inline scripts
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'", "blob:"],
    "child-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000"  # a year; only sent over HTTPS (a browser ignores it over HTTP anyway)


def _extra_sources(text: str) -> dict[str, list[str]]:
    """'img-src a b; connect-src c' -> {'img-src': ['a', 'b'], 'connect-src': ['c']}; refuses unknown directives."""
    extra: dict[str, list[str]] = {}
    for part in text.split(";"):
        words = part.split()
        if not words:
            continue
        directive, sources = words[0].lower(), words[1:]
        if directive not in BASE_POLICY:
            raise SystemExit(f"WIJKWAARDE_CSP_EXTRA: onbekende CSP-richtlijn {directive!r}")
        if any(source.strip("'") in ("unsafe-eval", "none") or source == "*" for source in sources):
            raise SystemExit(f"WIJKWAARDE_CSP_EXTRA: {' '.join(sources)!r} maakt het beleid onveilig")
        extra.setdefault(directive, []).extend(sources)
    return extra


def content_security_policy(script_hashes: list[str], debug: bool = False, extra: str = "") -> str:
    """The policy text: BASE_POLICY, Dash's inline-script hashes, and the sources of WIJKWAARDE_CSP_EXTRA."""
    policy = {directive: list(sources) for directive, sources in BASE_POLICY.items()}
    policy["script-src"] += script_hashes
    if debug:  # Dash's development bundles (WIJKWAARDE_DEBUG=1 only) evaluate code
        policy["script-src"].append("'unsafe-eval'")
    for directive, sources in _extra_sources(extra).items():
        policy[directive] += [s for s in sources if s not in policy[directive]]
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())


def install(app, debug: bool = False) -> None:
    """Add the headers to every response of the Dash app's Flask server."""
    server: Flask = app.server
    extra = os.environ.get("WIJKWAARDE_CSP_EXTRA", "")
    content_security_policy([], debug, extra)  # a bad WIJKWAARDE_CSP_EXTRA stops the start, not a request
    policy: list[str] = []  # built on the first response: Dash adds its inline scripts while setting up

    @server.after_request
    def add_headers(response: Response) -> Response:
        if not policy:
            policy.append(content_security_policy(app.csp_hashes(), debug, extra))
        response.headers["Content-Security-Policy"] = policy[0]
        for name, value in HEADERS.items():
            response.headers[name] = value
        if request.is_secure:  # https, directly or from a proxy gunicorn trusts (FORWARDED_ALLOW_IPS)
            response.headers["Strict-Transport-Security"] = HSTS
        response.headers.pop("Server", None)
        return response


def hide_gunicorn_server_header() -> None:
    """gunicorn writes `Server: gunicorn` itself, outside the app's headers: leave that line out."""
    try:
        from gunicorn.http import wsgi
    except ImportError:
        return
    default_headers = wsgi.Response.default_headers
    if getattr(default_headers, "wijkwaarde", False):
        return

    def without_server(self) -> list[str]:
        return [line for line in default_headers(self) if not line.lower().startswith("server:")]

    without_server.wijkwaarde = True  # type: ignore[attr-defined]
    wsgi.Response.default_headers = without_server
