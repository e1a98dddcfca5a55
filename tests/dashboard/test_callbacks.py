"""Callbacks called as plain functions, with values a browser could send."""

from __future__ import annotations

import json
import re

import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict
from dash.exceptions import PreventUpdate
from plotly.utils import PlotlyJSONEncoder

from dashboard.app import create_app
from dashboard.pages import PAGES
from dashboard.repository import DuckDBRepository

FIELDS = ("gemeente", "wijk", "buurt", "themes", "statuses", "funders", "year_from", "year_to")


def named(values) -> dict:
    """Control values by the Filters field they set, as Dash hands them to the overview's callbacks."""
    return dict(zip(FIELDS, values, strict=True))


CONTROLS = named(["GM9999", None, None, [], [], [], 2024, 2024])


@pytest.fixture
def callbacks(warehouse_home):
    app = create_app(DuckDBRepository(warehouse_home))
    return {name: getattr(fn, "__wrapped__", fn) for name, fn in app.wijkwaarde_callbacks.items()}


def kpi_texts(cards) -> list[str]:
    return [c.children.children.children[1].children for c in cards]


def test_kpis_and_their_change(callbacks):
    cards, note = callbacks["kpis"](CONTROLS, "nl")
    # 9 volunteers is below the protection threshold k = 10: shown as '< 10', never the number;
    # 156 participants are shown rounded to a multiple of 5 (protection rule 5)
    assert kpi_texts(cards) == ["2", "155", "< 10", "€ 30.000"]
    changes = [c.children.children.children[2].children for c in cards]
    # 156 vs 116 participants in 2023, both shown rounded: the change is that of the shown numbers
    assert changes[1] == "▲ +40 (+34,8%) t.o.v. 2023"
    assert "waarnemingen.csv (batch 9)" in note.children and "Fictieve gegevens" in note.children


def test_filter_change_changes_kpis(callbacks):
    oost = ["GM9999", "WK999902", None, [], [], [], 2024, 2024]
    cards, _ = callbacks["kpis"](named(oost), "nl")
    # one initiative is active there: its 36 participants are that initiative's own count, which public mode does
    # not publish (rule 6): 'afgeschermd', as 36 is not below 10; 2 volunteers are below k: '< 10'
    assert kpi_texts(cards) == ["1", "afgeschermd", "< 10", "€ 20.000"]


def test_forged_control_values_are_ignored(callbacks):
    forged = [
        "GM9999' OR 1=1 --",
        "WK999902; DROP TABLE area",
        None,
        ["x'); DROP"],
        ["<b>"],
        ["FIN1' --"],
        "1900",
        "x",
    ]
    cards, _ = callbacks["kpis"](named(forged), "nl")
    cards_default, _ = callbacks["kpis"](named([None] * 8), "nl")
    assert kpi_texts(cards) == kpi_texts(cards_default)  # as if nothing was selected: the defaults


def test_url_follows_the_controls(callbacks):
    controls = named(["GM9999", "WK999901", None, ["voedsel"], [], ["FIN1"], 2023, 2024])
    query = callbacks["sync_url"](controls, "subsidie_per_inwoner", "deelnemers", None, "nl")
    lang_href, *nav = callbacks["links_for"]("overview", query, "nl")
    assert (
        query
        == "?gemeente=GM9999&wijk=WK999901&thema=voedsel&financier=FIN1&van=2023&tot=2024&kaart=subsidie_per_inwoner"
    )
    assert lang_href == "/" + query + "&lang=en"
    # the selection travels with every navigation link
    hrefs = dict(zip([p.key for p in PAGES if p.nav], nav, strict=True))
    assert hrefs["overview"] == "/" + query and hrefs["data"] == "/gegevens" + query


def test_table_search_is_in_the_url_and_stays_on_the_overview(callbacks, warehouse_home):
    from dashboard.pages import overview as page
    from dashboard.repository import DuckDBRepository

    controls = named(["GM9999", None, None, [], [], [], 2024, 2024])
    query = callbacks["sync_url"](controls, None, None, " Zonnedak ", "nl")
    lang_href, *nav = callbacks["links_for"]("overview", query, "nl")
    assert query == "?gemeente=GM9999&van=2024&tot=2024&zoek=Zonnedak"
    assert lang_href == "/" + query + "&lang=en"
    hrefs = dict(zip([p.key for p in PAGES if p.nav], nav, strict=True))
    assert hrefs["overview"] == "/" + query and hrefs["data"] == "/gegevens?gemeente=GM9999&van=2024&tot=2024"
    layout = page.build(DuckDBRepository(warehouse_home), {"gemeente": "GM9999", "zoek": "Zonnedak"})
    text = json.dumps(layout.to_plotly_json(), cls=PlotlyJSONEncoder)
    assert '"value": "Zonnedak"' in text and '"quickFilterText": "Zonnedak"' in text


