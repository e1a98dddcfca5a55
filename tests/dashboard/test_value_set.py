"""The value page's effects and protection totals from a gemeente's value cells (value_set.py) against the SQL
they replace (value_effects.sql, value_effect_totals.sql): the same rows in the same order, and the same
totals, for the selections a user can make (periods, wijk or buurt, status, themes, funders), on Demostad
loaded through the real ETL and on the fixture."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from dashboard import protection as prot
from dashboard.filters import Filters
from dashboard.repository import DuckDBReader, filter_params
from dashboard.repository.reader import selection_row


def _selections(reader: DuckDBReader) -> list[Filters]:
    out = []
    funders = reader.all_funders()["code"].tolist()
    themes = reader.vocabulary("theme")["code"].tolist()
    for gemeente in reader.gemeenten()["code"].tolist():
        buurten = reader.buurten(gemeente)
        wijk = buurten["wijk_code"].iloc[0] if not buurten.empty else None
        buurt = buurten["buurt_code"].iloc[-1] if not buurten.empty else None
        areas = [{}, {"wijk": wijk}, {"buurt": buurt}]
        choices = [{}, {"financier": ",".join(funders[:2])}, {"thema": themes[0]}, {"status": "actief"},
                   {"thema": ",".join(themes[1:3]), "financier": funders[-1]}]  # fmt: skip
        periods = [("2024", "2024"), ("2022", "2025"), ("2030", "2031"), (None, None)]
        for area, choice, (start, end) in itertools.product(areas, choices, periods):
            query = {"gemeente": gemeente, **{k: v for k, v in area.items() if v}, **choice}
            if start:
                query |= {"van": start, "tot": end}
            out.append(Filters.from_query(query))
    return out


@pytest.mark.parametrize("home_fixture", ["demo_home", "warehouse_home"])
def test_effects_and_totals_equal_the_sql(home_fixture, request):
    reader = DuckDBReader(request.getfixturevalue(home_fixture))
    selections = _selections(reader)
    compared = 0
    for f in selections:
        params = filter_params(f)
        got = reader.value_effects(f)  # from the value cells: a gemeente is chosen
        expected = reader.query("value_effects", params)
        pd.testing.assert_frame_equal(got, expected, check_dtype=False, rtol=1e-9)
        compared += not expected.empty
        references = [*prot.reference_selections(f), f, f.with_(funders=())]
        totals = reader.value_effect_totals(f, references)
        rows = [selection_row(i, s, reader.theme_bits(s.themes)) for i, s in enumerate(references)]
        sql = reader.query("value_effect_totals", params | {"selections": rows})
        want: list[dict] = [{} for _ in references]
        for position, indicator, units, n in sql.itertuples(index=False):
            want[int(position)][indicator] = (float(units), int(n))
        assert len(totals) == len(want)
        for mine, theirs in zip(totals, want, strict=True):
            assert mine.keys() == theirs.keys()
            for indicator, (units, n) in theirs.items():
                assert mine[indicator][0] == pytest.approx(units, rel=1e-9) and mine[indicator][1] == n
    if home_fixture == "demo_home":  # the fixture has no value proxies: nothing measured, both empty
        assert compared > len(selections) / 4, "enough selections should have measured effects to compare"
