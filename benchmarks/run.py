"""`make bench`: the performance harness. Writes benchmarks/results/latest.json and latest.md.

BENCH_SCALE=municipality|provincie|nationaal (default nationaal); BENCH_COMBOS (default 60 filter
combinations per scope); BENCH_WORKERS (default 2); BENCH_SKIP=etl,pandas,paint to leave parts out
(skipping etl reuses the warehouse of an earlier run); BENCH_PYTHON_PATH=1 also times the old
Python-reader load of the observations. Data lives in data/bench/<scale>/ (ignored by git).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from statistics import median

import duckdb
import requests

from benchmarks import dash_http
from dashboard import ids

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SCALES = {
    "municipality": "demostad",
    "demostad": "demostad",
    "provincie": "provincie",
    "nationaal": "nationaal",
}
CALLBACKS = {  # overview callbacks by one of their outputs
    "kpis": (ids.OVERVIEW_KPIS, "children"),
    "map": (ids.OVERVIEW_MAP, "figure"),
    "trend": (ids.OVERVIEW_TREND, "figure"),
    "table": (ids.OVERVIEW_TABLE, "rowData"),
}
MAP_READY = """() => {
    const gd = document.querySelector('#overview-map .js-plotly-plot');
    const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    const map = sub && sub.map;
    if (!map || !map.loaded()) return false;
    return map.getStyle().layers.some((layer) => layer.id.endsWith('-fill'));
}"""

# The first frame after the map's still picture (dashboard/map_preview.py) is in the page and decoded: an
# observer from the page's start records its time (requestAnimationFrame runs just before that frame paints).
PICTURE_FRAME = """
new MutationObserver((changes, observer) => {
    const img = document.querySelector('#overview-map-preview');
    if (!img) return;
    observer.disconnect();
    img.decode().then(() => requestAnimationFrame(() => { window.__wijkwaardePicture = performance.now(); }));
}).observe(document, {subtree: true, childList: true});
"""


def log(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", flush=True)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered))) - 1))]


def step(*args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


# -- data and ETL ---------------------------------------------------------------------------------


def ensure_data(scale: str, folder: Path) -> list[Path]:
    from etl import demo

    marker = folder / ".complete"
    if marker.exists():
        log(f"reusing {scale} data in {folder}")
        return [Path(p) for p in json.loads(marker.read_text())]
    log(f"generating {scale} data in {folder}")
    started = time.perf_counter()
    paths = demo.generate(folder, scale=scale)
    log(f"generated in {time.perf_counter() - started:.1f} s")
    marker.write_text(json.dumps([str(p) for p in paths]))
    return paths


def run_etl(paths: list[Path], home: Path) -> dict:
    observations = [p for p in paths if p.name.startswith("waarnemingen")]
    others = [p for p in paths if p not in observations]
    shutil.rmtree(home, ignore_errors=True)
    log("loading everything but the observations")
    rest = step("benchmarks.etl_step", "load", str(home), *map(str, others))
    log(f"  {rest['seconds']:.1f} s; loading the observations ({observations[0].stat().st_size >> 20} MB)")
    before = home.parent / "warehouse-before-observations"
    shutil.rmtree(before, ignore_errors=True)
    if os.environ.get("BENCH_PYTHON_PATH") == "1":
        shutil.copytree(home, before, symlinks=True)
    obs = step("benchmarks.etl_step", "load", str(home), str(observations[0]))
    log(f"  {obs['seconds']:.1f} s for {obs['rows']:,} rows; bare read_csv of the same file")
    bare = step("benchmarks.etl_step", "bare", str(observations[0]), str(home.parent / "bare.duckdb"))
    result = {
        "other_files_seconds": rest["seconds"],
        "observation_rows": obs["rows"],
        "observations_seconds": obs["seconds"],
        "observations_rows_per_second": obs["rows"] / obs["seconds"],
        "observations_fast_path": bool(obs["fast_path"]),
        "bare_read_csv_seconds": bare["seconds"],
        "etl_vs_bare_read_csv": obs["seconds"] / bare["seconds"],
        "peak_rss_mb": max(rest["peak_rss_mb"], obs["peak_rss_mb"]),
        "bare_peak_rss_mb": bare["peak_rss_mb"],
    }
    month = new_month_file(observations[0], home.parent / "waarnemingen-nieuwe-maand.csv")
    log(f"  one new month of observations ({month.stat().st_size >> 20} MB) into the loaded warehouse")
    added = step("benchmarks.etl_step", "load", str(home), str(month))
    bare_month = step("benchmarks.etl_step", "bare", str(month), str(home.parent / "bare.duckdb"))
    log(f"  {added['seconds']:.1f} s for {added['rows']:,} rows; bare read_csv {bare_month['seconds']:.2f} s")
    result |= {
        "new_month_rows": added["rows"],
        "new_month_seconds": added["seconds"],
        "new_month_bare_read_csv_seconds": bare_month["seconds"],
        "new_month_vs_bare_read_csv": added["seconds"] / bare_month["seconds"],
        "new_month_peak_rss_mb": added["peak_rss_mb"],
    }
    if before.exists():
        log("  the old Python-reader path on the same file")
        old = step("benchmarks.etl_step", "python", str(before), str(observations[0]))
        result["python_path_seconds"] = old["seconds"]
        result["python_path_vs_bare_read_csv"] = old["seconds"] / bare["seconds"]
        result["python_path_peak_rss_mb"] = old["peak_rss_mb"]
        shutil.rmtree(before, ignore_errors=True)
    return result


def new_month_file(observations: Path, out: Path) -> Path:
    """A file with one new month of observations: every series (initiative, indicator, buurt) of the last
    period in `observations` again, for the month after that period, with its last value and target."""
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    try:
        con.execute(
            "CREATE TABLE last AS WITH o AS (SELECT * FROM read_csv($path, dateformat = '%d-%m-%Y', "
            "types = {'waarde': 'VARCHAR', 'doel': 'VARCHAR'})) "
            "SELECT initiatiefcode, indicatorcode, buurtcode, "
            "strftime(periode_eind + INTERVAL 1 DAY, '%d-%m-%Y') AS periode_start, "
            "strftime(last_day(periode_eind + INTERVAL 1 DAY), '%d-%m-%Y') AS periode_eind, waarde, doel "
            "FROM o WHERE periode_start = (SELECT max(periode_start) FROM o)",
            {"path": str(observations)},
        )
        con.execute(f"COPY last TO '{out}' (HEADER, DELIMITER ',')")  # noqa: S608 (our own bench folder)
    finally:
        con.close()
    return out


# -- serving --------------------------------------------------------------------------------------


def start_gunicorn(
    home: Path, workers: int, cache_url: str | None = None, output_cache: bool = True
) -> tuple[subprocess.Popen, str]:
    """gunicorn on `home`; `output_cache=False` for the benchmarks, which time the work of each answer
    (the load tests keep it, as a deployment does)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = os.environ | {"WIJKWAARDE_HOME": str(home)}
    env.pop("WIJKWAARDE_CACHE_REDIS_URL", None)  # the benchmark measures the database, not the cache
    if cache_url:
        env["WIJKWAARDE_CACHE_REDIS_URL"] = cache_url
    if not output_cache:
        env["WIJKWAARDE_OUTPUT_CACHE_SECONDS"] = "0"
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--no-control-socket", "-c",
         "python:dashboard.gunicorn_conf", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--timeout", "120",
         "dashboard.wsgi:server"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/", timeout=30).status_code == 200:
                return process, url
        except requests.RequestException:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def combos(repo, scope_gemeente: str | None, n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    themes = repo.vocabulary("theme")["code"].tolist()
    statuses = repo.vocabulary("status")["code"].tolist()
    years = repo.year_range()
    first, last = int(years.get("first_year") or 2018), int(years.get("last_observation_year") or 2025)
    first = max(first, last - 7)
    result = []
    for _ in range(n):
        y1 = rng.randint(first, last)
        result.append(
            {
                "gemeente": scope_gemeente,
                "themes": rng.sample(themes, rng.choice([0, 0, 1, 2, 3])),
                "statuses": rng.sample(statuses, rng.choice([0, 0, 1, 2])),
                "year_from": y1,
                "year_to": rng.randint(y1, last),
            }
        )
    return result


def values_of(combo: dict) -> dict:
    return {
        ids.FILTER_GEMEENTE: combo["gemeente"],
        ids.FILTER_THEMES: combo["themes"],
        ids.FILTER_STATUSES: combo["statuses"],
        ids.FILTER_FUNDERS: [],
        ids.FILTER_YEAR_FROM: combo["year_from"],
        ids.FILTER_YEAR_TO: combo["year_to"],
        ids.OVERVIEW_TREND_INDICATOR: "deelnemers",
    }


def time_callbacks(url: str, combos_: list[dict]) -> dict:
    session = requests.Session()
    deps = dash_http.dependencies(session, url)
    out: dict = {}
    for name, (output, prop) in CALLBACKS.items():
        callback = dash_http.find(deps, output, prop)
        seconds, sizes, failures = [], [], 0
        for combo in combos_:
            status, content, took, _ = dash_http.post(
                session, url, dash_http.body(callback, values_of(combo))
            )
            failures += status != 200
            seconds.append(took)
            sizes.append(len(content))
        out[name] = {
            "p50_ms": 1000 * pct(seconds, 0.5),
            "p95_ms": 1000 * pct(seconds, 0.95),
            "bytes_median": median(sizes),
            "failures": failures,
        }
    return out


def time_sql(home: Path, combos_: list[dict]) -> dict:
    """The same callbacks in-process, counting only the time of their data work: DuckDB's SQL, and the
    adding up of an indicator's cells the reader keeps (dashboard/repository/cells.py) where that replaced
    a query (the KPIs' totals, the trend's quarters), and the masking of a gemeente's initiatives
    (dashboard/repository/initiative_set.py: the list, the KPIs of initiatives and money, the map)."""
    from dashboard.app import create_app
    from dashboard.repository import DuckDBReader, ProtectedRepository

    spent = [0.0]
    inside = [0]  # a timed method calling query(): counted once

    def timed(method):
        def run(self, *args, **kwargs):
            if inside[0]:
                return method(self, *args, **kwargs)
            inside[0] += 1
            t = time.perf_counter()
            try:
                return method(self, *args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - t
                inside[0] -= 1

        return run

    class TimedReader(DuckDBReader):
        """The reader, adding up the time of its data work."""

        query = timed(DuckDBReader.query)
        indicator_totals = timed(DuckDBReader.indicator_totals)
        indicator_by_quarter = timed(DuckDBReader.indicator_by_quarter)
        kpi_periods = timed(DuckDBReader.kpi_periods)
        initiatives = timed(DuckDBReader.initiatives)
        map_cells = timed(DuckDBReader.map_cells)

    app = create_app(ProtectedRepository(TimedReader(home)))
    callbacks = app.wijkwaarde_callbacks
    deps = {  # each callback's arguments by name; the filter bar's controls come as one dict, `controls`
        "kpis": {"lang": ids.LANG_STORE},
        "map": {"metric": ids.OVERVIEW_MAP_METRIC, "key": ids.OVERVIEW_MAP_KEY, "lang": ids.LANG_STORE},
        "trend": {"indicator": ids.OVERVIEW_TREND_INDICATOR, "lang": ids.LANG_STORE},
        "table": {"lang": ids.LANG_STORE},
    }
    out = {}
    for name, order in deps.items():
        sql_seconds, call_seconds = [], []
        for combo in combos_:
            values = values_of(combo)
            spent[0] = 0.0
            t = time.perf_counter()
            controls = {field: values.get(c) for field, c in ids.FILTER_CONTROLS.items()}
            callbacks[name](controls=controls, **{arg: values.get(c) for arg, c in order.items()})
            call_seconds.append(time.perf_counter() - t)
            sql_seconds.append(spent[0])
        out[name] = {
            "sql_p50_ms": 1000 * pct(sql_seconds, 0.5),
            "sql_p95_ms": 1000 * pct(sql_seconds, 0.95),
            "in_process_p95_ms": 1000 * pct(call_seconds, 0.95),
        }
    return out


def expected_figures(home: Path, combos_: list[dict]) -> list[dict]:
    """Our overview's four figures per combination, from the repository the server builds (protected as
    it serves them) and asked as the four callbacks ask: what the pandas baseline must give too
    (benchmarks/pandas_baseline.py comparable())."""
    from benchmarks.pandas_baseline import comparable
    from dashboard.filters import Filters
    from dashboard.repository import DuckDBRepository
    from dashboard.views import overview as view

    repo = DuckDBRepository(home)
    out = []
    for combo in combos_:
        query = {k: combo[k] for k in ("gemeente", "themes", "statuses", "year_from", "year_to")}
        f = view.resolve(repo, Filters.from_query(query | {"indicator": "deelnemers"}), national=True)
        key = "buurt_code" if f.gemeente else "gemeente_code"
        table = repo.initiatives(f, None if f.gemeente else view.TABLE_LIMIT)
        total = int(table["matching_rows"].iloc[0]) if not table.empty else 0
        rows = list(zip(table["code"], table["grants"], strict=True))
        out.append(
            comparable(
                view.kpi_values(repo, f), key, repo.map_values(f), repo.indicator_by_quarter(f), rows, total
            )
        )
    return out


def known_portfolios(home: Path) -> int:
    """Funders and gemeenten somebody sees exactly here: the differencing guard the baseline leaves out."""
    from dashboard.auth.grants import exact_viewers

    funders, gemeenten = exact_viewers(home)
    return len(funders) + len(gemeenten)


def pandas_side(home: Path, scopes: dict[str, list[dict]], expected: dict[str, list]) -> dict:
    """The pandas baseline in its own process over every scope's combinations (benchmarks/pandas_step.py)."""
    work = RESULTS / ".work"
    work.mkdir(parents=True, exist_ok=True)
    (work / "combos.json").write_text(json.dumps(scopes))
    (work / "expected.json").write_text(json.dumps(expected))
    database = (home / "wijkwaarde.duckdb").resolve()
    return step(
        "benchmarks.pandas_step", str(database), str(work / "combos.json"), str(work / "expected.json")
    )


def pandas_baseline(
    home: Path, scopes: dict[str, list[dict]], callbacks: dict, worker_mb: float, worker_boot_mb: float
) -> dict:
    """The baseline per scope next to ours: its whole overview (all four figures) in-process against the
    sum of our four callbacks' p95 over HTTP, and against their SQL alone. Memory: the processes' RSS, and
    what the data added to each (pandas' RSS over its RSS before it read the tables; our worker's over
    its RSS at boot, before any request)."""
    expected = {scope: expected_figures(home, combos_) for scope, combos_ in scopes.items()}
    pandas = pandas_side(home, scopes, expected)
    for scope, p in pandas["scopes"].items():
        ours = sum(callbacks[scope][k]["p95_ms"] for k in CALLBACKS)
        ours_sql = sum(callbacks[scope][k]["sql_p95_ms"] for k in CALLBACKS)
        p |= {
            "ours_overview_p95_ms": ours,
            "ours_overview_sql_p95_ms": ours_sql,
            "pandas_vs_ours_p95": p["overview_p95_ms"] / ours,
            "pandas_vs_ours_sql_p95": p["overview_p95_ms"] / ours_sql,
        }
    land = pandas["scopes"]["land"]
    keep = ("overview_p50_ms", "overview_p95_ms", "checked", "ours_overview_p95_ms", "ours_overview_sql_p95_ms",
            "pandas_vs_ours_p95", "pandas_vs_ours_sql_p95")  # fmt: skip
    return (
        pandas
        | {k: land[k] for k in keep}  # the keys of the earlier land-only runs, still read from older results
        | {
            "kpi_mismatches": land["mismatches"]["kpis"],
            "ours_worker_rss_mb": worker_mb,
            "ours_worker_boot_rss_mb": worker_boot_mb,
            "guard_left_out_known": known_portfolios(home),
        }
    )


def payloads(url: str, gemeente: str) -> dict:
    """Bytes of the page, its layout, and the map outlines the browser fetches once per version (one
    gemeente's buurten, and every gemeente for the national map)."""
    page = requests.get(url + f"/?gemeente={gemeente}", timeout=60).content
    layout = requests.get(url + "/_dash-layout", timeout=60).content
    session = requests.Session()
    figure = dash_http.post(
        session, url, dash_http.body(dash_http.find(dash_http.dependencies(session, url), *CALLBACKS["map"]),
                                     values_of({"gemeente": None, "themes": [], "statuses": [],
                                                "year_from": 2024, "year_to": 2024}))
    )[1]  # fmt: skip
    geometry = json.loads(figure)["response"][CALLBACKS["map"][0]]["figure"]["data"][0]["geojson"]
    # large outlines come by URL, fetched once per version; small ones are inside the figure
    national = requests.get(url + geometry, timeout=60).content if isinstance(geometry, str) else b""
    return {
        "initial_page_html_bytes": len(page),
        "initial_layout_json_bytes": len(layout),
        "national_map_figure_bytes": len(figure),
        "national_map_figure_has_outlines": b'"coordinates"' in figure,
        "national_geometry_bytes": len(national),
        "national_gemeenten": len(json.loads(national)["features"] if national else geometry["features"]),
    }


def paint(url: str, gemeente: str | None, runs: int = 3) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    times, pictures = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 1100})
            page = context.new_page()
            page.add_init_script(PICTURE_FRAME)
            page.goto(url + (f"/?gemeente={gemeente}" if gemeente else "/"))
            # the time is taken in the page when the map is found drawn (a second evaluate would wait
            # for the main thread, busy with the chart library)
            drawn = page.wait_for_function(
                f"() => ({MAP_READY})() && performance.now()", timeout=60_000, polling=50
            )
            times.append(drawn.json_value() / 1000)
            shown = page.evaluate("() => window.__wijkwaardePicture || null")
            if shown is not None:
                pictures.append(shown / 1000)
            context.close()
        browser.close()
    return {
        "map_painted_seconds_median": median(times),
        "runs": times,
        # the first frame with the map's still picture decoded (dashboard/map_preview.py), where the page
        # has one
        "map_picture_seconds_median": median(pictures) if pictures else None,
        "picture_runs": pictures,
    }


