"""The social value page: value ranges per initiative, stakeholder and funder against an independent computation.

The expected numbers come from the warehouse's tables (not the v_* views the dashboard reads) with pandas,
on Demostad loaded through the real ETL with the example value proxies.
"""

from __future__ import annotations

import json
from datetime import date

import duckdb
import pandas as pd
import plotly
import plotly.graph_objects as go
import pytest

from dashboard import ids
from dashboard import protection as prot
from dashboard.app import create_app
from dashboard.filters import Filters
from dashboard.pages import value as page
from dashboard.repository import DuckDBRepository
from dashboard.views import value as view
from etl import demo
from etl import taxonomy as tx
from etl import value_proxies as vp

START, END = date(2024, 1, 1), date(2025, 12, 31)
WIJK = "WK999903"


@pytest.fixture(scope="module")
def tables(demo_home) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str((demo_home / "wijkwaarde.duckdb").resolve()), read_only=True)
    try:
        names = (
            "observation",
            "value_proxy",
            "initiative_buurt",
            "area",
            "grant_award",
            "initiative",
            "funder",
        )
        return {n: con.execute(f"SELECT * FROM {n}").df() for n in names}  # noqa: S608 (fixed names)
    finally:
        con.close()


def expected_effects(tables, wijk: str | None = None) -> pd.DataFrame:
    """Units per initiative and indicator in the period (and wijk), times every proxy of that indicator."""
    obs = tables["observation"]
    primary = tables["initiative_buurt"].query("is_primary")[["initiative_code", "buurt_code"]]
    obs = obs.merge(primary.rename(columns={"buurt_code": "main"}), on="initiative_code", how="left")
    obs["buurt"] = obs["buurt_code"].fillna(obs["main"])
    obs["start"] = pd.to_datetime(obs["period_start"]).dt.date
    obs = obs[(obs["start"] >= START) & (obs["start"] <= END)]
    if wijk is not None:
        parents = tables["area"].set_index("code")["parent_code"]
        obs = obs[obs["buurt"].map(parents) == wijk]
    units = obs.groupby(["initiative_code", "indicator_code"], as_index=False)["value"].sum()
    out = units.merge(tables["value_proxy"], on="indicator_code")
    out["low"] = out["value"] * out["value_low"]
    out["high"] = out["value"] * out["value_high"]
    return out


def grants_in_period(tables) -> pd.DataFrame:
    g = tables["grant_award"].copy()
    g["start"] = pd.to_datetime(g["start_date"]).dt.date
    g = g[(g["start"] >= START) & (g["start"] <= END)]
    g["amount"] = g["amount"].astype(float)
    return g


@pytest.fixture(scope="module")
def selection() -> Filters:
    return Filters.from_query({"gemeente": "GM9999", "van": "2024", "tot": "2025"})


@pytest.fixture(scope="module")
def internal_repo(demo_home) -> DuckDBRepository:
    """Internal mode: every value per initiative. Public mode protects the value of effects on people
    (tests/dashboard/test_protection_pages.py)."""
    return DuckDBRepository(demo_home, prot.INTERNAL)


@pytest.fixture(scope="module")
def rendered(internal_repo, selection):
    return view.render(internal_repo, selection, None)


def test_demo_loads_the_example_proxies(tables):
    assert len(tables["value_proxy"]) == len(vp.EXAMPLE_PROXIES)
    assert tables["value_proxy"]["is_example"].all()
    assert (tables["value_proxy"]["value_low"] <= tables["value_proxy"]["value_high"]).all()


def test_value_per_initiative_matches_independent_computation(tables, rendered):
    expected = expected_effects(tables).groupby("initiative_code")[["low", "high"]].sum()
    per = rendered["per_initiative"]
    measured = per[per["measured"]].set_index("initiative_code")
    assert len(expected) > 20, "Demostad should have plenty of initiatives with measured effects"
    assert sorted(measured.index) == sorted(expected.index)
    pd.testing.assert_series_equal(
        measured["value_low"].sort_index(), expected["low"].sort_index(), check_names=False
    )
    pd.testing.assert_series_equal(
        measured["value_high"].sort_index(), expected["high"].sort_index(), check_names=False
    )
    assert (measured["value_low"] <= measured["value_high"]).all()


