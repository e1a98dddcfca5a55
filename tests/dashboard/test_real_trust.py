"""Pages on real public files a policy officer trusts: no future period named, an empty map says why."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dashboard.repository import DuckDBRepository
from dashboard.views import need as nv
from dashboard.views import portfolio as pv
from tests.dashboard.chart_checks import texts
from tests.real_data import real_data
from wijkwaarde.cli import app


def cli(home: Path, *args: str) -> None:
    result = CliRunner().invoke(app, ["--home", str(home), *args])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """Amstelveen with outlines, Utrecht's Kerncijfers without, a UK 360Giving register (GBP) and Amsterdam's
    register (EUR): no dated
    grants, initiatives or observations of the product's own, so no period to default to."""
    home = tmp_path_factory.mktemp("trust") / "warehouse"
    cli(home, "cbs", "boundaries", "--year", "2024", "--file",
        str(real_data("amstelveen-buurten", "amstelveen_buurten.geojson")))  # fmt: skip
    cli(home, "cbs", "kerncijfers", "--year", "2024", "--file",
        str(real_data("woonikveilig-buurtindicatoren", "gemeente", "GM0362.json")))  # fmt: skip
    cli(home, "cbs", "kerncijfers", "--year", "2024", "--file",
        str(real_data("cbs-kwb-utrecht", "kwb-2024-utrecht.csv")))  # fmt: skip
    cli(home, "load", "--format", "360giving", str(real_data("360giving-grantnav-sample", "indigo.json")))
    cli(home, "load", "--format", "amsterdam-subsidies",
        str(real_data("openstate-subsidies", "amsterdam-subsidies-2016.json")))  # fmt: skip
    return home


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_risk_rule_names_no_future_period(warehouse, lang):
    """Without a period the rule said 'in 2098–2100' (the last years of the 1990-2100 fallback)."""
    repo = DuckDBRepository(warehouse)
    ctx = pv.context(repo, pv.PortfolioState.from_query({"gemeente": "GM0362", "lang": lang}))
    rule = ctx.risk_rule()
    years = [int(y) for y in re.findall(r"\b(\d{4})\b", rule)]
    assert all(y <= 2030 for y in years), rule
    assert ("laatste 3 jaar met gegevens" if lang == "nl" else "last 3 years with data") in rule


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_need_map_without_outlines_says_to_load_them(warehouse, lang):
    """Utrecht has figures but no buurt outlines: the map said 'Geen gegevens voor deze selectie' above a
    summary of 111 buurten with an index; it now says which boundaries to load, as the overview's map does."""
    repo = DuckDBRepository(warehouse)
    ctx = nv.context(repo, nv.NeedState.from_query({"gemeente": "GM0344", "lang": lang}))
    assert ctx.df is not None and ctx.df["need"].notna().sum() > 100  # the index exists
    figure = nv.page_map(ctx)
    text = " ".join(a.text for a in figure.layout.annotations)
    assert "Utrecht" in text and "cbs boundaries" in text and "GM0344" in text
    assert "--year 2024" in text  # the year of Utrecht's figures, not last calendar year
    # Amstelveen, with outlines, still draws its map
    ams = nv.context(repo, nv.NeedState.from_query({"gemeente": "GM0362", "lang": lang}))
    assert ams.has_map and len(nv.page_map(ams).data) > 0


def test_value_page_sources_name_the_selected_gemeentes_files(warehouse):
    """The value page of Utrecht named Amstelveen's outline file under its cards (unscoped sources)."""
    from dashboard.charts import value as value_charts
    from dashboard.filters import Filters
    from dashboard.views import overview
    from dashboard.views import value_page as page

    repo = DuckDBRepository(warehouse)
    filters = overview.resolve(repo, Filters.from_query({"gemeente": "GM0344"}))
    cards, _ = page.content(repo, filters, *value_charts.page(repo, filters, None))
    text = " ".join(texts(cards))
    assert "kwb-2024-utrecht.csv" in text
    assert "amstelveen_buurten.geojson" not in text and "GM0362.json" not in text


def test_portfolio_chart_sources_name_only_the_gemeentes_files(warehouse):
    """Amstelveen's portfolio charts named Utrecht's Kerncijfers file as their source (unscoped sources),
    while the page footnote and the side-by-side table were scoped to the gemeente."""
    import dashboard.pages  # noqa: F401 (registers the pages)
    from dashboard import charts as chart_pages

    repo = DuckDBRepository(warehouse)
    found = chart_pages.PAGES["portfolio"]
    ctx = found.context(repo, found.state({"gemeente": "GM0362", "lang": "nl"}))
    names = found.names(ctx) if found.names else list(found.charts)
    assert names
    for name in names:
        sources = found.charts[name](ctx).data.meta.source
        assert "amstelveen_buurten.geojson" in sources, name
        assert "utrecht" not in sources.lower(), (name, sources)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_survival_rule_without_a_data_date_says_why(warehouse, lang):
    """With only CBS figures and a UK register loaded there is no data date: the rule read 'vóór de
    peildatum –' on the page and in every export's selection line."""
    from dashboard.views import survival as sv_view

    repo = DuckDBRepository(warehouse)
    assert repo.data_date() is None
    text = sv_view.rule_text(sv_view.SurvivalState.from_query({"lang": lang}).rule, repo.data_date(), lang)
    assert "–" not in text and ("geen waarnemingen" if lang == "nl" else "no observations") in text


