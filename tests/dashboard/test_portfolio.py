"""Portfolio page: every number against an independent computation (SQL and pandas on the warehouse tables)."""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import portfolio as pf
from dashboard.app import create_app
from dashboard.callbacks.portfolio import OUTPUTS
from dashboard.charts import portfolio as charts
from dashboard.repository import PUBLISHED_NAME, DuckDBReader, DuckDBRepository
from dashboard.views import portfolio as view
from tests.published import rounded

FUNDERS = ["FIN-GM9999", "FONDS-01", "FONDS-02"]
PERIOD = (2019, 2025)
QUERY = {
    "financier": ",".join(FUNDERS),
    "van": str(PERIOD[0]),
    "tot": str(PERIOD[1]),
    "uitkomst": "naar_werk",
}


def sql(home, text: str, params: dict | None = None) -> pd.DataFrame:
    con = duckdb.connect(str(home / PUBLISHED_NAME), read_only=True)
    try:
        return con.execute(text, params or {}).df()
    finally:
        con.close()


def all_charts(repo, query):
    """Every chart of the page for a query, as the page's callback draws them."""
    return charts.render(repo, view.PortfolioState.from_query(query))["charts"]


@pytest.fixture(scope="module")
def demo_page(demo_repo):
    state = view.resolve(demo_repo, view.PortfolioState.from_query(QUERY))
    return state, view.load(demo_repo, state), charts.render(demo_repo, state)


# Grant money split over the buurten served (equal shares) and then over the themes (equal shares), from the
# tables, written without the dashboard's views.
SPLIT_SQL = """
WITH nb AS (SELECT initiative_code, count(*) AS n FROM initiative_buurt GROUP BY initiative_code),
     nt AS (SELECT initiative_code, count(*) AS n FROM initiative_theme GROUP BY initiative_code)
SELECT g.funder_code, year(g.start_date) AS year, t.theme_code, a.parent_code AS wijk_code,
       CAST(g.amount AS DOUBLE) / nb.n / nt.n AS amount
FROM grant_award g
JOIN initiative_buurt ib ON ib.initiative_code = g.initiative_code
JOIN nb ON nb.initiative_code = g.initiative_code
JOIN initiative_theme t ON t.initiative_code = g.initiative_code
JOIN nt ON nt.initiative_code = g.initiative_code
JOIN area a ON a.code = ib.buurt_code
WHERE list_contains($funders, g.funder_code) AND year(g.start_date) BETWEEN $y0 AND $y1
"""
PARAMS = {"funders": FUNDERS, "y0": PERIOD[0], "y1": PERIOD[1]}


def grant_total(home, funders=FUNDERS) -> pd.Series:
    df = sql(
        home,
        "SELECT funder_code, sum(CAST(amount AS DOUBLE)) AS amount FROM grant_award"
        " WHERE list_contains($funders, funder_code) AND year(start_date) BETWEEN $y0 AND $y1 GROUP BY ALL",
        PARAMS | {"funders": funders},
    )
    return df.set_index("funder_code")["amount"]


def bars(figure, funder_name: str) -> dict:
    trace = next(t for t in go.Figure(figure).data if t.name == funder_name)  # a figure dict
    cats, values = (trace.y, trace.x) if trace.orientation == "h" else (trace.x, trace.y)
    return dict(zip(cats, values, strict=True))


def test_defaults_and_allow_list(demo_repo):
    state = view.resolve(demo_repo, view.PortfolioState.from_query({}))
    assert state.filters.funders == ("FIN-GM9999", "FONDS-04")  # the municipality and the largest fund
    forged = view.PortfolioState.from_query(
        {"financier": "NOPE,FONDS-01' OR 1=1 --,FONDS-02", "uitkomst": "x'; DROP TABLE x"}
    )
    resolved = view.resolve(demo_repo, forged)
    assert resolved.filters.funders == ("FONDS-02",)  # unknown codes dropped, known ones kept
    assert resolved.outcome == "naar_werk"  # an unknown outcome falls back to the first outcome indicator


