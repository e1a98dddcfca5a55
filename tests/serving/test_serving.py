"""Serving at scale: gunicorn workers follow a publish without a failed request and share a Redis cache."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import requests

from benchmarks import dash_http
from dashboard import ids
from tests.conftest import build_warehouse
from tests.serving.conftest import start_gunicorn, stop

NEW_INITIATIVE = b"INI5"  # only in version 2 of the fixture warehouse (build_warehouse extra_initiative)


def published_codes(home: Path) -> set[str]:
    con = duckdb.connect(str((home / "wijkwaarde.duckdb").resolve()), read_only=True)
    try:
        return {row[0] for row in con.execute("SELECT code FROM initiative").fetchall()}
    finally:
        con.close()


def test_a_publish_moves_every_worker_to_the_new_data_without_a_failed_request(tmp_path: Path):
    home = build_warehouse(tmp_path / "warehouse")
    process, url = start_gunicorn(home, workers=2)
    try:
        session = requests.Session()
        table = dash_http.find(dash_http.dependencies(session, url), ids.OVERVIEW_TABLE, "rowData")
        payload = dash_http.body(table, {ids.FILTER_GEMEENTE: "GM9999"})
        results: list[tuple[float, int, bytes, str, float]] = []  # (start, status, body, worker, end)
        published_at: list[float] = []
        stop_at = [time.monotonic() + 60]

        def hammer() -> None:
            own = requests.Session()
            # a new connection per request: a threaded worker keeps a kept-alive connection to itself,
            # and every worker must get requests
            own.headers["Connection"] = "close"
            while time.monotonic() < stop_at[0]:
                started = time.monotonic()
                try:
                    status, content, _, headers = dash_http.post(own, url, payload)
                except requests.RequestException as exc:  # a refused or reset connection is a failure too
                    status, content, headers = 0, str(exc).encode(), {}
                worker = headers.get("X-Wijkwaarde-Worker", "")
                results.append((started, status, content, worker, time.monotonic()))

        threads = [threading.Thread(target=hammer) for _ in range(3)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        while len(results) < 6 and time.monotonic() < deadline:  # answers on version 1 first
            time.sleep(0.1)
        publishing = time.monotonic()
        build_warehouse(home, version=2, extra_initiative=True)  # write version 2, swap the symlink
        published_at.append(time.monotonic())
        # Run on until both workers have answered at least twice after the publish.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            after = [r for r in list(results) if r[0] > published_at[0]]
            workers = {r[3] for r in after}
            if len(workers) >= 2 and len(after) >= 10:
                break
            time.sleep(0.2)
        stop_at[0] = 0
        for thread in threads:
            thread.join()
    finally:
        stop(process)

    assert "INI5" in published_codes(home)
    failed = [(r[1], r[2][:200]) for r in results if r[1] != 200]
    assert failed == []
    before = [r for r in results if r[4] < publishing]  # answered before the new version existed
    after = [r for r in results if r[0] > published_at[0]]
    assert before, "some requests were answered before the publish"
    early = [
        (round(r[0] - publishing, 3), round(r[4] - publishing, 3), r[3])
        for r in before
        if NEW_INITIATIVE in r[2]
    ]
    assert early == [], "no answer before the publish saw version 2"
    assert len({r[3] for r in after}) == 2, "both workers answered after the publish"
    stale = [
        (round(r[0] - published_at[0], 3), r[3], r[2][:300]) for r in after if NEW_INITIATIVE not in r[2]
    ]
    assert stale == [], "every request after the publish sees version 2"


def cache_use(headers: dict) -> dict[str, int]:
    text = headers.get("X-Wijkwaarde-Cache", "hit=0 miss=0")
    return {k: int(v) for k, v in (part.split("=") for part in text.split())}


def test_workers_share_the_redis_cache_and_a_publish_invalidates_it(tmp_path: Path, redis_url: str):
    import redis

    home = build_warehouse(tmp_path / "warehouse")
    process, url = start_gunicorn(home, workers=2, env={"WIJKWAARDE_CACHE_REDIS_URL": redis_url})
    try:
        session = requests.Session()
        kpis = dash_http.find(dash_http.dependencies(session, url), ids.OVERVIEW_KPIS, "children")
        payload = dash_http.body(kpis, {ids.FILTER_GEMEENTE: "GM9999", ids.FILTER_THEMES: ["voedsel"]})

        def ask() -> tuple[str, tuple[dict, bytes]]:
            status, content, _, headers = dash_http.post(requests.Session(), url, payload)
            assert status == 200
            return headers["X-Wijkwaarde-Worker"], (cache_use(headers), content)

        def until_both_workers() -> dict[str, list[tuple[dict, bytes]]]:
            # One request first (it computes and fills the cache), then requests in parallel: a sync
            # worker serves one at a time, so parallel requests reach both (sequential ones may not).
            worker, answer = ask()
            by_worker: dict[str, list[tuple[dict, bytes]]] = {worker: [answer]}
            with ThreadPoolExecutor(max_workers=4) as pool:
                for _ in range(30):
                    for worker, answer in pool.map(lambda _: ask(), range(4)):
                        by_worker.setdefault(worker, []).append(answer)
                    if len(by_worker) == 2 and all(len(v) >= 2 for v in by_worker.values()):
                        return by_worker
            raise AssertionError(f"requests reached only workers {list(by_worker)}")

        first = until_both_workers()
        calls = [c for answers in first.values() for c in answers]
        # The very first answer computed the KPIs (misses); the other worker's first answer found
        # every query in Redis (hits, no misses) although that worker had never run them itself.
        worker_a, worker_b = sorted(first, key=lambda w: min(i for i, c in enumerate(calls) if c in first[w]))
        assert first[worker_a][0][0]["miss"] > 0
        assert first[worker_b][0][0] == {"hit": first[worker_b][0][0]["hit"], "miss": 0}
        assert first[worker_b][0][0]["hit"] > 0
        assert len({content for _, content in calls}) == 1, "cached answers equal the computed one"
        client = redis.Redis.from_url(redis_url)
        assert client.keys("wijkwaarde:wijkwaarde-000001.duckdb:*")

        build_warehouse(home, version=2, extra_initiative=True)  # publish: INI5 (theme groen) appears
        second = until_both_workers()
        new_calls = [c for answers in second.values() for c in answers]
        assert new_calls[0][0]["miss"] > 0, "the publish made the old entries unreachable"
        assert client.keys("wijkwaarde:wijkwaarde-000002.duckdb:*")
        assert all(c[0]["miss"] == 0 for c in new_calls[1:]), "after one recompute, both workers hit"
    finally:
        stop(process)


def test_a_fresh_threaded_worker_serves_parallel_first_requests(tmp_path: Path):
    """A browser asks for a dozen scripts at once. Dash finishes setting itself up on its first request;
    two first requests in one threaded worker used to race (a script answered 500, 'dash is not a
    registered library', and the page never drew): dashboard/wsgi.py makes that first request itself."""
    import re
    import socket
    import subprocess
    import sys

    from dashboard.app import create_app
    from dashboard.repository import DuckDBRepository
    from tests.serving.conftest import free_port

    home = build_warehouse(tmp_path / "warehouse")
    page = create_app(DuckDBRepository(home)).server.test_client().get("/").get_data(as_text=True)
    scripts = re.findall(r'src="(/_dash-component-suites/[^"]+)"', page)
    assert len(scripts) >= 8
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "--no-control-socket", "-c", "python:dashboard.gunicorn_conf", "-w", "1",
         "-b", f"127.0.0.1:{port}", "dashboard.wsgi:server"],
        cwd=Path(__file__).resolve().parents[2], env=os.environ | {"WIJKWAARDE_HOME": str(home)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:  # wait for the socket only: no request may reach the worker before the scripts
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert process.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}"
        with ThreadPoolExecutor(max_workers=len(scripts)) as pool:
            statuses = list(pool.map(lambda path: requests.get(url + path, timeout=60).status_code, scripts))
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert statuses == [200] * len(scripts)
