"""Two serving hosts, each gunicorn on a warehouse folder of its own, one shared Redis: `wijkwaarde ship`
moves both to a new version while they answer requests, without a failed request."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from benchmarks import dash_http
from dashboard import ids
from etl import warehouse as wh
from tests.conftest import build_warehouse
from tests.serving.conftest import ROOT, start_gunicorn, stop
from tests.serving.test_serving import NEW_INITIATIVE, cache_use

V2 = "wijkwaarde-000002.duckdb"


def ship(source: Path, *targets: Path) -> None:
    """The command as an operator runs it."""
    args = [sys.executable, "-m", "wijkwaarde.cli", "--home", str(source), "ship"]
    for target in targets:
        args += ["--to", str(target)]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_shipping_a_new_version_moves_both_hosts_without_a_failed_request(tmp_path: Path, redis_url: str):
    import redis

    source = build_warehouse(tmp_path / "bron")  # the warehouse that loads; it serves nothing
    hosts = [tmp_path / "host-a", tmp_path / "host-b"]
    for home in hosts:
        home.mkdir()
    ship(source, *hosts)
    servers = []
    try:
        for home in hosts:
            servers.append(start_gunicorn(home, workers=1, env={"WIJKWAARDE_CACHE_REDIS_URL": redis_url}))
        urls = [url for _, url in servers]
        table = dash_http.find(
            dash_http.dependencies(requests.Session(), urls[0]), ids.OVERVIEW_TABLE, "rowData"
        )
        payload = dash_http.body(table, {ids.FILTER_GEMEENTE: "GM9999"})
        results: list[
            tuple[str, float, int, bytes, dict, float]
        ] = []  # (host, start, status, body, headers, end)
        running = [True]

        def hammer(url: str) -> None:
            own = requests.Session()
            own.headers["Connection"] = "close"
            while running[0]:
                started = time.monotonic()
                try:
                    status, content, _, headers = dash_http.post(own, url, payload)
                except requests.RequestException as exc:  # a refused or reset connection is a failure too
                    status, content, headers = 0, str(exc).encode(), {}
                results.append((url, started, status, content, dict(headers), time.monotonic()))

        threads = [threading.Thread(target=hammer, args=(url,)) for url in urls for _ in range(2)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        while not all(sum(r[0] == url for r in results) >= 3 for url in urls) and time.monotonic() < deadline:
            time.sleep(0.1)  # both hosts answer on version 1 first
        shipping = time.monotonic()
        build_warehouse(source, version=2, extra_initiative=True)  # the source publishes version 2
        ship(source, *hosts)
        shipped = time.monotonic()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # run on until each host answered several times on version 2
            if all(sum(r[0] == url and r[1] > shipped for r in list(results)) >= 5 for url in urls):
                break
            time.sleep(0.2)
        running[0] = False
        for thread in threads:
            thread.join()
        # A question neither host was asked yet: host A computes it, host B finds A's answer in Redis.
        fresh = dash_http.body(table, {ids.FILTER_GEMEENTE: "GM9999", ids.FILTER_THEMES: ["groen"]})
        shared = [dash_http.post(requests.Session(), url, fresh) for url in urls]
    finally:
        for process, _ in servers:
            stop(process)

    failed = [(r[0], r[2], r[3][:200]) for r in results if r[2] != 200]
    assert failed == [], "no request failed on either host"
    for url in urls:
        before = [r for r in results if r[0] == url and r[5] < shipping]
        after = [r for r in results if r[0] == url and r[1] > shipped]
        assert before and not [r for r in before if NEW_INITIATIVE in r[3]], f"{url} served version 1 first"
        assert len(after) >= 5, f"{url} answered after the ship"
        stale = [round(r[1] - shipped, 3) for r in after if NEW_INITIATIVE not in r[3]]
        assert stale == [], f"every answer of {url} after the ship shows version 2"
    for home in hosts:
        assert wh.current_version(home) == home / "versions" / V2
    # One Redis for both hosts: version 2's answers are stored under its name, and a host finds answers
    # the other host computed (same name, same bytes: `ship` keeps the version's file name).
    assert redis.Redis.from_url(redis_url).keys(f"wijkwaarde:{V2}:*")
    (status_a, body_a, _, headers_a), (status_b, body_b, _, headers_b) = shared
    assert (status_a, status_b) == (200, 200) and body_a == body_b and NEW_INITIATIVE in body_b
    assert cache_use(headers_a)["miss"] > 0
    assert cache_use(headers_b)["miss"] == 0 and cache_use(headers_b)["hit"] > 0, (
        "host B used host A's answer"
    )