def test_money_per_theme_with_equal_split(demo_page, demo_home, demo_repo):
    state, data, out = demo_page
    expected = sql(demo_home, SPLIT_SQL, PARAMS).groupby(["theme_code", "funder_code"])["amount"].sum()
    ours = pf.money_by(data.flows, "theme_code")
    labels = dict(zip(*[demo_repo.vocabulary("theme")[c] for c in ("code", "label_nl")], strict=True))
    for (theme, funder), amount in expected.items():
        assert ours.at[theme, funder] == pytest.approx(amount)
        assert bars(out["theme"], data.funder_names[funder])[labels[theme]] == pytest.approx(amount)
    assert "gelijke delen over de thema's" in go.Figure(out["theme"]).layout.annotations[-1].text.replace(
        "<br>", " "
    )


def test_every_breakdown_adds_up_to_the_grant_total(demo_page, demo_home):
    state, data, out = demo_page
    total = grant_total(demo_home)
    split = sql(demo_home, SPLIT_SQL, PARAMS)
    for column in ("theme_code", "wijk_code", "year"):
        sums = pf.money_by(data.flows, column).sum(axis=0)
        for funder in FUNDERS:
            assert sums[funder] == pytest.approx(total[funder])
    by_wijk = split.groupby(["wijk_code", "funder_code"])["amount"].sum()
    ours = pf.money_by(data.flows, "wijk_code")
    for (wijk, funder), amount in by_wijk.items():
        assert ours.at[wijk, funder] == pytest.approx(amount)
    by_year = split.groupby(["year", "funder_code"])["amount"].sum()
    for (year, funder), amount in by_year.items():
        assert bars(out["year"], data.funder_names[funder])[str(year)] == pytest.approx(amount)


def test_sankey_totals_equal_the_grant_total(demo_page, demo_home):
    state, data, out = demo_page
    total = grant_total(demo_home).sum()
    sankey = go.Figure(out["sankey"]).data[0]
    labels = list(sankey.node.label)
    kinds = ["funder"] * len(FUNDERS)
    n_funders = len(kinds)
    sources, targets, values = (
        np.array(sankey.link.source),
        np.array(sankey.link.target),
        np.array(sankey.link.value),
    )
    out_of_funders = values[sources < n_funders].sum()
    theme_nodes = set(sources[sources >= n_funders])
    into_wijken = values[~np.isin(targets, list(theme_nodes))].sum()
    assert out_of_funders == pytest.approx(total) and into_wijken == pytest.approx(total)
    assert {labels[i] for i in range(n_funders)} == {data.funder_names[f] for f in FUNDERS}
    # money per wijk node equals the wijk split computed from the tables
    split = sql(demo_home, SPLIT_SQL, PARAMS)
    wijk_names = sql(demo_home, "SELECT code, name FROM area WHERE level = 'wijk'").set_index("code")["name"]
    for wijk, amount in split.groupby("wijk_code")["amount"].sum().items():
        node = labels.index(wijk_names[wijk])
        assert values[targets == node].sum() == pytest.approx(amount)
    assert "niet het adres van de organisatie" in go.Figure(out["sankey"]).layout.annotations[
        -1
    ].text.replace("<br>", " ")


def test_co_funding_overlap_counts(demo_page, demo_home):
    state, data, out = demo_page
    pairs = sql(
        demo_home,
        "SELECT DISTINCT funder_code, initiative_code FROM grant_award WHERE year(start_date) BETWEEN $y0 AND $y1",
        {"y0": PERIOD[0], "y1": PERIOD[1]},
    )
    funded = pairs.groupby("funder_code")["initiative_code"].apply(set)
    heat = go.Figure(out["overlap"]).data[0]
    names = data.funder_names
    for i, row_name in enumerate(heat.y):
        a = next(c for c in FUNDERS if names[c] == row_name)
        for j, col_name in enumerate(heat.x):
            b = next(c for c, n in names.items() if n == col_name)
            assert heat.z[i][j] == len(funded[a] & funded[b]), (a, b)
    assert list(heat.y) == [names[c] for c in FUNDERS]
    assert max(max(r) for r in heat.z) > 0 and heat.z[0][list(heat.x).index(names["FONDS-01"])] > 0


