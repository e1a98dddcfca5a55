"""Every page's state round-trips through its URL: controls open at the URL's values, links follow the controls."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard import ids
from dashboard.app import create_app
from dashboard.pages import PAGES
from dashboard.pages import profile as profile_page

NAV_KEYS = [p.key for p in PAGES if p.nav]


@pytest.fixture(scope="module")
def callbacks(demo_repo):
    app = create_app(demo_repo)
    return {name: getattr(fn, "__wrapped__", fn) for name, fn in app.wijkwaarde_callbacks.items()}


def find(component, component_id):
    if getattr(component, "id", None) == component_id:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if child is not None and not isinstance(child, (str, int, float)):
            hit = find(child, component_id)
            if hit is not None:
                return hit
    return None


def query(href: str) -> dict:
    return parse_qs(urlsplit(href).query)


def test_profile_opens_on_the_statistic_of_the_link(demo_repo):
    layout = profile_page.build(
        demo_repo, {"gemeente": "GM9999", "buurt": "BU99990101", "cijfer": "aandeel_goede_gezondheid"}
    )
    stat = find(layout, ids.PROFILE_STAT)
    # Dash's dropdown keeps a value only when it has an option for it: both come with the page.
    assert stat.value == "aandeel_goede_gezondheid"
    assert "aandeel_goede_gezondheid" in [o["value"] for o in stat.options]


def links_of(hrefs) -> tuple[str, dict[str, str]]:
    lang, *nav = hrefs
    return lang, dict(zip(NAV_KEYS, nav, strict=True))


@pytest.mark.parametrize(
    ("page", "path", "search", "shared"),
    [
        (
            "survival",
            "/overleving",
            "?gemeente=GM9999&groep=thema&regel=stilte&maanden=6",
            "?gemeente=GM9999",  # a page's own parameters stay on it: other pages get the selection
        ),
        (
            "indicators",
            "/indicatoren",
            "?gemeente=GM9999&zoek=deelnemers",
            "?gemeente=GM9999",
        ),
        ("need", "/behoefte", "?gemeente=GM9999&hoog=aandeel_65plus", "?gemeente=GM9999"),
        (
            "profile",
            "/profiel",
            "?gemeente=GM9999&buurt=BU99990101&cijfer=inwoners",
            "?gemeente=GM9999&buurt=BU99990101",
        ),
    ],
)
def test_language_and_navigation_links_follow_the_controls(callbacks, page, path, search, shared):
    lang_href, nav = links_of(callbacks["links_for"](page, search, "nl"))
    assert lang_href == path + search + "&lang=en"
    assert nav[page] == path + search  # the current page's own link reopens exactly what is on screen
    other = "data" if page != "data" else "overview"
    assert nav[other] == "/gegevens" + (shared if shared is not None else search)
    lang_href, nav = links_of(callbacks["links_for"](page, search + "&lang=en", "en"))
    assert lang_href == path + search  # back to Dutch, same state
    assert nav[page] == path + search + "&lang=en"


def test_portfolio_links_carry_chosen_funders_not_the_default_comparison(callbacks, demo_repo):
    from dashboard.views import portfolio as pv

    default = ",".join(pv.default_funders(demo_repo.all_funders()))
    other = [c for c in demo_repo.all_funders()["code"] if c not in default.split(",")][0]
    search = f"?gemeente=GM9999&financier={default}&van=2024&tot=2025&uitkomst=deelnemers"
    lang_href, nav = links_of(callbacks["links_for"]("portfolio", search, "nl"))
    assert lang_href == "/portefeuille" + search + "&lang=en"
    assert nav["portfolio"] == "/portefeuille" + search
    assert query(nav["overview"]) == {"gemeente": ["GM9999"], "van": ["2024"], "tot": ["2025"]}
    chosen = search.replace(default, other)
    _, nav = links_of(callbacks["links_for"]("portfolio", chosen, "nl"))
    assert query(nav["overview"])["financier"] == [other]
    assert nav["portfolio"] == "/portefeuille" + chosen


def test_links_take_only_a_query_string_from_the_browser(callbacks):
    lang_href, nav = links_of(callbacks["links_for"]("survival", "javascript:alert(1)", "nl"))
    assert lang_href == "/overleving?lang=en" and nav["survival"] == "/overleving"


def test_sankey_is_the_same_whatever_order_the_rows_come_in(demo_repo):
    """A copied portfolio link drew another money-flow chart: equal totals and float sums followed row order."""
    from dashboard import portfolio as pf
    from dashboard.views import portfolio as pv

    state = pv.resolve(demo_repo, pv.PortfolioState.from_query({"gemeente": "GM9999", "financier": "EIGEN"}))
    flows = pv.load(demo_repo, state).flows
    assert len(flows) > 20
    drawn = [pf.sankey_data(flows.sample(frac=1, random_state=seed), {}, {}, {}) for seed in range(6)]
    assert len({repr(d) for d in drawn}) == 1


def test_portfolio_money_is_summed_to_the_cent(demo_repo):
    """The flows are parallel float sums of split grants: unrounded, their last bits changed from one run to
    the next and a copied portfolio link drew bars of € 26.183,333333333332 against € 26.183,333333333334."""
    from dashboard.views import portfolio as pv

    state = pv.resolve(demo_repo, pv.PortfolioState.from_query({"gemeente": "GM9999", "financier": "EIGEN"}))
    flows = pv.load(demo_repo, state).flows
    assert (flows["amount"] * 100).sub((flows["amount"] * 100).round()).abs().max() < 1e-6
    assert (flows["amount"] % 1 != 0).any()  # split grants: cents, not whole euros


def test_a_page_carries_the_filters_it_does_not_use_validated():
    from dashboard.components.shell import carry_for, with_carry

    link = {"gemeente": "GM9999", "wijk": "WK999908", "thema": "eenzaamheid", "van": "2022", "tot": "2024",
            "financier": "x'); DROP TABLE", "lang": "en", "cijfer": "inwoners"}  # fmt: skip
    carry = carry_for(link, "?gemeente=GM9999&wijk=WK999908&cijfer=inwoners")
    # the theme and the years travel on; an invalid funder code, the language and page parameters do not
    assert query(carry) == {"thema": ["eenzaamheid"], "van": ["2022"], "tot": ["2024"]}
    merged = with_carry("?gemeente=GM9999&wijk=WK999901&cijfer=inwoners", carry)
    assert query(merged) == {"gemeente": ["GM9999"], "wijk": ["WK999901"], "cijfer": ["inwoners"],
                             "thema": ["eenzaamheid"], "van": ["2022"], "tot": ["2024"]}  # fmt: skip
    assert with_carry("?gemeente=GM9999", "javascript:alert(1)") == "?gemeente=GM9999"
