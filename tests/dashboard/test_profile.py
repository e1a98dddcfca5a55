"""The neighbourhood profile: z-scores, 'buurten zoals deze', boundary-change warnings, the figures shown."""

from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.charts import profile as profile_charts
from dashboard.protection import Protection
from dashboard.repository import DuckDBRepository
from dashboard.views import profile as pv
from etl import warehouse as wh
from tests.conftest import build_warehouse
from tests.dashboard.chart_checks import charts_of, tables_of
from tests.published import rounded


def sql(home: Path, query: str, params: list | None = None) -> pd.DataFrame:
    con = duckdb.connect(str((home / "wijkwaarde.duckdb").resolve()), read_only=True)
    try:
        return con.execute(query, params or []).df()
    finally:
        con.close()


# Every buurt's statistics of its latest year, standardised per statistic: plain SQL, independent of the code.
Z_SQL = """
    WITH latest AS (
        SELECT area_code, stat_code, value FROM v_area_stat WHERE level = 'buurt'
        QUALIFY row_number() OVER (PARTITION BY area_code, stat_code ORDER BY year DESC) = 1)
    SELECT area_code, stat_code, (value - avg(value) OVER w) / stddev_pop(value) OVER w AS z
    FROM latest WHERE value IS NOT NULL WINDOW w AS (PARTITION BY stat_code)
"""


def test_zscores_equal_an_independent_sql_computation(demo_repo, demo_home):
    wide = pv.wide_matrix(demo_repo.stat_matrix("buurt", None, 2100), pv.SIMILARITY_STATS)
    z = pv.zscores(wide)
    expected = sql(
        demo_home,
        Z_SQL,
    )
    expected = expected[expected["stat_code"].isin(pv.SIMILARITY_STATS)]
    assert len(expected) > 300
    for row in expected.itertuples(index=False):
        assert z.at[row.area_code, row.stat_code] == pytest.approx(row.z, abs=1e-9)


def test_similar_buurten_ranking_equals_a_plain_computation(demo_repo, demo_home):
    target = "BU99990205"
    latest = sql(
        demo_home,
        Z_SQL,
    )
    latest = latest[latest["stat_code"].isin(pv.SIMILARITY_STATS)]
    z = {(r.area_code, r.stat_code): r.z for r in latest.itertuples(index=False)}
    mine = {s: z[(target, s)] for s in pv.SIMILARITY_STATS if (target, s) in z}
    distances = []
    for other in sorted({a for a, _ in z} - {target}):
        diffs = [(mine[s] - z[(other, s)]) ** 2 for s in mine if (other, s) in z]
        if len(diffs) >= math.ceil(len(mine) / 2):
            distances.append((math.sqrt(sum(diffs) / len(diffs)), other))
    expected = sorted(distances)[:5]

    wide = pv.wide_matrix(demo_repo.stat_matrix("buurt", None, 2100), pv.SIMILARITY_STATS)
    got, used = pv.similar_areas(wide, target, 5, pv.SIMILARITY_STATS)
    assert sorted(used) == sorted(mine)
    assert list(got["code"]) == [code for _, code in expected]
    assert list(got["distance"]) == pytest.approx([d for d, _ in expected])


def test_similarity_by_hand():
    # a: (0, 0), b: (1, 0), c: (0, 3), d: (2, 2). Means 0.75 and 1.25, population sd √0.6875 and √1.6875.
    wide = pd.DataFrame({"x": [0.0, 1.0, 0.0, 2.0], "y": [0.0, 0.0, 3.0, 2.0]}, index=list("abcd"))
    got, used = pv.similar_areas(wide, "a", n=3)
    sx, sy = math.sqrt(0.6875), math.sqrt(1.6875)

    def dist(dx: float, dy: float) -> float:
        return math.sqrt(((dx / sx) ** 2 + (dy / sy) ** 2) / 2)

    assert used == ["x", "y"]
    assert list(got["code"]) == ["b", "c", "d"]
    assert list(got["distance"]) == pytest.approx([dist(1, 0), dist(0, 3), dist(2, 2)])
    # a peer missing one of two statistics still shares half of them; the target's gaps shrink the set
    wide.loc["b", "y"] = None
    got, _ = pv.similar_areas(wide, "a", n=3)
    assert got.set_index("code").at["b", "shared"] == 1
    wide.loc["a", "x"] = None
    _, used = pv.similar_areas(wide, "a", n=3)
    assert used == ["y"]


