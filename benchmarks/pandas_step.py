"""The pandas baseline in its own process: load, check numbers against SQL, time, report RSS (JSON)."""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

import psutil

from benchmarks.pandas_baseline import PandasOverview


def main(database: str, combos_file: str, expected_file: str) -> dict:
    started = time.perf_counter()
    model = PandasOverview(Path(database))
    load_seconds = time.perf_counter() - started
    combos = json.loads(Path(combos_file).read_text())
    expected = json.loads(Path(expected_file).read_text())
    mismatches = 0
    timings: list[float] = []
    for combo, want in zip(combos, expected, strict=True):
        args = (
            combo["gemeente"],
            combo["themes"],
            combo["statuses"],
            date(combo["year_from"], 1, 1),
            date(combo["year_to"], 12, 31),
        )
        t = time.perf_counter()
        active = model.kpi_active(*args)
        map_values = model.map_values(*args) if combo["gemeente"] else {}
        model.trend(*args, "deelnemers")
        model.table(*args)
        timings.append(time.perf_counter() - t)
        if want is not None and active != want:
            mismatches += 1
    timings.sort()
    return {
        "load_seconds": load_seconds,
        "rss_mb": psutil.Process().memory_info().rss / 2**20,
        "overview_p50_ms": 1000 * timings[len(timings) // 2],
        "overview_p95_ms": 1000 * timings[int(len(timings) * 0.95) - 1],
        "kpi_mismatches": mismatches,
        "checked": len(combos),
        "map_buurten_last": len(map_values),
    }


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4])))
