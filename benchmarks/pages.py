"""Every page in the benchmark (`make bench-pages`, or part of `make bench`): each server callback of each
page over HTTP, and each page's charts drawn in headless Chromium.

Callbacks: for every page, its figure callbacks with `BENCH_COMBOS` (default 30) filter choices drawn from
the warehouse (gemeente, years, funders, themes, the page's own controls), p50/p95 over HTTP with the output
cache off (it would answer repeated questions without work: the benchmark measures the work). Goal (issue 17):
p95 <= 150 ms for one gemeente at provincie scale, <= 300 ms nationally.

Paint: each page opened by navigation in Chromium (assets cached, as a returning user), timed until every
graph holds its figure and no callback is pending; the median of `BENCH_PAINT_RUNS` (default 3). Goal:
<= 2.5 s.

`python -m benchmarks.pages` runs both against BENCH_SCALE's warehouse (as `make bench` built it) and writes
benchmarks/results/pages-<scale>.json.
"""

from __future__ import annotations

import json
import os
import random
import time
from statistics import median
from typing import Any
from urllib.parse import urlencode

import requests

from benchmarks import dash_http
from benchmarks.run import RESULTS, ROOT, SCALES, ensure_data, log, pct, start_gunicorn
from dashboard import ids

# page -> (one output of its figure callback, the controls it is timed with)
PAGE_CALLBACKS = {
    "overzicht: kpi's": (ids.OVERVIEW_KPIS, "children"),
    "overzicht: kaart": (ids.OVERVIEW_MAP, "figure"),
    "overzicht: trend": (ids.OVERVIEW_TREND, "figure"),
    "overzicht: tabel": (ids.OVERVIEW_TABLE, "rowData"),
    "profiel": (ids.PROFILE_CONTENT, "children"),
    "behoefte": (ids.NEED_MAP, "figure"),
    "portefeuille": (ids.PORTFOLIO_SUMMARY, "children"),
    "overleving": (ids.SURVIVAL_CHART, "figure"),
    "waarde": (ids.VALUE_CONTENT, "children"),
}
PAINT_PATHS = ["/", "/profiel", "/behoefte", "/portefeuille", "/overleving", "/waarde", "/indicatoren"]
# Each page's content (Dash Pages' router callback) for the same choices, as a URL: the first request of every
# visit, and where the overview's cards and map picture and the value page's charts come from.
PAGE_CONTENT = {
    "overzicht: pagina": "/",
    "profiel: pagina": "/profiel",
    "behoefte: pagina": "/behoefte",
    "portefeuille: pagina": "/portefeuille",
    "overleving: pagina": "/overleving",
    "waarde: pagina": "/waarde",
}


def choices(repo: Any, gemeente: str | None, n: int, seed: int) -> list[dict[str, Any]]:
    """Filter choices for every page's controls: the same gemeente (None = all), varied years and funders."""
    rng = random.Random(seed)
    years = repo.year_range()
    last = int(years.get("last_observation_year") or 2025)
    funders = repo.all_funders()["code"].tolist()[:12]
    themes = repo.vocabulary("theme")["code"].tolist()
    buurten = repo.buurten(gemeente)["buurt_code"].tolist() if gemeente else []
    out = []
    for _ in range(n):
        first = rng.randint(last - 5, last)
        out.append({
            "gemeente": gemeente, "year_from": first, "year_to": rng.randint(first, last),
            "funders": rng.sample(funders, rng.randint(1, min(3, len(funders)))) if funders else [],
            "themes": rng.sample(themes, rng.choice([0, 0, 1])),
            "buurt": rng.choice(buurten) if buurten else None,
        })  # fmt: skip
    return out


def values_for(component: str, choice: dict[str, Any]) -> Any:
    """The value a page's control sends for this choice (by component id)."""
    if component.endswith("gemeente"):
        return choice["gemeente"]
    if component.endswith("year-from"):
        return choice["year_from"]
    if component.endswith("year-to"):
        return choice["year_to"]
    if component == ids.FILTER_FUNDERS:
        return []
    if component.endswith("funders"):
        return choice["funders"]
    if component == ids.FILTER_THEMES:
        return choice["themes"]
    if component in (ids.OVERVIEW_TREND_INDICATOR, ids.PORTFOLIO_OUTCOME, ids.NEED_COVERAGE):
        return "deelnemers"
    if component == ids.PROFILE_AREA:
        return choice["buurt"] or choice["gemeente"]
    if component == ids.LANG_STORE:
        return "nl"
    return None