def test_boundary_gaps_only_when_the_area_exists_in_other_years():
    assert pv.boundary_gaps([2022, 2024], [2012, 2016, 2020, 2022, 2024]) == [2012, 2016, 2020]
    assert pv.boundary_gaps([], [2022, 2024]) == []  # never had the statistic: missing data, not a change
    assert pv.boundary_gaps([2023, 2024], [2023, 2024]) == []
    assert pv.year_list([2012, 2016, 2020]) == "2012, 2016 en 2020"


@pytest.fixture
def changed_home(tmp_path: Path) -> Path:
    """The tiny warehouse where buurt Centrum-Noord's code is absent from the 2023 statistics."""
    home = build_warehouse(tmp_path / "warehouse")
    con = duckdb.connect(str((home / "wijkwaarde.duckdb").resolve()))
    con.execute("DELETE FROM area_stat WHERE area_code = 'BU99990101' AND year = 2023")
    con.execute("INSERT INTO area_stat VALUES ('GM9999', 2023, 'inwoners', 4500, 'CBS', 2)")
    con.execute("INSERT INTO area_stat VALUES ('GM9999', 2024, 'inwoners', 4600, 'CBS', 2)")
    wh.build_facts(con)  # as a load ends
    con.close()
    return home


def test_trend_warns_indeling_gewijzigd_naming_the_years(changed_home):
    repo = DuckDBRepository(changed_home)
    out = profile_charts.render(repo, pv.area_filters("BU99990101"), "inwoners")
    fig = go.Figure(out["trend"])  # a figure dict
    assert out["gaps"] == [2023]
    notes = [a.text for a in fig.layout.annotations]
    assert any("Indeling gewijzigd" in n and "2023" in n and "Centrum-Noord" in n for n in notes)
    buurt, gemeente = fig.data[0], fig.data[-1]
    assert list(buurt.x) == [2023, 2024] and list(buurt.y) == [None, 1000.0]  # a gap, not a 0 or a drop
    assert list(gemeente.y) == [4500.0, 4600.0]
    # the neighbour has both years: no warning
    other = profile_charts.render(repo, pv.area_filters("BU99990102"), "inwoners")
    assert other["gaps"] == [] and not go.Figure(other["trend"]).layout.annotations
    # a secret value (row present, NULL) is no boundary change either
    secret = profile_charts.render(repo, pv.area_filters("BU99990202"), "inwoners")
    assert secret["gaps"] == []


def _text(component) -> str:
    return json.dumps(component.to_plotly_json(), default=lambda o: o.to_plotly_json(), ensure_ascii=False)


def test_statistics_table_shows_dutch_values_and_says_there_is_no_country_row(repo):
    out = profile_charts.render(repo, pv.area_filters("BU99990102"), None)
    text = _text(out["head"][2])
    assert '"data-stat": "inwoners"' in text and "2.000" in text and "11,0%" in text
    assert "Geen landelijke cijfers geladen" in text
    assert out["stat"] == "aandeel_65plus" and out["search"].endswith("cijfer=aandeel_65plus")
    secret = _text(profile_charts.render(repo, pv.area_filters("BU99990202"), "inwoners")["head"][2])
    assert '"children": "–"' in secret  # NULL at the source: a dash, never 0


def test_initiatives_and_outcomes_equal_independent_queries(demo_home):
    repo = DuckDBRepository(demo_home, protection=Protection(mode="internal"))
    served = sql(
        demo_home,
        "SELECT buurt_code, count(*) AS n FROM v_initiative_buurt GROUP BY 1 ORDER BY n DESC, buurt_code LIMIT 1",
    )
    buurt = served["buurt_code"].iloc[0]
    f = pv.area_filters(buurt)
    initiatives = repo.area_initiatives(f, (2025, 2025))
    expected = sql(demo_home, "SELECT initiative_code FROM v_initiative_buurt WHERE buurt_code = ?", [buurt])
    assert sorted(initiatives["code"]) == sorted(expected["initiative_code"])
    obs = sql(
        demo_home,
        "SELECT o.*, d.aggregation FROM v_observation o JOIN v_indicator d ON d.code = o.indicator_code "
        "WHERE d.toc_level IN ('outcome', 'impact')",
    )
    wijk = obs["wijk_code"].value_counts().index[0]  # the wijk with the most outcome observations
    got = repo.area_outcomes(pv.area_filters(wijk)).set_index(["indicator_code", "year"])["value"]
    part = obs[obs["wijk_code"] == wijk]
    assert len(got) > 0
    for (code, year), rows in part.groupby(["indicator_code", "year"]):
        rule = rows["aggregation"].iloc[0]
        if rule == "som":
            expected_value = rows["value"].sum()
        elif rule == "gemiddelde":
            expected_value = rows["value"].mean()
        else:  # laatste: per initiative and buurt the latest value, summed
            last = rows.sort_values("period_end").groupby(["initiative_code", "buurt_code"]).tail(1)
            expected_value = last["value"].sum()
        assert got[(code, year)] == pytest.approx(expected_value)