def test_unmeasured_initiatives_get_no_value_and_no_ratio(tables, rendered):
    per = rendered["per_initiative"]
    unmeasured = per[~per["measured"]]
    assert len(unmeasured) > 0
    assert unmeasured["value_low"].isna().all() and unmeasured["ratio_low"].isna().all()
    measured_codes = set(expected_effects(tables)["initiative_code"])
    assert not measured_codes & set(unmeasured["initiative_code"])
    # Alive in the period and serving Demostad, yet no measured effect: exactly the unmeasured list.
    ini = tables["initiative"]
    alive = ini[
        (pd.to_datetime(ini["start_date"]).dt.date <= END)
        & (ini["end_date"].isna() | (pd.to_datetime(ini["end_date"]).dt.date >= START))
    ]
    assert set(unmeasured["initiative_code"]) == set(alive["code"]) - measured_codes


def test_value_to_grant_ratio_only_for_measured_initiatives_with_grants(tables, rendered):
    grants = grants_in_period(tables).groupby("initiative_code")["amount"].sum()
    value = expected_effects(tables).groupby("initiative_code")[["low", "high"]].sum()
    per = rendered["per_initiative"].set_index("initiative_code")
    with_ratio = per[per["ratio_low"].notna()]
    assert len(with_ratio) > 10
    assert set(with_ratio.index) == set(value.index) & set(grants[grants > 0].index)
    for code, row in with_ratio.iterrows():
        assert row["ratio_low"] == pytest.approx(value.loc[code, "low"] / grants[code])
        assert row["ratio_high"] == pytest.approx(value.loc[code, "high"] / grants[code])


def test_value_per_stakeholder_matches(tables, rendered):
    expected = expected_effects(tables).groupby("stakeholder")[["low", "high"]].sum()
    got = rendered["stakeholders"].set_index("stakeholder")
    assert sorted(got.index) == sorted(expected.index)
    for code in expected.index:
        assert got.loc[code, "value_low"] == pytest.approx(expected.loc[code, "low"])
        assert got.loc[code, "value_high"] == pytest.approx(expected.loc[code, "high"])
    # The stakeholder chart draws exactly these ranges: bar base = low, base + width = high.
    bar = go.Figure(rendered["stakeholder_figure"]).data[0]  # a figure dict
    assert list(bar.base) == pytest.approx(
        list(got["value_low"].reindex(rendered["stakeholders"]["stakeholder"]))
    )


def test_portfolio_attributes_value_by_grant_share(tables, rendered):
    effects = expected_effects(tables).groupby("initiative_code")[["low", "high"]].sum()
    grants = grants_in_period(tables)
    per_pair = grants.groupby(["funder_code", "initiative_code"], as_index=False)["amount"].sum()
    per_pair["share"] = per_pair["amount"] / per_pair.groupby("initiative_code")["amount"].transform("sum")
    per_pair = per_pair[per_pair["initiative_code"].isin(effects.index)]
    per_pair["low"] = per_pair["share"] * per_pair["initiative_code"].map(effects["low"])
    per_pair["high"] = per_pair["share"] * per_pair["initiative_code"].map(effects["high"])
    expected = per_pair.groupby("funder_code")[["low", "high", "amount"]].sum()
    got = rendered["portfolio"].set_index("funder_code")
    for funder in expected.index:
        assert got.loc[funder, "value_low"] == pytest.approx(expected.loc[funder, "low"])
        assert got.loc[funder, "value_high"] == pytest.approx(expected.loc[funder, "high"])
        assert got.loc[funder, "grants_measured"] == pytest.approx(expected.loc[funder, "amount"])
        assert got.loc[funder, "ratio_high"] == pytest.approx(
            expected.loc[funder, "high"] / expected.loc[funder, "amount"]
        )
    # Attribution only splits value: the funders together hold the value of the funded initiatives.
    funded = effects[effects.index.isin(per_pair["initiative_code"])]
    assert got["value_high"].sum() == pytest.approx(funded["high"].sum())


def test_ratio_uses_all_grant_money_even_when_one_funder_is_selected(internal_repo, tables):
    filters = Filters.from_query(
        {"gemeente": "GM9999", "financier": "FONDS-01", "van": "2024", "tot": "2025"}
    )
    per = view.render(internal_repo, filters, None)["per_initiative"].set_index("initiative_code")
    grants = grants_in_period(tables)
    funded = set(tables["grant_award"].query("funder_code == 'FONDS-01'")["initiative_code"])
    assert set(per.index) <= funded  # the funder filter keeps its grantees
    totals = grants.groupby("initiative_code")["amount"].sum()
    paid = per[per["grants"].notna()]
    assert len(paid) > 0
    for code, row in paid.iterrows():
        assert row["grants"] == pytest.approx(totals[code])