def test_map_click_sets_the_buurt_and_a_second_click_clears_it(callbacks):
    click = {"points": [{"location": "BU99990201"}]}
    context_value.set(AttributeDict(triggered_inputs=[{"prop_id": "overview-map.clickData", "value": click}]))
    wijk_opts, wijk, buurt_opts, buurt = callbacks["area"]("GM9999", None, click, None)
    assert buurt == "BU99990201" and wijk is None and len(buurt_opts) == 4
    *_, buurt = callbacks["area"]("GM9999", None, click, "BU99990201")
    assert buurt is None
    forged = {"points": [{"location": "BU99990201' OR 1=1"}]}
    *_, buurt = callbacks["area"]("GM9999", None, forged, None)
    assert buurt is None  # a forged click selects nothing
    elsewhere = {"points": [{"location": "BU99990309"}]}  # well-formed, but not a buurt of this gemeente
    with pytest.raises(PreventUpdate):
        callbacks["area"]("GM9999", None, elsewhere, None)


def test_choosing_a_wijk_limits_the_buurten_and_drops_a_buurt_outside_it(callbacks):
    context_value.set(AttributeDict(triggered_inputs=[{"prop_id": "filter-wijk.value", "value": "WK999901"}]))
    _, wijk, buurt_opts, buurt = callbacks["area"]("GM9999", "WK999901", None, "BU99990201")
    assert wijk == "WK999901"
    assert [o["value"] for o in buurt_opts] == ["BU99990101", "BU99990102"]
    assert buurt is None


def test_map_callback_patches_when_the_gemeente_is_unchanged(callbacks):
    figure, key, _, summary, _, title, _stories = callbacks["map"](
        CONTROLS, "initiatieven_per_1000", None, "nl"
    )
    assert title == "Kaart van de buurten"
    assert figure["data"][0]["geojson"] is not None
    assert summary.startswith("Kaart van 4 buurten")  # the text alternative comes with the figure
    patch, same, *_ = callbacks["map"](CONTROLS, "deelnemers", key, "nl")
    assert same == key and "geojson" not in str(patch.to_plotly_json())


def test_table_rows(callbacks):
    rows, _ = callbacks["table"](CONTROLS, "nl")
    assert [r["naam"] for r in rows] == ["Buurtkeuken", "Zonnedak Oost"]
    assert rows[0]["start"] == "2021-03-01" and rows[0]["subsidie"] == 10000.0
    assert rows[0]["themas"] == "Eenzaamheid, Voedsel"


def test_reordering_the_filter_controls_changes_nothing(warehouse_home, monkeypatch):
    """The filter bar's controls are bound by name: declared in another order, a theme still filters.

    Through Dash itself (a request as the browser sends it, inputs in the order the app registered them),
    so the binding of each control to its Filters field is what is tested, not a call of ours."""
    from dashboard import ids
    from dashboard.filters import Filters
    from dashboard.views import overview as view

    repo = DuckDBRepository(warehouse_home)
    monkeypatch.setattr(ids, "FILTER_CONTROLS", dict(reversed(ids.FILTER_CONTROLS.items())))
    client = create_app(repo).server.test_client()
    chosen = {ids.FILTER_GEMEENTE: "GM9999", ids.FILTER_THEMES: ["voedsel"], ids.FILTER_YEAR_FROM: 2024,
              ids.FILTER_YEAR_TO: 2024, ids.LANG_STORE: "nl"}  # fmt: skip

    def kpis(values: dict) -> list:
        app_map = client.get("/_dash-dependencies").get_json()
        (callback,) = [c for c in app_map if c["output"].startswith(f"..{ids.OVERVIEW_KPIS}.children")]
        body = {
            "output": callback["output"],
            "outputs": [
                {"id": ids.OVERVIEW_KPIS, "property": "children"},
                {"id": ids.OVERVIEW_KPI_FOOTNOTE, "property": "children"},
            ],  # fmt: skip
            "inputs": [{**i, "value": values.get(i["id"])} for i in callback["inputs"]],
            "state": [{**s, "value": values.get(s["id"])} for s in callback["state"]],
            "changedPropIds": [],
        }
        response = client.post("/_dash-update-component", json=body)
        assert response.status_code == 200
        return response.get_json()["response"][ids.OVERVIEW_KPIS]["children"]

    def expected(query: dict) -> list:
        cards = view.render_kpis(repo, Filters.from_query(query))
        return json.loads(json.dumps([c.to_plotly_json() for c in cards], cls=PlotlyJSONEncoder))

    url = {"gemeente": "GM9999", "thema": "voedsel", "van": "2024", "tot": "2024"}
    assert kpis(chosen) == expected(url)
    without_theme = {k: v for k, v in url.items() if k != "thema"}
    assert expected(url) != expected(without_theme)  # the theme matters: dropping it would show


