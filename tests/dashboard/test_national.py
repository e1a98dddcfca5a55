"""The overview of all gemeenten (no gemeente chosen, several loaded): KPIs, the gemeente map, drilling
down by a click, and the initiative list cut at a limit. Expected numbers come from SQL on the loaded
base tables (initiative, initiative_buurt, area, area_stat, grant_award, observation), not from the
fact tables or views the dashboard reads."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import plotly
import plotly.graph_objects as go
import pytest
from dash.exceptions import PreventUpdate

from dashboard import formatting as fmt
from dashboard import ids
from dashboard import protection as prot
from dashboard.app import create_app
from dashboard.filters import Filters
from dashboard.repository import DuckDBRepository
from dashboard.views import overview as view
from dashboard.views import overview_charts
from tests.published import rounded

YEAR = 2024


def sql(home: Path, text: str, params: list | None = None) -> pd.DataFrame:
    con = duckdb.connect(str((home / "wijkwaarde.duckdb").resolve()), read_only=True)
    try:
        return con.execute(text, params or []).df()
    finally:
        con.close()


@pytest.fixture(scope="module")
def repo(regio_home):
    return DuckDBRepository(regio_home, prot.Protection(k=10))


@pytest.fixture(scope="module")
def callbacks(repo):
    app = create_app(repo)
    return {name: getattr(fn, "__wrapped__", fn) for name, fn in app.wijkwaarde_callbacks.items()}


def alive_per_gemeente(home: Path) -> pd.Series:
    """Distinct initiatives alive in YEAR per gemeente (an initiative in two gemeenten counts in both)."""
    return sql(
        home,
        "SELECT w.parent_code AS gemeente, count(DISTINCT i.code) AS n FROM initiative i"
        " JOIN initiative_buurt ib ON ib.initiative_code = i.code JOIN area b ON b.code = ib.buurt_code"
        " JOIN area w ON w.code = b.parent_code"
        " WHERE i.start_date <= ? AND (i.end_date IS NULL OR i.end_date >= ?) GROUP BY ALL",
        [date(YEAR, 12, 31), date(YEAR, 1, 1)],
    ).set_index("gemeente")["n"]


def test_without_a_gemeente_the_overview_shows_all_of_them(repo, regio_home):
    f = view.resolve(repo, Filters.from_query({"van": YEAR, "tot": YEAR}), national=True)
    assert f.gemeente is None  # three gemeenten loaded: none is picked for the user
    options = view.filter_options(repo, f, national=True)[ids.FILTER_GEMEENTE]
    assert options[0] == {"label": "Alle gemeenten (3)", "value": view.ALL_GEMEENTEN}
    assert len(options) == 4
    assert view.control_values(f)[ids.FILTER_GEMEENTE] == view.ALL_GEMEENTEN
    # other pages still need one gemeente: they take the first, as before
    assert view.resolve(repo, Filters.from_query({}), national=False).gemeente is not None
    # the choice 'alle' from the selector is no gemeente at all, and leaves the URL without one
    assert Filters.from_query({"gemeente": view.ALL_GEMEENTEN}).gemeente is None
    assert "gemeente=" not in f.to_search()
    assert view.selection_text(repo, f) == "Alle gemeenten (3) · 2024"


def test_national_kpi_counts_every_gemeente(callbacks, regio_home):
    everything = sql(
        regio_home,
        "SELECT count(DISTINCT i.code) FROM initiative i JOIN initiative_buurt ib ON ib.initiative_code = i.code"
        " WHERE i.start_date <= ? AND (i.end_date IS NULL OR i.end_date >= ?)",
        [date(YEAR, 12, 31), date(YEAR, 1, 1)],
    ).iloc[0, 0]
    per_gemeente = alive_per_gemeente(regio_home)
    assert everything > per_gemeente.max()  # the national figure is not one gemeente's
    cards, note = callbacks["kpis"](
        {"gemeente": view.ALL_GEMEENTEN, "year_from": YEAR, "year_to": YEAR}, "nl"
    )
    active = cards[0].children.children.children[1].children
    assert active == f"{everything:,}".replace(",", ".")
    participants = sql(
        regio_home,
        "SELECT sum(value) FROM observation WHERE indicator_code = 'deelnemers' AND year(period_start) = ?",
        [YEAR],
    ).iloc[0, 0]
    assert cards[1].children.children.children[1].children == f"{rounded(participants):,.0f}".replace(
        ",", "."
    )
    assert "Alle gemeenten (3)" in note.children


def test_national_map_has_one_cell_per_gemeente_with_its_rate(repo, regio_home):
    f = Filters.from_query({"van": YEAR, "tot": YEAR})
    figure, key = view.render_map(repo, f)
    colour = go.Figure(figure).data[1]
    gemeenten = sql(regio_home, "SELECT code FROM area WHERE level = 'gemeente' ORDER BY code")["code"]
    assert list(colour.locations) == gemeenten.tolist()
    assert key.endswith("|NL|nl")
    residents = sql(
        regio_home,
        "SELECT area_code, value FROM area_stat WHERE stat_code = 'inwoners' AND year <= ?"
        " QUALIFY row_number() OVER (PARTITION BY area_code ORDER BY year DESC) = 1",
        [YEAR],
    ).set_index("area_code")["value"]
    alive = alive_per_gemeente(regio_home)
    for code, z in zip(colour.locations, colour.z, strict=True):
        assert z == pytest.approx(alive[code] / residents[code] * 1000)
    # the same numbers in the table behind the map
    chart = overview_charts.map_data(repo, f)
    assert chart.frame.columns[:2].tolist() == ["Gemeentecode", "Gemeente"]
    assert chart.frame.iloc[:, 2].tolist() == pytest.approx(list(colour.z))
    assert chart.summary.startswith("Kaart van 3 gemeenten")
    assert chart.meta.title == "Kaart van de gemeenten: Initiatieven per 1.000 inwoners"


def test_national_participants_map_is_protected_and_rounded(repo, regio_home):
    f = Filters.from_query({"van": YEAR, "tot": YEAR, "kaart": "deelnemers"})
    values = repo.map_values(f).set_index("gemeente_code")
    exact = sql(
        regio_home,
        "SELECT w.parent_code AS gemeente, sum(o.value) AS value FROM observation o"
        " JOIN initiative_buurt pb ON pb.initiative_code = o.initiative_code AND pb.is_primary"
        " JOIN area b ON b.code = coalesce(o.buurt_code, pb.buurt_code) JOIN area w ON w.code = b.parent_code"
        " WHERE o.indicator_code = 'deelnemers' AND year(o.period_start) = ? GROUP BY ALL",
        [YEAR],
    ).set_index("gemeente")["value"]
    assert set(values.index) == set(exact.index)
    for code, value in exact.items():
        assert values.at[code, "value"] == rounded(value)  # all well above k: shown, rounded to 5
    figure = json.loads(json.dumps(view.render_map(repo, f)[0], cls=plotly.utils.PlotlyJSONEncoder))
    colour = figure["data"][1]
    hover = dict(zip(colour["locations"], (c[1] for c in colour["customdata"]), strict=True))
    assert any(v != rounded(v) for v in exact)  # else this test would not show the rounding
    for code, value in exact.items():  # what the browser gets: only the rounded count
        assert colour["z"][colour["locations"].index(code)] == rounded(value)
        assert hover[code] == fmt.number(rounded(value))


def test_a_click_on_a_gemeente_opens_it(callbacks, regio_home):
    code = sql(regio_home, "SELECT code FROM area WHERE level = 'gemeente' ORDER BY code LIMIT 1").iloc[0, 0]
    assert callbacks["gemeente_click"]({"points": [{"location": code}]}) == code
    for forged in ({"points": [{"location": "GM0363"}]}, {"points": [{"location": "BU99990101"}]}, "x", None):
        with pytest.raises(PreventUpdate):  # unknown gemeente, a buurt, or garbage: nothing changes
            callbacks["gemeente_click"](forged)


def test_national_initiative_list_stops_at_the_limit_and_says_so(repo, monkeypatch):
    f = Filters.from_query({"van": YEAR, "tot": YEAR})
    rows, total = view.table_rows(repo, f)
    assert total == len(rows) > 50
    monkeypatch.setattr(view, "TABLE_LIMIT", 50)
    shown, note = view.render_table_with_note(repo, f)
    assert [r["code"] for r in shown] == [r["code"] for r in rows[:50]]  # the first 50 by name
    assert (
        note.children
        == f"De eerste 50 van {total} initiatieven (op naam); kies een gemeente voor de hele lijst."
    )
    one = f.with_(gemeente=repo.gemeenten()["code"].iloc[0])
    assert view.render_table_with_note(repo, one)[1] is None  # one gemeente: the whole list


def test_a_permalink_of_the_national_overview_exports_the_national_figures(repo):
    from dashboard.pack.permalinks import items_for_url

    items = items_for_url(repo, "http://127.0.0.1:8050/?van=2024&tot=2024&grafiek=kaart")
    (item,) = items
    assert item.data.frame.columns[0] == "Gemeentecode" and len(item.data.frame) == 3
    assert "Alle gemeenten (3)" in item.footnote
    assert isinstance(item.figure.data[0].geojson, dict)  # a slide image carries its outlines


@pytest.mark.parametrize(
    ("lang", "code", "want"),
    [
        ("nl", "col_gemeente_code", "Kaart van 1 gemeente: X."),
        ("en", "col_gemeente_code", "Map of 1 municipality: X."),
        ("nl", "col_buurt_code", "Kaart van 1 buurt: X."),
    ],
)
def test_a_map_of_one_area_says_so_in_the_singular(lang, code, want):
    """A warehouse with one gemeente's outline said "Map of 1 municipalities" (the real-data walkthrough)."""
    from dashboard.i18n import t
    from dashboard.views.overview_charts import map_summary

    frame = pd.DataFrame([["GM0362", "Amstelveen", 1.5]], columns=[t(code, lang), "naam", "X"])
    assert map_summary(frame, "X", str, lang).startswith(want)
