"""Accepted stories on the initiative page: for the public only with consent, for the fund always;
the story's text reaches the page as text (Dash escapes it), never as markup."""

from __future__ import annotations

import re

from tests.auth.conftest import components
from tests.reports.conftest import FUND, csrf, filled, logged_in, make_link, text


def initiative_page(client, code: str) -> list[dict]:
    body = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": "/initiatief"},
            {"id": "_pages_location", "property": "search", "value": f"?code={code}"},
        ],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    return list(components(response.get_json()))


def report_and_accept(fund, new_client, grant: str, story: str, consent: bool) -> None:
    link = make_link(fund, grant)
    data = filled(verhaal=story)
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


def overview_map(client, funders: list[str] | None = None, buurt: str | None = None) -> dict:
    """The overview map callback over HTTP, as the page asks it: {output id: value}."""
    from benchmarks import dash_http

    deps = client.get("/_dash-dependencies").get_json()
    callback = dash_http.find(deps, "overview-map", "figure")
    values = {"filter-gemeente": "GM9999", "filter-funders": funders, "filter-buurt": buurt}
    values |= {"overview-map-metric": "deelnemers", "shell-lang": "nl"}
    response = client.post("/_dash-update-component", json=dash_http.body(callback, values))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    answer = response.get_json()["response"]
    return {key: next(iter(props.values())) for key, props in answer.items()}


def markers(figure: dict) -> list[list[str]]:
    layer = [d for d in figure["data"] if d["type"] == "scattermap"]
    assert len(layer) == 1  # always there (empty or not), so a recolour can replace it
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