def independent_dependency(home, funders, y0, y1) -> pd.DataFrame:
    """Share of each grantee's income from the funder, and the volunteer trend, with pandas on the tables."""
    grants = sql(
        home,
        "SELECT g.funder_code, f.funder_type, g.initiative_code, CAST(g.amount AS DOUBLE) AS amount,"
        " i.end_date FROM grant_award g JOIN funder f ON f.code = g.funder_code"
        " JOIN initiative i ON i.code = g.initiative_code WHERE year(g.start_date) BETWEEN $y0 AND $y1",
        {"y0": y0, "y1": y1},
    )
    income = grants.groupby("initiative_code")["amount"].sum()
    per = grants.groupby(["funder_code", "funder_type", "initiative_code"], as_index=False).agg(
        amount=("amount", "sum"), end_date=("end_date", "first")
    )
    per = per[per["funder_code"].isin(funders)]
    per["share"] = per["amount"] / per["initiative_code"].map(income)
    vol = sql(
        home,
        "SELECT initiative_code, period_start, sum(value) AS value FROM observation"
        " WHERE indicator_code = 'vrijwilligers' AND year(period_start) BETWEEN $y0 AND $y1 GROUP BY ALL",
        {"y0": y0, "y1": y1},
    )
    trend = {}
    for code, part in vol.groupby("initiative_code"):
        by_start = dict(zip(pd.to_datetime(part["period_start"]), part["value"], strict=True))
        latest = max(by_start)
        before = by_start.get(latest - pd.DateOffset(years=1))
        trend[code] = (by_start[latest] - before) / before if before else np.nan
    per["trend"] = per["initiative_code"].map(trend)
    active = per["end_date"].isna() | (pd.to_datetime(per["end_date"]) > pd.Timestamp(y1, 12, 31))
    falling = per["trend"].isna() | (per["trend"] < 0)
    per["at_risk"] = active & (per["funder_type"] != "eigen_inkomsten") & (per["share"] >= 0.5) & falling
    return per


def test_dependency_shares_and_grantees_at_risk(demo_page, demo_home):
    state, data, out = demo_page
    assert data.recent_period == (2023, 2025)  # the last three years of the period
    recent = view.params(state, data.recent_period)
    reader = DuckDBReader(demo_home)  # exact volunteer counts: the trend before protection
    ours = pf.dependency(
        reader.portfolio("grantees", recent), reader.portfolio("volunteers", recent), recent["end"]
    )
    assert recent["end"] == date(2025, 12, 31)
    expected = independent_dependency(demo_home, FUNDERS, 2023, 2025)
    merged = ours.merge(expected, on=["funder_code", "initiative_code"], suffixes=("", "_x"))
    assert len(merged) == len(expected) == len(ours)
    np.testing.assert_allclose(merged["share"], merged["share_x"])
    np.testing.assert_allclose(merged["trend"].fillna(-9), merged["trend_x"].fillna(-9))
    assert (merged["at_risk"] == merged["at_risk_x"]).all()
    at_risk = expected[expected["at_risk"]]
    assert len(at_risk) > 0, "the demo must have grantees at risk"
    # the table on the page lists exactly those grantees, with the rule stated above it
    table = out["risk_table"][1]
    rows = table.children[1].children
    assert len(rows) == len(at_risk)
    listed = {r.children[0].children for r in rows}
    names = sql(demo_home, "SELECT code, name FROM initiative").set_index("code")["name"]
    assert listed == set(names[at_risk["initiative_code"]])
    assert "minstens 50%" in out["risk_table"][0].children


