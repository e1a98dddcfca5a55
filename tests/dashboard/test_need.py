"""Need vs coverage: the need index, coverage rates, tertile classes and quadrants against plain computations."""

from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from dashboard.app import create_app
from dashboard.charts import need as need_charts
from dashboard.protection import Protection
from dashboard.repository import DuckDBRepository
from dashboard.views import need as nv
from tests.dashboard.chart_checks import charts_of, tables_of
from tests.dashboard.test_app import render_page


def sql(home: Path, query: str, params: list | None = None) -> pd.DataFrame:
    con = duckdb.connect(str((home / "wijkwaarde.duckdb").resolve()), read_only=True)
    try:
        return con.execute(query, params or []).df()
    finally:
        con.close()


def independent_need(home: Path, year: int, higher: list[str], lower: list[str]) -> pd.Series:
    """Mean of signed z-scores over the gemeente's buurten, from SQL, with the at-least-half rule."""
    stats = higher + lower
    z = sql(
        home,
        """WITH latest AS (
            SELECT area_code, stat_code, value FROM v_area_stat
            WHERE level = 'buurt' AND gemeente_code = 'GM9999' AND year <= ? AND list_contains(?, stat_code)
            QUALIFY row_number() OVER (PARTITION BY area_code, stat_code ORDER BY year DESC) = 1)
        SELECT area_code, stat_code, (value - avg(value) OVER w) / stddev_pop(value) OVER w AS z
        FROM latest WHERE value IS NOT NULL WINDOW w AS (PARTITION BY stat_code)""",
        [year, stats],
    )
    z["signed"] = np.where(z["stat_code"].isin(higher), z["z"], -z["z"])
    grouped = z.groupby("area_code")["signed"]
    need = grouped.mean()
    return need[grouped.count() >= math.ceil(len(stats) / 2)]


@pytest.fixture(scope="module")
def demo_frame(demo_home):
    repo = DuckDBRepository(demo_home, protection=Protection(mode="internal"))
    out = need_charts.render(repo, nv.NeedState.from_query({}))
    return out, repo


def test_defaults_are_documented_and_validated():
    state = nv.NeedState.from_query({})
    assert state.higher == ("aandeel_65plus",)
    assert state.lower == ("inkomen_per_inwoner", "aandeel_goede_gezondheid")
    forged = nv.NeedState.from_query(
        {"hoog": "aandeel_65plus,inwoners,x'); DROP TABLE area; --", "laag": ["aandeel_65plus", "woz_waarde"],
         "dekking": "<script>", "gemeente": "GM9999' OR 1=1"}
    )  # fmt: skip
    # counts (inwoners) and unknown names are dropped; a statistic in both lists counts once, as 'higher'
    assert forged.higher == ("aandeel_65plus",) and forged.lower == ("woz_waarde",)
    assert forged.coverage == "initiatieven" and forged.filters.gemeente is None
    assert nv.NeedState.from_query({"hoog": "", "laag": ""}).higher == ()
    again = nv.NeedState.from_query(dict(p.split("=") for p in state.to_search().lstrip("?").split("&")))
    assert (again.higher, again.lower) == (state.higher, state.lower)
    docs = Path(__file__).resolve().parents[2] / "docs" / "need-coverage.md"
    text = docs.read_text(encoding="utf-8")
    assert "aandeel_65plus" in text and "inkomen_per_inwoner" in text and "aandeel_goede_gezondheid" in text


def test_need_index_equals_signed_mean_of_sql_z_scores(demo_frame, demo_home):
    out, _ = demo_frame
    df = out["frame"]
    year = int(out["search"].split("tot=")[1].split("&")[0])
    expected = independent_need(
        demo_home, year, ["aandeel_65plus"], ["inkomen_per_inwoner", "aandeel_goede_gezondheid"]
    )
    assert len(expected) >= 35
    got = df["need"].dropna()
    assert sorted(got.index) == sorted(expected.index)
    assert got.sort_index().to_numpy() == pytest.approx(expected.sort_index().to_numpy())


