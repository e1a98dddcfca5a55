"""`make loadtest`: locust headless on loopback against gunicorn; 100 users arrive within 30 s.

Each user opens the overview and changes the filters five times. LOADTEST_PUBLISH=1 (default) also
publishes a new warehouse version through the real loader halfway. Reads the warehouse of
BENCH_SCALE (as `make bench` built it; Demostad is built when nothing is there).
LOADTEST_CACHE_REDIS_URL switches the shared Redis cache on. Writes benchmarks/results/loadtest.json.

LOADTEST_SCENARIO=raad (`make loadtest-raad`): the "raadsvergadering", 50 users open the same permalink
within 10 s and make the same two filter changes (benchmarks/locust_raad.py); writes loadtest-raad.json.

LOADTEST_HOSTS=2 (`make loadtest-hosts`): two serving hosts on this machine, each gunicorn with
BENCH_WORKERS workers (default 1) on a warehouse folder of its own that receives its versions through
`wijkwaarde ship`, one shared redis-server (started here unless LOADTEST_CACHE_REDIS_URL is given); each
user picks one host, as a load balancer would. The version published halfway goes into the bench
warehouse through the loader and is then shipped to both hosts. Reports requests per second per worker:
achieved in the run, and per CPU-second of the workers (what one worker on a core of its own can serve).
Writes benchmarks/results/loadtest-hosts-<scale>.json.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchmarks import hosts as serving_hosts
from benchmarks.run import RESULTS, ROOT, SCALES, ensure_data, log, start_gunicorn
from etl import warehouse as wh


def publish_later(home: Path, after: float, done: list, ship_to: list[Path]) -> threading.Thread:
    def run() -> None:
        time.sleep(after)
        extra = RESULTS / ".work" / "financiers-loadtest.csv"
        extra.parent.mkdir(parents=True, exist_ok=True)
        extra.write_text(f"financiercode,naam,type\nLOADTEST{int(time.time())},Fonds Loadtest,fonds\n")
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.etl_step", "load", str(home), str(extra)],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        done.append({"at_seconds": after, "publish_seconds": time.perf_counter() - started} | json.loads(out))
        log(f"published a new version during the load test ({done[-1]['publish_seconds']:.1f} s)")
        if ship_to:
            done[-1]["ship_seconds"] = serving_hosts.ship(home, ship_to)
            log(f"shipped it to {len(ship_to)} hosts ({done[-1]['ship_seconds']:.1f} s)")

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def main() -> dict:
    scale = SCALES[os.environ.get("BENCH_SCALE", "municipality")]
    raad = os.environ.get("LOADTEST_SCENARIO") == "raad"  # 50 councillors, the same permalink within 10 s
    users = int(os.environ.get("LOADTEST_USERS", "50" if raad else "100"))
    ramp = float(os.environ.get("LOADTEST_RAMP_SECONDS", "10" if raad else "30"))
    run_time = int(os.environ.get("LOADTEST_SECONDS", "40" if raad else "120"))
    locustfile = ROOT / "benchmarks" / ("locust_raad.py" if raad else "locustfile.py")
    hosts = int(os.environ.get("LOADTEST_HOSTS", "1"))
    workers = int(os.environ.get("BENCH_WORKERS", "2" if hosts == 1 else "1"))  # per host
    folder = ROOT / "data" / "bench" / scale
    home = folder / "warehouse"
    if not (home / "wijkwaarde.duckdb").exists():
        from etl.loader import load

        load(home, ensure_data(scale, folder / "input"), allow_rejects=True)

    from dashboard.repository import DuckDBRepository

    repo = DuckDBRepository(home)
    years = repo.year_range()
    last = int(years.get("last_observation_year") or 2025)
    env = os.environ | {
        "LOADTEST_GEMEENTEN": json.dumps(repo.gemeenten()["code"].tolist()[:50]),
        "LOADTEST_THEMES": json.dumps(repo.vocabulary("theme")["code"].tolist()),
        "LOADTEST_YEARS": json.dumps([last - 5, last]),
    }
    cache_url = os.environ.get("LOADTEST_CACHE_REDIS_URL")  # e.g. redis://127.0.0.1:6379/0
    work = RESULTS / ".work" / "hosts"
    redis = None
    if hosts == 1:
        homes = [home]
    else:  # serving hosts get their versions through `wijkwaarde ship`, never a load of their own
        if not cache_url:
            redis, cache_url = serving_hosts.start_redis(work / "redis")
        homes = serving_hosts.fresh_homes(work, hosts)
        serving_hosts.ship(home, homes)
    servers = []
    published: list = []
    try:
        servers = [start_gunicorn(h, workers, cache_url) for h in homes]
        urls = [url for _, url in servers]
        env["LOADTEST_HOSTS_URLS"] = json.dumps(urls)
        cpu_before = worker_cpu([p for p, _ in servers])
        if os.environ.get("LOADTEST_PUBLISH", "0" if raad else "1") == "1":
            publish_later(home, ramp + 5, published, homes if hosts > 1 else [])
        prefix = RESULTS / ".work" / "locust"
        prefix.parent.mkdir(parents=True, exist_ok=True)
        log(
            f"locust: {users} users over {ramp:.0f} s against {', '.join(urls)} ({workers} workers each, {scale})"
        )
        subprocess.run(
            [str(Path(sys.executable).with_name("locust")), "-f", str(locustfile),
             "--headless", "-u", str(users), "-r", f"{users / ramp:.3f}", "--run-time", f"{run_time}s",
             "--host", urls[0], "--csv", str(prefix), "--only-summary", "--stop-timeout", "30"],
            cwd=ROOT, env=env, check=False,
        )  # fmt: skip
        cpu_seconds = worker_cpu([p for p, _ in servers], cpu_before)
        versions = [wh.current_version(h).name for h in homes]
    finally:
        for process, _ in servers:
            process.terminate()
            process.wait(timeout=30)
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv")))  # noqa: SIM115
    by_name = {
        r["Name"]: {
            "requests": int(r["Request Count"]),
            "failures": int(r["Failure Count"]),
            "p50_ms": float(r["50%"] or 0),
            "p95_ms": float(r["95%"] or 0),
            "p99_ms": float(r["99%"] or 0),
            "requests_per_s": float(r["Requests/s"] or 0),
        }
        for r in rows
    }
    total = by_name.get("Aggregated", {})
    all_workers = hosts * workers
    return {
        "scenario": "raadsvergadering" if raad else "filters",
        "scale": scale,
        "users": users,
        "ramp_seconds": ramp,
        "run_seconds": run_time,
        "hosts": hosts,
        "workers": workers,
        "redis_cache": bool(cache_url),
        "publish": published,
        "versions_after": versions,
        "requests": by_name,
        "requests_per_second_per_worker": round(total.get("requests_per_s", 0) / all_workers, 1),
        "worker_cpu_seconds": round(cpu_seconds, 1),
        "requests_per_cpu_second": round(total.get("requests", 0) / cpu_seconds, 1) if cpu_seconds else None,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def worker_cpu(masters: list[subprocess.Popen], before: dict[int, float] | None = None):
    """CPU seconds (user + system) of the gunicorn workers: per pid, or since `before` as one sum."""
    import psutil

    now: dict[int, float] = {}
    for master in masters:
        for child in psutil.Process(master.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                times = child.cpu_times()
                now[child.pid] = times.user + times.system
    if before is None:
        return now
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in now.items())


if __name__ == "__main__":
    result = main()
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "loadtest.json" if result["hosts"] == 1 else f"loadtest-hosts-{result['scale']}.json"
    name = "loadtest-raad.json" if result["scenario"] == "raadsvergadering" else name
    (RESULTS / name).write_text(json.dumps(result, indent=2))
    total = result["requests"].get("Aggregated", {})
    print(json.dumps(total), "publish:", result["publish"], "versions after:", result["versions_after"])
    print(
        f"requests/s per worker: {result['requests_per_second_per_worker']} in this run, "
        f"{result['requests_per_cpu_second']} per CPU-second of a worker; load average {result['load_average']}"
    )