def test_cost_per_outcome(demo_page, demo_home):
    state, data, out = demo_page
    y0, y1 = PERIOD
    grants = sql(
        demo_home,
        "SELECT funder_code, initiative_code, sum(CAST(amount AS DOUBLE)) AS amount FROM grant_award"
        " WHERE year(start_date) BETWEEN $y0 AND $y1 GROUP BY ALL",
        {"y0": y0, "y1": y1},
    )
    income = grants.groupby("initiative_code")["amount"].sum()
    outcome = sql(
        demo_home,
        "SELECT initiative_code, sum(value) AS value FROM observation WHERE indicator_code = 'naar_werk'"
        " AND year(period_start) BETWEEN $y0 AND $y1 GROUP BY ALL",
        {"y0": y0, "y1": y1},
    ).set_index("initiative_code")["value"]
    cost = go.Figure(out["cost"])
    for funder in FUNDERS:
        mine = grants[(grants["funder_code"] == funder) & grants["initiative_code"].isin(outcome.index)]
        attributed = (
            mine["amount"] / mine["initiative_code"].map(income) * mine["initiative_code"].map(outcome)
        ).sum()
        # people reaching work are a count of people: the page divides by the published (rounded) count
        expected = mine["amount"].sum() / rounded(attributed)
        trace = next(t for t in cost.data if t.name == data.funder_names[funder])
        assert trace.x[0] == pytest.approx(expected)
    rule = cost.layout.annotations[-1].text.replace("<br>", " ")
    assert rule.startswith("Telregel:") and "aandeel van de financier" in rule
    assert cost.layout.xaxis.title.text.startswith("€ per eenheid: Mensen naar werk")


def test_summary_table_side_by_side(demo_page, demo_home):
    state, data, out = demo_page
    head = [th.children for th in out["summary"].children[0].children.children]
    assert head[1:] == [data.funder_names[f] for f in FUNDERS]
    rows = {
        r.children[0].children: [td.children for td in r.children[1:]]
        for r in out["summary"].children[1].children
    }
    totals = grant_total(demo_home)
    assert rows["Geld in de gemeente (€)"] == [f"€ {totals[f]:,.0f}".replace(",", ".") for f in FUNDERS]
    funded = sql(
        demo_home,
        "SELECT funder_code, count(DISTINCT initiative_code) AS n FROM grant_award"
        " WHERE year(start_date) BETWEEN $y0 AND $y1 GROUP BY ALL",
        {"y0": PERIOD[0], "y1": PERIOD[1]},
    ).set_index("funder_code")["n"]
    assert rows["Gefinancierde initiatieven"] == [str(funded[f]) for f in FUNDERS]


def test_tiny_fixture_by_hand(repo):
    """FIN1: G1 10.000 (INI1, 2024) + G3 3.000 (INI2, 2023); FIN2: G2 5.000 (INI1, 2023) + G4 20.000 (INI3, 2024)."""
    state = view.resolve(
        repo, view.PortfolioState.from_query({"financier": "FIN1,FIN2", "van": "2023", "tot": "2024"})
    )
    data = view.load(repo, state)
    by_theme = pf.money_by(data.flows, "theme_code")
    # Buurtkeuken (INI1) has two themes: its 10.000 from FIN1 is 5.000 voedsel + 5.000 eenzaamheid.
    assert by_theme.at["voedsel", "FIN1"] == 5000 and by_theme.at["nieuwkomers", "FIN1"] == 3000
    assert by_theme.at["energie", "FIN2"] == 20000 and by_theme.at["voedsel", "FIN2"] == 2500
    # Zonnedak (INI3) serves Oost-Zuid and Oost-Noord: all of FIN2's 20.000 lands in wijk Oost.
    by_wijk = pf.money_by(data.flows, "wijk_code")
    assert by_wijk.at["WK999902", "FIN2"] == 20000 and by_wijk.at["WK999901", "FIN2"] == 5000
    overlap = pf.overlap_matrix(data.overlap, ["FIN1", "FIN2"], ["FIN1", "FIN2"])
    assert overlap.to_numpy().tolist() == [[2, 1], [1, 2]]  # they share Buurtkeuken
    reader = repo.reader  # the exact counts, before protection
    recent = view.params(state, data.recent_period)
    assert recent["end"] == date(2024, 12, 31)
    dep = pf.dependency(
        reader.portfolio("grantees", recent), reader.portfolio("volunteers", recent), recent["end"]
    )
    dep = dep.set_index(["funder_code", "initiative_code"])
    assert dep.loc[("FIN1", "INI1"), "share"] == pytest.approx(10000 / 15000)
    assert dep.loc[("FIN2", "INI3"), "share"] == 1.0
    # Zonnedak: all its income from FIN2, volunteers only since 2024-K2 (no year-earlier figure): at risk.
    # Buurtkeuken: 2/3 from FIN1, but volunteers 7 in 2024-K4 against 7 a year earlier: not falling.
    assert dep.loc[("FIN2", "INI3"), "at_risk"] and not dep.loc[("FIN1", "INI1"), "at_risk"]
    assert not dep.loc[("FIN1", "INI2"), "at_risk"]  # Taalcafé stopped in 2023
    outcomes = reader.portfolio("outcomes", view.params(state) | {"indicators": ["deelnemers"]})
    cost = pf.attributed_outcomes(data.grantees, outcomes, "deelnemers").set_index("funder_code")
    # Buurtkeuken: 2023-2024 participants 100 + 120 = 220; FIN1 gave 10.000 of its 15.000; Taalcafé: 16, all FIN1.
    assert cost.at["FIN1", "outcome"] == pytest.approx(220 * 10000 / 15000 + 16)
    assert cost.at["FIN1", "cost"] == pytest.approx(13000 / (220 * 10000 / 15000 + 16))


