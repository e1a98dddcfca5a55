"""Every download in public mode on Demostad: no count of people below k, none that is not rounded.

The downloads are enumerated from the code, not listed here: every export callback the app registers
(`<page>_export` in app.wijkwaarde_callbacks) with every chart and table name of that page's registry
(indicators_charts.CHART,
dashboard.charts.PAGES: charts and tables), and every page of the council pack (pack/permalinks.pack_pages(), all
its items, as CSV and XLSX). A new chart in a registry is covered without editing this test; a new export
page, pack page or Flask route fails `test_every_download_route_is_enumerated` until a selection for it
is added below.

Which cells are counts of people is decided from the warehouse's own indicator table (counts_people, the
names of those indicators) and CBS statistics (is_count), not from the code under test: a numeric cell is a
count of people when its column header, its row label or (for the realised values of a trend) the chart's
title names such an indicator. Those cells must be at least k and a multiple of WIJKWAARDE_PRIVACY_ROUND
(CBS counts: at least k only; CBS published them after its own disclosure control).
"""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import duckdb
import pytest

from dashboard import charts as chart_pages
from dashboard import protection as prot
from dashboard.app import create_app
from dashboard.pack import build as pack_build
from dashboard.pack import permalinks
from dashboard.repository import DuckDBRepository
from dashboard.views import indicators_charts
from tests.dashboard.chart_checks import csv_table, xlsx_table

K, BASE = 10, 5
G = "GM9999"
NOT_COUNTS = ("€", "per 1.000", "per 1,000", "Doel", "Target")  # money, rates and targets (plans, not people)


