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