def test_callback_follows_the_controls(warehouse_home):
    app = create_app(DuckDBRepository(warehouse_home))
    callback = app.wijkwaarde_callbacks["portfolio"]
    callback = getattr(callback, "__wrapped__", callback)

    def controls(funders) -> dict:
        return {
            "gemeente": "GM9999",
            "financier": funders,
            "van": 2023,
            "tot": 2024,
            "uitkomst": "deelnemers",
        }

    outputs = callback(controls(["FIN2"]), "nl")
    search = outputs[OUTPUTS.index("search")]
    assert search == "?gemeente=GM9999&financier=FIN2&van=2023&tot=2024&uitkomst=deelnemers"
    theme = go.Figure(outputs[1])
    assert [t.name for t in theme.data] == ["Fonds Buurtgeluk"]
    assert theme.layout.xaxis.title.text == "Geld (€)" and theme.layout.yaxis.title.text == "Thema"
    both = callback(controls(["FIN1", "FIN2"]), "nl")
    assert [t.name for t in go.Figure(both[1]).data] == ["Gemeente Demostad", "Fonds Buurtgeluk"]


def find(component, component_id):
    """The component with `component_id` in a Dash layout tree."""
    if getattr(component, "id", None) == component_id:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, (str, int, float)):
            found = find(child, component_id)
            if found is not None:
                return found
    return None


def test_navigation_carries_what_the_url_asked_not_the_defaults(demo_repo):
    from dashboard import ids
    from dashboard.pages import portfolio as page

    default = page.build(demo_repo, {})
    assert find(default, ids.nav("overview")).href == "/"  # the default comparison is not a filter elsewhere
    asked = page.build(demo_repo, {"financier": "FONDS-01,NOPE", "uitkomst": "deelnemers", "lang": "en"})
    assert find(asked, ids.nav("overview")).href == "/?financier=FONDS-01&lang=en&uitkomst=deelnemers"
    assert find(asked, ids.LANG_LINK).href == "/portefeuille?financier=FONDS-01&uitkomst=deelnemers"
    assert find(asked, ids.PORTFOLIO_FUNDERS).value == ["FONDS-01"]


def test_empty_period_gives_messages_not_empty_axes(repo):
    out = charts.render(
        repo, view.PortfolioState.from_query({"financier": "FIN1", "van": "1995", "tot": "1996"})
    )
    for key in ("theme", "wijk", "year", "cost", "overlap", "risk", "sankey"):
        figure = go.Figure(out[key])
        assert not figure.data, key
        assert figure.layout.annotations[0].text.startswith("Geen gegevens voor deze selectie"), key
    assert out["search"] == "?gemeente=GM9999&financier=FIN1&van=1995&tot=1996&uitkomst=deelnemers"


# -- exports, data-table alternative and council pack (issue 5) ---------------------------------------


