"""Survival page: durations, Kaplan–Meier figures and at-risk counts against lifelines run directly on
durations the test computes itself in SQL on the same warehouse."""

from __future__ import annotations

import math
from datetime import date

import duckdb
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from lifelines import KaplanMeierFitter

from dashboard import survival as sv
from dashboard.app import create_app
from dashboard.charts import survival as charts
from dashboard.repository import PUBLISHED_NAME, DuckDBRepository
from dashboard.views import survival as view

# The rule in SQL, written independently of dashboard/survival.py: stopped on the end date; without an end
# date, stopped at the last sign of life (observation end or grant start) when that is more than N months
# before the data date; everyone else censored at the data date.
DURATIONS_SQL = """
WITH d AS (
    SELECT greatest((SELECT max(period_end) FROM observation), (SELECT max(start_date) FROM grant_award)) AS day
),
signs AS (
    SELECT i.code, i.form, i.start_date, i.end_date,
           greatest(i.start_date,
                    coalesce((SELECT max(o.period_end) FROM observation o WHERE o.initiative_code = i.code), i.start_date),
                    coalesce((SELECT max(g.start_date) FROM grant_award g WHERE g.initiative_code = i.code), i.start_date))
               AS last_sign
    FROM initiative i
),
ruled AS (
    SELECT s.*, d.day,
           s.end_date IS NOT NULL AND s.end_date <= d.day AS ended,
           s.last_sign < d.day - to_months(CAST($months AS INTEGER)) AS silent
    FROM signs s, d
    WHERE s.start_date <= d.day
),
decided AS (
    SELECT *,
           CASE $rule WHEN 'einddatum' THEN ended
                      WHEN 'stilte' THEN silent
                      ELSE ended OR (end_date IS NULL AND silent) END AS stopped,
           CASE $rule WHEN 'einddatum' THEN end_date
                      WHEN 'stilte' THEN last_sign
                      ELSE CASE WHEN ended THEN end_date ELSE last_sign END END AS stop_day
    FROM ruled
)
SELECT code, form, stopped,
       greatest(0, date_diff('day', start_date, CASE WHEN stopped THEN stop_day ELSE day END)) / 365.25 AS years
FROM decided
ORDER BY code
"""

MIX_SQL = """
SELECT i.code,
       count(DISTINCT g.funder_code) FILTER (WHERE f.funder_type <> 'eigen_inkomsten') AS external,
       coalesce(bool_or(f.funder_type = 'eigen_inkomsten'), false) AS own
FROM initiative i
LEFT JOIN grant_award g ON g.initiative_code = i.code
LEFT JOIN funder f ON f.code = g.funder_code
GROUP BY i.code
"""


def sql_durations(home, rule: str, months: int) -> pd.DataFrame:
    con = duckdb.connect(str(home / PUBLISHED_NAME), read_only=True)
    try:
        return con.execute(DURATIONS_SQL, {"rule": rule, "months": months}).df()
    finally:
        con.close()


def sql(home, text: str) -> pd.DataFrame:
    con = duckdb.connect(str(home / PUBLISHED_NAME), read_only=True)
    try:
        return con.execute(text).df()
    finally:
        con.close()


def page_durations(repo, rule: sv.Rule) -> pd.DataFrame:
    rows = repo.survival_initiatives("GM9999", None)
    return sv.durations(rows, repo.data_date(), rule)


@pytest.mark.parametrize(
    ("rule", "months"), [("beide", 12), ("einddatum", 12), ("stilte", 12), ("stilte", 6)]
)
def test_durations_match_sql(demo_repo, demo_home, rule, months):
    ours = page_durations(demo_repo, sv.Rule(rule, months)).set_index("code").sort_index()
    expected = sql_durations(demo_home, rule, months).set_index("code").sort_index()
    assert list(ours.index) == list(expected.index)
    assert (ours["stopped"].to_numpy() == expected["stopped"].to_numpy()).all()
    np.testing.assert_allclose(ours["years"].to_numpy(), expected["years"].to_numpy(), atol=1e-9)
    assert 0 < expected["stopped"].sum() < len(expected)  # the demo has both stopped and active initiatives


def kmf_for(years, stopped) -> KaplanMeierFitter:
    return KaplanMeierFitter().fit(np.asarray(years, float), event_observed=np.asarray(stopped, bool))


