"""Accepted stories on the initiative page: for the public only with consent, for the fund always;
the story's text reaches the page as text (Dash escapes it), never as markup."""

from __future__ import annotations

import re
from datetime import date

from benchmarks import dash_http
from tests.auth.conftest import components
from tests.reports.conftest import FUND, GEMEENTE, OTHER_FUND, csrf, filled, logged_in, make_link, text


def initiative_page(client, code: str) -> list[dict]:
    response = client.post(
        "/_dash-update-component", json=dash_http.page_request("/initiatief", f"?code={code}")
    )
    assert response.status_code == 200
    return list(components(response.get_json()))


def report_and_accept(fund, new_client, grant: str, story: str, consent: bool, photo: bool = False) -> None:
    link = make_link(fund, grant)
    data = filled(verhaal=story)
    if photo:
        import io

        from tests.reports.test_units import jpeg_with_gps

        data["foto"] = (io.BytesIO(jpeg_with_gps((800, 600))), "foto.jpg")
    if not consent:
        data.pop("toestemming")
    assert new_client().post(link, data=data, content_type="multipart/form-data").status_code == 200
    page = text(fund.get("/rapportages"))
    review = re.findall(r'href="(/rapportages/beoordelen/[^"]+)"', page)[0]
    done = fund.post(review, data={"csrf_token": csrf(page), "besluit": "accepteren"})
    assert "Geaccepteerd" in text(done), text(done)


def stories_shown(props: list[dict]) -> list[str]:
    return [str(p.get("children")) for p in props if "story-text" in str(p.get("className", ""))]


def test_stories_show_with_consent_for_the_public_and_all_for_the_fund(app_client, new_client):
    fund = logged_in(app_client, FUND)
    report_and_accept(fund, new_client, "G2", "<b>Open</b> verhaal: 30 buren aten mee.", consent=True)
    report_and_accept(fund, new_client, "G4", "Dit verhaal is alleen voor het fonds.", consent=False)
    public = new_client()
    assert stories_shown(initiative_page(public, "INI1")) == ["<b>Open</b> verhaal: 30 buren aten mee."]
    assert stories_shown(initiative_page(public, "INI3")) == []
    assert stories_shown(initiative_page(fund, "INI3")) == ["Dit verhaal is alleen voor het fonds."]
    provenance = [
        str(p.get("children"))
        for p in initiative_page(public, "INI1")
        if "story-provenance" in str(p.get("className", ""))
    ]
    assert (
        provenance
        and "gerapporteerd door Stichting Buurtkracht, geaccepteerd door F. Een op" in provenance[0]
    )


def test_a_story_without_consent_shows_to_whoever_may_review_its_grant(app_client, new_client):
    """INI1 has grants of two funders (G1 of FIN1, G2 of FIN2): the story reported on G1 is for FIN1, the
    gemeente and the beheerder, whatever other grant the initiative has, and not for FIN2 or the public."""
    fund_one = logged_in(app_client, OTHER_FUND)  # FIN1
    report_and_accept(fund_one, new_client, "G1", "Alleen voor wie G1 beoordeelt.", consent=False)
    shown = ["Alleen voor wie G1 beoordeelt."]
    assert stories_shown(initiative_page(fund_one, "INI1")) == shown
    assert stories_shown(initiative_page(logged_in(new_client(), "beheer-1"), "INI1")) == shown
    assert stories_shown(initiative_page(logged_in(new_client(), GEMEENTE), "INI1")) == shown
    assert stories_shown(initiative_page(logged_in(new_client(), FUND), "INI1")) == []
    assert stories_shown(initiative_page(new_client(), "INI1")) == []


def test_council_pack_has_a_verhalen_slide_with_consented_stories_only(app_client, new_client, reports_home):
    import io

    from pptx import Presentation

    from dashboard.pack.build import build
    from dashboard.repository import DuckDBRepository

    fund = logged_in(app_client, FUND)
    report_and_accept(fund, new_client, "G2", "Open verhaal <i>met</i> toestemming.", consent=True)
    report_and_accept(fund, new_client, "G2", "Verhaal zonder toestemming.", consent=False)  # next period
    assert any(
        p.get("id", {}) == {"type": "pack-add", "index": "verhalen"} or "verhalen" in str(p.get("id"))
        for p in initiative_page(fund, "INI1")
    )
    (pptx,) = build(DuckDBRepository(reports_home), ["/initiatief?code=INI1&grafiek=verhalen"], "pptx")
    slides = Presentation(io.BytesIO(pptx)).slides
    texts = [[shape.text_frame.text for shape in slide.shapes if shape.has_text_frame] for slide in slides]
    story_slide = next(t for t in texts if "Verhalen: Buurtkeuken" in t)
    assert "Open verhaal <i>met</i> toestemming." in story_slide
    assert not any("zonder toestemming" in line for t in texts for line in t)
    assert any("geaccepteerd door F. Een op" in line for line in story_slide)


def overview_map(
    client, funders: list[str] | None = None, buurt: str | None = None, years: tuple[int, int] | None = None
) -> dict:
    """The overview map callback over HTTP, as the page asks it: {output id: value}. Without `years` the
    page's default: the latest year with observations (a story's period depends on today)."""
    from benchmarks import dash_http

    deps = client.get("/_dash-dependencies").get_json()
    callback = dash_http.find(deps, "overview-map", "figure")
    values = {"filter-gemeente": "GM9999", "filter-funders": funders, "filter-buurt": buurt}
    values |= {"overview-map-metric": "deelnemers", "shell-lang": "nl"}
    if years is not None:
        values |= {"filter-year-from": years[0], "filter-year-to": years[1]}
    response = client.post("/_dash-update-component", json=dash_http.body(callback, values))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    answer = response.get_json()["response"]
    return {key: next(iter(props.values())) for key, props in answer.items()}


