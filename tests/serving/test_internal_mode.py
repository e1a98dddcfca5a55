"""Internal mode (unprotected counts) refuses to start without a login (issue 15), on any address."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from dashboard import access_rule
from dashboard.app import create_app
from dashboard.repository import DuckDBRepository
from tests.conftest import build_warehouse
from tests.serving.conftest import ROOT, free_port, start_gunicorn, stop

INTERNAL = {"WIJKWAARDE_MODE": "internal"}


HOSTS = ["127.0.0.1", "::1", "localhost", "unix:/run/ww.sock", "0.0.0.0", "::", "", "10.0.0.5", "2001:db8::1"]
OIDC = {
    "WIJKWAARDE_OIDC_PROVIDERS": "test",
    "WIJKWAARDE_OIDC_TEST_ISSUER": "http://127.0.0.1:9",
    "WIJKWAARDE_OIDC_TEST_CLIENT_ID": "wijkwaarde",
    "WIJKWAARDE_OIDC_TEST_CLIENT_SECRET": "s",
    "WIJKWAARDE_SECRET_KEY": "k3Jq9vXz-Lm2Pw8Rt5Yb7Nc4Hd6Gf1Sa0Ue",
}


@pytest.mark.parametrize("host", HOSTS)
def test_internal_mode_refuses_every_address_without_a_login(host):
    """Until issue 15 this machine's own addresses were allowed; now internal mode needs a login everywhere."""
    message = access_rule.refusal([host], INTERNAL)
    assert message is not None and "WIJKWAARDE_MODE=internal" in message and "geen login" in message
    assert "WIJKWAARDE_OIDC_PROVIDERS" in message and "WIJKWAARDE_AUTH=proxy" in message
    assert access_rule.refusal([host], INTERNAL | {"WIJKWAARDE_AUTH": "proxy"}) is None
    assert access_rule.refusal([host], INTERNAL | OIDC) is None
    assert access_rule.refusal([host], {"WIJKWAARDE_MODE": "public"}) is None
    assert access_rule.refusal([host], {}) is None  # public is the default
    with pytest.raises(SystemExit, match="WIJKWAARDE_AUTH='iets' is onbekend"):
        access_rule.refusal([host], INTERNAL | {"WIJKWAARDE_AUTH": "iets"})


def test_a_login_with_a_weak_secret_is_refused_in_any_mode():
    for secret in ("", "kort", "changeme-changeme-changeme-changeme-1", "a" * 64):
        message = access_rule.refusal(["127.0.0.1"], OIDC | {"WIJKWAARDE_SECRET_KEY": secret})
        assert message is not None and "WIJKWAARDE_SECRET_KEY" in message


def run(command: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    environment = os.environ | {"WIJKWAARDE_HOME": str(tmp_path / "warehouse")} | env
    for name in ("WIJKWAARDE_AUTH", "WIJKWAARDE_OIDC_PROVIDERS", "WIJKWAARDE_SECRET_KEY"):
        environment.pop(name, None)
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("host", ["0.0.0.0", "127.0.0.1"])
def test_wijkwaarde_serve_refuses_internal_mode_without_a_login(tmp_path: Path, host):
    cli = Path(sys.executable).with_name("wijkwaarde")
    result = run([str(cli), "serve", "--host", host, "--port", str(free_port())], INTERNAL, tmp_path)
    assert result.returncode == 1
    assert "Weigering: WIJKWAARDE_MODE=internal" in result.stderr and "Traceback" not in result.stderr


def test_gunicorn_refuses_internal_mode_without_a_login_and_starts_behind_a_declared_proxy(tmp_path: Path):
    home = build_warehouse(tmp_path / "warehouse")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    for address in ("0.0.0.0", "127.0.0.1"):
        result = run(
            [str(gunicorn), "--no-control-socket", "-c", "python:dashboard.gunicorn_conf", "-b",
             f"{address}:{free_port()}", "dashboard.wsgi:server"],
            INTERNAL, tmp_path,
        )  # fmt: skip
        assert result.returncode == 1, address
        assert "Weigering: WIJKWAARDE_MODE=internal" in result.stderr and "Traceback" not in result.stderr
    process, url = start_gunicorn(home, workers=1, env=INTERNAL | {"WIJKWAARDE_AUTH": "proxy"})
    try:
        assert requests.get(url + "/", timeout=30).status_code == 200
    finally:
        stop(process)


def test_the_app_itself_refuses_internal_mode_without_a_login(warehouse_home, monkeypatch):
    """However it is served: create_app stops with the reason, and starts behind a declared proxy."""
    monkeypatch.setenv("WIJKWAARDE_MODE", "internal")
    for name in ("WIJKWAARDE_AUTH", "WIJKWAARDE_OIDC_PROVIDERS"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(SystemExit, match="WIJKWAARDE_MODE=internal toont aantallen zonder bescherming"):
        create_app(DuckDBRepository(warehouse_home))
    monkeypatch.setenv("WIJKWAARDE_AUTH", "proxy")
    client = create_app(DuckDBRepository(warehouse_home)).server.test_client()
    assert client.get("/", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
    monkeypatch.setenv("WIJKWAARDE_MODE", "public")
    monkeypatch.delenv("WIJKWAARDE_AUTH")
    client = create_app(DuckDBRepository(warehouse_home)).server.test_client()
    assert client.get("/", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