def at_risk_from_event_table(kmf: KaplanMeierFitter, t: float) -> int:
    """lifelines' own at-risk count at the first event time (stopped or censored) on or after t."""
    table = kmf.event_table
    later = table[table.index >= t]
    return 0 if later.empty else int(later["at_risk"].iloc[0])


def check_curve(curve: sv.Curve, years: np.ndarray, stopped: np.ndarray) -> None:
    kmf = kmf_for(years, stopped)
    assert curve.n == len(years) and curve.events == int(stopped.sum())
    assert curve.median == pytest.approx(kmf.median_survival_time_) or (
        math.isinf(curve.median) and math.isinf(kmf.median_survival_time_)
    )
    if (years >= 3).any():
        assert curve.at_horizon == pytest.approx(float(kmf.predict(3.0)), abs=1e-12)
        # the confidence interval at 3 years, from lifelines' own exponential Greenwood bounds
        ci = KaplanMeierFitter().fit(years, stopped, timeline=np.unique(np.r_[0.0, 3.0, years]))
        bounds = ci.confidence_interval_.loc[3.0].to_numpy()
        assert curve.at_horizon_ci == pytest.approx(tuple(bounds), abs=1e-12)
    else:
        assert curve.at_horizon is None
    for t in range(0, int(years.max()) + 1):
        assert curve.at_risk(t) == at_risk_from_event_table(kmf, t) == int((years >= t).sum())


def test_all_initiatives_against_lifelines(demo_repo, demo_home):
    expected = sql_durations(demo_home, "beide", 12)
    curves, left_out = sv.curves(page_durations(demo_repo, sv.Rule()), "geen")
    assert len(curves) == 1 and not left_out
    check_curve(curves[0], expected["years"].to_numpy(), expected["stopped"].to_numpy())


@pytest.mark.parametrize("group", ["vorm", "mix"])
def test_groups_against_lifelines(demo_repo, demo_home, group):
    expected = sql_durations(demo_home, "beide", 18)
    if group == "mix":
        mix = sql(demo_home, MIX_SQL)
        expected = expected.merge(mix, on="code")
        count = np.where(
            expected["external"] == 0, "geen", np.where(expected["external"] == 1, "een", "meer")
        )
        expected["key"] = [
            f"{c}|{'eigen' if o else 'zonder'}" for c, o in zip(count, expected["own"], strict=True)
        ]
    else:
        expected["key"] = expected["form"]
    curves, _ = sv.curves(page_durations(demo_repo, sv.Rule("beide", 18)), group)
    assert len(curves) >= 3, "the demo must give several groups to compare"
    for curve in curves:
        part = expected[expected["key"] == curve.key]
        check_curve(curve, part["years"].to_numpy(), part["stopped"].to_numpy())
    sizes = expected.groupby("key").size()
    assert sorted(c.n for c in curves) == sorted(
        sizes[sizes >= sv.MIN_GROUP].nlargest(sv.MAX_GROUPS).tolist()
    )


def test_funding_mix_shows_own_revenue_and_several_funders(demo_repo):
    curves, _ = sv.curves(page_durations(demo_repo, sv.Rule()), "mix")
    keys = {c.key for c in curves}
    assert {"een|zonder", "meer|zonder", "een|eigen", "meer|eigen"} <= keys


def test_tiny_fixture_by_hand(repo):
    """Data date 31-12-2024. Durations: Zonnedak 0,914 (active), Buurtkeuken 3,836 (active),
    Taalcafé 4,493 (stopped 30-06-2023), Moestuin 4,997 (stopped 31-12-2022)."""
    df = page_durations(repo, sv.Rule())
    by_code = df.set_index("code")
    assert by_code.loc["INI2", "stopped"] and by_code.loc["INI4", "stopped"]
    assert not by_code.loc["INI1", "stopped"] and not by_code.loc["INI3", "stopped"]
    assert by_code.loc["INI1", "years"] == pytest.approx(
        (date(2024, 12, 31) - date(2021, 3, 1)).days / 365.25
    )
    (curve,), _ = sv.curves(df, "geen")
    # At 4,493 two are at risk and one stops: S = 1/2; at 4,997 the last one stops: S = 0.
    assert curve.median == pytest.approx((date(2023, 6, 30) - date(2019, 1, 1)).days / 365.25)
    assert curve.at_horizon == 1.0  # nobody stopped within 3 years
    assert [curve.at_risk(t) for t in range(6)] == [4, 3, 3, 3, 2, 0]
    # No sign of life for 12 months: Moestuin never reported or got a grant, so it stopped at its start.
    silent = page_durations(repo, sv.Rule("stilte", 12)).set_index("code")
    assert silent.loc["INI4", "stopped"] and silent.loc["INI4", "years"] == 0.0
    assert silent.loc["INI2", "stopped"] and not silent.loc["INI1", "stopped"]


