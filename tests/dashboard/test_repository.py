"""Repository queries against the fixture warehouse, checked against an independent pandas computation."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest

from dashboard.filters import Filters
from dashboard.protection import INTERNAL
from dashboard.repository import DuckDBReader, DuckDBRepository
from tests.conftest import BUURTEN, GRANTS, INITIATIVES, RESIDENTS, build_warehouse, observations
from tests.published import rounded

F = Filters(gemeente="GM9999", year_from=2024, year_to=2024)


def kpi(repo, filters: Filters, period: tuple[int, int], name: str = "active") -> float | None:
    """One KPI of one period (Repository.kpi_periods answers several at once)."""
    return repo.kpi_periods(filters, [period])[0][name]


def total(repo, filters: Filters, period: tuple[int, int], indicator: str):
    """One indicator total of one period (Repository.indicator_total_each answers several at once)."""
    return repo.indicator_total_each(filters, [period], indicator)[0]


def active(year: int, buurten: set[str] | None = None, themes: set[str] | None = None) -> int:
    start, end = date(year, 1, 1), date(year, 12, 31)
    return sum(
        1
        for code, _, _, _, s, e, _, th, served in INITIATIVES
        if s <= end
        and (e is None or e >= start)
        and (buurten is None or set(served) & buurten)
        and (themes is None or set(th) & themes)
    )


def obs_frame() -> pd.DataFrame:
    df = pd.DataFrame(
        observations(), columns=["ini", "indicator", "buurt", "start", "end", "value", "target"]
    )
    primary = {code: served[0] for code, *_, served in INITIATIVES}
    df["buurt"] = df["buurt"].fillna(df["ini"].map(primary))
    df["year"] = [d.year for d in df["start"]]
    return df


def test_active_initiatives_alive_in_the_period(repo):
    assert kpi(repo, F, (2024, 2024)) == active(2024) == 2
    assert kpi(repo, F, (2023, 2023)) == active(2023) == 2
    assert kpi(repo, F, (2018, 2024)) == 4
    oost = {b for b, (_, w, _, _) in BUURTEN.items() if w == "WK999902"}
    assert kpi(repo, F.with_(wijk="WK999902"), (2023, 2023)) == active(2023, oost) == 1
    assert kpi(repo, F.with_(themes=("energie",)), (2024, 2024)) == active(2024, themes={"energie"}) == 1


def test_funder_filter_keeps_initiatives_with_a_grant_from_that_funder(repo):
    with_fin1 = {ini for _, fin, ini, _, _ in GRANTS if fin == "FIN1"}
    expected = sum(1 for code, *_ in INITIATIVES if code in with_fin1 and code != "INI2")  # INI2 ended 2023
    assert kpi(repo, F.with_(funders=("FIN1",)), (2024, 2024)) == expected == 1


def test_grant_money_in_the_period_and_area(repo):
    expected = sum(a for _, _, _, a, s in GRANTS if s.year == 2024)
    assert kpi(repo, F, (2024, 2024), "grants") == pytest.approx(expected)
    # INI1 serves two buurten: Centrum-Noord gets half of its 2024 grant.
    assert kpi(repo, F.with_(buurt="BU99990101"), (2024, 2024), "grants") == pytest.approx(10000 / 2)
    assert kpi(repo, F.with_(funders=("FIN2",)), (2023, 2023), "grants") == pytest.approx(5000)


def test_indicator_totals_follow_the_indicators_aggregation(warehouse_home):
    repo = DuckDBRepository(warehouse_home, INTERNAL)  # the aggregation rule itself, before protection
    df = obs_frame()
    year = df[df["year"] == 2024]
    som = year[year["indicator"] == "deelnemers"]["value"].sum()
    assert total(repo, F, (2024, 2024), "deelnemers") == pytest.approx(som)
    latest = (
        year[year["indicator"] == "vrijwilligers"]
        .sort_values("end")
        .groupby(["ini", "buurt"])["value"]
        .last()
        .sum()
    )
    assert total(repo, F, (2024, 2024), "vrijwilligers") == pytest.approx(latest) == 9
    assert total(repo, F.with_(statuses=("gestopt",)), (2024, 2024), "deelnemers") is None


def test_trend_per_quarter_with_targets(repo):
    df = obs_frame()
    part = df[(df["year"] == 2024) & (df["indicator"] == "deelnemers")]
    part = part.assign(quarter=[(d.month - 1) // 3 + 1 for d in part["start"]])
    expected = part.groupby("quarter")[["value", "target"]].sum().reset_index()
    got = repo.indicator_by_quarter(F)
    assert got["quarter"].tolist() == expected["quarter"].tolist()
    # participants are a count of people: public mode shows them rounded to 5 (targets as set); a quarter only
    # one initiative reports is that initiative's own count, hidden (rule 6), and the year's total would give it
    # back from the others, so the next-smallest quarter goes with it (rule 3)
    reporting = part.groupby("quarter")["ini"].nunique().tolist()
    assert reporting == [1, 2, 2, 2]
    assert got["suppressed"].tolist() == [True, True, False, False]
    assert got["value"].tolist()[2:] == pytest.approx([rounded(v) for v in expected["value"][2:]])
    assert got["target"].tolist() == pytest.approx(expected["target"].tolist())


def test_map_values_per_buurt(repo):
    per_1000 = repo.map_values(F).set_index("buurt_code")["value"]
    assert per_1000["BU99990101"] == pytest.approx(1 / RESIDENTS["BU99990101"] * 1000)  # Buurtkeuken
    assert per_1000["BU99990201"] == pytest.approx(1 / RESIDENTS["BU99990201"] * 1000)  # Zonnedak Oost
    assert pd.isna(per_1000["BU99990202"])  # residents secret: no data, not zero
    money = repo.map_values(F.with_(metric="subsidie_per_inwoner")).set_index("buurt_code")["value"]
    assert money["BU99990102"] == pytest.approx(5000 / 2000)
    stat = repo.map_values(F.with_(metric="stat:aandeel_65plus")).set_index("buurt_code")
    assert set(stat.index) == {"BU99990101", "BU99990102", "BU99990201"}


def test_initiative_table(warehouse_home):
    repo = DuckDBRepository(warehouse_home, INTERNAL)  # participants per initiative: internal mode only
    rows = repo.initiatives(F)
    assert rows["name"].tolist() == ["Buurtkeuken", "Zonnedak Oost"]
    keuken = rows.set_index("code").loc["INI1"]
    assert keuken["themes_nl"] == "Eenzaamheid, Voedsel"
    assert keuken["grants"] == pytest.approx(10000)
    assert keuken["participants"] == pytest.approx(120)


def test_sources_list_only_published_batches(repo):
    sources = repo.sources(("subsidies",))
    assert sources["source_name"].tolist() == ["subsidies.csv"]  # the superseded batch 6 is not a source
    assert sources["batch_id"].tolist() == [7]


def test_new_published_version_is_picked_up_without_restart(warehouse_home):
    repo = DuckDBRepository(warehouse_home)
    assert kpi(repo, F, (2024, 2024)) == 2
    assert repo.version() == "wijkwaarde-000001.duckdb"
    build_warehouse(warehouse_home, version=2, extra_initiative=True)  # the loader's atomic symlink swap
    assert repo.version() == "wijkwaarde-000002.duckdb"
    assert kpi(repo, F, (2024, 2024)) == 3


def test_no_database_yet(empty_home):
    repo = DuckDBRepository(empty_home)
    assert not repo.available()


def test_totals_of_many_selections_in_one_query_equal_the_observations(demo_home):
    """indicator_totals answers selections in two ways (added-up cells, also for 'laatste' over several
    years; or per unit for a funder filter): every kind must equal the observations summed here with SQL."""
    import duckdb

    reader = DuckDBReader(demo_home)  # the exact totals, before protection
    con = duckdb.connect(str((demo_home / "wijkwaarde.duckdb").resolve()), read_only=True)
    funder = con.execute(
        "SELECT funder_code FROM grant_award GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]

    def expected(indicator: str, first: int, last: int, themes=(), funders=(), wijk=None) -> float | None:
        rows = con.execute(
            "SELECT o.initiative_code, coalesce(o.buurt_code, pb.buurt_code) AS buurt, o.period_end, o.value"
            " FROM observation o LEFT JOIN initiative_buurt pb ON pb.initiative_code = o.initiative_code"
            " AND pb.is_primary JOIN area b ON b.code = coalesce(o.buurt_code, pb.buurt_code)"
            " WHERE o.indicator_code = ? AND year(o.period_start) BETWEEN ? AND ?"
            " AND (? IS NULL OR b.parent_code = ?)"
            " AND (len(?) = 0 OR o.initiative_code IN (SELECT initiative_code FROM initiative_theme"
            "      WHERE list_contains(?, theme_code)))"
            " AND (len(?) = 0 OR o.initiative_code IN (SELECT initiative_code FROM grant_award"
            "      WHERE list_contains(?, funder_code)))",
            [indicator, first, last, wijk, wijk, list(themes), list(themes), list(funders), list(funders)],
        ).df()
        if rows.empty:
            return None
        if indicator == "vrijwilligers":  # laatste: per initiative and buurt the latest value, summed
            return float(
                rows.sort_values("period_end").groupby(["initiative_code", "buurt"])["value"].last().sum()
            )
        return float(rows["value"].sum())

    base = Filters(gemeente="GM9999")
    selections = [
        (base, (2024, 2024), (), (), None),
        (base.with_(themes=("groen", "werk")), (2022, 2025), ("groen", "werk"), (), None),
        (base.with_(funders=(funder,)), (2024, 2024), (), (funder,), None),
        (base.with_(wijk="WK999902", themes=("groen",)), (2023, 2025), ("groen",), (), "WK999902"),
        # a period that ends before the data does: 'laatste' must take each unit's last year inside it
        (base, (2021, 2023), (), (), None),
        (base.with_(funders=(funder,)), (2021, 2023), (), (funder,), None),
    ]
    for indicator in ("deelnemers", "vrijwilligers"):
        got = reader.indicator_totals(base, [(f, p) for f, p, *_ in selections], indicator)
        want = [expected(indicator, p[0], p[1], th, fu, wk) for _, p, th, fu, wk in selections]
        assert got == pytest.approx(want), indicator
    con.close()


def test_the_readers_theme_bits_are_the_warehouses_theme_bits(demo_home):
    """The reader works a theme filter's bit mask out itself (no macro subquery per selection): it must be
    the mask of the theme_bits macro that f_initiative.theme_mask is tested with, for every theme and a mix."""
    import duckdb

    from etl import warehouse as wh

    reader = DuckDBReader(demo_home)
    with duckdb.connect(str(wh.current_version(demo_home)), read_only=True) as con:
        themes = [
            code
            for (code,) in con.execute("SELECT code FROM vocabulary WHERE vocabulary = 'theme'").fetchall()
        ]
        assert len(themes) > 3
        for chosen in [[t] for t in themes] + [
            themes[:2],
            themes[1::2],
            themes,
            [],
            ["geen-thema", themes[0]],
        ]:
            (expected,) = con.execute("SELECT theme_bits(?::VARCHAR[])", [chosen]).fetchone()
            assert reader.theme_bits(chosen) == expected, chosen


def test_a_remembered_protected_matrix_is_a_copy_and_equals_a_fresh_one(demo_home):
    """stat_matrix is protected once per version and area (reader.remember): a caller that changes its
    frame changes nobody else's, and the remembered answer is what a fresh repository computes."""
    first = DuckDBRepository(demo_home).stat_matrix("buurt", "GM9999", 2024)
    repo = DuckDBRepository(demo_home)
    before = repo.stat_matrix("buurt", "GM9999", 2024)
    before["value"] = -1.0
    again = repo.stat_matrix("buurt", "GM9999", 2024)
    assert not (again["value"] == -1.0).any()
    pd.testing.assert_frame_equal(again.reset_index(drop=True), first.reset_index(drop=True))


