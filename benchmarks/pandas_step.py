"""The pandas baseline in its own process: load, time the whole overview per filter combination, check its
figures against ours, report RSS (JSON on the last line).

Arguments: the database, a JSON file {scope: [combination, ...]} and one {scope: [our figures, ...]} (what
benchmarks/run.py expected_figures records; a figure of None is not checked).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from benchmarks.pandas_baseline import FIGURES, PandasOverview, overview_json, same
from dashboard.filters import Filters

EXAMPLES = 5  # mismatches described in the report, to find the cause


def pct(values: list[float], q: float) -> float:
    """As benchmarks/run.py pct: the same percentile for both sides."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered))) - 1))]


def differing(want, got) -> list[str]:
    """The keys (KPI, cell, quarter, or the table) where two figures differ."""
    if isinstance(want, dict) and isinstance(got, dict):
        keys = sorted(set(want) | set(got))
        return [str(k) for k in keys if not same(want.get(k), got.get(k))]
    return [] if same(want, got) else ["*"]


def brief(value) -> str:
    """A figure's value short enough for the report."""
    return json.dumps(value)[:200]


def time_scope(model: PandasOverview, combos: list[dict], expected: list[dict | None]) -> dict:
    timings: list[float] = []
    mismatches = dict.fromkeys(FIGURES, 0)
    examples = []
    for combo, want in zip(combos, expected, strict=True):
        query = {k: combo[k] for k in ("gemeente", "themes", "statuses", "year_from", "year_to")}
        started = time.perf_counter()
        figures = model.overview(Filters.from_query(query))
        timings.append(time.perf_counter() - started)
        if want is None:
            continue
        got = overview_json(figures)
        for name in FIGURES:
            keys = differing(want[name], got[name])
            if keys:
                mismatches[name] += 1
                if len(examples) < EXAMPLES:
                    key = keys[0]
                    examples.append(
                        {"figure": name, "combo": combo, "key": key, "differing": len(keys),
                         "ours": brief(want[name].get(key)), "pandas": brief(got[name].get(key))}
                    )  # fmt: skip
    return {
        "overview_p50_ms": 1000 * pct(timings, 0.5),
        "overview_p95_ms": 1000 * pct(timings, 0.95),
        "mismatches": mismatches,
        "checked": sum(w is not None for w in expected),
        "examples": examples,
    }


def _rss_mb() -> float:
    import psutil  # the bench extra (make bench installs it); the test suite imports this module without it

    return psutil.Process().memory_info().rss / 2**20


def main(database: str, combos_file: str, expected_file: str) -> dict:
    before = _rss_mb()  # pandas and the reader imported, no table read yet
    started = time.perf_counter()
    model = PandasOverview(Path(database))
    load_seconds = time.perf_counter() - started
    combos = json.loads(Path(combos_file).read_text())
    expected = json.loads(Path(expected_file).read_text())
    scopes = {scope: time_scope(model, combos[scope], expected[scope]) for scope in combos}
    return {
        "load_seconds": load_seconds,
        "rss_mb": _rss_mb(),
        "rss_before_load_mb": before,
        "protection": {"k": model.protection.k, "base": model.protection.base, "mode": model.protection.mode},
        "scopes": scopes,
    }


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4])))
