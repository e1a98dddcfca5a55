"""The portfolio's risk chart and its table count the same grantees (issue 13.10: 1 point in the zone, 8 rows)."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from dashboard import portfolio as pf
from dashboard import protection as prot
from dashboard.charts import portfolio as portfolio_charts
from dashboard.repository import DuckDBRepository
from dashboard.views import portfolio as pv

SELECTIONS = [
    {"gemeente": "GM9999"},
    {"gemeente": "GM9999", "financier": "EIGEN,FONDS-01"},
    {"gemeente": "GM9999", "van": "2024", "tot": "2025"},
]


def in_zone(fig) -> list[tuple[str, str]]:
    """(funder, grantee) of every point drawn in the shaded risk zone (share >= 50 %, below the 0 line, or
    on 'daalt' where public mode draws directions only)."""
    fig = go.Figure(fig)  # the page draws a figure dict
    zone = fig.layout.shapes[0]
    assert zone.x0 == pf.RISK_SHARE and zone.y1 in (0, -0.5)
    return sorted(
        (trace.name, custom[0])
        for trace in fig.data
        for x, y, custom in zip(trace.x, trace.y, trace.customdata, strict=True)
        if x >= zone.x0 and zone.y0 <= y < zone.y1
    )


@pytest.mark.parametrize("protection", [prot.Protection(k=10), prot.INTERNAL], ids=["public", "internal"])
@pytest.mark.parametrize("query", SELECTIONS)
def test_risk_zone_holds_exactly_the_rows_of_the_risk_table(demo_home, protection, query):
    repo = DuckDBRepository(demo_home, protection)
    state = pv.resolve(repo, pv.PortfolioState.from_query(query))
    out = portfolio_charts.render(repo, state)
    dep = pv.dependency_of(pv.load(repo, state))
    names = pv.load(repo, state).funder_names
    rows = sorted((r["funder"], r["initiative"]) for r in pv.risk_rows(dep, names, "nl"))
    assert in_zone(out["risk"]) == rows
    # and the summary's 'Initiatieven met risico' counts the same grantees
    assert int(dep["at_risk"].sum()) == len(rows)
    assert rows or query != SELECTIONS[0], "the default selection has grantees at risk"


def test_the_grantees_volunteers_give_the_dependency_every_volunteer_row_gives(demo_home):
    """portfolio_volunteers.sql fetches the chosen funders' grantees only (it fetched every initiative's
    quarters and the merge threw the rest away): the dependency table is the same, for every funder choice,
    gemeente and period."""
    from datetime import date

    import duckdb

    from etl import warehouse as wh

    every = """SELECT o.initiative_code, o.year, o.quarter, sum(o.value) AS value FROM v_observation o
               WHERE o.indicator_code = 'vrijwilligers' AND o.period_start BETWEEN $start AND $end
               GROUP BY ALL ORDER BY ALL"""
    reader = DuckDBRepository(demo_home).reader
    funders = reader.all_funders()["code"].tolist()
    with_trend = 0
    with duckdb.connect(str(wh.current_version(demo_home)), read_only=True) as con:
        for chosen in [[f] for f in funders[:4]] + [funders[:3]]:
            for gemeente in ("GM9999", None):
                for start, end in (
                    (date(2020, 1, 1), date(2025, 12, 31)),
                    (date(2024, 1, 1), date(2025, 12, 31)),
                ):
                    p = {"funders": chosen, "gemeente": gemeente, "start": start, "end": end}
                    grantees = reader.portfolio("grantees", p)
                    fetched = reader.portfolio("volunteers", p)
                    assert set(fetched["initiative_code"]) <= set(grantees["initiative_code"])
                    all_rows = con.execute(every, {"start": start, "end": end}).df()
                    expected = pf.dependency(grantees, all_rows, end)
                    assert pf.dependency(grantees, fetched, end).equals(expected), (chosen, gemeente, start)
                    with_trend += int(expected["latest"].notna().sum())
    assert with_trend > 0  # grantees with volunteer counts were compared, not only empty tables
