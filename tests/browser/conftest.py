"""Browser fixtures: gunicorn serving the dashboard on a warehouse, Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import build_warehouse

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_home(tmp_path_factory) -> Path:
    """The small fixture warehouse of tests/conftest.py (4 buurten, numbers checkable by hand)."""
    return build_warehouse(tmp_path_factory.mktemp("browser") / "warehouse")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(home: Path, workers: int = 2):
    """Start gunicorn like production (`gunicorn dashboard.wsgi:server`) on `home`; yield its URL."""
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = os.environ | {"WIJKWAARDE_HOME": str(home)}
    env.pop("WIJKWAARDE_DEBUG", None)
    log = open(home.parent / f"gunicorn-{port}.log", "w")  # noqa: SIM115 (closed at teardown)
    process = subprocess.Popen(
        [str(gunicorn), "--no-control-socket", "-c", "python:dashboard.gunicorn_conf", "-w", str(workers),
         "-b", f"127.0.0.1:{port}", "dashboard.wsgi:server"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"gunicorn did not start; see {log.name}")
        time.sleep(0.2)
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture(scope="session")
def server_url(browser_home: Path):
    """gunicorn with two workers on the small fixture warehouse (exact, hand-checkable numbers)."""
    yield from serve(browser_home)


@pytest.fixture(scope="session")
def regio_url(regio_home: Path):
    """gunicorn on three fictional gemeenten through the real ETL: the all-gemeenten overview."""
    yield from serve(regio_home, workers=1)


@pytest.fixture(scope="session")
def demo_url(demo_home: Path):
    """gunicorn with two workers on Demostad loaded through the real ETL, as `make demo` serves it."""
    yield from serve(demo_home)


@pytest.fixture(scope="session")
def web():
    """Debian's Chromium (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def is_csp_violation(kind: str, text: str) -> bool:
    return kind == "error" and ("Content Security Policy" in text or "Content-Security-Policy" in text)


@pytest.fixture
def tab(web):
    context = web.new_context(viewport={"width": 1400, "height": 1100}, locale="nl-NL")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # A Content-Security-Policy violation only reaches the console: count it as an error of the page.
    page.on("console", lambda msg: errors.append(msg.text) if is_csp_violation(msg.type, msg.text) else None)
    page.errors = errors
    yield page
    context.close()
    ARTIFACTS.mkdir(exist_ok=True)


SETTLED = "() => !document.querySelector('.dash-graph--pending, [data-dash-is-loading=\"true\"]')"


def settle(page, pause_ms: int = 800) -> None:
    """A page with every callback answered and every chart drawn (generous: 2 shared cores).

    Checked twice with a pause between: an answer can start the next callback (the URL, the language link).
    """
    page.wait_for_selector("main h1", state="attached", timeout=60_000)
    page.wait_for_function(SETTLED, timeout=60_000)
    page.wait_for_timeout(pause_ms)
    page.wait_for_function(SETTLED, timeout=60_000)
