"""`make demo` as a policy officer meets it: Demostad loaded through the real ETL, served by gunicorn.

The expected numbers are computed here with plain SQL on the loaded tables (not the v_* views the
dashboard reads), so a wrong view, query or format shows up as a mismatch.
"""

from __future__ import annotations

import base64

import duckdb
import pytest

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_overview import COUNT_BLUE, kpi_texts, open_overview

pytestmark = pytest.mark.browser


def dutch_int(value: float) -> str:
    return f"{round(value):,}".replace(",", ".")


@pytest.fixture(scope="module")
def truth(demo_home):
    """Independent figures for the default view (gemeente Demostad, the last year with observations)."""
    con = duckdb.connect(str(demo_home / "wijkwaarde.duckdb"), read_only=True)
    try:
        q = lambda sql, *p: con.execute(sql, list(p)).fetchall()  # noqa: E731
        (year,) = q("SELECT max(year(period_start)) FROM observation")[0]
        buurten = {c for (c,) in q("SELECT code FROM area WHERE level = 'buurt' AND code LIKE 'BU9999%'")}
        wijken = [c for (c,) in q("SELECT code FROM area WHERE level = 'wijk' ORDER BY code")]
        (active,) = q(
            "SELECT count(DISTINCT i.code) FROM initiative i JOIN initiative_buurt ib ON ib.initiative_code = i.code"
            " WHERE i.start_date <= make_date(?, 12, 31)"
            " AND (i.end_date IS NULL OR i.end_date >= make_date(?, 1, 1))",
            year,
            year,
        )[0]
        (grants,) = q("SELECT sum(amount) FROM grant_award WHERE year(start_date) = ?", year)[0]
        # A grant counts in a wijk for the share of its initiative's buurten that lie in that wijk.
        per_wijk = dict(
            q(
                """
                WITH n AS (SELECT initiative_code, count(*) AS k FROM initiative_buurt GROUP BY 1)
                SELECT a.parent_code, sum(g.amount / n.k)
                FROM grant_award g JOIN n USING (initiative_code)
                JOIN initiative_buurt ib ON ib.initiative_code = g.initiative_code
                JOIN area a ON a.code = ib.buurt_code
                WHERE year(g.start_date) = ? GROUP BY 1
                """,
                year,
            )
        )
    finally:
        con.close()
    return {"year": year, "buurten": buurten, "wijken": wijken, "active": active, "grants": grants,
            "per_wijk": per_wijk}  # fmt: skip


def test_demo_map_paints_every_buurt_of_demostad(tab, demo_url, truth):
    open_overview(tab, demo_url + "/")
    drawn = tab.evaluate(
        "() => document.querySelector('#overview-map .js-plotly-plot').data[1].locations.map(String)"
    )
    assert set(drawn) == truth["buurten"] and len(truth["buurten"]) >= 30
    shot = tab.locator("#overview-map").screenshot(path=str(ARTIFACTS / "demo-map.png"))
    blue = tab.evaluate(COUNT_BLUE, base64.b64encode(shot).decode())
    assert blue > 20_000, f"only {blue} blue pixels: the buurten were not painted"
    tab.screenshot(path=str(ARTIFACTS / "demo-overview.png"), full_page=True)
    body = tab.inner_text("body")
    assert "fictieve gegevens" in body and "Demostad" in body
    assert not tab.errors


def test_demo_kpis_equal_the_loaded_data(tab, demo_url, truth):
    open_overview(tab, demo_url + "/")
    active, _, _, grants = kpi_texts(tab)
    assert active == dutch_int(truth["active"])
    assert grants == "€ " + dutch_int(truth["grants"])
    assert str(truth["year"]) in tab.inner_text("#filter-year-from")  # the default: last observed year


def test_demo_wijk_figures_add_up_to_the_gemeente(tab, demo_url, truth):
    """The grant money of the wijken adds up to the gemeente's, each equal to the independent split."""
    wijk = max(truth["per_wijk"], key=truth["per_wijk"].get)
    open_overview(tab, f"{demo_url}/?gemeente=GM9999&wijk={wijk}")
    tab.wait_for_function(
        "(t) => document.querySelector('#kpi-grants .kpi-value').textContent === t",
        arg="€ " + dutch_int(truth["per_wijk"][wijk]),
        timeout=15_000,
    )
    assert sum(truth["per_wijk"].values()) == pytest.approx(float(truth["grants"]))
    assert set(truth["per_wijk"]) <= set(truth["wijken"])