def test_coverage_is_initiatives_per_1000_residents(demo_frame, demo_home):
    out, _ = demo_frame
    df = out["frame"]
    year = int(out["search"].split("tot=")[1].split("&")[0])
    counts = sql(
        demo_home,
        """SELECT ib.buurt_code, count(DISTINCT i.code) AS n
        FROM v_initiative i JOIN v_initiative_buurt ib ON ib.initiative_code = i.code
        WHERE year(i.start_date) <= ? AND (i.end_date IS NULL OR year(i.end_date) >= ?)
        GROUP BY 1""",
        [year, year],
    ).set_index("buurt_code")["n"]
    residents = sql(
        demo_home,
        """SELECT area_code, value FROM v_area_stat WHERE stat_code = 'inwoners' AND level = 'buurt'
        AND year <= ? QUALIFY row_number() OVER (PARTITION BY area_code ORDER BY year DESC) = 1""",
        [year],
    ).set_index("area_code")["value"]
    for code, row in df.iterrows():
        expected = counts.get(code, 0) / residents[code] * 1000 if residents.get(code) else None
        if expected is None or pd.isna(expected):
            assert pd.isna(row["coverage"])
        else:
            assert row["coverage"] == pytest.approx(expected)
    assert df["coverage"].gt(0).sum() > 10


def test_classes_and_quadrants_follow_tertiles_and_medians(demo_frame):
    df = demo_frame[0]["frame"]
    usable = df[df["need"].notna() & df["coverage"].notna()]
    n1, n2 = np.quantile(usable["need"], [1 / 3, 2 / 3])
    c1, c2 = np.quantile(usable["coverage"], [1 / 3, 2 / 3])
    n_med, c_med = np.median(usable["need"]), np.median(usable["coverage"])
    for code, r in usable.iterrows():
        need_class = int(r["need"] > n1) + int(r["need"] > n2)
        cov_class = int(r["coverage"] > c1) + int(r["coverage"] > c2)
        assert r["bivariate"] == need_class * 3 + cov_class, code
        label = (
            ("hoog" if r["need"] > n_med else "laag") + "-" + ("hoog" if r["coverage"] > c_med else "laag")
        )
        assert r["quadrant"] == label, code
    gaps = nv.gap_rows(df)
    assert list(gaps.index) == list(
        usable[(usable["need"] > n_med) & (usable["coverage"] <= c_med)]
        .sort_values("need", ascending=False)
        .index
    )
    assert len(gaps) > 0


def test_map_and_charts_carry_every_buurt_and_the_classes(demo_frame):
    out, repo = demo_frame
    df = out["frame"]
    fig = out["map"]
    assert len(fig.data[0].locations) == len(df) == 40
    assert fig.layout.map.style == "white-bg"
    z = dict(zip(fig.data[1].locations, fig.data[1].z, strict=True))
    for code, r in df.iterrows():
        assert (z[code] is None) == pd.isna(r["bivariate"])
        if z[code] is not None:
            assert z[code] == int(r["bivariate"])
    scatter = out["scatter"]
    assert len(scatter.data[0].x) == int(df["bivariate"].notna().sum())
    assert scatter.layout.xaxis.title.text.startswith("Behoefte-index")
    legend = json.dumps(out["legend"].to_plotly_json(), default=lambda o: o.to_plotly_json())
    for count in df["bivariate"].value_counts():
        assert f'"children": "{count}"' in legend


def test_tiny_fixture_by_hand(warehouse_home):
    """4 buurten; 2024: residents 1.000, 2.000, 1.500 and secret; 65+ share 10, 11, 12 and none."""
    repo = DuckDBRepository(warehouse_home, protection=Protection(mode="internal"))
    state = nv.NeedState.from_query({"hoog": "aandeel_65plus", "laag": "", "tot": "2024"})
    df = need_charts.render(repo, state)["frame"]
    sd = math.sqrt(2 / 3)  # population sd of 10, 11, 12
    assert df.at["BU99990101", "need"] == pytest.approx(-1 / sd)
    assert df.at["BU99990102", "need"] == pytest.approx(0)
    assert df.at["BU99990201", "need"] == pytest.approx(1 / sd)
    assert pd.isna(df.at["BU99990202", "need"])
    # alive in 2024: Buurtkeuken serves 0101 and 0102, Zonnedak Oost serves 0202 and 0201
    assert df.at["BU99990101", "coverage"] == pytest.approx(1.0)
    assert df.at["BU99990102", "coverage"] == pytest.approx(0.5)
    assert df.at["BU99990201", "coverage"] == pytest.approx(1 / 1.5)
    assert pd.isna(df.at["BU99990202", "coverage"])  # residents secret: no rate, never a 0
    # medians: need 0, coverage 2/3 (of 1, 1/2, 2/3); 'hoog' only strictly above the median
    assert df.at["BU99990101", "quadrant"] == "laag-hoog"
    assert df.at["BU99990102", "quadrant"] == "laag-laag"
    assert df.at["BU99990201", "quadrant"] == "hoog-laag"
    assert list(nv.gap_rows(df).index) == ["BU99990201"]
    # tertiles of three values: one per class
    assert df.loc[["BU99990101", "BU99990102", "BU99990201"], "bivariate"].tolist() == [2, 3, 7]
    participants = need_charts.render(repo, nv.NeedState.from_query({"hoog": "aandeel_65plus", "dekking": "deelnemers",
                                                            "tot": "2024"}))["frame"]  # fmt: skip
    # 2024 'deelnemers' (sum): Buurtkeuken 15+25+35+45 = 120 in 0101; Taalcafé ended 2023
    assert participants.at["BU99990101", "coverage"] == pytest.approx(120)
    assert participants.at["BU99990201", "coverage"] == pytest.approx(0)