def counts_people(home) -> set[str]:
    """The indicators that count people, from the warehouse's own indicator table."""
    return set(sql(home, "SELECT code FROM indicator WHERE counts_people")["code"])


def test_outcome_counts_of_people_below_k_are_hidden_in_public_mode(demo_home):
    public = DuckDBRepository(demo_home, protection=Protection(k=10, mode="public"))
    internal = DuckDBRepository(demo_home, protection=Protection(mode="internal"))
    wijken = sql(demo_home, "SELECT code FROM v_area WHERE level = 'wijk'")["code"]
    hidden = 0
    for wijk in wijken:
        a = public.area_outcomes(pv.area_filters(wijk))
        b = internal.area_outcomes(pv.area_filters(wijk))
        people = a["indicator_code"].isin(counts_people(demo_home))
        small = people & (b["value"] < 10)
        assert a.loc[small, "value"].isna().all() and a.loc[small, "suppressed"].all()
        # the other counts of people are shown rounded to 5; scores and other units as they are
        shown = b["value"].where(~people, b["value"].map(rounded))
        pd.testing.assert_series_equal(a.loc[~small, "value"], shown[~small])
        hidden += int(small.sum())
    assert hidden > 0


def test_forged_area_and_statistic_fall_back_to_safe_defaults(repo):
    for forged in ("BU99990101' OR 1=1 --", {"x": 1}, "WK12", None):
        f = pv.area_filters(forged)
        assert f.buurt is None and f.wijk is None
    assert pv.stat_param({pv.STAT_KEY: "inwoners; DROP TABLE area"}) is None
    out = profile_charts.render(
        repo, pv.area_filters("BU12345678"), "nope"
    )  # valid form, not in the warehouse
    assert out["filters"].buurt == "BU99990101"  # the gemeente's first buurt


def test_similar_buurten_on_the_tiny_fixture(repo):
    """65+ shares 10, 11, 12 (sd √(2/3)); Oost-Zuid has no statistics and cannot be compared."""
    out = profile_charts.render(repo, pv.area_filters("BU99990101"), None)
    text = _text(out["rest"][-2])
    order = [text.index(name) for name in ("Centrum-Zuid", "Oost-Noord")]
    assert order == sorted(order) and "Oost-Zuid" not in text
    sd = math.sqrt(2 / 3)
    assert f"{1 / sd:.2f}".replace(".", ",") in text and f"{2 / sd:.2f}".replace(".", ",") in text
    assert "Aandeel 65 jaar en ouder" in text and "/profiel?gemeente=GM9999&buurt=BU99990102" in text