def warehouse(home: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str((home / "wijkwaarde.duckdb").resolve()), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def demo(demo_home):
    repo = DuckDBRepository(demo_home, prot.Protection(k=K, round_to=BASE))
    app = create_app(repo)
    people = {n for row in warehouse(demo_home, "SELECT name_nl, name_en FROM indicator WHERE counts_people")
              for n in row}  # fmt: skip
    cbs = {
        n for row in warehouse(demo_home, "SELECT name_nl, name_en FROM stat_def WHERE is_count") for n in row
    }
    # initiatives with counts of people, the smallest first (a count below k among them)
    small_first = [r[0] for r in warehouse(
        demo_home,
        "SELECT o.initiative_code FROM observation o JOIN indicator i ON i.code = o.indicator_code"
        " WHERE i.counts_people GROUP BY ALL ORDER BY min(o.value), o.initiative_code LIMIT 4",
    )]  # fmt: skip
    buurt = warehouse(demo_home, "SELECT min(code) FROM area WHERE level = 'buurt'")[0][0]
    codes = dict(warehouse(demo_home, "SELECT code, name_nl FROM indicator WHERE counts_people"))
    return {
        "people_codes": codes,
        "repo": repo,
        "app": app,
        "people": people,
        "cbs": cbs,
        "initiatives": small_first,
        "buurt": buurt,
    }


# -- what is a count of people -----------------------------------------------------------------------------


def _names(text: str, names: set[str]) -> bool:
    """Whether `text` names one of `names` as a whole phrase ('Vrijwilligers', not 'Vrijwilligersuren')."""
    return any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", str(text), re.IGNORECASE) for n in names)


def _is(text: str, names: set[str]) -> bool:
    """Whether a row label is one of `names` (a row 'Vrijwilligers' of the key figures)."""
    return str(text).strip() in names


def offending_cells(title: str, header: list[str], rows: list[list], people: set[str], cbs: set[str]) -> list:
    """(row label, column, value, why) of every people count that is below k or not rounded."""
    bad = []
    trend_of_people = _names(title, people)
    initiatives = next((i for i, c in enumerate(header) if str(c) in ("Initiatieven", "Initiatives")), None)
    for row in rows:
        label = row[0] if row else ""
        row_people, row_cbs = _is(label, people), _is(label, cbs)
        # a buurt no initiative serves has 0 participants: a public fact (issue 13.5), not a small count
        unserved = initiatives is not None and initiatives < len(row) and row[initiatives] == 0
        for column, value in zip(header, row, strict=False):
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value != value:
                continue
            if any(word in str(column) for word in NOT_COUNTS) or re.fullmatch(r"Jaar|Year", str(column)):
                continue
            is_people = (
                _names(column, people)
                or row_people
                or (trend_of_people and re.match(r"(Gerealiseerd|Achieved)\b", str(column)) is not None)
                or _names(column, {"Deelnemers", "Participants"})
            )
            is_cbs = _names(column, cbs) or row_cbs
            if is_people and unserved and value == 0:
                continue
            if is_people and (value < K or value % BASE):
                bad.append((label, column, value, "people count below k or not rounded"))
            elif is_cbs and value < K:
                bad.append((label, column, value, "CBS count below k"))
    return bad


# -- the downloads, from the code's registries ---------------------------------------------------------------


def selections(d) -> dict[str, list[list]]:
    """Per export page: the states (in the order of the page's States) of a few public selections."""
    return {
        "overview": [
            [G, None, None, [], [], [], 2024, 2024, "deelnemers", "vrijwilligers", "nl"],
            [G, "WK999902", None, [], [], [], 2025, 2025, "deelnemers", "naar_werk", "nl"],
        ],
        "value": [[{"gemeente": G}, 2023, 2025, [], None]],
        "initiative": [[{"code": code, "lang": "nl"}] for code in d["initiatives"][:2]],
        "indicators": [[None, "nl", {}]],
        "profile": [[d["buurt"], "inwoners", "nl"], ["WK999901", None, "nl"]],
        "need": [[G, [], [], None, "nl", ""]],
        "portfolio": [[G, [], None, None, "vrijwilligers", "nl"]],
        "survival": [[G, None, None, None, "nl"]],
    }  # fmt: skip


def chart_names(d, page: str, values: list) -> tuple[str, ...]:
    """The charts and tables the page can export, from the page's own registry."""
    if page == "indicators":
        return (indicators_charts.CHART,)
    found = chart_pages.PAGES[page]
    if found.names is not None:  # the initiative page: its charts depend on the initiative's data
        ctx = found.context(d["repo"], found.state({"code": values[0]["code"]}))
        return (*found.names(ctx), *found.tables)
    return (*found.charts, *found.tables)


PACK_QUERIES = {
    "/": ["gemeente=GM9999&van=2024&tot=2024&indicator=vrijwilligers", "gemeente=GM9999&wijk=WK999902"],
    "/waarde": ["gemeente=GM9999&van=2023&tot=2025"],
    "/initiatief": ["code={initiative}"],
    "/profiel": ["gemeente=GM9999&buurt={buurt}"],
    "/behoefte": ["gemeente=GM9999"],
    "/portefeuille": ["gemeente=GM9999&uitkomst=vrijwilligers"],
    "/overleving": ["gemeente=GM9999"],
}
NO_COUNTS_ROUTES = {  # Flask routes besides Dash's own: what they serve carries no count of people
    "/kaart/geometrie/<version>/<area>.geojson": "area outlines: codes, names and geometry",
    "/sjablonen/<path:filename>": "empty templates for data entry",
    # uploads (dashboard/intake/routes.py): logged-in beheerder or fund, CSRF, the uploader's own files only
    "/gegevens/upload/versturen": "takes files in; answers with a redirect or a refusal",
    "/gegevens/upload/publiceren": "publishes the uploader's checked upload; a redirect",
    "/gegevens/terugzetten": "a beheerder publishes a kept version again; a redirect",
    "/gegevens/upload/<job>/gemarkeerd/<int:index>": "the uploader's own file back, faults marked (tests/intake)",
    **{
        alias: "a redirect to a page (dashboard/pages/not_found.py)"
        for alias in ("/kaart", "/overzicht", "/data", "/raadspakket", "/presentatiemodus")
    },
}


def test_every_download_route_is_enumerated(demo):
    callbacks = demo["app"].wijkwaarde_callbacks
    pages = {name.removesuffix("_export") for name in callbacks if name.endswith("_export")}
    assert pages == set(selections(demo)), "a new export page: add its selections to this test"
    assert set(permalinks.pack_pages()) == set(PACK_QUERIES), "a new pack page: add a permalink to this test"
    dash_prefixes = ("/_dash", "/_reload", "/_favicon", "/static/", "/assets/")
    routes = {r.rule for r in demo["app"].server.url_map.iter_rules()}
    own = {r for r in routes if not r.startswith(dash_prefixes) and r not in ("/", "/<path:path>")}
    assert own == set(NO_COUNTS_ROUTES), "a new Flask route: check what it serves and list it here"


def _download(callback, *args) -> bytes | None:
    from dash.exceptions import PreventUpdate

    try:
        result = getattr(callback, "__wrapped__", callback)(*args)
    except PreventUpdate:
        return None
    return base64.b64decode(result["content"])


def check_export(d, what: str, data: bytes, fmt: str, header_hint: list[str] | None = None) -> list:
    head, table = csv_table(data) if fmt == "csv" else (None, None)
    if fmt == "csv":
        title = head[0].removeprefix("# Titel: ")
        header, rows = table[0], table[1:]
    else:
        meta, rows = xlsx_table(data, header_hint)
        title, header = str(meta[0][1]), header_hint
    assert "interne modus" not in " ".join(head or []), what
    return [(what, *cell) for cell in offending_cells(title, header, rows, d["people"], d["cbs"])]


def test_no_download_shows_a_small_or_unrounded_count_of_people(demo):
    callbacks = demo["app"].wijkwaarde_callbacks
    bad, checked, people_cells = [], 0, 0
    for page, states in selections(demo).items():
        export = callbacks[f"{page}_export"]
        for values in states:
            for chart in chart_names(demo, page, values):
                csv_bytes = _download(export, chart, "csv", *values)
                if csv_bytes is None:
                    continue
                header = csv_table(csv_bytes)[1][0]
                what = f"{page}/{chart} {values}"
                bad += check_export(demo, what + " csv", csv_bytes, "csv")
                bad += check_export(
                    demo, what + " xlsx", _download(export, chart, "xlsx", *values), "xlsx", header
                )
                checked += 1
                people_cells += _people_cells(demo, csv_bytes)
    assert not bad, bad[:10]
    assert checked >= 40 and people_cells >= 50, (checked, people_cells)  # the check saw real counts


def _people_cells(d, csv_bytes: bytes) -> int:
    """How many cells the classifier took for counts of people (so the test is known to look at some)."""
    head, table = csv_table(csv_bytes)
    title = head[0]
    n = 0
    for row in table[1:]:
        for column, value in zip(table[0], row, strict=False):
            if isinstance(value, float) and (
                _names(column, d["people"]) or _names(row[0], d["people"]) or _names(title, d["people"])
            ):
                n += 1
    return n


def test_no_pack_item_shows_a_small_or_unrounded_count_of_people(demo):
    bad, items = [], 0
    for path, queries in PACK_QUERIES.items():
        for template in queries:
            for initiative in demo["initiatives"] if "{initiative}" in template else [None]:
                query = template.format(initiative=initiative, buurt=demo["buurt"])
                url = f"{path}?{query}"
                for csv_bytes, xlsx_bytes in zip(
                    pack_build.build(demo["repo"], [url], "csv"),
                    pack_build.build(demo["repo"], [url], "xlsx"),
                    strict=True,
                ):
                    header = csv_table(csv_bytes)[1][0]
                    bad += check_export(demo, f"pack {url} csv", csv_bytes, "csv")
                    bad += check_export(demo, f"pack {url} xlsx", xlsx_bytes, "xlsx", header)
                    items += 1
    assert not bad, bad[:10]
    assert items >= 20, items


def test_the_classifier_catches_what_the_old_risk_export_wrote(demo):
    # Before the fix the risk table exported exact volunteer changes per initiative (-22,22 % = 18 -> 14).
    header = ["Initiatief", "Financier", "Aandeel van financier", "Vrijwilligers, verandering"]
    rows = [["Marktplein West", "Gemeente", 1.0, -22.22222], ["Buurtkamer", "Gemeente", 1.0, "daalt"]]
    assert [
        b[:3] for b in offending_cells("Initiatieven met risico", header, rows, demo["people"], demo["cbs"])
    ] == [("Marktplein West", "Vrijwilligers, verandering", -22.22222)]
    kpis = [["Vrijwilligers", 1135.0, 7.0], ["Actieve initiatieven", 117.0, 3.0]]
    assert (
        len(offending_cells("Kerncijfers", ["Kengetal", "2024", "2023"], kpis, demo["people"], demo["cbs"]))
        == 1
    )


def test_no_native_pack_chart_shows_a_small_or_unrounded_count_of_people(demo):
    """The PowerPoint pack: native charts keep their series as numbers (editable in PowerPoint), so they
    are read back; pictures (maps, scatter charts) are drawn from the same items as the CSV checked above."""
    from pptx import Presentation

    urls = [f"{path}?{queries[0]}".format(initiative=demo["initiatives"][0], buurt=demo["buurt"])
            for path, queries in PACK_QUERIES.items()]  # fmt: skip
    (pptx,) = pack_build.build(demo["repo"], urls, "pptx")
    bad, series, people_series = [], 0, 0
    for slide in Presentation(io.BytesIO(pptx)).slides:
        title = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        links = [r.hyperlink.address for s in slide.shapes if s.has_text_frame
                 for p in s.text_frame.paragraphs for r in p.runs if r.hyperlink.address]  # fmt: skip
        for link in links[:1]:  # the overview's trend slide names no indicator: its permalink does
            parts = urlsplit(link)
            if parts.path == "/":
                code = dict(parse_qsl(parts.query)).get("indicator", "deelnemers")
                title += " " + demo["people_codes"].get(code, "")
        for chart in (s.chart for s in slide.shapes if s.has_chart):
            plot = chart.plots[0]
            names = [s.name for s in plot.series]
            rows = [[c, *[s.values[i] for s in plot.series]] for i, c in enumerate(plot.categories)]
            bad += offending_cells(title, ["", *names], rows, demo["people"], demo["cbs"])
            series += len(names)
            people_series += _names(title, demo["people"])
    assert not bad, bad[:10]
    assert series >= 5 and people_series >= 1, (series, people_series)


def _all_hidden_selection(d) -> dict:
    """A public overview selection (theme, status, year) whose every map cell with data is hidden."""
    from dashboard.filters import Filters

    repo = d["repo"]
    for theme in repo.vocabulary("theme")["code"]:
        for status in repo.vocabulary("status")["code"]:
            for year in (2024, 2025):
                q = {"gemeente": G, "thema": theme, "status": status, "van": year, "tot": year}
                cells = repo.map_values(Filters.from_query(q | {"kaart": "deelnemers"}))
                if len(cells) and cells["value"].isna().all() and cells["suppressed"].all():
                    return q
    raise AssertionError("Demostad has no selection with every map cell hidden")


def test_a_selection_with_every_cell_hidden_renders_and_downloads(demo):
    """Found by a probe: a map whose every cell was hidden answered 500 (its summary took the highest of no
    values), and so did its download and a presentation holding it."""
    q = _all_hidden_selection(demo)
    callbacks = demo["app"].wijkwaarde_callbacks
    controls = {"gemeente": G, "wijk": None, "buurt": None, "themes": [q["thema"]], "statuses": [q["status"]],
                "funders": [], "year_from": q["van"], "year_to": q["tot"]}  # fmt: skip
    map_answer = getattr(callbacks["map"], "__wrapped__", callbacks["map"])(
        controls, "deelnemers", None, "nl"
    )
    summary = json.dumps(map_answer, default=str)
    assert "verborgen om privacyredenen" in summary and "Hoogste" not in summary
    export = callbacks["overview_export"]
    state = [
        G,
        None,
        None,
        [q["thema"]],
        [q["status"]],
        [],
        q["van"],
        q["tot"],
        "deelnemers",
        "deelnemers",
        "nl",
    ]
    for chart in chart_names(demo, "overview", state):
        assert _download(export, chart, "csv", *state) is not None, chart
    url = f"/?gemeente={G}&thema={q['thema']}&status={q['status']}&van={q['van']}&tot={q['tot']}&kaart=deelnemers&grafiek=kaart,trend"
    assert len(pack_build.build(demo["repo"], [url], "csv")) == 2  # the map and the trend, as tables
    assert len(pack_build.build(demo["repo"], [url], "pptx")) == 1
