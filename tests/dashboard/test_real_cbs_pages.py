"""Pages on real CBS files: rates over few residents protected, latest value with its year, sources, zero."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dashboard.charts import profile as profile_charts
from dashboard.filters import Filters
from dashboard.protection import INTERNAL
from dashboard.repository import DuckDBRepository
from dashboard.views import profile as pv
from tests.dashboard.chart_checks import charts_of, tables_of, texts
from tests.real_data import real_data
from wijkwaarde.cli import app

BOS_ZUID = "BU03621402"  # Amsterdamse Bos Zuid: 5 inwoners in Kerncijfers 2024
RATES = ("aandeel_0_14", "aandeel_65plus", "bevolkingsdichtheid", "gemiddelde_huishoudensgrootte")


def cli(home: Path, *args: str) -> None:
    result = CliRunner().invoke(app, ["--home", str(home), *args])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def amstelveen(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("amstelveen") / "warehouse"
    boundaries = real_data("amstelveen-buurten", "amstelveen_buurten.geojson")
    cli(home, "cbs", "boundaries", "--year", "2024", "--file", str(boundaries))
    figures = real_data("woonikveilig-buurtindicatoren", "gemeente", "GM0362.json")
    cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", str(figures))
    return home


def test_shares_over_five_residents_are_protected_everywhere(amstelveen):
    repo = DuckDBRepository(amstelveen)
    raw = DuckDBRepository(amstelveen, protection=INTERNAL)
    stats = raw.area_stats([BOS_ZUID])
    residents = stats.loc[stats["stat_code"] == "inwoners", "value"].dropna()
    shares = stats.loc[stats["stat_code"].isin(RATES), "value"].dropna()
    assert residents.max() < 10 and len(shares) >= 2  # the file really has shares over 5 residents
    # the repository: profile statistics, the matrix of similar buurten and the need index, the map
    protected = repo.area_stats([BOS_ZUID])
    rated = protected[protected["stat_code"].isin(RATES)]
    had_value = stats.loc[stats["stat_code"].isin(RATES), "value"].notna().to_numpy()
    assert rated["value"].isna().all() and (rated["suppressed"].to_numpy() == had_value).all()
    matrix = repo.stat_matrix("buurt", "GM0362", 2100)
    assert (
        matrix.loc[(matrix["area_code"] == BOS_ZUID) & matrix["stat_code"].isin(RATES), "value"].isna().all()
    )
    for stat in set(stats.loc[stats["stat_code"].isin(RATES) & stats["value"].notna(), "stat_code"]):
        cells = repo.map_values(Filters(gemeente="GM0362", metric=f"stat:{stat}")).set_index("buurt_code")
        assert pd_isna(cells.at[BOS_ZUID, "value"]) and bool(cells.at[BOS_ZUID, "suppressed"])
        # larger buurten keep CBS's value exactly
        assert cells["value"].notna().sum() > 30
    # the page: table cells read '< 10', the default trend is no share of the 5 residents
    out = profile_charts.render(repo, pv.area_filters(BOS_ZUID), None)
    text = " ".join(texts(out["head"]))
    assert "100,0%" not in text and "< 10" in text
    assert "afgeschermd" in text and "ontbreekt of geheim bij de bron" in text
    assert out["stat"] not in RATES + ("inwoners",)
    asked = profile_charts.render(repo, pv.area_filters(BOS_ZUID), "aandeel_0_14")
    if asked["stat"] == "aandeel_0_14":  # a protected statistic draws no value of the buurt
        assert all(y is None for y in asked["trend"]["data"][0]["y"])  # a figure dict
    # the download of the table
    table = tables_of("profile", repo, {"gemeente": "GM0362", "buurt": BOS_ZUID})["cijfers"].frame
    shown = table.set_index(table.columns[0])
    # a share or average over 5 residents: 'afgeschermd' ('< 10' would read as less than 10 %)
    for name in ("Aandeel 0-14 jaar", "Gemiddelde huishoudensgrootte"):
        assert shown.loc[name].iloc[2] == "afgeschermd"
    assert shown.loc["Inwoners"].iloc[2] == "< 10"  # the count of 5 residents itself


def pd_isna(value) -> bool:
    return value is None or value != value


def test_latest_value_with_its_year_when_the_newest_file_leaves_it_empty(tmp_path: Path):
    home = tmp_path / "warehouse"
    for year in (2023, 2024):
        path = real_data("cbs-kwb-utrecht", f"kwb-{year}-utrecht.csv")
        cli(home, "cbs", "kerncijfers", "--year", str(year), "--file", str(path))
    repo = DuckDBRepository(home)
    names = repo.area_names()
    code = names.loc[names["name"] == "Halve Maan-Zuid", "code"].iloc[0]
    stats = repo.area_stats([code])
    mine = stats[stats["area_code"] == code]
    empty_2024 = set(mine.loc[(mine["year"] == 2024) & mine["value"].isna(), "stat_code"])
    known_2023 = set(mine.loc[(mine["year"] == 2023) & mine["value"].notna(), "stat_code"])
    carried = sorted(empty_2024 & known_2023)
    assert "bevolkingsdichtheid" in carried  # the quirk of the files
    rows = {stat: (year, cells) for stat, _row, year, cells in pv.stat_cells(stats, code, [code], 10, "nl")}
    for stat in carried:
        year, [(value, hidden)] = rows[stat]
        want = mine.loc[(mine["year"] == 2023) & (mine["stat_code"] == stat), "value"].iloc[0]
        assert (year, hidden) == (2023, None) and value == pytest.approx(want)


@pytest.fixture(scope="module")
def two_gemeenten(tmp_path_factory) -> Path:
    """Amstelveen from its boundary file and the woonikveilig file, Utrecht from two KWB downloads."""
    home = tmp_path_factory.mktemp("two") / "warehouse"
    cli(home, "cbs", "boundaries", "--year", "2024", "--file",
        str(real_data("amstelveen-buurten", "amstelveen_buurten.geojson")))  # fmt: skip
    cli(home, "cbs", "kerncijfers", "--year", "2024", "--file",
        str(real_data("woonikveilig-buurtindicatoren", "gemeente", "GM0362.json")))  # fmt: skip
    for year in (2023, 2024):
        path = real_data("cbs-kwb-utrecht", f"kwb-{year}-utrecht.csv")
        cli(home, "cbs", "kerncijfers", "--year", str(year), "--file", str(path))
    return home


def test_sources_name_only_the_files_whose_rows_are_in_the_figure(two_gemeenten):
    from dashboard.views import overview

    repo = DuckDBRepository(two_gemeenten)
    names = repo.area_names()
    utrecht_buurt = names.loc[names["code"].str.startswith("BU0344"), "code"].iloc[0]
    # the files the user loaded, never the templates `wijkwaarde cbs` wrote from them (gebiedscijfers-cbs-...)
    for gemeente, buurt, mine, theirs in (
        ("GM0362", "BU03620101", ("amstelveen_buurten.geojson", "GM0362.json"), ("utrecht", "-cbs-")),
        (
            "GM0344",
            utrecht_buurt,
            ("kwb-2023-utrecht.csv", "kwb-2024-utrecht.csv"),
            ("amstelveen", "GM0362", "-cbs-"),
        ),
    ):
        out = profile_charts.render(repo, pv.area_filters(buurt), None)
        lines = [
            " ".join(texts(out["rest"][-1])),  # the page's footnote
            " ".join(texts(out["footnote"])),  # the trend's
            tables_of("profile", repo, {"gemeente": gemeente, "buurt": buurt})["cijfers"].meta.source,
            charts_of("profile", repo, {"gemeente": gemeente, "buurt": buurt})["trend"].footnote,
            " ".join(texts(overview.render_footnote(repo, Filters(gemeente=gemeente), "map"))),
        ]
        for text in lines:
            assert all(part in text for part in mine), text
            assert not any(part in text for part in theirs), text
            assert "CBS" in text and "Kerncijfers wijken en buurten 2024" in text, text
    utrecht = charts_of("profile", repo, {"gemeente": "GM0344", "buurt": utrecht_buurt})["trend"]
    assert "CBS, Kerncijfers wijken en buurten 2023" in " ".join(utrecht.sources)
    # each file once, with the batches of its areas and figures (2023's file brought Utrecht's areas too)
    batches = repo.batches().set_index("batch_id")
    footnote = " ".join(texts(overview.render_footnote(repo, Filters(gemeente="GM0344"), "map")))
    for year in (2023, 2024):
        mine = sorted(batches.index[batches["origin"] == f"kwb-{year}-utrecht.csv"])
        assert len(mine) == (2 if year == 2023 else 1), batches
        assert f"kwb-{year}-utrecht.csv (batch {', '.join(map(str, mine))})" in footnote, footnote
        assert footnote.count(f"kwb-{year}-utrecht.csv") == 1


def test_a_warehouse_from_before_origins_names_the_batches_files(tmp_path: Path):
    import duckdb

    from dashboard.views import overview

    home = tmp_path / "warehouse"
    cli(
        home,
        "cbs",
        "kerncijfers",
        "--year",
        "2024",
        "--file",
        str(real_data("cbs-kwb-utrecht", "kwb-2024-utrecht.csv")),
    )
    con = duckdb.connect(str((home / "wijkwaarde.duckdb").resolve()))
    con.execute("ALTER TABLE load_batch DROP COLUMN origin")  # as published before the column existed
    con.close()
    repo = DuckDBRepository(home)
    footnote = " ".join(texts(overview.render_footnote(repo, Filters(gemeente="GM0344"), "map")))
    assert "gebiedscijfers-cbs-2024-kwb-GM0344.csv" in footnote and "kwb-2024-utrecht.csv" not in footnote
    assert repo.batches()["origin"].isna().all()


def _kpitexts(repo, filters) -> dict[str, str]:
    from dashboard.views import overview

    cards = overview.render_kpis(repo, filters)
    out = {}
    for card in cards:
        body = card.children.children.children
        out[card.children.id] = (body[1].children, body[2].children)
    return out


def test_a_new_gemeente_with_only_cbs_data_gets_its_map_and_zero_initiatives(amstelveen):
    from dashboard.views import overview

    repo = DuckDBRepository(amstelveen)
    f = Filters(gemeente="GM0362")
    figure, key = overview.render_map(repo, f)
    assert key is not None  # a real map, not the 'no data' placeholder
    trace = figure["data"][-1] if isinstance(figure, dict) else figure.data[-1]
    assert len(trace["locations"]) == 47  # every buurt drawn
    kpis = _kpitexts(repo, f)
    assert kpis["kpi-active"][0] == "0"  # a count of initiatives that is 0 reads 0
    assert kpis["kpi-active"][1] == "geen eerdere periode"
    assert kpis["kpi-grants"][0] == "–"  # no grants loaded: no data


def test_a_gemeente_without_boundaries_says_how_to_load_them(two_gemeenten):
    from dashboard.views import overview

    repo = DuckDBRepository(two_gemeenten)
    figure, key = overview.render_map(repo, Filters(gemeente="GM0344"))
    text = " ".join(a["text"] for a in figure["layout"]["annotations"])
    assert key is None and "Geen grenzen geladen voor Utrecht" in text
    assert "wijkwaarde cbs boundaries" in text and "GM0344" in text


def test_the_data_page_names_the_users_file_and_what_it_was_read_in_as(two_gemeenten):
    from dashboard.pages import data

    repo = DuckDBRepository(two_gemeenten)
    text = " ".join(texts(data.batches_table(repo.batches(), "nl")))
    assert "kwb-2024-utrecht.csv ingelezen als gebiedscijfers-cbs-2024-kwb-GM0344.csv" in text, text
