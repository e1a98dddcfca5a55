"""A gemeente's initiatives kept in memory (dashboard/repository/initiative_set.py) answer the initiative
list, the KPIs and the map of initiatives as their SQL does (initiatives_table.sql, kpi_periods.sql,
map_initiatives.sql) for the same selections: statuses, themes (one no initiative has too), wijk, buurt,
periods of one and several years, a limit or none."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from dashboard.filters import Filters
from dashboard.repository import DuckDBReader
from dashboard.repository.reader import filter_params, period_dates


def random_filters(reader: DuckDBReader, gemeente: str | None, rng: random.Random, n: int) -> list[Filters]:
    themes = reader.vocabulary("theme")["code"].tolist()
    statuses = reader.vocabulary("status")["code"].tolist()
    buurten = reader.buurten(gemeente)
    # a theme code no initiative has (Filters allow-lists the URL's; the reader must not rely on that)
    unknown = Filters.from_query({"gemeente": gemeente, "year_from": 2020, "year_to": 2024})
    out = [unknown.with_(themes=("GEEN_THEMA",))]
    for _ in range(n):
        first = rng.randint(2015, 2026)
        area = {}
        if gemeente and rng.random() < 0.4:
            row = buurten.iloc[rng.randrange(len(buurten))]
            area = {"buurt": row["buurt_code"]} if rng.random() < 0.5 else {"wijk": row["wijk_code"]}
        query = {
            "gemeente": gemeente,
            "themes": rng.sample(themes, rng.choice([0, 0, 1, 2, 3])),
            "statuses": rng.sample(statuses, rng.choice([0, 0, 1, 2])),
            "year_from": first,
            "year_to": rng.randint(first, 2026),
        }
        out.append(Filters.from_query(query | area))
    return out


def texts(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns as objects with None for NULL: DuckDB gives a column that is all NULL (or empty) as
    object and any other as str with NaN, so the same text can come in either form."""
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column].dtype):
            out[column] = out[column].astype(object).where(out[column].notna(), None)
    return out


def gemeenten_and_selections(reader: DuckDBReader, n: int, everywhere: bool = True):
    """Random selections in each gemeente and (`everywhere`) in all of them."""
    rng = random.Random(11)
    for gemeente in [*reader.gemeenten()["code"], *([None] if everywhere else [])]:
        yield from random_filters(reader, gemeente, rng, n)


@pytest.mark.parametrize("fixture", ["demo_home", "regio_home"])
def test_the_initiative_list_is_the_one_the_sql_gives(request, fixture):
    reader = DuckDBReader(request.getfixturevalue(fixture))
    rows = 0
    for filters in gemeenten_and_selections(reader, 30):
        for limit in (None, 3):
            params = filter_params(filters) | {
                "indicator": "deelnemers",
                "with_people": False,
                "limit": limit,
            }
            want = reader.query("initiatives_table", params)
            got = reader.initiatives(filters, limit, with_people=False)
            pd.testing.assert_frame_equal(
                texts(got), texts(want), check_dtype=False, check_exact=False, rtol=1e-12, obj=str(filters)
            )
            for column in ("grants", "participants", "matching_rows"):
                assert got[column].dtype.kind == want[column].dtype.kind or want.empty, column
            rows += len(want)
    assert rows > 200  # lists with initiatives were compared, not only empty ones


@pytest.mark.parametrize("fixture", ["demo_home", "regio_home"])
def test_the_kpis_are_the_ones_the_sql_gives(request, fixture):
    reader = DuckDBReader(request.getfixturevalue(fixture))
    counted = 0
    for filters in gemeenten_and_selections(reader, 60):
        first, last = filters.period
        periods = [(first, last), (first - (last - first) - 1, first - 1)]
        rows = [{"position": i, "start": s, "end": e} for i, (s, e) in enumerate(map(period_dates, periods))]
        want = reader.query("kpi_periods", filter_params(filters) | {"periods": rows}).set_index("position")
        got = reader.kpi_periods(filters, periods)
        for i, answer in enumerate(got):
            assert answer["active"] == want.at[i, "active"], (filters, i)
            grants = want.at[i, "grants"]
            if pd.isna(grants):
                assert answer["grants"] is None, (filters, i)
            else:
                assert answer["grants"] == pytest.approx(float(grants), rel=1e-9), (filters, i)
                counted += 1
    assert counted > 50


@pytest.mark.parametrize("fixture", ["demo_home", "regio_home"])
def test_the_map_of_initiatives_is_the_one_the_sql_gives(request, fixture):
    reader = DuckDBReader(request.getfixturevalue(fixture))
    served = 0
    for filters in gemeenten_and_selections(reader, 15, everywhere=False):
        want = reader.query("map_initiatives", filter_params(filters.with_(wijk=None, buurt=None)))
        got = reader.map_cells(filters, "initiatives")
        pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-12, obj=str(filters))
        served += int(want["value"].sum())
    assert served > 100


def test_a_funder_selection_or_the_people_column_still_go_to_the_sql(demo_home):
    reader = DuckDBReader(demo_home)
    gemeente = reader.gemeenten()["code"].iloc[0]
    funder = reader.funders(gemeente)["code"].iloc[0]
    asked = []
    query = reader.query
    reader.query = lambda name, params=None: asked.append(name) or query(name, params)
    reader.initiatives(Filters.from_query({"gemeente": gemeente, "funders": [funder]}), 10, with_people=False)
    reader.initiatives(Filters.from_query({"gemeente": gemeente}), 10, with_people=True)
    reader.kpi_periods(Filters.from_query({"gemeente": gemeente, "funders": [funder]}), [(2023, 2024)])
    assert asked.count("initiatives_table") == 2 and "kpi_periods" in asked
    assert "area_initiatives_set" not in asked


def test_all_gemeenten_of_a_large_warehouse_go_to_the_sql(demo_home, monkeypatch):
    reader = DuckDBReader(demo_home)
    everywhere = Filters.from_query({"year_from": 2022, "year_to": 2024})
    kept = reader.initiatives(everywhere, 50, with_people=False)
    monkeypatch.setattr("dashboard.repository.reader.SET_MAX_INITIATIVES", 1)
    asked = []
    query = reader.query
    reader.query = lambda name, params=None: asked.append(name) or query(name, params)
    pd.testing.assert_frame_equal(
        texts(reader.initiatives(everywhere, 50, with_people=False)), texts(kept), check_dtype=False
    )
    assert asked == ["initiatives_table"]