def test_public_mode_hides_small_participant_counts(warehouse_home):
    repo = DuckDBRepository(warehouse_home, protection=Protection(k=10, mode="public"))
    out = need_charts.render(repo, nv.NeedState.from_query({"dekking": "deelnemers", "tot": "2024"}))
    df = out["frame"]
    # 0 in 0201 is below k, and the lone hidden cell of wijk Oost takes 0202 (secret residents) along
    assert df["participants"].isna().any()
    assert df.loc[df["suppressed"], "coverage"].isna().all()
    assert "afgeschermd" in out["summary"] or "onder 10" in out["summary"]


def test_page_shows_the_formula_and_defaults(warehouse_home):
    client = create_app(DuckDBRepository(warehouse_home)).server.test_client()
    layout = render_page(client, "/behoefte", "?gemeente=GM9999&laag=aandeel_goede_gezondheid")
    assert "Hoger = meer behoefte" in layout and "Lager = meer behoefte" in layout
    assert "Standaard: aandeel 65 jaar en ouder" in layout
    assert '"value": ["aandeel_goede_gezondheid"]' in layout
    profile = render_page(client, "/profiel", "?gemeente=GM9999&buurt=BU99990102")
    assert '"value": "BU99990102"' in profile and "Buurtprofiel" in profile


def test_callbacks_are_thin_wiring_over_the_views(warehouse_home):
    app = create_app(DuckDBRepository(warehouse_home, protection=Protection(mode="internal")))
    cb = {name: getattr(fn, "__wrapped__", fn) for name, fn in app.wijkwaarde_callbacks.items()}

    def controls(gemeente, higher, lower, coverage) -> dict:
        return {"gemeente": gemeente, "hoog": higher, "laag": lower, "dekking": coverage}

    out = cb["need_render"](
        controls("GM9999", ["aandeel_65plus"], [], "initiatieven"), "nl", "?gemeente=GM9999&tot=2024", None
    )
    fig_map, _map_text, _legend, scatter, _scatter_text, _table, summary, _note, _formula, search, key, *_ = (
        out
    )
    assert len(fig_map.data[0].locations) == 4 and len(scatter.data[0].x) == 3
    assert search == "?gemeente=GM9999&tot=2024&hoog=aandeel_65plus&laag="
    assert summary.startswith("3 van 4 buurten")
    # forged control values: dropped, the page still renders (defaults where nothing valid is left)
    forged = cb["need_render"](
        controls("GM9999'--", ["x'); DROP"], {"a": 1}, "<b>"), "en", "javascript:alert(1)", {"k": 1}
    )
    assert forged[9].startswith("?gemeente=GM9999") and "lang=en" in forged[9]  # the URL query
    # the same geometry in the browser (its key): the map comes back as a Patch without geometry
    patched = cb["need_render"](controls("GM9999", ["aandeel_65plus"], [], "deelnemers"), "nl", search, key)
    assert "geojson" not in json.dumps(patched[0].to_plotly_json()) and patched[10] == key
    hrefs = cb["links_for"]("need", "//evil.example", "nl")
    assert all(h.startswith("/") and not h.startswith("//") for h in hrefs)
    profile = cb["profile_render"]({"area": "BU99990102", "cijfer": "inwoners"}, "nl")
    assert profile[7] == "?gemeente=GM9999&buurt=BU99990102&cijfer=inwoners"
    assert cb["profile_areas"]("GM9999", "nl")[1] == "BU99990101"


def test_recolouring_sends_a_patch_not_the_geometry(warehouse_home):
    repo = DuckDBRepository(warehouse_home, protection=Protection(mode="internal"))
    first = need_charts.render(repo, nv.NeedState.from_query({"tot": "2024"}))
    assert first["map_key"] and first["map"].data[0].geojson["features"]
    again = need_charts.render(
        repo, nv.NeedState.from_query({"tot": "2024", "dekking": "deelnemers"}), first["map_key"]
    )
    patch = again["map"].to_plotly_json()
    assert "geojson" not in json.dumps(patch)
    assert again["map_key"] == first["map_key"]
    english = need_charts.render(
        repo, nv.NeedState.from_query({"tot": "2024", "lang": "en"}), first["map_key"]
    )
    assert english["map_key"] != first["map_key"] and english["map"].data  # new language: a full figure


