"""The portfolio's grantees and co-funding overlap from a gemeente's grant set (grant_set.py) against the SQL
they replace (portfolio_grantees.sql, portfolio_overlap.sql): the same rows, in the same order, for every
funder choice and period a user can ask, on Demostad loaded through the real ETL and on the fixture."""

from __future__ import annotations

import itertools
from datetime import date

import pandas as pd
import pytest

from dashboard.repository import DuckDBReader
from dashboard.repository.grant_set import whole_years


def _questions(reader: DuckDBReader) -> list[dict]:
    funders = reader.all_funders()["code"].tolist()
    gemeenten = reader.gemeenten()["code"].tolist()
    choices = [funders[:1], funders[:3], funders[2:5], funders, [funders[-1], "FIN-UNKNOWN"], []]
    periods = [(2024, 2024), (2022, 2025), (2025, 2026), (1900, 2100), (2030, 2031)]
    return [
        {"gemeente": g, "funders": f, "start": date(a, 1, 1), "end": date(b, 12, 31)}
        for g, f, (a, b) in itertools.product(gemeenten, choices, periods)
    ]


@pytest.mark.parametrize("home_fixture", ["demo_home", "warehouse_home"])
def test_grantees_and_overlap_equal_the_sql(home_fixture, request):
    reader = DuckDBReader(request.getfixturevalue(home_fixture))
    questions = _questions(reader)
    compared = 0
    for params in questions:
        for name in ("grantees", "overlap"):
            got = reader.portfolio(name, params)  # from the grant set: a gemeente and whole years
            expected = reader.query(f"portfolio_{name}", params)
            pd.testing.assert_frame_equal(got, expected, check_dtype=False, rtol=1e-9)
            compared += not expected.empty
    assert compared > len(questions) / 2, "most questions should have grantees to compare"


def test_a_period_that_is_not_whole_years_still_asks_the_sql(demo_home):
    reader = DuckDBReader(demo_home)
    assert whole_years(date(2024, 1, 1), date(2025, 12, 31))
    assert not whole_years(date(2024, 3, 1), date(2025, 12, 31))
    params = {"gemeente": "GM9999", "funders": reader.all_funders()["code"].tolist(),
              "start": date(2024, 3, 1), "end": date(2024, 12, 31)}  # fmt: skip
    got = reader.portfolio("grantees", params)
    pd.testing.assert_frame_equal(got, reader.query("portfolio_grantees", params))
    whole = reader.portfolio("grantees", params | {"start": date(2024, 1, 1)})
    # the months count: grants of January and February are not in it (the set would add up whole years)
    assert 0 < got["amount"].sum() < whole["amount"].sum()