def test_real_new_buurt_gets_the_warning_for_the_health_waves_before_it_existed(tmp_path):
    """Stede Broec (GM0532): buurt Waterweide only has the 2022 and 2024 health waves, the others more."""
    from typer.testing import CliRunner

    from tests.real_data import real_data
    from wijkwaarde.cli import app

    source = real_data("woonikveilig-buurtindicatoren", "gemeente", "GM0532.json")
    home = tmp_path / "warehouse"
    result = CliRunner().invoke(
        app, ["--home", str(home), "cbs", "kerncijfers", "--year", "2024", "--file", str(source)]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(source.read_text(encoding="utf-8"))
    waves = {b["code"]: set((b.get("gezondheid") or {}).get("trend") or {}) for b in doc["buurten"]}
    expected = sorted(int(y) for y in set().union(*waves.values()) - waves["BU05320305"])
    assert expected  # the file really has this quirk
    repo = DuckDBRepository(home)
    out = profile_charts.render(repo, pv.area_filters("BU05320305"), "aandeel_goede_gezondheid")
    assert out["gaps"] == expected
    note = go.Figure(out["trend"]).layout.annotations[0].text
    assert "Indeling gewijzigd" in note and "Waterweide" in note and pv.year_list(expected) in note
    full = next(code for code, w in waves.items() if len(w) == 5)
    assert profile_charts.render(repo, pv.area_filters(full), "aandeel_goede_gezondheid")["gaps"] == []


# -- exports, data-table alternative and council pack (issue 5) ---------------------------------------


def test_trend_export_table_and_slide_equal_the_statistics_in_sql(demo_repo, demo_home):
    import dashboard.pages  # noqa: F401  (registers the pages the permalinks read, as the app factory does)
    from dashboard.components.chart_tools import data_table
    from dashboard.pack.items import native_chart
    from dashboard.pack.permalinks import items_for_url
    from tests.dashboard.chart_checks import both_exports, meta_ok, table_cells

    buurt, wijk, stat = "BU99990205", "WK999902", "aandeel_65plus"
    expected = sql(
        demo_home,
        "SELECT area_code, year, value FROM v_area_stat WHERE stat_code = ? AND area_code IN (?, ?, 'GM9999')",
        [stat, buurt, wijk],
    )
    years = sorted(int(y) for y in expected["year"].unique())
    by = {(r.area_code, int(r.year)): r.value for r in expected.itertuples()}
    columns = [[by.get((code, y)) for y in years] for code in (buurt, wijk, "GM9999")]
    query = {"gemeente": "GM9999", "buurt": buurt, "cijfer": stat}

    chart = charts_of("profile", demo_repo, query)["trend"]
    head, table, _, rows = both_exports(chart.data)
    meta_ok(head, "Ontwikkeling door de jaren: Aandeel 65 jaar en ouder")
    assert table[0][0] == "Jaar" and len(table[0]) == 4  # buurt, its wijk, the gemeente (no country row)
    for got in (table[1:], rows):
        assert [int(float(r[0])) for r in got] == years
        for i, values in enumerate(columns):
            assert [r[i + 1] for r in got] == pytest.approx(values)

    # The data table: the same values as the hover text ('10,7%').
    cells = table_cells(data_table(chart.data, "nl"))
    assert [c[1] for c in cells] == [pv.stat_text(v, "%") for v in columns[0]]

    # The slide: a native line chart with the same series; the page's trend figure is the same figure.
    url = "/profiel?gemeente=GM9999&buurt=BU99990205&cijfer=aandeel_65plus&grafiek=trend"
    (item,) = items_for_url(demo_repo, url)
    native = native_chart(item.figure)
    assert native is not None and native.kind == "line"
    assert native.categories == [str(y) for y in years]
    for (_, values), want in zip(native.series, columns, strict=True):
        assert values == pytest.approx(want)
    page = go.Figure(profile_charts.render(demo_repo, pv.area_filters(buurt), stat)["trend"])
    assert [list(t.y) for t in page.data] == [list(t.y) for t in item.figure.data]
    assert "Aandeel 65 jaar en ouder" in item.title and "Bron: " in item.footnote


def test_profile_export_and_table_callbacks(repo):
    from dashboard.app import create_app
    from tests.dashboard.chart_checks import csv_table, download_bytes

    app = create_app(repo)
    result = app.wijkwaarde_callbacks["profile_export"]("trend", "xlsx", "BU99990101", "inwoners", "nl")
    assert result["filename"].endswith(".xlsx") and download_bytes(result)[:2] == b"PK"
    result = app.wijkwaarde_callbacks["profile_export"]("trend", "csv", "BU99990101", "inwoners", "nl")
    _, table = csv_table(download_bytes(result))
    figure = go.Figure(profile_charts.render(repo, pv.area_filters("BU99990101"), "inwoners")["trend"])
    assert [r[1] for r in table[1:]] == list(figure.data[0].y)
    controls = {"area": "BU99990101", "cijfer": "inwoners"}
    details = app.wijkwaarde_callbacks["profile_render"](controls, "nl")[-1]  # the page's one callback
    assert details["props"]["children"][0]["props"]["children"] == "Tabel bij deze grafiek"  # as sent


def test_statistics_and_initiatives_tables_download_as_on_the_page(demo_repo, demo_home):
    from tests.dashboard.chart_checks import both_exports, meta_ok

    buurt = "BU99990205"
    tables = tables_of("profile", demo_repo, {"gemeente": "GM9999", "buurt": buurt})
    head, table, _, rows = both_exports(tables["cijfers"])
    meta_ok(head, "Contextcijfers")
    latest = sql(
        demo_home,
        # the latest year that has a value; the latest year when none has
        "SELECT name_nl, year, value, is_count FROM v_area_stat WHERE area_code = ?"
        " QUALIFY row_number() OVER (PARTITION BY stat_code ORDER BY value IS NULL, year DESC) = 1",
        [buurt],
    ).set_index("name_nl")
    assert table[0][:4] == ["Cijfer", "Eenheid", "Jaar", "Spoorzicht"]
    for got in (table[1:], rows):
        assert sorted(r[0] for r in got) == sorted(latest.index)
        for r in got:
            want = latest.loc[r[0]]
            assert int(r[2]) == int(want["year"])
            if want["is_count"] and want["value"] < 10:
                assert r[3] == "< 10"  # small counts stay hidden in the download too
            elif pd.isna(want["value"]):
                assert r[3] is None
            else:  # CBS's own figures, not rounded again
                assert r[3] == pytest.approx(want["value"])
    wijk = "WK999902"
    tables = tables_of("profile", demo_repo, {"gemeente": "GM9999", "wijk": wijk})
    _, table, _, rows = both_exports(tables["initiatieven"])
    names = demo_repo.area_initiatives(pv.area_filters(wijk), (2100, 2100))["name"].tolist()
    assert names and [r[0] for r in table[1:]] == names == [r[0] for r in rows]


def test_outcomes_download_keeps_small_counts_hidden(demo_home):
    from tests.dashboard.chart_checks import both_exports

    public = DuckDBRepository(demo_home, protection=Protection(k=10, mode="public"))
    internal = DuckDBRepository(demo_home, protection=Protection(mode="internal"))
    seen_hidden = 0
    people = counts_people(demo_home)
    for wijk in sql(demo_home, "SELECT code FROM v_area WHERE level = 'wijk'")["code"]:
        query = {"gemeente": "GM9999", "wijk": wijk}
        _, table, _, rows = both_exports(tables_of("profile", public, query)["uitkomsten"])
        raw = internal.area_outcomes(pv.area_filters(wijk))
        years = table[0][3:]
        for got in (table[1:], rows):
            for r in got:
                mine = raw[raw["name_nl"] == r[0]]
                part = mine.set_index("year")["value"]
                is_people = bool(mine["indicator_code"].isin(people).any())
                for year, cell in zip(years, r[3:], strict=True):
                    value = part.get(int(year))
                    if value is None:
                        assert cell is None
                    elif cell == "< 10":
                        seen_hidden += 1
                        assert value < 10
                    else:
                        assert cell == pytest.approx(rounded(value) if is_people else value)
    assert seen_hidden > 0


def test_similar_buurten_table_wraps_its_headers_and_marks_its_sideways_scroll(demo_repo):
    from dashboard.filters import Filters

    f = pv.resolve_area(demo_repo, Filters.from_query({"gemeente": "GM9999", "buurt": "BU99990101"}))
    section = json.loads(json.dumps(pv.similar_section(demo_repo, f, pv._names(demo_repo)).to_plotly_json(),
                                    default=lambda o: o.to_plotly_json()))  # fmt: skip
    scroll = section["props"]["children"][1]["props"]
    # a scrolling region a keyboard can reach, with a name, and a caption that says there is more to the right
    assert (
        scroll["className"] == "table-responsive" and scroll["tabIndex"] == 0 and scroll["role"] == "region"
    )
    assert scroll["aria-label"] == "Buurten zoals deze"
    table = scroll["children"]["props"]["children"]
    caption = table[0]
    assert caption["type"] == "Caption" and "schuif dan opzij" in caption["props"]["children"]
    headers = table[1]["props"]["children"]["props"]["children"]
    statistic_headers = [h for h in headers if (h["props"].get("style") or {}).get("whiteSpace") == "normal"]
    assert len(statistic_headers) == len(headers) - 4  # every statistic's long name wraps