def test_remembered_frames_stay_within_the_memory_budget(demo_home, monkeypatch):
    """reader.remember keeps frames within RECENT_MB (least recently used out) and never one over a
    quarter of it; a frame it did not keep is built again when asked again."""
    from dashboard.repository import reader as reader_module

    monkeypatch.setattr(reader_module, "RECENT_MB", 1.0)  # 1 MB in all, 256 KB a frame
    reader = DuckDBReader(demo_home)
    built: list[str] = []

    def frame(name: str, rows: int):
        def build():
            built.append(name)
            return pd.DataFrame({"value": range(rows)}, dtype="float64")  # 8 bytes a row

        return lambda: reader.remember(name, (), build)

    small = [frame(f"small{i}", 20_000) for i in range(6)]  # 160 KB each: six are 960 KB
    for get in small:
        get()
    assert sum(reader._recent_bytes.values()) <= 2**20
    small[0]()  # kept: not built again
    assert built.count("small0") == 1
    big = frame("big", 40_000)  # 320 KB: over a quarter of the budget
    big()
    big()
    assert built.count("big") == 2  # never kept
    frame("small6", 20_000)()  # one more: the least recently used (small1, not small0) goes
    assert sum(reader._recent_bytes.values()) <= 2**20
    small[0]()
    small[1]()
    assert built.count("small0") == 1 and built.count("small1") == 2


def test_a_parameter_named_in_a_comment_is_not_asked_for(tmp_path, monkeypatch):
    """A SQL file's comment may say '$start..$end' in words; binding them would make DuckDB refuse the query
    (excess parameters), so only the SQL itself names the parameters."""
    from dashboard.repository import reader

    (tmp_path / "probe.sql").write_text(
        "-- the period $start..$end, as whole years\nSELECT $first_year AS y  -- not $end either\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(reader, "SQL_DIR", tmp_path)
    reader._sql.cache_clear()
    try:
        text, names = reader._sql("probe")
        assert names == {"first_year"}
        con = duckdb.connect()
        assert con.execute(text, {"first_year": 2024}).fetchone() == (2024,)
    finally:
        reader._sql.cache_clear()
