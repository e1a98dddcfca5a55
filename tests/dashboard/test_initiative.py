"""The initiative page and the indicator catalogue, checked against the warehouse tables on Demostad."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import plotly
import pytest

from dashboard import ids
from dashboard import protection as prot
from dashboard.app import create_app
from dashboard.filters import Filters
from dashboard.pages import indicators as catalogue_page
from dashboard.pages import initiative as page
from dashboard.repository import DuckDBRepository
from dashboard.views import initiative as view
from dashboard.views import overview as overview_view
from etl import taxonomy as tx


def text_of(component) -> str:
    return json.dumps(component.to_plotly_json(), cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


@pytest.fixture(scope="module")
def tables(demo_home) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str((demo_home / "wijkwaarde.duckdb").resolve()), read_only=True)
    try:
        names = ("observation", "indicator", "grant_award", "funder", "initiative_buurt", "area")
        return {n: con.execute(f"SELECT * FROM {n}").df() for n in names}  # noqa: S608 (fixed names)
    finally:
        con.close()


@pytest.fixture(scope="module")
def internal_repo(demo_home) -> DuckDBRepository:
    """Internal mode: every indicator per initiative, people counts included (public mode leaves those out,
    tests/dashboard/test_protection_pages.py)."""
    return DuckDBRepository(demo_home, prot.INTERNAL)


@pytest.fixture(scope="module")
def code(tables) -> str:
    """The Demostad initiative reporting the most indicators (and more than one buurt, if possible)."""
    obs = tables["observation"]
    counts = obs.groupby("initiative_code").agg(
        indicators=("indicator_code", "nunique"), buurten=("buurt_code", "nunique")
    )
    return counts.sort_values(["indicators", "buurten"], ascending=False).index[0]


def expected_latest(tables, code: str) -> dict[str, tuple[float, float | None]]:
    """Per indicator: (value, target) in the initiative's latest period, buurten combined by aggregation."""
    obs = tables["observation"][tables["observation"]["initiative_code"] == code]
    aggregation = tables["indicator"].set_index("code")["aggregation"]
    out = {}
    for indicator, rows in obs.groupby("indicator_code"):
        last = rows[rows["period_start"] == rows["period_start"].max()]
        how = "mean" if aggregation[indicator] == "gemiddelde" else "sum"
        value = getattr(last["value"], how)()
        target = getattr(last["target"].dropna(), how)() if last["target"].notna().any() else None
        out[indicator] = (value, target)
    return out


def test_toc_chain_latest_value_against_target_matches_the_observations(internal_repo, tables, code):
    chain = view.toc_chain(internal_repo.initiative_quarters(code))
    expected = expected_latest(tables, code)
    levels = tables["indicator"].set_index("code")["toc_level"]
    assert set(chain) == set(tx.TOC_LEVELS)
    seen = set()
    for level, rows in chain.items():
        for r in rows.itertuples(index=False):
            assert levels[r.indicator_code] == level
            value, target = expected[r.indicator_code]
            assert r.value == pytest.approx(value)
            if target is None:
                assert pd.isna(r.target) and pd.isna(r.share_of_target)
            else:
                assert r.target == pytest.approx(target)
                assert r.share_of_target == pytest.approx(value / target) if target else True
            seen.add(r.indicator_code)
    assert seen == set(expected) and len(seen) >= 3


def test_page_binds_each_link_and_says_nog_geen_gegevens_where_unmeasured(internal_repo, tables, code):
    layout = page.build(internal_repo, {"code": code})
    text = text_of(layout)
    measured_levels = set(
        tables["indicator"].set_index("code").loc[list(expected_latest(tables, code)), "toc_level"]
    )
    for level in tx.TOC_LEVELS:
        card = json.dumps(
            find(layout, f"toc-{level}"), cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False
        )
        if level in measured_levels:
            assert "data-indicator" in card and "nog geen gegevens" not in card
        elif level != "input":
            assert "nog geen gegevens" in card
    assert "impact" not in measured_levels  # Demostad has no impact indicators: that link stays empty
    for graph in (ids.INITIATIVE_FUNDING, ids.INITIATIVE_MAP):
        assert graph in text
    trends = find(layout, ids.INITIATIVE_TRENDS)
    assert len(trends.children) == len(expected_latest(tables, code))


