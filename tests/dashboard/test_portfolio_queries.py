"""The portfolio's queries ask only about the chosen funders' grants and grantees: the page's figures are
what the same queries over every initiative give (the forms they had before, kept here as the reference)."""

from __future__ import annotations

from datetime import date

import duckdb

from dashboard import portfolio as pf
from dashboard.repository import DuckDBRepository
from etl import warehouse as wh

# portfolio_outcomes.sql before: every initiative's sums in the period, the grantees picked in Python
EVERY_OUTCOME = """
SELECT o.initiative_code, o.indicator_code, sum(o.value) AS value
FROM v_observation o JOIN v_indicator d ON d.code = o.indicator_code
WHERE list_contains($indicators, o.indicator_code) AND d.aggregation = 'som'
  AND o.period_start BETWEEN $start AND $end
GROUP BY ALL ORDER BY ALL"""

# portfolio_flows.sql before: every initiative's theme split
EVERY_THEME_SPLIT = """
WITH theme_split AS (
    SELECT i.code AS initiative_code, t.theme_code, 1.0 / count(*) OVER (PARTITION BY i.code) AS theme_share
    FROM v_initiative i LEFT JOIN v_initiative_theme t ON t.initiative_code = i.code
)
SELECT g.funder_code, g.year, ts.theme_code, g.wijk_code, round(sum(g.amount * ts.theme_share), 2) AS amount
FROM v_grant_buurt g JOIN theme_split ts ON ts.initiative_code = g.initiative_code
WHERE list_contains($funders, g.funder_code) AND g.start_date BETWEEN $start AND $end
  AND ($gemeente IS NULL OR g.gemeente_code = $gemeente)
GROUP BY ALL ORDER BY ALL"""


def selections(reader):
    funders = reader.all_funders()["code"].tolist()
    assert len(funders) >= 4
    for chosen in [[f] for f in funders[:4]] + [funders[:3], funders]:
        for gemeente in ("GM9999", None):
            for start, end in (
                (date(2020, 1, 1), date(2025, 12, 31)),
                (date(2024, 1, 1), date(2024, 12, 31)),
            ):
                yield {"funders": chosen, "gemeente": gemeente, "start": start, "end": end}


def test_outcomes_of_the_grantees_attribute_what_every_initiatives_outcomes_attribute(demo_home):
    reader = DuckDBRepository(demo_home).reader
    indicators = reader.outcome_indicators()["code"].tolist()
    compared = 0
    with duckdb.connect(str(wh.current_version(demo_home)), read_only=True) as con:
        for p in selections(reader):
            grantees = reader.portfolio("grantees", p)
            fetched = reader.portfolio("outcomes", p | {"indicators": indicators})
            assert set(fetched["initiative_code"]) <= set(grantees["initiative_code"])
            every = con.execute(
                EVERY_OUTCOME, {"indicators": indicators, "start": p["start"], "end": p["end"]}
            )
            every = every.df()
            for indicator in indicators:
                expected = pf.attributed_outcomes(grantees, every, indicator)
                assert pf.attributed_outcomes(grantees, fetched, indicator).equals(expected), (p, indicator)
                compared += int(expected["outcome"].notna().sum())
    assert compared > 0  # funders with attributed outcomes were compared, not only empty tables


def test_flows_split_themes_as_before(demo_home):
    reader = DuckDBRepository(demo_home).reader
    rows = 0
    with duckdb.connect(str(wh.current_version(demo_home)), read_only=True) as con:
        for p in selections(reader):
            flows = reader.portfolio("flows", p)
            expected = con.execute(EVERY_THEME_SPLIT, p).df()
            assert flows.equals(expected), p
            rows += len(flows)
    assert rows > 0
