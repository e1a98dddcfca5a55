"""`make demo-login` end to end: the test provider and gunicorn, logged in over real HTTP with real cookies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from benchmarks import dash_http
from dashboard.auth import audit
from tests.auth.conftest import components
from tests.serving.conftest import ROOT, free_port


@pytest.fixture
def demo_login(warehouse_home: Path, monkeypatch):
    """`python -m wijkwaarde.demo_login` as the Makefile runs it, on free ports; yields the dashboard URL."""
    port, provider_port = free_port(), free_port()
    monkeypatch.setenv("WIJKWAARDE_HOME", str(warehouse_home))  # for audit.entries() below
    environment = os.environ | {"WIJKWAARDE_HOME": str(warehouse_home)}
    for name in ("WIJKWAARDE_MODE", "WIJKWAARDE_AUTH", "WIJKWAARDE_ACCESS_DB", "WIJKWAARDE_DEBUG"):
        environment.pop(name, None)
    log = open(warehouse_home.parent / "demo-login.log", "w")  # noqa: SIM115 (the process owns it)
    process = subprocess.Popen(
        [sys.executable, "-m", "wijkwaarde.demo_login", "--home", str(warehouse_home), "--port", str(port),
         "--provider-port", str(provider_port), "--workers", "1"],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                if requests.get(url + "/_dash-dependencies", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"demo-login did not start; see {log.name}")
            time.sleep(0.2)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the group this fixture started: the script and its gunicorn
        process.wait(timeout=15)


def header(browser: requests.Session, url: str) -> dict[str, str]:
    tree = browser.post(url + "/_dash-update-component", json=dash_http.page_request("/"), timeout=30).json()
    return {
        p["id"]: str(p.get("children"))
        for p in components(tree)
        if str(p.get("id", "")).startswith("account-")
    }


def test_demo_login_logs_in_each_role_through_gunicorn(demo_login):
    url = demo_login
    anonymous = requests.Session()
    assert "account-bar" in header(anonymous, url) and "account-user" not in header(anonymous, url)
    expected = {
        "gemeente@demostad.nl": "gemeente GM9999",
        "fonds@fonds-een.nl": "fonds ",
        "beheerder@wijkwaarde.nl": "beheerder",
        "bezoeker@example.org": "publiek",
    }
    for subject, scope in expected.items():
        browser = requests.Session()
        start = browser.get(url + "/login", allow_redirects=False, timeout=30)
        assert start.status_code == 302
        chosen = requests.post(
            start.headers["Location"], data={"sub": subject}, allow_redirects=False, timeout=30
        )
        back = browser.get(chosen.headers["Location"], allow_redirects=False, timeout=30)
        assert back.status_code == 302 and back.headers["Location"] == "/"
        cookie = back.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        shown = header(browser, url)
        assert scope in shown["account-scope"], (subject, shown)
    assert [who for _, who, what, _, _ in audit.entries() if what == "login"] == list(expected)