def test_money_per_year_export_table_and_slide_equal_independent_sql(demo_repo, demo_home):
    from dashboard import formatting as fmt
    from dashboard.components.chart_tools import data_table
    from dashboard.pack.items import native_chart
    from dashboard.pack.permalinks import items_for_url
    from tests.dashboard.chart_checks import both_exports, meta_ok, table_cells

    split = sql(demo_home, SPLIT_SQL, PARAMS).groupby(["year", "funder_code"])["amount"].sum()
    names = dict(zip(*[demo_repo.all_funders()[c] for c in ("code", "name")], strict=True))
    years = sorted({int(y) for y, _ in split.index})
    expected = [[y] + [float(split.get((y, f), 0.0)) for f in FUNDERS] for y in years]

    chart = all_charts(demo_repo, QUERY)["jaar"]
    head, table, meta, rows = both_exports(chart.data)
    meta_ok(head, "Geld per jaar")
    assert "Fonds Gezonde Wijk" in head[1] or names[FUNDERS[1]] in head[1]  # the funders are the selection
    assert table[0][1:] == [f"{names[f]} (€)" for f in FUNDERS]  # each funder's column says it is money
    for got in (table[1:], rows):
        assert [int(float(r[0])) for r in got] == years
        assert [r[1:] for r in got] == [pytest.approx(e[1:]) for e in expected]
    assert ["Let op", "fictieve gegevens"] in [r[:2] for r in meta]

    # The data table under the chart: the same amounts as the bars' hover text (euro, Dutch notation).
    cells = table_cells(data_table(chart.data, "nl"))
    assert [c[0] for c in cells] == [str(y) for y in years]
    assert [c[1:] for c in cells] == [[fmt.euro(v) for v in e[1:]] for e in expected]

    # The slide: a native (editable) bar chart whose series are the same amounts.
    url = "/portefeuille?" + "&".join(f"{k}={v}" for k, v in QUERY.items()) + "&grafiek=jaar"
    (item,) = items_for_url(demo_repo, url)
    native = native_chart(item.figure)
    assert native is not None and native.kind == "bar"
    assert native.categories == [str(y) for y in years]
    assert [s for s, _ in native.series] == [names[f] for f in FUNDERS]
    for i, (_, values) in enumerate(native.series):
        assert values == pytest.approx([e[i + 1] for e in expected])
    assert item.fictional and "Bron: " in item.footnote and item.permalink == url
    pd.testing.assert_frame_equal(item.data.frame, chart.data.frame, check_dtype=False)  # the CLI csv table


def test_every_portfolio_chart_exports_the_figure_and_goes_into_the_pack(demo_repo):
    from dashboard.pack.permalinks import items_for_url, pack_pages

    out = charts.render(demo_repo, view.PortfolioState.from_query(QUERY))
    found = out["charts"]
    theme = found["thema"].data.frame.set_index("Thema")
    for funder_name in theme.columns:
        assert theme[funder_name].to_dict() == pytest.approx(bars(out["theme"], funder_name))
    sankey = go.Figure(out["sankey"]).data[0]
    assert found["stromen"].data.frame["Bedrag (euro)"].tolist() == pytest.approx(list(sankey.link.value))
    heat = go.Figure(out["overlap"]).data[0]
    assert found["overlap"].data.frame.iloc[:, 1:].to_numpy().tolist() == [list(r) for r in heat.z]
    assert pack_pages()["/portefeuille"].charts == frozenset(charts.CHARTS)
    items = items_for_url(demo_repo, "/portefeuille?financier=FONDS-01,FIN-GM9999")
    assert [i.title for i in items] == [c.data.meta.title for c in found.values()]