def test_wijk_filter_counts_only_effects_in_that_wijk(internal_repo, tables):
    filters = Filters.from_query({"gemeente": "GM9999", "wijk": WIJK, "van": "2024", "tot": "2025"})
    data = view.render(internal_repo, filters, None)
    expected = expected_effects(tables, WIJK).groupby("stakeholder")["high"].sum()
    got = data["stakeholders"].set_index("stakeholder")["value_high"]
    assert len(expected) > 0
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False)


def test_who_benefits_matrix_for_one_initiative(tables, rendered):
    effects = expected_effects(tables)
    code = effects.groupby("initiative_code")["indicator_code"].nunique().idxmax()
    mine = effects[effects["initiative_code"] == code]
    matrix = view.benefit_matrix(rendered["effects"], "nl", code)
    names = {row[0]: row[1] for row in demo.INDICATORS}  # code -> Dutch name, from the generator
    for row in mine.itertuples(index=False):
        i = matrix["stakeholders"].index(tx.STAKEHOLDERS[row.stakeholder][0])
        j = matrix["effects"].index(names[row.indicator_code])
        assert matrix["low"][i][j] == pytest.approx(row.low)
        assert matrix["high"][i][j] == pytest.approx(row.high)
    cells = sum(v is not None for r in matrix["high"] for v in r)
    assert cells == len(mine)  # empty cells are None (no proxy), never a made-up zero
    fig = go.Figure(view.matrix_figure(matrix, "nl"))
    assert fig.data[0].type == "heatmap" and list(fig.data[0].y) == matrix["stakeholders"]


