"""The fund's report pages in English (?lang=en): English headings, buttons and messages, English dates and
numbers, the language kept in every link and form between the pages, <html lang> and a switch back; the
Dutch pages as before."""

from __future__ import annotations

import re

from dashboard.i18n import STRINGS
from tests.reports.conftest import FUND, OTHER_FUND, csrf, filled, links_in, logged_in, text

EN = "?lang=en"


def dutch_leftovers(page: str) -> list[str]:
    """The Dutch texts of the report strings (grantee reports in dashboard/i18n.py) found on an English page:
    each one's longest piece between its placeholders, when it differs from the English and is long enough
    not to be a name or a word shared by both languages. Only what people read counts: the text between the
    tags and the labels of aria-label, alt and title (not ids, names and paths, which stay Dutch)."""
    labels = re.findall(r'(?:aria-label|alt|title)="([^"]*)"', page)
    page = " ".join([re.sub(r"<[^>]+>", " ", page), *labels])
    found = []
    for key, entry in STRINGS.items():
        if not key.startswith("rep_") or entry["nl"] == entry["en"]:
            continue
        piece = max(re.split(r"\{[a-z_]+\}", entry["nl"]), key=len).strip(" ·():")
        if len(piece) >= 8 and piece not in entry["en"] and piece in page:
            found.append(piece)
    return found


def only_lang_links(page: str) -> None:
    """Every link and form action to the fund's pages (and the dashboard) keeps ?lang=en; only the switch
    (the header) leads to the Dutch page."""
    switch = re.search(
        r'<header[^>]*><a [^>]*href="([^"]*)" hreflang="nl" lang="nl"[^>]*>Nederlands</a></header>', page
    )
    assert switch and "lang=en" not in switch.group(1)
    targets = re.findall(r'(?:href|action)="(/[^"]*)"', page.replace(switch.group(0), ""))
    ours = [t for t in targets if not t.startswith(("/assets/", "/rapportage-foto/", "/rapportage/"))]
    assert ours and all(t.endswith(EN) for t in ours), ours


def test_the_fund_pages_read_english_with_lang_en(app_client, new_client, reports_home):
    fund = logged_in(app_client, FUND)
    home = text(fund.get("/rapportages" + EN))
    assert '<html lang="en">' in home and "<title>Reports – Wijkwaarde</title>" in home
    for heading in ("Make links", "To review (0)", "Overdue (0)", "All requests", "Next period", "Funder"):
        assert heading in home, heading
    assert "Skip to content" in home and "Back to the dashboard" in home and 'href="/?lang=en"' in home
    assert not dutch_leftovers(home), dutch_leftovers(home)
    assert re.search(r'<a [^>]*href="/rapportages" hreflang="nl" lang="nl"[^>]*>Nederlands</a>', home)
    only_lang_links(home)
    assert re.search(r"\d{1,2} [A-Z][a-z]{2} \d{4}", home)  # dates as 1 Apr 2025

    made = fund.post(
        "/rapportages/links" + EN, data={"csrf_token": csrf(home), "subsidie": "G2", "email-G2": ""}
    )
    made_page = text(made)
    assert made.status_code == 200 and '<h1 class="h3 mb-3">Links made</h1>' in made_page
    assert "1 link(s) made" in made_page and "not e-mailed" in made_page and "Due before" in made_page
    assert not dutch_leftovers(made_page), dutch_leftovers(made_page)
    only_lang_links(made_page)
    link = links_in(made_page)[0]

    grantee = new_client()
    sent = grantee.post(
        link, data=filled(**{"waarde-deelnemers": "1234,5"}), content_type="multipart/form-data"
    )
    assert sent.status_code == 200

    home = text(fund.get("/rapportages" + EN))
    assert "To review (1)" in home and ">review</a>" in home and "to review" in home  # its status
    review = re.search(r'href="(/rapportages/beoordelen/[^"?]+\?lang=en)"', home).group(1)
    shown = text(fund.get(review))
    assert '<html lang="en">' in shown and "Report Buurtkeuken" in shown
    for label in (
        "Reported by Stichting Buurtkracht",
        "Previous value",
        "Target",
        "Story",
        "Consent to show",
    ):
        assert label in shown, label
    assert (
        "Accept and publish" in shown and "Return with note" in shown and "Note for the initiative" in shown
    )
    assert "1,234.5" in shown  # the reported value in English notation
    assert not dutch_leftovers(shown), dutch_leftovers(shown)
    only_lang_links(shown)

    empty = fund.post(review, data={"csrf_token": csrf(shown), "besluit": "terugsturen", "opmerking": " "})
    assert empty.status_code == 400 and "Write what the initiative should change." in text(empty)
    accepted = fund.post(review, data={"csrf_token": csrf(shown), "besluit": "accepteren"})
    assert accepted.status_code == 200 and "Accepted and published." in text(accepted)
    assert "status: accepted" in text(accepted)


def test_the_plan_page_and_its_errors_in_english(app_client, reports_home):
    fund = logged_in(app_client, FUND)
    page = text(fund.get("/rapportages/plan/G4" + EN))
    assert "Reporting plan" in page and "Indicators" in page and "Save plan" in page
    assert "proposal, not saved yet" in page and "One line per period" in page
    assert 'action="/rapportages/plan/G4?lang=en"' in page
    assert not dutch_leftovers(page), dutch_leftovers(page)
    wrong = fund.post(
        "/rapportages/plan/G4" + EN,
        data={"csrf_token": csrf(page), "indicator": "vrijwilligers", "perioden": "gisteren"},
    )
    assert wrong.status_code == 400 and "Line 1: write" in text(wrong) and "Regel 1" not in text(wrong)
    saved = fund.post(
        "/rapportages/plan/G4" + EN,
        data={
            "csrf_token": csrf(page),
            "indicator": "vrijwilligers",
            "perioden": "1-1-2025;31-3-2025;15-4-2025",
        },
    )
    assert saved.status_code == 200 and "The plan has been saved." in text(saved)


def test_refusals_in_english(app_client, new_client, reports_home):
    fund = logged_in(app_client, OTHER_FUND)  # FIN1: G4 is not its grant
    refused = fund.get("/rapportages/plan/G4" + EN)
    assert refused.status_code == 403 and "No access" in text(refused) and 'lang="en"' in text(refused)
    missing = fund.get("/rapportages/plan/G999" + EN)
    assert missing.status_code == 404 and "Not found" in text(missing)
    anonymous = new_client().get("/rapportages" + EN)
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"].endswith("/login?next=/rapportages%3Flang%3Den")


def test_the_dutch_pages_stay_dutch_with_a_switch_to_english(app_client):
    fund = logged_in(app_client, FUND)
    home = text(fund.get("/rapportages"))
    assert '<html lang="nl">' in home and "Links maken" in home and "Te beoordelen (0)" in home
    assert "Naar de inhoud" in home and "Make links" not in home
    assert re.search(r'<a [^>]*href="/rapportages\?lang=en" hreflang="en" lang="en"[^>]*>English</a>', home)
    assert "?lang=en" not in home.replace('href="/rapportages?lang=en"', "")
    assert re.search(r"\d{1,2}-\d{1,2}-\d{4}", home)  # dates as 1-4-2025