@pytest.mark.parametrize(
    "query",
    [
        {"gemeente": "GM9999", "van": "2024", "tot": "2024"},
        {"gemeente": "GM9999", "wijk": "WK999902", "thema": "voedsel", "lang": "en"},
        {},  # the default view: the latest year of the only gemeente
    ],
)
def test_the_first_view_holds_the_kpi_cards_the_callback_gives(callbacks, warehouse_home, query):
    """The overview's cards come with the page (no callback round trip before they show): the same cards,
    protected the same way, as the callback answers for the controls the page starts with."""
    from dashboard import ids
    from dashboard.filters import Filters
    from dashboard.pages import overview as page
    from dashboard.views import overview as view

    def find(component, wanted):
        if getattr(component, "id", None) == wanted:
            return component
        children = getattr(component, "children", None)
        for child in children if isinstance(children, list) else [children]:
            found = find(child, wanted) if child is not None and not isinstance(child, str) else None
            if found is not None:
                return found
        return None

    repo = DuckDBRepository(warehouse_home)
    layout = page.build(repo, query)
    shown = find(layout, ids.OVERVIEW_KPIS).children
    note = find(layout, ids.OVERVIEW_KPI_FOOTNOTE).children
    # the controls as the page sets them, by the field each one sets (as Dash hands them to the callback)
    values = view.control_values(view.resolve(repo, Filters.from_query(query), national=True))
    controls = {field: values[ids.FILTER_CONTROLS[field]] for field in FIELDS}
    lang = Filters.from_query(query).lang
    cards, footnote = callbacks["kpis"](controls, lang)
    as_json = lambda c: json.dumps(c, cls=PlotlyJSONEncoder)  # noqa: E731
    assert as_json(shown) == as_json(cards)
    assert as_json(note) == as_json(footnote)
    assert len(kpi_texts(shown)) == 4 and all(kpi_texts(shown))


def test_footnotes_name_every_filter_of_the_figure(warehouse_home, callbacks):
    """Found by a probe: the footnote under a chart (and on its slide) said 'Selectie: Demostad · 2024' for a
    theme's, a status' or a funder's figures, which then read as the whole gemeente's."""
    repo = DuckDBRepository(warehouse_home)
    theme = repo.vocabulary("theme").iloc[0]
    status = repo.vocabulary("status").iloc[0]
    funder = repo.funders("GM9999").iloc[0]
    controls = named(["GM9999", None, None, [theme["code"]], [status["code"]], [funder["code"]], 2024, 2024])
    _, note = callbacks["kpis"](controls, "nl")
    selection = note.children.split(" · Bron")[0]
    for shown in (theme["label_nl"], status["label_nl"], funder["name"], "2024"):
        assert shown in selection, (shown, note.children)
    figure, *_ = callbacks["trend"](controls, "deelnemers", "nl")
    from dashboard.charts import PAGES
    from dashboard.filters import Filters

    f = Filters.from_query({"gemeente": "GM9999", "thema": theme["code"], "status": status["code"],
                            "financier": funder["code"], "van": 2024, "tot": 2024})  # fmt: skip
    chart = PAGES["overview"].chart(repo, f, "trend")
    assert theme["label_nl"] in chart.data.meta.selection and funder["name"] in chart.data.meta.selection


