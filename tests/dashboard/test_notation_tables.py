"""Numbers in the page's notation where pandas or plotly would write their own: a year in a data table is a year
('2025', never '2.025' or '2,025'), the money flow's hover in euros of the page's language. Found by a probe in
the profile's trend table, the overview map's table of a CBS statistic and the portfolio's sankey."""

from __future__ import annotations

import json
import re

import pytest

from dashboard.app import create_app
from dashboard.charts import PAGES
from dashboard.components.wire import wire

AMOUNT_LIKE_YEAR = re.compile(r'"children": "(?:19|20)?\d[.,]\d{3}"')


@pytest.fixture(scope="module")
def demo(demo_repo):
    create_app(demo_repo)  # registers the pages
    return demo_repo


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_years_in_data_tables_are_written_as_years(demo, lang):
    cases = [
        ("overview", {"gemeente": "GM9999", "kaart": "stat:woz_waarde", "lang": lang}, "map"),
        (
            "overview",
            {"gemeente": "GM9999", "kaart": "stat:inwoners", "van": 2024, "tot": 2024, "lang": lang},
            "map",
        ),
        ("profile", {"gemeente": "GM9999", "cijfer": "inwoners", "lang": lang}, "trend"),
    ]
    for page, query, name in cases:
        found = PAGES[page]
        chart = found.chart(demo, found.state(query), name)
        text = json.dumps(wire(chart.table()))
        years = re.findall(r'"children": "(20[12]\d)"', text)
        assert years, (page, query)  # the table has its years
        assert not [m for m in AMOUNT_LIKE_YEAR.findall(text) if re.search(r"2[.,]0[12]\d", m)], (page, query)


@pytest.mark.parametrize(
    ("lang", "thousands", "words"), [("nl", ".", ("Van:", "Naar:")), ("en", ",", ("From:", "To:"))]
)
def test_the_money_flow_hover_is_in_the_page_notation(demo, lang, thousands, words):
    """plotly's own sankey hover said '509,383 euro | source: ... | incoming flow count' in the Dutch page."""
    from dashboard import formatting

    found = PAGES["portfolio"]
    with formatting.using(lang):
        sankey = found.chart(demo, found.state({"gemeente": "GM9999", "lang": lang}), "stromen").figure[
            "data"
        ][0]
    for part in ("node", "link"):
        assert "customdata" in sankey[part] and "<extra></extra>" in sankey[part]["hovertemplate"]
    amounts = [row[0] for row in sankey["link"]["customdata"]] + sankey["node"]["customdata"]
    assert all(a.startswith("€ ") for a in amounts)
    assert any(thousands in a for a in amounts) and not any(
        ("," if lang == "nl" else ".") in a for a in amounts
    )
    assert all(w in sankey["link"]["hovertemplate"] for w in words)
    assert "valueformat" not in sankey and "valuesuffix" not in sankey


def test_a_hidden_cbs_count_in_the_profile_trend_says_so(demo, demo_home):
    """Found by a probe: a count CBS published as 9 (below k) was '–' in the profile's trend and its table, which
    the page's legend says is 'ontbreekt of geheim bij de bron'; it is hidden by us: '< 10', as on the map."""
    import duckdb

    con = duckdb.connect(str((demo_home / "wijkwaarde.duckdb").resolve()), read_only=True)
    try:
        buurt, stat, year = con.execute(
            "SELECT s.area_code, s.stat_code, s.year FROM area_stat s JOIN stat_def d ON d.code = s.stat_code"
            " WHERE d.is_count AND s.value < 10 AND s.area_code LIKE 'BU%' ORDER BY ALL LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    found = PAGES["profile"]
    state = found.state({"gemeente": "GM9999", "wijk": "WK" + buurt[2:8], "buurt": buurt, "cijfer": stat})
    chart = found.chart(demo, state, "trend")
    frame = chart.data.frame
    row = frame[frame[frame.columns[0]] == year]
    assert row.iloc[0, 1] == "< 10", row
    trace = chart.figure["data"][0]
    at = trace["x"].index(year)
    assert trace["y"][at] is None and trace["customdata"][at] == "< 10"
    assert "< 10" in json.dumps(wire(chart.table()))


def test_a_hidden_cost_per_person_is_not_written_as_less_than_10_euro(demo):
    """Found by a probe: '€ per eenheid: Mensen naar werk | < 10' reads as 'less than € 10'; a euro figure hidden
    with the count it is made of says 'afgeschermd'."""
    found = PAGES["portfolio"]
    state = found.state({"gemeente": "GM9999", "financier": "RTC,DONATIES,EIGEN", "van": 2024, "tot": 2025,
                         "uitkomst": "naar_werk"})  # fmt: skip
    table = found.tables["vergelijking"](found.context(demo, state)).frame
    money_rows = table[table[table.columns[0]].str.contains("€")]
    cells = [v for row in money_rows.itertuples(index=False) for v in row[1:]]
    assert "afgeschermd" in cells, money_rows
    assert "< 10" not in cells, money_rows


def test_the_risk_summary_counts_the_rows_of_the_risk_table(demo):
    """Found by a probe: '3 daarvan in de risicozone' while the table of initiatives at risk (which the chart's
    caption says are exactly the points in the zone) listed 9: the summary counted only falling trends, the
    rule also puts unknown trends at risk."""
    found = PAGES["portfolio"]
    state = found.state({"gemeente": "GM9999"})
    table = found.tables["risicotabel"](found.context(demo, state)).frame
    summary = found.chart(demo, state, "risico").summary
    assert len(table) > 0
    assert f" {len(table)} daarvan in de risicozone" in summary, (len(table), summary)


def test_units_are_written_in_the_page_language(demo):
    """Found by a probe: 'Participants reached (personen)', '272 uren', '1,414 inwoners per km²' on English pages."""
    from dashboard import formatting

    overview = PAGES["overview"]
    with formatting.using("en"):
        trend = overview.chart(demo, overview.state({"gemeente": "GM9999", "lang": "en"}), "trend")
        title = json.dumps(trend.figure["layout"])
        assert "(people)" in title and "personen" not in title
        profile = PAGES["profile"]
        state = profile.state({"gemeente": "GM9999", "cijfer": "bevolkingsdichtheid", "lang": "en"})
        text = json.dumps(wire(profile.chart(demo, state, "trend").table()))
        assert "residents per km" in text and "inwoners per km" not in text
    with formatting.using("nl"):
        trend = overview.chart(demo, overview.state({"gemeente": "GM9999"}), "trend")
        assert "(personen)" in json.dumps(trend.figure["layout"])


def test_the_pooled_protected_row_is_not_said_to_have_no_grant(demo):
    """Found by a probe: 'Effecten op personen, samen (afgeschermd)' showed '–' as its grant and "geen subsidie in
    de periode", though its initiatives had grants: the pooled row has no grant of its own, it is 'afgeschermd'."""
    from dashboard.charts import value as value_charts
    from dashboard.filters import Filters
    from dashboard.views import overview as overview_view
    from dashboard.views import value_page

    f = overview_view.resolve(demo, Filters.from_query({"gemeente": "GM9999", "van": "2023", "tot": "2025"}))
    data, _charts = value_charts.page(demo, f, None)
    table = json.dumps(wire(value_page.ratio_table(data["per_initiative"], "nl")))
    start = table.index("Effecten op personen, samen")
    row = table[start : table.find('"type": "Tr"', start)]
    assert "geen subsidie in de periode" not in row and "afgeschermd" in row, row[:400]
