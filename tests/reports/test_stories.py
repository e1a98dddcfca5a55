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
