"""Small-number protection on the other pages: initiative, social value, portfolio, profile and need.

Public mode (k = 10) against internal mode on the same warehouse. The counts that must not show are
computed here independently with SQL on the warehouse's own tables (observation, indicator, value_proxy,
grant_award, area), never taken from the code under test; then the page's output (callback return values,
layouts and figures serialised to JSON) is searched for them.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb
import pandas as pd
import plotly
import pytest

from dashboard import protection as prot
from dashboard.app import create_app
from dashboard.charts import portfolio as portfolio_charts
from dashboard.filters import Filters
from dashboard.pages import initiative as initiative_page
from dashboard.repository import SHIELDED_CODE, DuckDBRepository
from dashboard.views import portfolio as portfolio_view
from dashboard.views import value as value_view
from tests.published import rounded

K = 10


def as_json(obj) -> str:
    """What a callback would send: components and figures as JSON."""
    if hasattr(obj, "to_plotly_json"):
        obj = obj.to_plotly_json()
    return json.dumps(obj, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


def query(home: Path, sql: str, params: list | None = None) -> pd.DataFrame:
    con = duckdb.connect(str((home / "wijkwaarde.duckdb").resolve()), read_only=True)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


def repos(home: Path) -> tuple[DuckDBRepository, DuckDBRepository]:
    return DuckDBRepository(home, prot.Protection(k=K)), DuckDBRepository(home, prot.INTERNAL)


@pytest.fixture(scope="module")
def demo(demo_home):
    return repos(demo_home)


@pytest.fixture
def tiny(warehouse_home):
    return repos(warehouse_home)


# -- pure rules ------------------------------------------------------------------------------------------


def test_protect_attributed_hides_small_counts_thin_reporting_and_their_cost():
    frame = pd.DataFrame(
        {"funder_code": ["A", "B", "C", "D"], "money": [900.0, 1000.0, 5000.0, 10.0],
         "outcome": [9.0, 50.0, 40.0, math.nan], "cost": [100.0, 20.0, 125.0, math.nan],
         "reporting": [3, 4, 1, 0]}
    )  # fmt: skip
    out = prot.protect_attributed(frame, K)
    assert out[prot.SUPPRESSED].tolist() == [True, False, True, False]
    assert out["outcome"].isna().tolist() == [True, False, True, True]
    assert out["cost"].isna().tolist() == [True, False, True, True]  # 900 / cost would give 9 back
    assert frame["outcome"].iloc[0] == 9.0  # input untouched


def test_direction_only_keeps_no_count_per_initiative():
    # 20 -> 15 is no small count, but a count of people per initiative all the same: public mode shows none,
    # and no change either (-22.22 % undoes the rounding of 18 -> 14; 6 -> 5 gives -16.67 %).
    frame = pd.DataFrame({"year_before": [20.0, 6.0, math.nan, 15.0], "latest": [15.0, 5.0, 3.0, 15.0]})
    frame["trend"] = (frame["latest"] - frame["year_before"]) / frame["year_before"]
    out = prot.direction_only(frame)
    assert out[["year_before", "latest", "trend"]].isna().all().all()
    assert out["direction"].tolist()[:2] == [-1.0, -1.0] and math.isnan(out["direction"][2])
    assert out["direction"][3] == 0.0
    assert out["latest_suppressed"].all() and out["before_suppressed"].tolist() == [True, True, False, True]
    assert frame["latest"].iloc[0] == 15.0  # input untouched


# -- initiative page ---------------------------------------------------------------------------------------


def people_indicators(home: Path, code: str) -> set[str]:
    rows = query(
        home,
        "SELECT DISTINCT o.indicator_code FROM observation o JOIN indicator i ON i.code = o.indicator_code"
        " WHERE o.initiative_code = ? AND i.counts_people",
        [code],
    )
    return set(rows["indicator_code"])


def test_initiative_public_has_no_people_indicator_internal_has_them(demo, demo_home):
    public, internal = demo
    # an initiative with a people count below k in some quarter, and an indicator that is not people
    small = query(
        demo_home,
        "SELECT o.initiative_code, o.indicator_code, o.value FROM observation o"
        " JOIN indicator i ON i.code = o.indicator_code WHERE i.counts_people AND o.value < ?"
        " AND o.initiative_code IN (SELECT initiative_code FROM observation o2 JOIN indicator i2"
        "   ON i2.code = o2.indicator_code WHERE NOT i2.counts_people)"
        " ORDER BY o.initiative_code LIMIT 1",
        [K],
    )
    assert not small.empty, "Demostad should have a small people count for an initiative"
    code = small["initiative_code"].iloc[0]
    people = people_indicators(demo_home, code)
    shown = set(public.initiative_quarters(code)["indicator_code"])
    assert shown and not (shown & people)  # kg, kWh, scores stay; no people count at all
    assert set(public.initiative_withheld(code)["indicator_code"]) == people
    assert people <= set(internal.initiative_quarters(code)["indicator_code"])
    assert internal.initiative_withheld(code).empty

    public_text = as_json(initiative_page.build(public, {"code": code}))
    internal_text = as_json(initiative_page.build(internal, {"code": code}))
    for indicator in people:
        assert f'"data-indicator": "{indicator}"' not in public_text
        assert f'initiative-trend-{indicator}"' not in public_text
        assert f'"data-indicator": "{indicator}"' in internal_text
    assert "in de publieke modus niet gepubliceerd" in public_text
    assert "publieke modus" not in internal_text
    english = as_json(initiative_page.build(public, {"code": code, "lang": "en"}))
    assert "not published in public mode" in english


def test_tiny_initiative_with_only_people_counts(tiny):
    public, internal = tiny
    # Buurtkeuken (INI1), 2024-K4: 45 participants, 7 volunteers (tests/conftest.py)
    assert public.initiative_quarters("INI1").empty
    text = as_json(initiative_page.build(public, {"code": "INI1"}))
    assert "Actieve vrijwilligers, Bereikte deelnemers" in text and "7 personen" not in text
    assert "45 personen" not in text
    inside = as_json(initiative_page.build(internal, {"code": "INI1"}))
    assert "7 personen" in inside and "45 personen" in inside


# -- social value page -----------------------------------------------------------------------------------

SELECTION = {"gemeente": "GM9999", "van": "2024", "tot": "2025"}


def value_sql(home: Path, wijk: str | None = None) -> pd.DataFrame:
    """Per initiative and effect indicator: units in 2024-2025, value high, and whether it counts people."""
    return query(
        home,
        "WITH u AS (SELECT o.initiative_code, o.indicator_code, i.counts_people, sum(o.value) AS units"
        " FROM observation o JOIN indicator i ON i.code = o.indicator_code"
        " JOIN area b ON b.code = o.buurt_code"
        " WHERE o.period_start BETWEEN DATE '2024-01-01' AND DATE '2025-12-31'"
        "   AND o.indicator_code IN (SELECT indicator_code FROM value_proxy)"
        "   AND (CAST(? AS VARCHAR) IS NULL OR b.parent_code = ?)"
        " GROUP BY ALL),"
        " p AS (SELECT indicator_code, sum(value_high) AS per_unit FROM value_proxy GROUP BY ALL)"
        " SELECT u.*, u.units * p.per_unit AS high FROM u JOIN p USING (indicator_code)",
        [wijk, wijk],
    )


def test_value_per_initiative_leaves_out_effects_on_people(demo, demo_home):
    public, internal = demo
    filters = Filters.from_query(SELECTION)
    expected = value_sql(demo_home)
    assert expected["counts_people"].any() and (~expected["counts_people"]).any()
    full = expected.groupby("initiative_code")["high"].sum()
    other = expected[~expected["counts_people"]].groupby("initiative_code")["high"].sum()
    people_only = set(full.index) - set(other.index)
    assert people_only, "Demostad should have initiatives whose only effect counts people"

    pub = value_view.render(public, filters, None)["per_initiative"].set_index("initiative_code")
    inside = value_view.render(internal, filters, None)["per_initiative"].set_index("initiative_code")
    for code, high in full.items():
        assert inside.at[code, "value_high"] == pytest.approx(high)
        if code in other.index:
            assert pub.at[code, "value_high"] == pytest.approx(other[code])  # only kg / kWh
        else:
            assert pub.at[code, "measured"] and math.isnan(pub.at[code, "value_high"])  # afgeschermd
    # the total over the selection: all people units together, from more than one initiative
    people = expected[expected["counts_people"]]
    shielded = value_view.render(public, filters, None)["effects"]
    shielded = shielded[shielded["initiative_code"] == SHIELDED_CODE]
    # shown as the published count of people: rounded to 5 (protection rule 5)
    assert set(shielded["units"]) == {rounded(people["units"].sum())} and people["units"].sum() >= K
    assert people["initiative_code"].nunique() >= 2


def test_value_callback_response_carries_no_value_per_initiative_of_people(demo, demo_home):
    public, internal = demo
    expected = value_sql(demo_home)
    only_people = expected.groupby("initiative_code")["counts_people"].all()
    codes = only_people[only_people].index
    outputs = {}
    for name, repo in (("public", public), ("internal", internal)):
        app = create_app(repo)
        update = app.wijkwaarde_callbacks["value_update"]
        update = getattr(update, "__wrapped__", update)
        outputs[name] = as_json(
            list(
                update(
                    {"year_from": 2024, "year_to": 2025, "funders": [], "initiatief": None},
                    {"gemeente": "GM9999"},
                )
            )
        )
    per = value_view.render(internal, Filters.from_query(SELECTION), None)["per_initiative"]
    per = per.set_index("initiative_code")
    checked = 0
    for code in codes:
        text = value_view.euro_range(per.at[code, "value_low"], per.at[code, "value_high"])
        if per.at[code, "value_high"] > 0 and text in outputs["internal"]:  # '€ 0' is also a grant
            assert text not in outputs["public"], code
            checked += 1
    assert checked > 0
    assert "Afgeschermd bij:" in outputs["public"] and "Afgeschermd bij:" not in outputs["internal"]
    assert SHIELDED_CODE not in json.dumps(json.loads(outputs["public"])[1])  # not a matrix choice


def test_value_total_from_few_people_is_not_shown(demo, demo_home):
    public, internal = demo
    wijken = query(demo_home, "SELECT code FROM area WHERE level = 'wijk' ORDER BY code")["code"]
    found = 0
    for wijk in wijken:
        people = value_sql(demo_home, wijk)
        people = people[people["counts_people"]]
        if people.empty or (people["units"].sum() >= K and people["initiative_code"].nunique() >= 2):
            continue
        filters = Filters.from_query(SELECTION | {"wijk": wijk})
        effects = public.value_effects(filters)
        assert not (effects["initiative_code"] == SHIELDED_CODE).any()
        stake = value_view.render(public, filters, None)["stakeholders"]
        assert "uwv" not in set(stake["stakeholder"])  # only 'naar werk' values the UWV
        assert "uwv" in set(value_view.render(internal, filters, None)["stakeholders"]["stakeholder"])
        found += 1
    assert found, "expected a wijk with fewer than k people (or one initiative) behind 'naar werk'"


# -- portfolio page --------------------------------------------------------------------------------------


def portfolio_state(year_from: int, outcome: str = "deelnemers") -> portfolio_view.PortfolioState:
    return portfolio_view.PortfolioState.from_query(
        {"gemeente": "GM9999", "financier": "FIN1,FIN2", "van": str(year_from), "tot": "2024",
         "uitkomst": outcome}
    )  # fmt: skip


def summary(repo, state) -> dict[str, list[str]]:
    data = portfolio_view.load(repo, portfolio_view.resolve(repo, state))
    _, rows = portfolio_view.summary_rows(data, "Bereikte deelnemers", "nl")
    return {r[0]: r[1:] for r in rows}


def test_portfolio_reach_from_one_grantee_is_hidden(tiny, warehouse_home):
    public, internal = tiny
    # grantees per funder with grant money in 2024 that reported participants in 2024
    reporting = query(
        warehouse_home,
        "SELECT g.funder_code, count(DISTINCT g.initiative_code) AS n FROM grant_award g"
        " WHERE year(g.start_date) = 2024 AND g.initiative_code IN (SELECT initiative_code FROM observation"
        "   WHERE indicator_code = 'deelnemers' AND year(period_start) = 2024) GROUP BY ALL",
    ).set_index("funder_code")["n"]
    assert reporting.to_dict() == {"FIN1": 1, "FIN2": 1}
    reach = "Bereikte deelnemers (toegerekend naar aandeel)"
    # one grantee's own 120 and 36: hidden (rule 6) as 'afgeschermd', not '< 10' (neither is below 10)
    assert summary(public, portfolio_state(2024))[reach] == ["afgeschermd", "afgeschermd"]
    # a euro figure hidden with its count: "afgeschermd", not "< 10" (which reads as less than € 10)
    assert summary(public, portfolio_state(2024))["€ per bereikte deelnemer"] == [
        "afgeschermd",
        "afgeschermd",
    ]
    assert summary(internal, portfolio_state(2024))[reach] == ["120", "36"]  # one initiative's own count
    # 2023-2024: two reporting grantees each, hundreds of participants: shown
    assert all(v != "< 10" for v in summary(public, portfolio_state(2023))[reach])


def test_portfolio_volunteers_below_k_are_hidden_in_the_risk_table(tiny, warehouse_home):
    public, internal = tiny
    latest = query(
        warehouse_home,
        "SELECT initiative_code, arg_max(s, q) AS latest FROM (SELECT initiative_code, period_start AS q,"
        " sum(value) AS s FROM observation WHERE indicator_code = 'vrijwilligers' AND year(period_start) = 2024"
        " GROUP BY ALL) GROUP BY ALL",
    ).set_index("initiative_code")["latest"]
    assert (latest < K).all()  # Buurtkeuken 7, Zonnedak Oost 2
    out = {name: portfolio_charts.render(repo, portfolio_state(2024)) for name, repo in tiny_named(tiny)}
    public_text = as_json([out["public"]["risk_table"], out["public"]["risk"], out["public"]["summary"]])
    internal_text = as_json(out["internal"]["risk_table"])
    for value in latest:
        assert f"→ {int(value)}" in internal_text
    assert "→" not in public_text and "Vrijwilligers (jaar eerder" not in public_text
    assert "Vrijwilligers: richting in een jaar" in public_text


def tiny_named(tiny):
    return zip(("public", "internal"), tiny, strict=True)


def test_portfolio_demo_has_no_small_volunteer_count_in_public(demo, demo_home):
    public, internal = demo
    state = portfolio_view.PortfolioState.from_query({"gemeente": "GM9999"})
    rows = {}
    for name, repo in (("public", public), ("internal", internal)):
        data = portfolio_view.load(repo, portfolio_view.resolve(repo, state))
        rows[name] = portfolio_view.risk_rows(portfolio_view.dependency_of(data), data.funder_names, "nl")
    period = portfolio_view.resolve(public, state).filters.period
    small = query(
        demo_home,
        "SELECT initiative_code FROM (SELECT initiative_code, arg_max(s, q) AS latest FROM ("
        " SELECT initiative_code, period_start AS q, sum(value) AS s FROM observation"
        " WHERE indicator_code = 'vrijwilligers' AND year(period_start) BETWEEN ? AND ? GROUP BY ALL)"
        " GROUP BY ALL) WHERE latest < ?",
        [period[1] - 2, period[1], K],
    )["initiative_code"]
    assert sorted(r["code"] for r in rows["public"]) == sorted(r["code"] for r in rows["internal"])
    assert any(r["code"] in set(small) for r in rows["public"]), "Demostad should list one below k"
    # public mode: no volunteer counts per initiative at all, not even big ones; only the direction
    assert any("→" in r["volunteers"] for r in rows["internal"])
    for r in rows["public"]:
        assert "volunteers" not in r and r["trend"] in ("daalt", "gelijk", "stijgt", "onbekend")


# -- profile and need pages --------------------------------------------------------------------------------


def test_profile_outcomes_hide_small_counts_and_cannot_be_differenced(demo, demo_home):
    public, internal = demo
    people = set(query(demo_home, "SELECT code FROM indicator WHERE counts_people")["code"])
    cells = query(
        demo_home,
        "SELECT b.parent_code AS wijk, o.buurt_code, o.indicator_code, year(o.period_start) AS year,"
        " sum(o.value) AS value FROM observation o JOIN area b ON b.code = o.buurt_code"
        " JOIN indicator i ON i.code = o.indicator_code"
        " WHERE i.toc_level IN ('outcome', 'impact') AND i.counts_people AND i.aggregation = 'som'"
        " GROUP BY ALL",
    )
    assert (cells["value"] < K).any()
    wijken = cells[cells["value"] < K]["wijk"].drop_duplicates().head(2)
    for wijk in wijken:
        whole = public.area_outcomes(Filters(gemeente="GM9999", wijk=wijk)).set_index(
            ["indicator_code", "year"]
        )
        buurten = query(demo_home, "SELECT code FROM area WHERE parent_code = ?", [wijk])["code"]
        shown_sum: dict = {}
        for buurt in buurten:
            got = public.area_outcomes(Filters(gemeente="GM9999", buurt=buurt))
            mine = cells[cells["buurt_code"] == buurt].set_index(["indicator_code", "year"])["value"]
            for r in got[got["indicator_code"].isin(people)].itertuples(index=False):
                key = (r.indicator_code, r.year)
                if r.suppressed:
                    assert pd.isna(r.value)
                    continue
                assert r.value >= K and r.value == pytest.approx(rounded(mine[key]))  # shown rounded
                shown_sum[key] = shown_sum.get(key, 0.0) + mine[key]
        exact_total = cells[cells["wijk"] == wijk].groupby(["indicator_code", "year"])["value"].sum()
        for key, total in whole["value"].items():
            if key[0] in people and not pd.isna(total) and key in shown_sum:
                # the people in the hidden buurten: none, or at least k (the shown counts are rounded,
                # so the exact rest is what a user could at best get at)
                rest = exact_total[key] - shown_sum[key]
                assert rest == pytest.approx(0) or rest >= K  # no hidden buurt can be worked out
    assert not internal.area_outcomes(Filters(gemeente="GM9999", wijk=wijken.iloc[0]))["suppressed"].any()


def test_need_hides_small_participants_and_residents(tiny, warehouse_home):
    public, internal = tiny
    counts = public.need_coverage("GM9999", (2024, 2024)).set_index("buurt_code")
    shown = counts.loc[~counts["suppressed"], "participants"]
    assert (shown >= K).all() and counts.loc[counts["suppressed"], "participants"].isna().all()
    strict = DuckDBRepository(warehouse_home, prot.Protection(k=1600))
    residents = query(warehouse_home, "SELECT area_code, value FROM area_stat WHERE stat_code = 'inwoners'"
                      " AND year = 2024 AND value IS NOT NULL")  # fmt: skip
    got = strict.need_coverage("GM9999", (2024, 2024)).set_index("buurt_code")
    for r in residents.itertuples(index=False):
        assert bool(got.at[r.area_code, "residents_suppressed"]) == (r.value < 1600)
        assert pd.isna(got.at[r.area_code, "residents"]) == (r.value < 1600)
    inside = internal.need_coverage("GM9999", (2024, 2024)).set_index("buurt_code")
    assert not inside["residents_suppressed"].any() and not inside["suppressed"].any()


def test_profile_statistics_counts_below_k_are_missing(warehouse_home):
    strict = DuckDBRepository(warehouse_home, prot.Protection(k=1600))
    stats = strict.area_stats(["BU99990101", "BU99990102"])
    residents = stats[stats["stat_code"] == "inwoners"].set_index("area_code")
    assert (
        residents.loc["BU99990101", "value"].isna().all() and residents.loc["BU99990101", "suppressed"].all()
    )
    assert (residents.loc["BU99990102", "value"] == 2000).all()
    shares = stats[stats["stat_code"] == "aandeel_65plus"]
    small = shares["area_code"] == "BU99990101"
    # a share over fewer than k residents goes with them (rule 4); over more, CBS's value stays
    assert small.any() and shares.loc[small, "suppressed"].all() and shares.loc[small, "value"].isna().all()
    assert (~small).any() and not shares.loc[~small, "suppressed"].any()
    assert shares.loc[~small, "value"].notna().all()