def test_export_and_table_callbacks_follow_the_controls(warehouse_home):
    from dashboard.components.chart_block import data_id
    from tests.dashboard.chart_checks import csv_table, download_bytes

    app = create_app(DuckDBRepository(warehouse_home))
    export = app.wijkwaarde_callbacks["portfolio_export"]
    values = ("GM9999", ["FIN1", "FIN2"], 2023, 2024, "deelnemers", "nl")
    result = export("jaar", "csv", *values)
    assert result["filename"].startswith("wijkwaarde-geld-per-jaar-") and result["filename"].endswith(".csv")
    head, table = csv_table(download_bytes(result))
    state = view.PortfolioState.from_query({"financier": "FIN1,FIN2", "van": "2023", "tot": "2024"})
    out = charts.render(DuckDBRepository(warehouse_home), state)
    for trace in go.Figure(out["year"]).data:
        column = table[0].index(f"{trace.name} (€)")
        assert [r[column] for r in table[1:]] == pytest.approx(list(trace.y))
    page = app.wijkwaarde_callbacks["portfolio"]
    page = getattr(page, "__wrapped__", page)
    controls = dict(zip(("gemeente", "financier", "van", "tot", "uitkomst"), values[:5], strict=True))
    tables_and_summaries = page(controls, values[5])[len(OUTPUTS) :]  # the page's one callback
    assert len(tables_and_summaries) == 2 * 7 and data_id("portfolio", "jaar") == "portfolio-jaar-data"
    assert tables_and_summaries[7].startswith("Geld per thema: ")


def test_risk_and_comparison_tables_download(demo_page, demo_repo):
    from tests.dashboard.chart_checks import both_exports, meta_ok

    state, data, out = demo_page
    tables = {
        n: f(view.context(demo_repo, view.PortfolioState.from_query(QUERY))) for n, f in charts.TABLES.items()
    }
    head, table, _, rows = both_exports(tables["risicotabel"])
    meta_ok(head, "Initiatieven met risico")
    page_rows = view.risk_rows(view.dependency_of(data), data.funder_names, "nl")
    for got in (table[1:], rows):
        assert [r[0] for r in got] == [r["initiative"] for r in page_rows]
        assert all(r[2] >= pf.RISK_SHARE for r in got)
    _, table, _, rows = both_exports(tables["vergelijking"])
    assert table[0][1:] == [data.funder_names[f] for f in FUNDERS]
    assert table[1][0] == "Geld in de gemeente (€)"


def test_the_grantees_are_asked_once_per_render(demo_home):
    """Money, outcomes and dependency all start from the same grantees: the reader keeps its last answers
    (reader.RECENT) and each caller gets its own copy."""
    repo = DuckDBRepository(demo_home)
    reader = repo.reader
    params = view.params(view.resolve(repo, view.PortfolioState.from_query(QUERY)))
    first = reader.portfolio("grantees", params)
    first["name"] = "changed"  # a caller's change does not reach the next caller
    again = reader.portfolio("grantees", params)
    assert not again.empty and (again["name"] != "changed").all()
    assert len(reader._recent) == 1  # one answer kept for both questions
    charts.render(repo, view.PortfolioState.from_query(QUERY))
    assert len(reader._recent) <= 2  # the period's grantees and the last years' (dependency)


def test_attribution_edges_as_a_funder_reads_them():
    """A funder whose grantees reported nothing has no money, outcome or cost (never 0); a grantee without
    income counts as a grantee but attributes nothing; an initiative reported twice counts twice, as the
    rows the query gave."""
    grantees = pd.DataFrame({
        "funder_code": ["F1", "F1", "F2", "F3"], "initiative_code": ["A", "B", "A", "C"],
        "amount": [100.0, 50.0, 300.0, 10.0], "income": [400.0, 0.0, 400.0, 20.0],
    })  # fmt: skip
    outcomes = pd.DataFrame({"initiative_code": ["A", "B", "A"], "indicator_code": ["deelnemers"] * 3,
                             "value": [40.0, 7.0, 20.0]})  # fmt: skip
    got = pf.attributed_outcomes(grantees, outcomes, "deelnemers").set_index("funder_code")
    assert got.loc["F1", "money"] == 200.0 and got.loc["F1", "outcome"] == pytest.approx(15.0)
    assert (got.loc["F1", "reporting"], got.loc["F1", "grantees"]) == (1, 2)
    assert got.loc["F2", "cost"] == pytest.approx(600.0 / 45.0)
    assert (
        pd.isna(got.loc["F3", "money"]) and pd.isna(got.loc["F3", "cost"]) and got.loc["F3", "reporting"] == 0
    )