def find(component, component_id: str):
    """The component with `component_id` inside a layout tree."""
    if getattr(component, "id", None) == component_id:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if child is not None and hasattr(child, "to_plotly_json"):
            found = find(child, component_id)
            if found is not None:
                return found
    return None


def test_funding_timeline_adds_up_to_the_grants_per_funder(demo_repo, tables, code):
    fig = view.funding_figure(demo_repo.initiative_grants(code), "nl")
    grants = tables["grant_award"][tables["grant_award"]["initiative_code"] == code]
    names = tables["funder"].set_index("code")["name"]
    expected = grants.groupby(grants["funder_code"].map(names))["amount"].sum().astype(float)
    got = {trace.name: sum(trace.y) for trace in fig.data}
    assert got == pytest.approx(expected.to_dict())
    assert fig.layout.barmode == "stack" and fig.layout.yaxis.title.text == "Bedrag (€)"


def test_map_colours_exactly_the_buurten_served(demo_repo, tables, code):
    fig = view.buurten_map(demo_repo.initiative_buurten(code), "nl")
    trace = fig.data[0]
    assert trace.type == "choroplethmap" and fig.layout.map.style == "white-bg"
    served = tables["initiative_buurt"][tables["initiative_buurt"]["initiative_code"] == code]
    coloured = {loc for loc, z in zip(trace.locations, trace.z, strict=True) if z > 0}
    assert coloured == set(served["buurt_code"])
    main = {loc for loc, z in zip(trace.locations, trace.z, strict=True) if z == 2}
    assert main == set(served.loc[served["is_primary"], "buurt_code"])


def test_unknown_or_forged_code_shows_a_message(demo_repo):
    for query in ({"code": "BESTAAT-NIET"}, {"code": "x' OR 1=1 --"}, {}):
        assert "Onbekend initiatief" in text_of(page.build(demo_repo, query))


def test_overview_table_links_to_the_initiative_page(demo_repo):
    rows = overview_view.render_table(demo_repo, Filters.from_query({"gemeente": "GM9999"}))
    assert rows
    for row in rows[:5]:
        # the overview's selection travels along, so the page's way back reopens it
        assert row["pagina"] == f"[Details](/initiatief?code={row['code']}&gemeente=GM9999&van=2025&tot=2025)"
    en = overview_view.render_table(demo_repo, Filters.from_query({"gemeente": "GM9999", "lang": "en"}))
    assert en[0]["pagina"].endswith("&lang=en)")


def test_catalogue_lists_every_indicator_with_iris_and_sdg(demo_repo, tables):
    rows = catalogue_page.rows(demo_repo, "nl")
    indicators = tables["indicator"].set_index("code")
    assert sorted(r["code"] for r in rows) == sorted(indicators.index)
    for r in rows:
        ind = indicators.loc[r["code"]]
        assert (
            r["naam_nl"] == ind["name_nl"] and r["naam_en"] == ind["name_en"] and r["eenheid"] == ind["unit"]
        )
        assert r["iris"] == (ind["iris_code"] if isinstance(ind["iris_code"], str) else None)
        assert r["sdg"] == (ind["sdg_target"] if isinstance(ind["sdg_target"], str) else None)
        assert r["toc"] == tx.TOC_LEVELS[ind["toc_level"]][0]
        reporting = tables["observation"].query("indicator_code == @r['code']")["initiative_code"].nunique()
        assert r["initiatieven"] == reporting
    assert any(r["iris"] for r in rows) and any(r["sdg"] for r in rows)
    text = text_of(catalogue_page.build(demo_repo, {"zoek": "werk"}))
    assert '"quickFilterText": "werk"' in text


def test_catalogue_search_callback_filters_in_place_and_writes_the_url(demo_home):
    app = create_app(DuckDBRepository(demo_home))
    search = app.wijkwaarde_callbacks["catalogue_search"]
    search = getattr(search, "__wrapped__", search)
    patch, query = search("  eenzaam ", "en")
    assert query == "?lang=en&zoek=eenzaam"
    assert patch.to_plotly_json()["operations"][0]["params"]["value"] == "eenzaam"
    _, query = search({"not": "text"}, "nl")
    assert query == ""
    _, query = search("werk", "nl", {"gemeente": "GM9999", "thema": "werk,armoede", "evil": "x"})
    assert query == "?gemeente=GM9999&thema=werk,armoede&zoek=werk"
