"""Serving hosts on this machine for `make loadtest-hosts`: a redis-server, and warehouse folders that
receive their versions through `wijkwaarde ship` (as serving hosts on other machines would)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.run import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(folder: Path) -> tuple[subprocess.Popen, str]:
    """redis-server on a free loopback port, no persistence; returns (process, url)."""
    import redis

    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is missing (make system-deps installs it)")
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            return process, f"redis://127.0.0.1:{port}/0"
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.05)


def fresh_homes(folder: Path, count: int) -> list[Path]:
    """Empty warehouse folders host-1 … host-N (a new serving host starts from an empty folder)."""
    homes = [folder / f"host-{i}" for i in range(1, count + 1)]
    for home in homes:
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
    return homes


def ship(source: Path, homes: list[Path]) -> float:
    """`wijkwaarde ship` of the source's published version to every home; returns the seconds it took."""
    args = [sys.executable, "-m", "wijkwaarde.cli", "--home", str(source), "ship"]
    for home in homes:
        args += ["--to", str(home)]
    started = time.perf_counter()
    subprocess.run(args, cwd=ROOT, check=True, capture_output=True, text=True)
    return time.perf_counter() - started