def markers(figure: dict) -> list[list[str]]:
    layer = [d for d in figure["data"] if d["type"] == "scattermap" and d.get("hoverinfo") != "skip"]
    halo = [d for d in figure["data"] if d["type"] == "scattermap" and d.get("hoverinfo") == "skip"]
    assert len(layer) == 1  # always there (empty or not), so a recolour can replace it
    assert len(halo) == 1 and figure["data"].index(halo[0]) < figure["data"].index(layer[0])  # under it
    assert halo[0]["lon"] == layer[0]["lon"] and halo[0]["marker"]["color"] == "#ffffff"
    assert all(h > m for h, m in zip(halo[0]["marker"]["size"], layer[0]["marker"]["size"], strict=True))
    return layer[0]["customdata"]


def test_the_overview_map_has_a_story_layer_per_buurt_public_only_with_consent(app_client, new_client):
    fund = logged_in(app_client, FUND)
    public = new_client()
    assert markers(overview_map(public)["overview-map"]) == []
    assert overview_map(public)["overview-map-stories"] is None
    report_and_accept(fund, new_client, "G2", "Open verhaal.", consent=True)  # INI1, main buurt BU99990101
    report_and_accept(fund, new_client, "G4", "Alleen voor het fonds.", consent=False)  # INI3

    seen = overview_map(public)  # the output cache must not answer with the map from before the stories
    (marker,) = markers(seen["overview-map"])
    assert marker[2] == "BU99990101" and marker[1] == "1 verhaal: Buurtkeuken"
    shown = str(seen["overview-map-stories"])
    assert "/initiatief?code=INI1" in shown and "INI3" not in shown

    own = markers(overview_map(fund)["overview-map"])  # the fund sees its story without consent too
    assert sorted(m[1] for m in own) == ["1 verhaal: Buurtkeuken", "1 verhaal: Zonnedak Oost"]
    assert "/initiatief?code=INI3" in str(overview_map(fund)["overview-map-stories"])
    assert markers(overview_map(fund, funders=["FIN1"])["overview-map"]) == []  # the funder filter
    narrowed = str(overview_map(fund, buurt="BU99990101")["overview-map-stories"])
    assert "INI1" in narrowed and "INI3" not in narrowed


def test_a_click_on_a_story_marker_selects_its_buurt():
    from dashboard.views import overview as view

    click = {"points": [{"curveNumber": 2, "customdata": ["Centrum", "1 verhaal: X", "BU99990101"]}]}
    assert view.clicked_buurt(click) == "BU99990101"
    assert view.clicked_buurt({"points": [{"customdata": ["x", "y", "BU9999'; DROP"]}]}) is None


def test_an_accepted_story_changes_the_count_the_map_cache_keys_on(app_client, new_client, reports_home):
    from dashboard.reports import stories

    fund = logged_in(app_client, FUND)
    assert stories.changes(reports_home) == 0
    report_and_accept(fund, new_client, "G2", "Een verhaal.", consent=True)
    assert stories.changes(reports_home) == 1


def test_a_fund_puts_two_stories_of_its_portfolio_in_the_council_pack(app_client, new_client, reports_home):
    import io

    from pptx import Presentation

    from dashboard.pack.build import build
    from dashboard.repository import DuckDBRepository

    fund = logged_in(app_client, FUND)
    report_and_accept(fund, new_client, "G2", "Buurtkeuken: dertig buren aten mee.", consent=True, photo=True)
    report_and_accept(fund, new_client, "G4", "Zonnedak: <b>twaalf</b> daken erbij.", consent=True)
    report_and_accept(fund, new_client, "G2", "Zonder toestemming.", consent=False)  # next period
    years = (date.today().year, date.today().year + 1)  # the periods asked: this quarter and the next
    stories = overview_map(fund, funders=["FIN2"], years=years)["overview-map-stories"]
    assert "'type': 'pack-add', 'item': 'verhalen'" in str(
        stories
    )  # '+ Raadspakket' under the map's story list

    repo = DuckDBRepository(reports_home)
    (pptx,) = build(
        repo, [f"/?gemeente=GM9999&financier=FIN2&van={years[0]}&tot={years[1]}&grafiek=verhalen"], "pptx"
    )
    slides = Presentation(io.BytesIO(pptx)).slides
    texts = [[s.text_frame.text for s in slide.shapes if s.has_text_frame] for slide in slides]
    (number,) = [i for i, t in enumerate(texts) if any(line.startswith("Verhalen: ") for line in t)]
    slide = texts[number]
    assert any(shape.shape_type == 13 for shape in slides[number].shapes)  # the photo (a picture)
    assert "Buurtkeuken: dertig buren aten mee." in slide
    assert "Zonnedak: <b>twaalf</b> daken erbij." in slide  # plain text, as typed
    assert any(line.startswith("Buurtkeuken · ") for line in slide)  # each story says whose it is
    assert not any("Zonder toestemming" in line for t in texts for line in t)
    assert len(slides) == 3  # title, stories, sources: nothing else was asked for
    # another fund's portfolio has none of them: no slide
    assert len(Presentation(io.BytesIO(build(repo, [f"/?gemeente=GM9999&financier=FIN1&van={years[0]}&tot={years[1]}&grafiek=verhalen"],
                                             "pptx")[0])).slides) == 2  # fmt: skip
