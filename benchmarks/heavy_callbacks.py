"""Does a cheap callback wait behind heavy ones? Eight concurrent portfolio callbacks against gunicorn, and a
cheap callback (the pack progress poll) timed while they run (issue 12, section 7).

    .venv/bin/python -m benchmarks.heavy_callbacks --home data/warehouse [--code DIR] [--workers 2] [--threads 4]

`--code` serves another checkout (e.g. the code before the change, from `git archive`) with this venv.
Prints the cheap callback's latencies, the heavy ones' latencies and status codes. Not a test: figures
depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url: str, body: dict) -> tuple[int, float]:
    request = urllib.request.Request(
        url + "/_dash-update-component", data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return status, time.perf_counter() - start


def component_id(text: str) -> str | dict:
    """A component id as Dash writes it in a callback's output: a pattern id ({"page":..}) is JSON."""
    return json.loads(text) if text.startswith("{") else text


def body_for(deps: list[dict], output: str, values: dict) -> dict:
    callback = next(c for c in deps if output in c["output"])
    parts = (
        callback["output"][2:-2].split("...") if callback["output"].startswith("..") else [callback["output"]]
    )
    return {
        "output": callback["output"],
        "outputs": [
            {"id": component_id(p.rsplit(".", 1)[0]), "property": p.rsplit(".", 1)[1]} for p in parts
        ],
        "inputs": [{**i, "value": values.get(i["id"])} for i in callback["inputs"]],
        "state": [{**s, "value": values.get(s["id"])} for s in callback["state"]],
        "changedPropIds": [],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", required=True)
    parser.add_argument("--code", default=str(ROOT))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--heavy", type=int, default=8)
    args = parser.parse_args()
    port = free_port()
    env = os.environ | {"WIJKWAARDE_HOME": str(Path(args.home).resolve()), "WIJKWAARDE_THREADS": str(args.threads),
                        "WIJKWAARDE_CACHE_SECONDS": "0"}  # fmt: skip
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "--no-control-socket", "-c", "python:dashboard.gunicorn_conf", "-w", str(args.workers),
         "-b", f"127.0.0.1:{port}", "dashboard.wsgi:server"],
        cwd=args.code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(url + "/_dash-dependencies", timeout=2) as response:
                    deps = json.loads(response.read())
                break
            except OSError:
                time.sleep(0.2)
        cheap = body_for(deps, "pack-progress.children", {"pack-status-poll": 1})
        for _ in range(4):  # warm every worker
            post(url, cheap)
            post(url, body_for(deps, "portfolio-summary.children", {"portfolio-gemeente": "GM9999"}))
        idle = [post(url, cheap)[1] for _ in range(10)]
        heavy_results: list[tuple[int, float]] = []

        def heavy(i: int) -> None:
            year = 2017 + i % 8  # a different selection each: no cached answer
            values = {"portfolio-gemeente": "GM9999", "portfolio-year-from": year, "portfolio-year-to": 2025}
            heavy_results.append(post(url, body_for(deps, "portfolio-summary.children", values)))

        threads = [threading.Thread(target=heavy, args=(i,)) for i in range(args.heavy)]
        for t in threads:
            t.start()
        time.sleep(0.1)
        loaded = []
        while any(t.is_alive() for t in threads):
            loaded.append(post(url, cheap)[1])
            time.sleep(0.05)
        for t in threads:
            t.join()
        ms = lambda xs: f"median {statistics.median(xs) * 1000:.0f} ms, max {max(xs) * 1000:.0f} ms"  # noqa: E731
        print(
            f"code {args.code}: {args.workers} workers x {args.threads} threads, {args.heavy} heavy at once"
        )
        print(f"cheap callback idle:          {ms(idle)}")
        print(f"cheap callback during heavy:  {ms(loaded)} ({len(loaded)} requests)")
        codes = sorted(s for s, _ in heavy_results)
        ok = [d for s, d in heavy_results if s == 200]
        print(f"heavy callbacks: status {codes}; answered {ms(ok) if ok else '-'}")
    finally:
        process.terminate()
        process.wait(10)


if __name__ == "__main__":
    main()
