"""Internal mode (unprotected counts) refuses to listen beyond this machine unless a login layer is declared."""

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


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost", "unix:/run/ww.sock"])
def test_internal_mode_may_listen_on_this_machine(host):
    assert access_rule.refusal([host], INTERNAL) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "", "10.0.0.5", "192.168.1.20", "2001:db8::1"])
def test_internal_mode_refuses_an_outside_address_without_a_login(host):
    message = access_rule.refusal([host], INTERNAL)
    assert (
        message is not None and "WIJKWAARDE_MODE=internal" in message and "WIJKWAARDE_AUTH=proxy" in message
    )
    assert access_rule.refusal([host], INTERNAL | {"WIJKWAARDE_AUTH": "proxy"}) is None
    assert access_rule.refusal([host], {"WIJKWAARDE_MODE": "public"}) is None
    assert access_rule.refusal([host], {}) is None  # public is the default
    with pytest.raises(SystemExit, match="WIJKWAARDE_AUTH='iets' is onbekend"):
        access_rule.refusal([host], INTERNAL | {"WIJKWAARDE_AUTH": "iets"})


def run(command: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    environment = os.environ | {"WIJKWAARDE_HOME": str(tmp_path / "warehouse")} | env
    environment.pop("WIJKWAARDE_AUTH", None)
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60)


def test_wijkwaarde_serve_refuses_internal_mode_on_all_addresses(tmp_path: Path):
    cli = Path(sys.executable).with_name("wijkwaarde")
    result = run([str(cli), "serve", "--host", "0.0.0.0", "--port", str(free_port())], INTERNAL, tmp_path)
    assert result.returncode == 1
    assert "Weigering: WIJKWAARDE_MODE=internal" in result.stderr and "Traceback" not in result.stderr


def test_gunicorn_refuses_internal_mode_on_all_addresses_and_starts_on_loopback(tmp_path: Path):
    home = build_warehouse(tmp_path / "warehouse")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = run(
        [str(gunicorn), "--no-control-socket", "-c", "python:dashboard.gunicorn_conf", "-b",
         f"0.0.0.0:{free_port()}", "dashboard.wsgi:server"],
        INTERNAL, tmp_path,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Weigering: WIJKWAARDE_MODE=internal" in result.stderr and "Traceback" not in result.stderr
    process, url = start_gunicorn(home, workers=1, env=INTERNAL)  # 127.0.0.1, as the browser tests run it
    try:
        assert requests.get(url + "/", timeout=30).status_code == 200
    finally:
        stop(process)


def test_internal_mode_without_login_answers_only_this_machine(warehouse_home, monkeypatch):
    """The app itself, however it is served: a request from another machine gets 403."""
    monkeypatch.setenv("WIJKWAARDE_MODE", "internal")
    monkeypatch.delenv("WIJKWAARDE_AUTH", raising=False)
    client = create_app(DuckDBRepository(warehouse_home)).server.test_client()
    assert client.get("/", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 200
    refused = client.get("/", environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert refused.status_code == 403 and refused.get_data(as_text=True) == "Geen toegang."
    monkeypatch.setenv("WIJKWAARDE_AUTH", "proxy")
    client = create_app(DuckDBRepository(warehouse_home)).server.test_client()
    assert client.get("/", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
    monkeypatch.setenv("WIJKWAARDE_MODE", "public")
    monkeypatch.delenv("WIJKWAARDE_AUTH")
    client = create_app(DuckDBRepository(warehouse_home)).server.test_client()
    assert client.get("/", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
