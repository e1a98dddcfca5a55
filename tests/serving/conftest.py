"""Serving fixtures: a real redis-server and gunicorn with several workers on a fixture warehouse."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """redis-server on a free loopback port, no persistence; skipped only outside CI without the binary."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing (make system-deps installs it)")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


def start_gunicorn(home: Path, workers: int = 2, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    """gunicorn as `make serve` runs it (read-only warehouse, N threaded workers); returns (process, url)."""
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    environment = os.environ | {"WIJKWAARDE_HOME": str(home), "WIJKWAARDE_WORKER_HEADER": "1"} | (env or {})
    environment.pop("WIJKWAARDE_DEBUG", None)
    log = open(home.parent / f"gunicorn-{port}.log", "w")  # noqa: SIM115 (the process owns it)
    process = subprocess.Popen(
        [str(gunicorn), "--no-control-socket", "-c", "python:dashboard.gunicorn_conf", "-w", str(workers),
         "-b", f"127.0.0.1:{port}", "dashboard.wsgi:server"],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(url + "/_dash-dependencies", timeout=5).status_code == 200:
                return process, url
        except requests.RequestException:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"gunicorn did not start; see {log.name}")
        time.sleep(0.2)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