def test_pages_without_a_database_say_so(empty_home):
    client = create_app(DuckDBRepository(empty_home)).server.test_client()
    for path in ("/profiel", "/behoefte"):
        assert "Nog geen gegevens geladen" in render_page(client, path, "?gemeente=GM9999")


# -- exports, data-table alternative and council pack (issue 5) ---------------------------------------


def test_need_exports_tables_and_slides_equal_the_map_and_the_quadrant_chart(demo_repo, demo_home):
    from dashboard import formatting as fmt
    from dashboard.components.chart_tools import data_table
    from dashboard.pack.items import native_chart
    from dashboard.pack.permalinks import items_for_url
    from tests.dashboard.chart_checks import both_exports, meta_ok, table_cells

    query = {"gemeente": "GM9999", "hoog": "aandeel_65plus", "laag": "inkomen_per_inwoner"}
    out = need_charts.render(demo_repo, nv.NeedState.from_query(query))
    charts = charts_of("need", demo_repo, query)
    year = int(sql(demo_home, "SELECT max(year) FROM v_area_stat WHERE level = 'buurt'").iloc[0, 0])
    need = independent_need(demo_home, year, ["aandeel_65plus"], ["inkomen_per_inwoner"])

    # The map: one row per buurt of the map, need index as in SQL, the class the map colours it by.
    head, table, _, rows = both_exports(charts["kaart"].data)
    meta_ok(head, "Behoefte en dekking per buurt")
    classes = out["map"].data[1]
    assert [r[0] for r in table[1:]] == list(classes.locations) == [r[0] for r in rows]
    for r, z in zip(table[1:], classes.z, strict=True):
        assert (r[4] is None) == (z is None)
        if z is not None:
            assert r[2] == pytest.approx(need[r[0]])
            assert r[4] == need_charts.class_text(z, "nl")

    # The quadrant chart: the export and the data table carry exactly the dots of the figure.
    dots = out["scatter"].data[0]
    head, table, _, rows = both_exports(charts["kwadrant"].data)
    assert table[0] == [
        "Buurt",
        out["scatter"].layout.xaxis.title.text,
        out["scatter"].layout.yaxis.title.text,
    ]
    for got in (table[1:], rows):
        assert [r[0] for r in got] == [cd[0] for cd in dots.customdata]
        assert [r[1] for r in got] == pytest.approx(list(dots.x))
        assert [r[2] for r in got] == pytest.approx(list(dots.y))
    cells = table_cells(data_table(charts["kwadrant"].data, "nl"))
    assert [c[1:] for c in cells] == [[cd[1], cd[2]] for cd in dots.customdata]  # as in the hover text
    names = dict(zip(classes.locations, [cd[0] for cd in classes.customdata], strict=True))
    by_name = {names[code]: fmt.number(v, 2) for code, v in need.items() if code in names}
    assert [c[1] for c in cells] == [by_name[c[0]] for c in cells]  # the SQL need index, in Dutch notation

    # The slides: the map and the scatter plot are images (not line charts), with the page's figures.
    url = "/behoefte?gemeente=GM9999&hoog=aandeel_65plus&laag=inkomen_per_inwoner"
    items = items_for_url(demo_repo, url)
    assert [i.title for i in items] == ["Behoefte en dekking per buurt", "Behoefte tegen dekking"]
    assert all(native_chart(i.figure) is None for i in items)
    assert list(items[1].figure.data[0].x) == list(dots.x)
    assert list(items[0].figure.data[1].z) == list(classes.z)
    (only,) = items_for_url(demo_repo, url + "&grafiek=kwadrant")
    assert only.title == "Behoefte tegen dekking" and only.fictional