def booted_rss(process: subprocess.Popen, workers: int) -> list[float]:
    """The workers' RSS once all of them have booted (the app imported, no data asked yet but the page the
    health check fetched): what a worker takes before any figure's data."""
    import psutil  # the bench extra, as in worker_rss

    deadline = time.monotonic() + 30
    while len(psutil.Process(process.pid).children()) < workers and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(2)  # a worker forked last is still importing the app
    return worker_rss(process)


def worker_rss(process: subprocess.Popen) -> list[float]:
    import psutil  # the bench extra (make bench installs it); the smoke test does not need it

    return [c.memory_info().rss / 2**20 for c in psutil.Process(process.pid).children()]


def main() -> dict:
    scale_name = os.environ.get("BENCH_SCALE", "nationaal")
    scale = SCALES[scale_name]
    n = int(os.environ.get("BENCH_COMBOS", "60"))
    workers = int(os.environ.get("BENCH_WORKERS", "2"))
    skip = set(filter(None, os.environ.get("BENCH_SKIP", "").split(",")))
    folder = ROOT / "data" / "bench" / scale
    home = folder / "warehouse"
    result: dict = {
        "scale": scale,
        "started": datetime.now().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
    }
    paths = ensure_data(scale, folder / "input")
    saved = RESULTS / ".work" / f"etl-{scale}.json"  # kept, so a later run with BENCH_SKIP=etl reports it
    if "etl" not in skip or not (home / "wijkwaarde.duckdb").exists():
        result["etl"] = run_etl(paths, home)
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text(json.dumps(result["etl"]))
    elif saved.exists():
        result["etl"] = json.loads(saved.read_text()) | {"from_earlier_run": True}

    from dashboard.repository import DuckDBRepository

    repo = DuckDBRepository(home)
    gem = repo.gemeenten()
    gemeente = gem["code"].iloc[len(gem) // 2]
    result["gemeente"] = gemeente
    scopes = {"land": combos(repo, None, n, 1), "gemeente": combos(repo, gemeente, n, 2)}
    log(f"gunicorn with {workers} workers")
    process, url = start_gunicorn(home, workers, output_cache=False)
    try:
        result["worker_rss_boot_mb"] = booted_rss(process, workers)
        result["callbacks"] = {}
        for scope, combos_ in scopes.items():
            log(f"callbacks over HTTP, {scope}: {len(combos_)} filter combinations x {len(CALLBACKS)}")
            http = time_callbacks(url, combos_)
            sql = time_sql(home, combos_)
            for name in http:
                http[name] |= sql[name]
                http[name]["callback_vs_sql_p95"] = http[name]["p95_ms"] / max(sql[name]["sql_p95_ms"], 1e-3)
            result["callbacks"][scope] = http
        if "pandas" not in skip:
            log("pandas baseline")
            result["pandas_baseline"] = pandas_baseline(
                home, scopes, result["callbacks"], max(worker_rss(process)), max(result["worker_rss_boot_mb"])
            )
        log("payloads")
        result["payload"] = payloads(url, gemeente) | {
            "map_figure_bytes_gemeente": result["callbacks"]["gemeente"]["map"]["bytes_median"]
        }
        if "paint" not in skip:
            log("paint in headless chromium")
            result["paint"] = paint(url, gemeente)
            result["paint_national"] = paint(url, None)
        result["worker_rss_mb"] = worker_rss(process)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return result


def table(result: dict) -> str:
    lines = [f"# Benchmark {result['scale']} ({result['started']}, {result['cpus']} CPUs)", ""]
    etl = result.get("etl")
    if etl:
        lines += [
            "| ETL | value |",
            "| --- | --- |",
            f"| observation rows | {etl['observation_rows']:,} |",
            f"| load of the observations | {etl['observations_seconds']:.1f} s |",
            f"| bare read_csv | {etl['bare_read_csv_seconds']:.1f} s |",
            f"| etl_vs_bare_read_csv | {etl['etl_vs_bare_read_csv']:.2f} (goal <= 1.5) |",
            f"| rows per second | {etl['observations_rows_per_second']:,.0f} |",
            f"| peak RSS | {etl['peak_rss_mb']:.0f} MB |",
        ]
        if "new_month_seconds" in etl:
            lines += [
                f"| one new month ({etl['new_month_rows']:,} rows) into the loaded warehouse | "
                f"{etl['new_month_seconds']:.1f} s (goal < 10 s) |",
                f"| new month / its bare read_csv | {etl['new_month_vs_bare_read_csv']:.2f} |",
            ]
        if "python_path_seconds" in etl:
            lines.append(
                f"| old Python-reader path | {etl['python_path_seconds']:.1f} s "
                f"({etl['python_path_vs_bare_read_csv']:.1f}x bare) |"
            )
        lines.append("")
    lines += [
        "| scope | callback | p50 ms | p95 ms | SQL p95 ms | callback_vs_sql | bytes |",
        "| --- " * 7 + "|",
    ]
    for scope, callbacks in result["callbacks"].items():
        for name, c in callbacks.items():
            lines.append(
                f"| {scope} | {name} | {c['p50_ms']:.0f} | {c['p95_ms']:.0f} | {c['sql_p95_ms']:.0f} | "
                f"{c['callback_vs_sql_p95']:.1f} | {c['bytes_median']:,.0f} |"
            )
    lines.append("")
    if "pandas_baseline" in result:
        lines += pandas_lines(result["pandas_baseline"])
    pay = result["payload"]
    lines.append(
        f"payload: page {pay['initial_page_html_bytes']:,} B + layout {pay['initial_layout_json_bytes']:,} B; "
        f"map figure one gemeente {pay['map_figure_bytes_gemeente']:,.0f} B (outlines inside); national map figure "
        f"{pay['national_map_figure_bytes']:,} B + outlines of {pay['national_gemeenten']} gemeenten "
        f"{pay['national_geometry_bytes']:,} B (once per version)"
    )
    if "paint" in result:
        lines.append(
            f"map painted after {result['paint']['map_painted_seconds_median']:.2f} s (one gemeente), "
            f"{result['paint_national']['map_painted_seconds_median']:.2f} s (national), median of 3"
        )
        shown = [
            f"{result[key]['map_picture_seconds_median']:.2f} s ({where})"
            for key, where in (("paint", "one gemeente"), ("paint_national", "national"))
            if result[key].get("map_picture_seconds_median") is not None
        ]
        if shown:
            lines.append("map's still picture shown after " + ", ".join(shown) + ", median of 3")
    lines.append("worker RSS: " + ", ".join(f"{r:.0f} MB" for r in result["worker_rss_mb"]))
    return "\n".join(lines) + "\n"


def pandas_lines(p: dict) -> list[str]:
    """The baseline's lines of the table: per scope its whole overview against ours, then memory."""
    lines = []
    for scope, s in p.get("scopes", {}).items():
        wrong = ", ".join(f"{name} {n}" for name, n in s["mismatches"].items())
        lines.append(
            f"pandas baseline, {scope} (whole overview: KPIs both periods, map, trend, table; protected): "
            f"p50 {s['overview_p50_ms']:.0f} / p95 {s['overview_p95_ms']:.0f} ms in-process; ours p95 "
            f"{s['ours_overview_p95_ms']:.0f} ms over HTTP (sum of the four callbacks; pandas "
            f"{s['pandas_vs_ours_p95']:.2f}x), {s['ours_overview_sql_p95_ms']:.0f} ms of SQL "
            f"({s['pandas_vs_ours_sql_p95']:.2f}x); mismatches of {s['checked']}: {wrong}"
        )
    guard = p.get("guard_left_out_known")
    lines.append(
        f"pandas baseline RSS {p['rss_mb']:.0f} MB (load {p['load_seconds']:.1f} s) vs "
        f"{p['ours_worker_rss_mb']:.0f} MB per worker of ours"
        + (
            f"; what the data added: pandas {p['rss_mb'] - p['rss_before_load_mb']:.0f} MB (from "
            f"{p['rss_before_load_mb']:.0f} MB), ours {p['ours_worker_rss_mb'] - p['ours_worker_boot_rss_mb']:.0f} "
            f"MB (from {p['ours_worker_boot_rss_mb']:.0f} MB at boot)"
            if "rss_before_load_mb" in p and "ours_worker_boot_rss_mb" in p
            else ""
        )
        + (f"; differencing guard left out ({guard} known portfolios/gemeenten)" if guard else "")
    )
    return lines


if __name__ == "__main__":
    outcome = main()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(outcome, indent=2, default=str))
    (RESULTS / "latest.md").write_text(table(outcome))
    print(table(outcome))
