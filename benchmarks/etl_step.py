"""One ETL measurement in its own process (so its peak RSS is its own): prints a JSON line.

python -m benchmarks.etl_step load HOME FILE...     load through the real ETL (etl.loader.load)
python -m benchmarks.etl_step bare CSV DB           DuckDB's bare read_csv of CSV into a table in DB
python -m benchmarks.etl_step python HOME FILE...   load with the fast path switched off (the old path)
python -m benchmarks.etl_step refused HOME FILE...  a load refused for its rejected rows: time and disk it cost
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import duckdb


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def cpu_seconds() -> float:
    """CPU time of this process (all threads): less sensitive than wall time to other work on the machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def disk_bytes(home: Path) -> int:
    return sum(p.stat().st_size for p in home.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str]) -> dict:
    mode = argv[0]
    if mode == "bare":
        csv, db = Path(argv[1]), Path(argv[2])
        db.unlink(missing_ok=True)
        started = time.perf_counter()
        con = duckdb.connect(str(db))
        con.execute("CREATE TABLE t AS SELECT * FROM read_csv($path)", {"path": str(csv)})
        rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
        con.execute("CHECKPOINT")
        con.close()
        seconds = time.perf_counter() - started
        db.unlink(missing_ok=True)
        return {
            "mode": mode,
            "seconds": seconds,
            "rows": rows,
            "cpu_seconds": cpu_seconds(),
            "peak_rss_mb": peak_rss_mb(),
        }
    if mode == "python":
        import etl.readers

        etl.readers.FAST_CSV_MIN_BYTES = 1 << 62
    from etl.loader import load

    home, files = Path(argv[1]), [Path(p) for p in argv[2:]]
    if mode == "refused":  # issue 12: a refused load of a small file into a large warehouse costs little
        before = disk_bytes(home)
        started = time.perf_counter()
        report = load(home, files)
        return {
            "mode": mode,
            "seconds": time.perf_counter() - started,
            "published": report.published,
            "dry_run": report.dry_run,
            "warehouse_mb": before / 2**20,
            "disk_added_mb": (disk_bytes(home) - before) / 2**20,
            "rows_rejected": sum(p.rows_rejected for p in report.parts),
            "peak_rss_mb": peak_rss_mb(),
        }
    started = time.perf_counter()
    report = load(home, files, allow_rejects=True)
    seconds = time.perf_counter() - started
    return {
        "mode": mode,
        "seconds": seconds,
        "published": report.published,
        "rows": sum(p.rows_in for p in report.parts),
        "rows_loaded": sum(p.rows_loaded for p in report.parts),
        "rows_rejected": sum(p.rows_rejected for p in report.parts),
        "fast_path": [p.source_name for p in report.parts if p.fast_path],
        "cpu_seconds": cpu_seconds(),
        "peak_rss_mb": peak_rss_mb(),
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
