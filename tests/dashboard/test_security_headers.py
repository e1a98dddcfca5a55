"""Security headers on every response of the app, HSTS only over HTTPS, and the CSP setting."""

from __future__ import annotations

import pytest

from dashboard import security
from dashboard.app import create_app
from dashboard.repository import DuckDBRepository
from tests.conftest import build_warehouse


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    home = build_warehouse(tmp_path_factory.mktemp("headers") / "warehouse")
    return create_app(DuckDBRepository(home)).server.test_client()


def directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


RESPONSES = [
    ("page", "GET", "/", None),
    ("layout", "GET", "/_dash-layout", None),
    ("asset", "GET", "/assets/wijkwaarde.css", None),
    ("template", "GET", "/sjablonen/initiatieven.csv", None),
    ("unknown suite file", "GET", "/_dash-component-suites/dash/nope.js", None),
    ("bad callback", "POST", "/_dash-update-component", b"{}"),
    ("too large", "POST", "/_dash-update-component", b"x" * 2_000_000),
]


@pytest.mark.parametrize(("name", "method", "path", "body"), RESPONSES, ids=[r[0] for r in RESPONSES])
def test_every_response_carries_the_security_headers(client, name, method, path, body):
    response = client.open(path, method=method, data=body, content_type="application/json" if body else None)
    headers = response.headers
    policy = directives(headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and headers["X-Frame-Options"] == "DENY"
    assert policy["script-src"][0] == "'self'" and all(
        s.startswith("'sha256-") for s in policy["script-src"][1:]
    )
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers  # plain http
    assert "Server" not in headers


def test_the_policy_allows_exactly_dashs_inline_scripts(client):
    """Each inline <script> of the page has its hash in script-src: a browser runs them, and no other."""
    import base64
    import hashlib
    import re

    response = client.get("/")
    html = re.sub(
        r"<!--.*?-->", "", response.get_data(as_text=True), flags=re.S
    )  # the [if IE] alert never runs
    inline = [s for s in re.findall(r"<script(?: [^>]*)?>(.*?)</script>", html, re.S) if s.strip()]
    inline = [s for s in inline if not s.lstrip().startswith("{")]  # _dash-config is JSON data, not a script
    hashes = {f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in inline}
    assert len(hashes) >= 2
    assert hashes <= set(directives(response.headers["Content-Security-Policy"])["script-src"])


def test_hsts_only_over_https(client):
    assert client.get("/", base_url="https://wijkwaarde.example.nl").headers["Strict-Transport-Security"] == (
        "max-age=31536000"
    )
    # A forwarded header alone proves nothing: gunicorn decides whom to trust (FORWARDED_ALLOW_IPS)
    assert "Strict-Transport-Security" not in client.get("/", headers={"X-Forwarded-Proto": "https"}).headers


def test_csp_extra_adds_sources_and_refuses_unsafe_ones(monkeypatch, tmp_path):
    policy = directives(security.content_security_policy([], extra="img-src https://tiles.example.nl"))
    assert policy["img-src"] == ["'self'", "data:", "blob:", "https://tiles.example.nl"]
    for bad in ("script-src 'unsafe-eval'", "connect-src *", "frobnicate-src x"):
        with pytest.raises(SystemExit, match="WIJKWAARDE_CSP_EXTRA"):
            security.content_security_policy([], extra=bad)
    monkeypatch.setenv("WIJKWAARDE_CSP_EXTRA", "script-src 'unsafe-eval'")
    with pytest.raises(SystemExit):
        create_app(DuckDBRepository(build_warehouse(tmp_path / "w")))