def test_rendered_summary_uses_the_same_numbers(demo_repo, demo_home):
    out = charts.render(demo_repo, view.SurvivalState.from_query({"groep": "geen"}))
    expected = sql_durations(demo_home, "beide", 12)
    kmf = kmf_for(expected["years"], expected["stopped"])
    cells = [td.children for td in out["summary"].children[1].children[0].children]
    assert cells[1] == str(len(expected)) and cells[2] == str(int(expected["stopped"].sum()))
    assert cells[3] == f"{kmf.median_survival_time_:.1f}".replace(".", ",") + " jaar"
    assert cells[4].startswith(f"{round(float(kmf.predict(3.0)) * 100)}%")
    figure = go.Figure(out["figure"])  # a figure dict: validated here
    assert figure.layout.xaxis.title.text == "Jaren sinds de start"
    assert figure.layout.yaxis.title.text == "Aandeel nog actief"
    assert len(figure.data) == 3  # band upper, band lower, curve
    assert "12 maanden" in out["rule"] and "31-12-2025" in out["rule"]


def test_state_from_url_is_validated():
    state = view.SurvivalState.from_query(
        {"groep": "vorm", "regel": "stilte", "maanden": "24", "gemeente": "GM9999"}
    )
    assert (state.group, state.rule) == ("vorm", sv.Rule("stilte", 24))
    assert state.to_search() == "?gemeente=GM9999&groep=vorm&regel=stilte&maanden=24"
    forged = view.SurvivalState.from_query(
        {"groep": "x'; DROP", "regel": "<b>", "maanden": "9999", "gemeente": "1=1"}
    )
    assert (forged.group, forged.rule, forged.filters.gemeente) == ("geen", sv.Rule(), None)
    assert forged.to_search() == ""


def test_callback_follows_the_controls(warehouse_home):
    app = create_app(DuckDBRepository(warehouse_home))
    callback = app.wijkwaarde_callbacks["survival"]
    callback = getattr(callback, "__wrapped__", callback)
    figure, at_risk, summary, rule, notes, note, search, _table, _summary = callback(
        {"gemeente": "GM9999", "groep": "geen", "regel": "stilte", "maanden": 6}, "en"
    )
    assert search == "?gemeente=GM9999&lang=en&regel=stilte&maanden=6"
    assert "6 months" in rule
    assert go.Figure(figure).layout.xaxis.title.text == "Years since the start"  # sent as a dict
    # four initiatives cannot make a curve per form (at least MIN_GROUP each): a message, not empty axes
    sent, *_ = callback({"gemeente": "GM9999", "groep": "vorm", "regel": "beide", "maanden": 12}, "nl")
    figure = go.Figure(sent)
    assert figure.layout.annotations[0].text == "Geen gegevens voor deze selectie" and not figure.data


def test_nothing_to_estimate_gives_a_message(repo):
    out = charts.render(
        repo, view.SurvivalState.from_query({"gemeente": "GM0001"})
    )  # a gemeente without data
    figure = go.Figure(out["figure"])  # a figure dict
    assert not figure.data and out["count"] == 0
    assert figure.layout.annotations[0].text == "Geen gegevens voor deze selectie"


# -- exports, data-table alternative and council pack (issue 5) ---------------------------------------