def page_search(path: str, choice: dict[str, Any]) -> str:
    """The URL query of a page for this choice (what a link to it would carry)."""
    query = {"gemeente": choice["gemeente"], "van": choice["year_from"], "tot": choice["year_to"]}
    if path in ("/portefeuille", "/waarde"):
        query["financier"] = ",".join(choice["funders"])
    if path == "/profiel" and choice["buurt"]:
        query["buurt"] = choice["buurt"]
    return "?" + urlencode({k: v for k, v in query.items() if v}, safe=",")


def timed(session: requests.Session, url: str, bodies: list[dict], ok: tuple[int, ...]) -> dict[str, int]:
    """p50/p95 of posting each body (one request each, in turn) and how many answered outside `ok`."""
    seconds, failures = [], 0
    for body in bodies:
        status, _, took, _ = dash_http.post(session, url, body)
        failures += status not in ok
        seconds.append(took)
    return {
        "p50_ms": round(1000 * pct(seconds, 0.5)),
        "p95_ms": round(1000 * pct(seconds, 0.95)),
        "failures": failures,
    }


def time_pages(url: str, by_scope: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, dict[str, float]]]:
    """Every page's figure callbacks, then every page's content, for each scope's choices."""
    session = requests.Session()
    deps = dash_http.dependencies(session, url)
    out: dict[str, dict[str, dict[str, float]]] = {}
    for scope, picks in by_scope.items():
        bodies: dict[str, list[dict]] = {}
        for name, (output, prop) in PAGE_CALLBACKS.items():
            callback = dash_http.find(deps, output, prop)
            ids_ = {d["id"] for d in callback["inputs"] + callback.get("state", [])}
            bodies[name] = [dash_http.body(callback, {i: values_for(i, c) for i in ids_}) for c in picks]
        for name, path in PAGE_CONTENT.items():
            bodies[name] = [dash_http.page_request(path, page_search(path, c)) for c in picks]
        out[scope] = {}
        for name, sent in bodies.items():
            ok = (200,) if name in PAGE_CONTENT else (200, 204)
            found = out[scope][name] = timed(session, url, sent, ok)
            log(f"  {scope:9s} {name:18s} p50 {found['p50_ms']:5d} ms  p95 {found['p95_ms']:5d} ms")
    return out


DRAWN = """() => {
    const graphs = [...document.querySelectorAll('.dash-graph')];
    const drawn = graphs.every(g => { const p = g.querySelector('.js-plotly-plot');
        return p && p._fullLayout && ((p.data && p.data.length) || (p.layout.annotations || []).length); });
    return document.querySelector('main') && drawn && !document.querySelector('[data-dash-is-loading="true"]');
}"""


def paint_pages(url: str, query: str, runs: int) -> dict[str, float]:
    """Seconds from navigation until every graph of the page holds its figure (median of `runs`)."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    out: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        tab.goto(
            url + "/", wait_until="networkidle"
        )  # assets in the browser's cache, as for a returning user
        for path in PAINT_PATHS:
            took = []
            for _ in range(runs):
                started = time.perf_counter()
                tab.goto(url + path + query, wait_until="commit")
                tab.wait_for_function(DRAWN, timeout=60000)
                took.append(time.perf_counter() - started)
            out[path] = round(median(took), 2)
            log(f"  paint {path:14s} {out[path]:.2f} s")
        browser.close()
    return out


def main() -> dict[str, Any]:
    scale = SCALES[os.environ.get("BENCH_SCALE", "provincie")]
    n = int(os.environ.get("BENCH_COMBOS", "30"))
    folder = ROOT / "data" / "bench" / scale
    home = folder / "warehouse"
    if not (home / "wijkwaarde.duckdb").exists():
        from etl.loader import load

        load(home, ensure_data(scale, folder / "input"), allow_rejects=True)
    from dashboard.repository import DuckDBRepository

    repo = DuckDBRepository(home)
    gem = repo.gemeenten()["code"].tolist()
    gemeente = gem[len(gem) // 2]
    by_scope = {"gemeente": choices(repo, gemeente, n, 1), "land": choices(repo, None, n, 2)}
    process, url = start_gunicorn(home, int(os.environ.get("BENCH_WORKERS", "2")), output_cache=False)
    try:
        log(f"every page's callbacks over HTTP ({scale}, {n} choices each)")
        result = {"scale": scale, "gemeente": gemeente, "callbacks": time_pages(url, by_scope)}
        log("every page painted in headless Chromium")
        result["paint_gemeente"] = paint_pages(
            url, f"?gemeente={gemeente}", int(os.environ.get("BENCH_PAINT_RUNS", "3"))
        )
    finally:
        process.terminate()
        process.wait(timeout=30)
    return result


if __name__ == "__main__":
    found = main()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"pages-{found['scale']}.json").write_text(json.dumps(found, indent=2))
    print(json.dumps(found, indent=2))