def layout_text(component) -> str:
    return json.dumps(component.to_plotly_json(), cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


def test_page_shows_assumptions_rule_and_not_measured(demo_repo):
    text = layout_text(page.build(demo_repo, {"gemeente": "GM9999", "van": "2024", "tot": "2025"}))
    assert "Alleen gemeten effecten tellen" in text
    assert "voorbeeldwaarde, geen officiële bron" in text
    assert ids.VALUE_PROXIES_TABLE in text and "niet gemeten" in text
    for code in (
        ids.VALUE_INITIATIVE_CHART,
        ids.VALUE_STAKEHOLDER_CHART,
        ids.VALUE_PORTFOLIO_CHART,
        ids.VALUE_MATRIX,
    ):
        assert code in text
    english = layout_text(page.build(demo_repo, {"lang": "en"}))
    assert "Only measured effects count" in english and "Who benefits" in english


def test_callback_recomputes_and_keeps_the_state_in_the_url(demo_home):
    app = create_app(DuckDBRepository(demo_home))
    update = getattr(
        app.wijkwaarde_callbacks["value_update"], "__wrapped__", app.wijkwaarde_callbacks["value_update"]
    )

    def controls(year_from, year_to, funders, initiative) -> dict:
        return {"year_from": year_from, "year_to": year_to, "funders": funders, "initiatief": initiative}

    cards, options, search = update(controls(2025, 2025, ["FONDS-01"], "nope'; DROP"), {"gemeente": "GM9999"})
    lang_href, *nav = app.wijkwaarde_callbacks["links_for"]("value", search, "nl")
    assert search == "?gemeente=GM9999&financier=FONDS-01&van=2025&tot=2025"  # the forged code is dropped
    assert lang_href.startswith("/waarde?") and lang_href.endswith("lang=en")
    assert options[0]["value"] == "" and len(options) > 1
    assert all("financier=FONDS-01" in href for href in nav)
    cards, _, search = update(controls(2025, 2025, [], options[1]["value"]), {"gemeente": "GM9999"})
    assert search.endswith(f"&initiatief={options[1]['value']}")


def test_fixture_without_proxies_says_so_instead_of_empty_axes(repo):
    data = view.render(repo, Filters.from_query({"gemeente": "GM9999", "van": "2024", "tot": "2024"}), None)
    assert data["measured_count"] == 0
    assert (
        go.Figure(data["stakeholder_figure"]).layout.annotations[0].text == "Geen gegevens voor deze selectie"
    )
    text = layout_text(page.build(repo, {}))
    assert "Nog geen waardeproxies geladen" in text


def test_per_initiative_chart_says_how_many_bars_it_draws_and_keeps_the_pooled_total_apart(demo_home):
    from dashboard.protection import Protection
    from dashboard.repository import SHIELDED_CODE
    from dashboard.views import overview as overview_view

    public = DuckDBRepository(demo_home, Protection(k=10))
    data = view.render(
        public, overview_view.resolve(public, Filters.from_query({"gemeente": "GM9999"})), None
    )
    bars = list(go.Figure(data["initiative_figure"]).data[0].y)
    assert 0 < len(bars) <= view.TOP_INITIATIVES
    singles = data["per_initiative"]
    singles = singles[singles["measured"] & singles["value_high"].notna()]
    assert SHIELDED_CODE in set(singles["initiative_code"])  # public mode pools effects on people
    # the pooled total is no bar (it dwarfed all others) but is said under the chart, with its value
    assert "afgeschermd" not in " ".join(bars).lower()
    assert data["pooled_note"].startswith(
        "Niet als staaf getekend: Effecten op personen, samen (afgeschermd), €"
    )
    n = len(singles) - 1
    expected = f"De {len(bars)} initiatieven" if len(bars) < n else f"Alle {len(bars)} initiatieven"
    assert data["top_note"].startswith(expected)  # the number drawn, not a fixed 20
    text = layout_text(page.build(public, {"gemeente": "GM9999"}))
    assert data["top_note"] in text and data["pooled_note"] in text
    assert "De 20 initiatieven" not in text


def test_sums_keep_protected_values_missing_and_equal_values_in_name_order():
    """The value sums (plain Python over a few hundred rows) as a user reads them: an initiative whose only
    effect is protected stays measured with no value (never 0), its protected row adds nothing to a
    stakeholder, and funders with the same value are listed by name, then code."""
    nan = float("nan")
    effects = pd.DataFrame({
        "initiative_code": ["A", "A", "B", "C"], "initiative_name": ["Alfa", "Alfa", "Beta", "Gamma"],
        "stakeholder_order": [1, 2, 1, 1], "stakeholder": ["gem", "bew", "gem", "gem"],
        "stakeholder_nl": ["Gemeente", "Bewoners", "Gemeente", "Gemeente"],
        "indicator_name_nl": ["Werk", "Werk", "Werk", "Voedsel"],
        "value_low": [10.0, 5.0, nan, 4.0], "value_high": [20.0, 7.0, nan, 8.0],
        "suppressed": [False, False, True, False],
    })  # fmt: skip
    initiatives = pd.DataFrame({"code": ["A", "B", "D"], "name": ["Alfa", "Beta", "Delta"],
                                "grants": [100.0, 50.0, None]})  # fmt: skip
    per = view.initiative_values(effects, initiatives).set_index("initiative_code")
    assert per.loc["A", "value_high"] == 27.0 and per.loc["A", "ratio_high"] == pytest.approx(0.27)
    assert (
        per.loc["B", "measured"]
        and pd.isna(per.loc["B", "value_high"])
        and pd.isna(per.loc["B", "ratio_low"])
    )
    assert not per.loc["D", "measured"] and pd.isna(per.loc["D", "value_low"])
    assert per.loc["C", "name"] == "Gamma" and pd.isna(per.loc["C", "grants"])  # measured, not listed
    assert list(per.index) == ["A", "C", "B", "D"]  # measured by value (none last), then the unmeasured

    stake = view.stakeholder_values(effects, "nl")
    assert stake[["stakeholder", "value_high"]].values.tolist() == [["gem", 28.0], ["bew", 7.0]]

    shares = pd.DataFrame({
        "funder_code": ["F2", "F1", "F3", "F1"], "funder_name": ["Zeta", "Zeta", "Eta", "Zeta"],
        "initiative_code": ["A", "A", "A", "D"], "amount": [30.0, 30.0, 40.0, 9.0], "share": [0.3, 0.3, 0.4, 1.0],
    })  # fmt: skip
    port = view.portfolio_values(effects, initiatives, shares)
    assert port["funder_code"].tolist() == ["F3", "F1", "F2"]  # 10.8, then 8.1 twice: by name, then code
    f1 = port.set_index("funder_code").loc["F1"]
    assert (f1["initiatives_measured"], f1["initiatives_unmeasured"], f1["grants_unmeasured"]) == (1, 1, 9.0)

    matrix = view.benefit_matrix(effects, "nl")
    assert matrix["stakeholders"] == ["Gemeente", "Bewoners"] and matrix["effects"] == ["Voedsel", "Werk"]
    assert matrix["high"] == [[8.0, 20.0], [None, 7.0]]  # no proxy: None, not 0