def test_km_export_table_and_slide_equal_the_curve_and_lifelines(demo_repo, demo_home):
    from dashboard import formatting as fmt
    from dashboard.components.chart_tools import data_table
    from dashboard.pack.items import native_chart
    from dashboard.pack.permalinks import items_for_url
    from tests.dashboard.chart_checks import both_exports, meta_ok, table_cells

    chart = charts.render(demo_repo, view.SurvivalState.from_query({"groep": "geen"}))["charts"]["overleving"]
    head, table, _, rows = both_exports(chart.data)
    meta_ok(head, "Aandeel nog actief sinds de start")
    assert "Groeperen naar: Geen" in head[1] or "Groeperen naar" in head[1]
    expected = sql_durations(demo_home, "beide", 12)
    kmf = kmf_for(expected["years"], expected["stopped"])
    # the shares as the page shows them: percentages in the CSV, fractions with a percent format in Excel
    assert table[0][:5] == ["Groep", "Jaren sinds de start", "Aandeel nog actief (%)",
                            "Ondergrens 95%-interval (%)", "Bovengrens 95%-interval (%)"]  # fmt: skip
    for got, scale in ((table[1:], 100), (rows, 1)):
        times = [r[1] for r in got]
        # every step of the exported curve is lifelines' own survival estimate at that time (durations in
        # SQL and in the page may differ in the last bits of a float: evaluate just after the step)
        expected_share = [scale * float(kmf.predict(x + 1e-9)) for x in times]
        assert [r[2] for r in got] == pytest.approx(expected_share, abs=1e-9)
        assert all(r[3] <= r[2] <= r[4] for r in got)
        assert {r[0] for r in got} == {f"Alle initiatieven (n = {len(expected)})"}

    figure = go.Figure(charts.render(demo_repo, view.SurvivalState.from_query({"groep": "geen"}))["figure"])
    curve = figure.data[2]
    assert [r[2] for r in table[1:]] == pytest.approx([100 * y for y in curve.y])
    cells = table_cells(data_table(chart.data, "nl"))
    assert [c[2] for c in cells] == [fmt.percent(v, 1) for v in curve.y]
    assert chart.data.summary.startswith("Aandeel nog actief sinds de start: Alle initiatieven")

    # The slide: a step curve with bands is an image, not a PowerPoint line chart; the page's figure.
    (item,) = items_for_url(demo_repo, "/overleving?groep=geen&grafiek=overleving")
    assert native_chart(item.figure) is None
    assert list(item.figure.data[2].y) == list(curve.y)
    assert "Bron: " in item.footnote and item.fictional


def test_survival_export_callback_uses_the_controls(warehouse_home):
    from tests.dashboard.chart_checks import csv_table, download_bytes

    app = create_app(DuckDBRepository(warehouse_home))
    result = app.wijkwaarde_callbacks["survival_export"](
        "overleving", "csv", "GM9999", "geen", "stilte", 6, "en"
    )
    head, table = csv_table(download_bytes(result))
    assert head[0] == "# Title: Share still active since the start"
    figure = charts.render(DuckDBRepository(warehouse_home), view.SurvivalState.from_query(
        {"gemeente": "GM9999", "regel": "stilte", "maanden": "6", "lang": "en"}))["figure"]  # fmt: skip
    assert table[0][2] == "Share still active (%)"
    assert [r[2] for r in table[1:]] == pytest.approx([100 * y for y in go.Figure(figure).data[2].y])
    page = app.wijkwaarde_callbacks["survival"]
    controls = {"gemeente": "GM9999", "groep": "geen", "regel": "stilte", "maanden": 6}
    (details, summary) = getattr(page, "__wrapped__", page)(controls, "en")[-2:]
    assert (
        details["props"]["children"][0]["props"]["children"] == "Table for this chart" and summary
    )  # as sent


def test_at_risk_and_summary_tables_download_as_numbers(demo_repo, demo_home):
    from tests.dashboard.chart_checks import both_exports, meta_ok

    tables = {
        n: f(view.context(demo_repo, view.SurvivalState.from_query({"groep": "geen"})))
        for n, f in charts.TABLES.items()
    }
    expected = sql_durations(demo_home, "beide", 12)
    head, table, _, rows = both_exports(tables["at-risk"])
    meta_ok(head, "Aantal nog gevolgd na 0, 1, 2, … jaar")
    years = [int(y) for y in table[0][1:]]
    for got in (table[1:], rows):
        assert got[0][1:] == [int((expected["years"] >= y).sum()) for y in years]
    _, table, _, rows = both_exports(tables["samenvatting"])
    kmf = kmf_for(expected["years"], expected["stopped"])
    for got, scale in ((table[1:], 100), (rows, 1)):  # percent in the CSV, a fraction with '%' in Excel
        assert got[0][1:3] == [len(expected), int(expected["stopped"].sum())]
        assert got[0][3] == pytest.approx(kmf.median_survival_time_)
        assert got[0][4] == pytest.approx(scale * float(kmf.predict(3.0)))