def test_portfolio_offers_no_funder_of_pounds_only(warehouse):
    """Indigo Trust (a UK 360Giving funder, all grants in GBP, no Dutch area) was a default choice of
    Amstelveen's portfolio, shown as 'Geld in de gemeente (€) € 0'; Amsterdam's euro register stays."""
    repo = DuckDBRepository(warehouse)
    codes = set(repo.all_funders()["code"])
    assert "360G-indigotrust" not in codes and "GM0363" in codes
    national = set(repo.funders(None)["code"])  # the overview's funder filter without a gemeente
    assert "360G-indigotrust" not in national and "GM0363" in national
    ctx = pv.context(
        repo, pv.PortfolioState.from_query({"gemeente": "GM0362", "financier": "360G-indigotrust"})
    )
    assert "360G-indigotrust" not in ctx.funders


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_map_summary_of_one_value_everywhere_names_no_highest(warehouse, lang):
    """Without initiatives every Amstelveen buurt has 0 per 1.000 inwoners: the summary read
    'Hoogste: Randwijck West (0,0); laagste: Randwijck West (0,0)'."""
    import dashboard.pages  # noqa: F401 (registers the pages)
    from dashboard import charts as chart_pages
    from dashboard import formatting as fmt

    repo = DuckDBRepository(warehouse)
    found = chart_pages.PAGES["overview"]
    with fmt.using(lang):  # as a request of that language does (request_lang)
        ctx = found.context(repo, found.state({"gemeente": "GM0362", "lang": lang}))
        summary = found.charts["map"](ctx).summary
    assert ("Hoogste" if lang == "nl" else "Highest") not in summary, summary
    assert ("dezelfde waarde: 0,0" if lang == "nl" else "the same value: 0.0") in summary, summary


def test_funder_lists_on_views_from_before_the_registers(warehouse, tmp_path):
    """A warehouse whose views predate v_register_grant keeps its funder lists (the old queries)."""
    import shutil

    import duckdb

    from etl.contract import published_path

    home = tmp_path / "old"
    shutil.copytree(warehouse, home, symlinks=True)
    db = published_path(home).resolve()
    if not db.is_relative_to(home):  # a link into the copied tree's original: copy the file itself
        target = home / "versions" / db.name
        target.unlink(missing_ok=True)
        shutil.copy(db, target)
        db = target
    with duckdb.connect(str(db)) as con:
        con.execute("DROP VIEW IF EXISTS v_register_location_total")
        con.execute("DROP VIEW IF EXISTS v_register_grant_location")
        con.execute("DROP VIEW v_register_grant")
    repo = DuckDBRepository(home)
    assert "GM0363" in set(repo.all_funders()["code"]) and "GM0363" in set(repo.funders(None)["code"])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_need_formula_names_the_statistics_no_buurt_has(warehouse, lang):
    """Utrecht's KWB 2024 has no income (published later) and no health figures: the formula listed them as
    'Lager = meer behoefte' while the index was the share of 65+ alone (Haarrijn, 45 inwoners, on top)."""
    repo = DuckDBRepository(warehouse)
    ctx = nv.context(repo, nv.NeedState.from_query({"gemeente": "GM0344", "lang": lang}))
    text = " ".join(texts(nv.render(ctx)["formula"]))
    absent = "Geen waarde in deze gemeente" if lang == "nl" else "No value in this municipality"
    assert absent in text
    line = text[text.index(absent) :]
    assert ("inkomen" if lang == "nl" else "income") in line and "65" not in line
    ams = nv.context(repo, nv.NeedState.from_query({"gemeente": "GM0362", "lang": lang}))
    assert absent not in " ".join(texts(nv.render(ams)["formula"]))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_need_summary_without_a_period_says_so_not_a_dash(warehouse, lang):
    """Without initiatives (so no period with data) the summary ended '... en dekking (–)'."""
    repo = DuckDBRepository(warehouse)
    ctx = nv.context(repo, nv.NeedState.from_query({"gemeente": "GM0362", "lang": lang}))
    summary = " ".join(texts(nv.render(ctx)["summary"]))
    assert "(–)" not in summary
    assert ("geen periode met gegevens" if lang == "nl" else "no period with data") in summary