def test_need_export_callback_uses_the_controls(warehouse_home):
    from tests.dashboard.chart_checks import csv_table, download_bytes

    app = create_app(DuckDBRepository(warehouse_home, protection=Protection(mode="internal")))
    values = ("GM9999", ["aandeel_65plus"], [], "initiatieven", "nl", "?tot=2024")
    result = app.wijkwaarde_callbacks["need_export"]("kwadrant", "csv", *values)
    _, table = csv_table(download_bytes(result))
    repo = DuckDBRepository(warehouse_home, protection=Protection(mode="internal"))
    state = nv.NeedState.from_query({"hoog": "aandeel_65plus", "laag": "", "tot": "2024"})
    figure = need_charts.render(repo, state)["scatter"]
    assert [r[1] for r in table[1:]] == pytest.approx(list(figure.data[0].x))
    controls = dict(zip(("gemeente", "hoog", "laag", "dekking"), values[:4], strict=True))
    outputs = app.wijkwaarde_callbacks["need_render"](controls, *values[4:], None)  # the page's one callback
    tables = outputs[-2:]  # the data tables under the map and the quadrant chart
    assert all(t.children[0].children == "Tabel bij deze grafiek" for t in tables)


def test_gap_table_downloads_the_high_need_low_coverage_buurten(demo_repo, demo_home):
    from tests.dashboard.chart_checks import both_exports, meta_ok

    query = {"gemeente": "GM9999", "hoog": "aandeel_65plus", "laag": "inkomen_per_inwoner"}
    df = need_charts.render(demo_repo, nv.NeedState.from_query(query))["frame"]
    year = int(sql(demo_home, "SELECT max(year) FROM v_area_stat WHERE level = 'buurt'").iloc[0, 0])
    need = independent_need(demo_home, year, ["aandeel_65plus"], ["inkomen_per_inwoner"])
    both = df[df["need"].notna() & df["coverage"].notna()]
    gaps = both[(both["need"] > both["need"].median()) & (both["coverage"] <= both["coverage"].median())]
    head, table, _, rows = both_exports(tables_of("need", demo_repo, query)["tekorten"])
    meta_ok(head, "Buurten met hoge behoefte en lage dekking")
    for got in (table[1:], rows):
        assert sorted(r[0] for r in got) == sorted(gaps.index)
        assert [r[3] for r in got] == pytest.approx([need[r[0]] for r in got])
        # protected participants: '< 10' below k, 'afgeschermd' when hidden to protect another cell
        assert all(r[7] in ("< 10", "afgeschermd") or isinstance(r[7], (int, float)) for r in got)


def test_a_buurt_no_initiative_serves_reads_zero_participants_not_protected(demo_repo, demo_home):
    """0 initiatives, so 0 participants: a fact, shown as 0; '< 10' is for small counts of served buurten."""
    cover = demo_repo.need_coverage("GM9999", (2024, 2024))
    unserved = cover[cover["initiatives"] == 0]
    assert not unserved.empty  # the demo has buurten without initiatives in 2024
    assert (unserved["participants"] == 0).all() and not unserved["suppressed"].any()
    served = cover[cover["initiatives"] > 0]
    assert len(cover) == len(unserved) + len(served) == len(demo_repo.buurten("GM9999"))
    # the protection of the others is unchanged: what is shown is at least k and rounded
    shown = served.loc[~served["suppressed"], "participants"]
    assert (shown >= 10).all() and (shown % 5 == 0).all()


def test_kpi_with_no_matching_initiative_reads_zero(demo_repo):
    from dashboard.filters import Filters
    from dashboard.views import overview
    from etl import taxonomy as tx

    combos = (
        Filters(gemeente="GM9999", statuses=(status,), themes=(theme,), year_from=2018, year_to=2018)
        for status in tx.STATUSES
        for theme in tx.THEMES
    )
    f = next(
        f for f in combos if overview.kpi_values(demo_repo, overview.resolve(demo_repo, f))["active"][0] == 0
    )
    cards = overview.render_kpis(demo_repo, f)
    active = next(c for c in cards if c.children.id == "kpi-active").children.children.children
    assert active[1].children == "0"


def test_quadrant_labels_sit_in_the_margins_not_over_the_axes_or_the_dots(demo_home):
    repo = DuckDBRepository(demo_home)
    fig = need_charts.render(repo, nv.NeedState.from_query({"gemeente": "GM9999"}), None)["scatter"]
    names = [a for a in fig.layout.annotations if a.xref == "paper" and a.yref == "paper"]
    assert len(names) == 4
    margin = fig.layout.margin
    for a in names:
        if a.y == 1:  # above the plot area, in the top margin
            assert a.yanchor == "bottom" and (a.yshift or 0) >= 0 and margin.t >= 20
        else:  # below the x-axis tick labels and title (about 45 px), inside the bottom margin
            assert a.y == 0 and a.yanchor == "top" and a.yshift <= -45 and margin.b >= -a.yshift + 16
    texts = " ".join(a.text for a in names)
    assert all(q in texts for q in ("lage behoefte, hoge dekking", "hoge behoefte, lage dekking"))