def test_every_value_download_names_the_value_proxies_file(demo_repo):
    """Found by a probe: the value page's footnote named waardeproxies.csv but none of its six downloads did:
    a figure's source files must be the same on screen and in its export."""
    from dashboard.app import create_app as make
    from dashboard.charts import PAGES as CHART_PAGES

    make(demo_repo)
    found = CHART_PAGES["value"]
    state = found.state({"gemeente": "GM9999", "van": 2023, "tot": 2025})
    names = [*found.charts, *found.tables]
    assert len(names) >= 5
    for name in names:
        chart = found.chart(demo_repo, state, name) if name in found.charts else None
        data = chart.data if chart is not None else found.tables[name](found.context(demo_repo, state))
        assert "waardeproxies" in data.meta.source, (name, data.meta.source)


def test_an_initiative_without_grant_money_in_the_period_shows_0_not_missing(demo_repo):
    """Found by a probe: the list's 'Subsidie (€)' was empty for an initiative without a grant in the period,
    which reads as 'not known'; it is € 0. Checked on both paths (the kept set and the SQL of a funder filter)."""
    from dashboard.filters import Filters
    from dashboard.views import overview as view

    for query in ({"gemeente": "GM9999", "van": 2025, "tot": 2025},):
        rows = view.render_table(demo_repo, Filters.from_query(query))
        grants = [r["subsidie"] for r in rows]
        assert None not in grants and 0 in grants and any(g > 0 for g in grants), grants[:10]
    funder = demo_repo.funders("GM9999")["code"].iloc[0]
    rows = view.render_table(demo_repo, Filters.from_query({"gemeente": "GM9999", "financier": funder}))
    assert rows and None not in [r["subsidie"] for r in rows]


def test_details_and_back_keep_the_overview_selection(demo_repo):
    """Found by a probe: the list's Details link was '/initiatief?code=...' only, so 'Terug naar het overzicht'
    reopened the gemeente's default instead of the wijk, theme, status, funder and years the user had chosen."""
    from urllib.parse import parse_qsl, urlsplit

    from dashboard.app import create_app as make
    from dashboard.components.wire import wire
    from dashboard.filters import Filters
    from dashboard.pages import initiative as initiative_page
    from dashboard.views import overview as view

    make(demo_repo)
    query = {"gemeente": "GM9999", "wijk": "WK999908", "van": 2022, "tot": 2024, "thema": "eenzaamheid"}
    rows = view.render_table(demo_repo, Filters.from_query(query))
    assert rows
    link = rows[0]["pagina"].split("](", 1)[1].rstrip(")")
    assert link.startswith("/initiatief?code=")
    carried = dict(parse_qsl(urlsplit(link).query))
    assert {k: carried.get(k) for k in ("gemeente", "wijk", "van", "tot", "thema")} == {
        k: str(v) for k, v in query.items()
    }
    page = json.dumps(wire(initiative_page.build(demo_repo, carried)))
    back = re.search(r'"href": "(/\?[^"]*)"', page).group(1)
    back_query = dict(parse_qsl(urlsplit(back).query))
    assert {k: back_query.get(k) for k in query} == {k: str(v) for k, v in query.items()}, back


def test_a_period_without_data_stays_the_asked_period_on_every_page(demo_repo):
    """Found by a probe: /portefeuille?...&van=2010&tot=2012 and /waarde?van=2010&tot=2010 showed 2017-2025 and
    2025 (their year dropdowns had no 2010, so the browser cleared them and the page filled in defaults), while
    the overview kept 2010 and said 'Geen gegevens'."""
    from dashboard import ids
    from dashboard.app import create_app as make
    from dashboard.components.wire import wire
    from dashboard.pages import portfolio as portfolio_page
    from dashboard.pages import value as value_page

    make(demo_repo)

    def dropdowns(layout) -> dict:
        found = {}

        def walk(node):
            if isinstance(node, dict):
                props = node.get("props", {})
                if node.get("type") == "Dropdown":
                    found[props.get("id")] = props
                for v in props.values() if "props" in node else node.values():
                    walk(v)
            elif isinstance(node, list):
                for v in node:
                    walk(v)

        walk(wire(layout))
        return found

    for build, ids_ in (
        (portfolio_page.build, (ids.PORTFOLIO_YEAR_FROM, ids.PORTFOLIO_YEAR_TO)),
        (value_page.build, (ids.VALUE_YEAR_FROM, ids.VALUE_YEAR_TO)),
    ):
        found = dropdowns(build(demo_repo, {"gemeente": "GM9999", "van": "2010", "tot": "2012"}))
        for control, year in zip(ids_, (2010, 2012), strict=True):
            props = found[control]
            assert props["value"] == year and year in [o["value"] for o in props["options"]], (control, props)
