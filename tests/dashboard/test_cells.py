"""An indicator's totals from its cells kept in memory (dashboard/repository/cells.py) are what
indicator_totals.sql gives for the same selections: every aggregation rule, one gemeente and all of
them, wijk and buurt, statuses, themes, periods of one and several years."""

from __future__ import annotations

import math
import random

import pandas as pd
import pytest

from dashboard.filters import Filters
from dashboard.repository import DuckDBReader
from dashboard.repository.reader import selection_row


def sql_totals(reader: DuckDBReader, area: Filters, selections, indicator: str) -> list:
    """The SQL answer (the path selections with a funder filter take), for the same selections."""
    rows = [
        selection_row(i, f, reader.theme_bits(f.themes)) | {"first_year": p[0], "last_year": p[1]}
        for i, (f, p) in enumerate(selections)
    ]
    params = {
        "selections": rows,
        "indicator": indicator,
        "aggregation": reader.aggregation(indicator) or "som",
        "gemeente": area.gemeente,
        "first_year": min(p[0] for _, p in selections),
        "year": max(p[1] for _, p in selections),
    }
    found = reader.query("indicator_totals", params).set_index("position")["value"]
    return [None if math.isnan(found.get(i, math.nan)) else float(found[i]) for i in range(len(selections))]


def random_selections(reader: DuckDBReader, gemeente: str | None, rng: random.Random, n: int):
    themes = reader.vocabulary("theme")["code"].tolist()
    statuses = reader.vocabulary("status")["code"].tolist()
    buurten = reader.buurten(gemeente) if gemeente else None
    out = []
    for _ in range(n):
        first = rng.randint(2018, 2026)
        period = (first, rng.randint(first, 2026))
        area = {}
        if buurten is not None and rng.random() < 0.4:
            row = buurten.iloc[rng.randrange(len(buurten))]
            area = {"buurt": row["buurt_code"]} if rng.random() < 0.5 else {"wijk": row["wijk_code"]}
        f = Filters.from_query(
            {"gemeente": gemeente, "themes": rng.sample(themes, rng.choice([0, 0, 1, 2, 3])),
             "statuses": rng.sample(statuses, rng.choice([0, 0, 1, 2]))} | area
        )  # fmt: skip
        out.append((f, period))
    return out


@pytest.mark.parametrize("fixture", ["demo_home", "regio_home"])
def test_cells_give_the_totals_the_sql_gives(request, fixture):
    reader = DuckDBReader(request.getfixturevalue(fixture))
    rng = random.Random(7)
    indicators = reader.indicators()
    rules = set(indicators["aggregation"])
    assert {"som", "laatste", "gemiddelde"} <= rules  # every rule is compared
    gemeenten = [*reader.gemeenten()["code"].tolist(), None]
    present = 0
    for indicator in indicators["code"]:
        for gemeente in gemeenten:
            area = Filters.from_query({"gemeente": gemeente})
            selections = random_selections(reader, gemeente, rng, 25)
            want = sql_totals(reader, area, selections, indicator)
            got = reader.indicator_totals(area, selections, indicator)
            assert len(got) == len(want)
            for (f, p), w, g in zip(selections, want, got, strict=True):
                assert (w is None) == (g is None), (indicator, f, p, w, g)
                if w is not None:
                    assert g == pytest.approx(w, rel=1e-9, abs=1e-9), (indicator, f, p)
                    present += 1
    assert present > 100  # totals with data were compared, not only empty selections


def test_a_funder_selection_still_goes_to_the_sql(demo_home):
    """Funders are not in the cells: a selection with a funder filter is answered per initiative (SQL)."""
    reader = DuckDBReader(demo_home)
    funder = reader.all_funders()["code"].iloc[0]
    area = Filters.from_query({"gemeente": "GM9999"})
    with_funder = area.with_(funders=(funder,))
    selections = [(with_funder, (2020, 2025)), (area, (2020, 2025))]
    got = reader.indicator_totals(area, selections, "deelnemers")
    assert got == sql_totals(reader, area, selections, "deelnemers")
    assert got[0] is not None and got[1] is not None and got[0] <= got[1]


def sql_quarters(reader: DuckDBReader, filters: Filters, selections: list[Filters]):
    """indicator_by_quarter.sql's answer for the same selections (the path funders and 'laatste' take)."""
    rows = [selection_row(i, f, reader.theme_bits(f.themes)) for i, f in enumerate(selections)]
    return reader.query("indicator_by_quarter", reader._indicator_params(filters) | {"selections": rows})


@pytest.mark.parametrize("fixture", ["demo_home", "regio_home"])
def test_quarter_cells_give_the_trend_the_sql_gives(request, fixture):
    reader = DuckDBReader(request.getfixturevalue(fixture))
    rng = random.Random(8)
    indicators = reader.indicators()
    by_cell = indicators.loc[indicators["aggregation"] != "laatste", "code"].tolist()
    assert {"som", "gemiddelde"} <= set(indicators["aggregation"])
    quarters = 0
    for indicator in by_cell:
        for gemeente in [*reader.gemeenten()["code"].tolist(), None]:
            for f, period in random_selections(reader, gemeente, rng, 6):
                f = f.with_(indicator=indicator, year_from=period[0], year_to=period[1])
                selections = [f, *[s for s, _ in random_selections(reader, gemeente, rng, 4)]]
                want = sql_quarters(reader, f, selections)
                got = reader.indicator_by_quarter(f, selections)
                assert list(got.columns) == list(want.columns)
                assert (
                    got[["position", "year", "quarter"]]
                    .astype("int64")
                    .equals(want[["position", "year", "quarter"]].astype("int64"))
                ), (indicator, f)
                for column in ("value", "target"):
                    pd.testing.assert_series_equal(
                        got[column].astype(float), want[column].astype(float), rtol=1e-9, check_names=False
                    )
                quarters += len(want)
    assert quarters > 200
