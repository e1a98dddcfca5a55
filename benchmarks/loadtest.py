"""`make loadtest`: locust headless on loopback against gunicorn; 100 users arrive within 30 s.

Each user opens the overview and changes the filters five times. LOADTEST_PUBLISH=1 (default) also
publishes a new warehouse version through the real loader halfway. Reads the warehouse of
BENCH_SCALE (as `make bench` built it; Demostad is built when nothing is there).
LOADTEST_CACHE_REDIS_URL switches the shared Redis cache on. Writes benchmarks/results/loadtest.json.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchmarks.run import RESULTS, ROOT, SCALES, ensure_data, log, start_gunicorn


def publish_later(home: Path, after: float, done: list) -> threading.Thread:
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

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def main() -> dict:
    scale = SCALES[os.environ.get("BENCH_SCALE", "municipality")]
    users = int(os.environ.get("LOADTEST_USERS", "100"))
    ramp = float(os.environ.get("LOADTEST_RAMP_SECONDS", "30"))
    run_time = int(os.environ.get("LOADTEST_SECONDS", "120"))
    workers = int(os.environ.get("BENCH_WORKERS", "2"))
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
    process, url = start_gunicorn(home, workers, cache_url)
    published: list = []
    try:
        if os.environ.get("LOADTEST_PUBLISH", "1") == "1":
            publish_later(home, ramp + 5, published)
        prefix = RESULTS / ".work" / "locust"
        prefix.parent.mkdir(parents=True, exist_ok=True)
        log(f"locust: {users} users over {ramp:.0f} s against {url} ({workers} workers, {scale})")
        subprocess.run(
            [str(Path(sys.executable).with_name("locust")), "-f", str(ROOT / "benchmarks" / "locustfile.py"),
             "--headless", "-u", str(users), "-r", f"{users / ramp:.3f}", "--run-time", f"{run_time}s",
             "--host", url, "--csv", str(prefix), "--only-summary", "--stop-timeout", "30"],
            cwd=ROOT, env=env, check=False,
        )  # fmt: skip
    finally:
        process.terminate()
        process.wait(timeout=30)
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv")))  # noqa: SIM115
    by_name = {
        r["Name"]: {
            "requests": int(r["Request Count"]),
            "failures": int(r["Failure Count"]),
            "p50_ms": float(r["50%"] or 0),
            "p95_ms": float(r["95%"] or 0),
            "p99_ms": float(r["99%"] or 0),
        }
        for r in rows
    }
    return {
        "scale": scale,
        "users": users,
        "ramp_seconds": ramp,
        "workers": workers,
        "redis_cache": bool(cache_url),
        "publish": published,
        "requests": by_name,
    }


if __name__ == "__main__":
    result = main()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "loadtest.json").write_text(json.dumps(result, indent=2))
    total = result["requests"].get("Aggregated", {})
    print(json.dumps(total), "publish:", result["publish"])
