"""A report's round trip through the real app (Flask test client, real OIDC login, real SQLite and DuckDB):
a fund makes a link, the initiative reports, the fund accepts (a new batch) or returns it with a note."""

from __future__ import annotations

import io
import re
import sqlite3
import time
from datetime import date, timedelta

import duckdb
import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from PIL import Image

from dashboard.auth import audit
from dashboard.reports import links
from etl.contract import published_path
from tests.reports.conftest import (
    FUND,
    GEMEENTE,
    OTHER_FUND,
    csrf,
    filled,
    links_in,
    logged_in,
    make_link,
    text,
)
from tests.reports.test_units import jpeg_with_gps


def count(home, table: str) -> int:
    with sqlite3.connect(home / "reports.sqlite") as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed names


def observations(home, initiative: str, start: str) -> dict[str, float]:
    con = duckdb.connect(str(published_path(home).resolve()), read_only=True)
    try:
        rows = con.execute(
            "SELECT indicator_code, value FROM observation WHERE initiative_code = ? AND period_start = ?",
            [initiative, start],
        ).fetchall()
    finally:
        con.close()
    return dict(rows)


def review_path(client, link: str) -> str:
    page = text(client.get("/rapportages"))
    import re

    found = re.findall(r'href="(/rapportages/beoordelen/[^"]+)"', page)
    assert found, page
    return found[0]


def test_link_report_accept_publishes_its_own_batch_with_provenance(app_client, new_client, reports_home):
    fund = logged_in(app_client, FUND)
    link = make_link(fund, "G2", "buurtkracht@example.org")
    grantee = new_client()  # no login: the link is the key
    form = grantee.get(link)
    assert form.status_code == 200
    page = text(form)
    assert 'lang="nl"' in page and "Buurtkeuken" in page
    assert "Vorige keer: 45" in page and "doel: 20" in page  # last values and targets (2024-K4)
    story = "<script>alert('x')</script> Twintig buren kookten samen."
    photo = (io.BytesIO(jpeg_with_gps()), "IMG_0001.jpg")
    sent = grantee.post(
        link,
        data=filled(
            **{"waarde-deelnemers": "31", "waarde-vrijwilligers": "7,5", "verhaal": story, "foto": photo}
        ),
        content_type="multipart/form-data",
    )
    assert sent.status_code == 200 and "Bedankt" in text(sent)
    assert "<script>alert" not in text(grantee.get(link))  # 'al ontvangen' from now on
    assert "al ontvangen" in text(grantee.get(link))
    again = grantee.post(link, data=filled(), content_type="multipart/form-data")
    assert again.status_code == 409 and count(reports_home, "submission") == 1

    review = review_path(fund, link)
    shown = text(fund.get(review))
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in shown and "<script>alert" not in shown
    photo_url = shown.split('<img src="', 1)[1].split('"', 1)[0]
    image = fund.get(photo_url)
    assert image.status_code == 200 and image.headers["Cache-Control"].startswith("private")
    with Image.open(io.BytesIO(image.data)) as picture:
        assert not picture.getexif() and max(picture.size) <= 1600
    assert new_client().get(photo_url).status_code == 404  # not public before it is accepted

    accepted = fund.post(review, data={"csrf_token": csrf(shown), "besluit": "accepteren"})
    assert accepted.status_code == 200, text(accepted)
    assert "gerapporteerd door Stichting Buurtkracht, geaccepteerd door F. Een op " in text(accepted)
    start = _period_start(reports_home)
    assert observations(reports_home, "INI1", start) == {"deelnemers": 31.0, "vrijwilligers": 7.5}
    with sqlite3.connect(reports_home / "reports.sqlite") as con:
        batch = con.execute("SELECT batch_id FROM submission").fetchone()[0]
    assert batch and batch > 9  # a batch of its own after the fixture's nine
    assert new_client().get(photo_url).status_code == 200  # accepted with consent: public
    actions = [what for _, _, what, _, _ in audit.entries()]
    assert {"report_plan", "report_link", "report_accept", "load"} <= set(actions)


def _period_start(home) -> str:
    with sqlite3.connect(home / "reports.sqlite") as con:
        return con.execute("SELECT period_start FROM report_request").fetchone()[0]


def test_while_a_report_is_published_nobody_accepts_or_returns_it_again(
    app_client, new_client, reports_home, monkeypatch
):
    """Publishing takes seconds: a double click, a second reviewer's accept or the gemeente's return came
    through meanwhile, so the values were published twice, or published while the report went back to the
    initiative (whose note this accept then overwrote, the request marked accepted)."""
    from dashboard.reports import publish, workflow

    fund = logged_in(app_client, FUND)
    link = make_link(fund, "G2")
    assert new_client().post(link, data=filled(), content_type="multipart/form-data").status_code == 200
    review = review_path(fund, link)
    request = workflow.request_of(review.rsplit("/", 1)[1])
    real, meanwhile = publish.publish, []

    def slow_publish(*args, **kwargs):
        if not meanwhile:  # what other workers do while this one publishes
            for other in (
                lambda: workflow.send_back(request, "A. Ambtenaar", GEMEENTE, "Klopt dit?", date.today()),
                lambda: workflow.accept(request, "F. Een", FUND, date.today()),
            ):
                try:
                    other()
                    meanwhile.append("gelukt")
                except workflow.DecisionError:
                    meanwhile.append("geweigerd")
        return real(*args, **kwargs)

    monkeypatch.setattr(publish, "publish", slow_publish)
    page = text(fund.get("/rapportages"))
    done = fund.post(review, data={"csrf_token": csrf(page), "besluit": "accepteren"})
    assert "Geaccepteerd" in text(done), text(done)
    assert meanwhile == ["geweigerd", "geweigerd"]
    with sqlite3.connect(reports_home / "reports.sqlite") as con:
        assert con.execute("SELECT decision, note FROM submission").fetchall() == [("geaccepteerd", "")]
        assert con.execute("SELECT status, note FROM report_request").fetchall() == [("geaccepteerd", "")]
    assert [a for _, _, a, _, _ in audit.entries() if a.startswith("report_")].count("report_accept") == 1
    assert "report_return" not in [a for _, _, a, _, _ in audit.entries()]


def test_returned_report_shows_the_note_and_the_same_link_opens_the_form_again(
    app_client, new_client, reports_home
):
    fund = logged_in(app_client, FUND)
    link = make_link(fund, "G4")
    grantee = new_client()
    assert grantee.post(link, data=filled(), content_type="multipart/form-data").status_code == 200
    review = review_path(fund, link)
    page = text(fund.get(review))
    returned = fund.post(
        review,
        data={
            "csrf_token": csrf(page),
            "besluit": "terugsturen",
            "opmerking": "Klopt 12 <b>vrijwilligers</b>?",
        },
    )
    assert returned.status_code == 200 and "Teruggestuurd" in text(returned)
    again = text(grantee.get(link))
    assert "Opmerking van het fonds" in again and "Klopt 12 &lt;b&gt;vrijwilligers&lt;/b&gt;?" in again
    assert grantee.post(link, data=filled(), content_type="multipart/form-data").status_code == 200
    assert count(reports_home, "submission") == 2
    assert "al ontvangen" in text(grantee.get(link))


def test_errors_are_shown_in_the_form_and_nothing_is_stored(app_client, new_client, reports_home):
    fund = logged_in(app_client, FUND)
    link = make_link(fund, "G2")
    grantee = new_client()
    fake = (io.BytesIO(b"MZ\x90\x00 this is a program, not a photo"), "vakantie.jpg")
    sent = grantee.post(
        link,
        data=filled(**{"naam": "", "waarde-deelnemers": "heel veel", "foto": fake}),
        content_type="multipart/form-data",
    )
    page = text(sent)
    assert sent.status_code == 400
    assert 'role="alert"' in page and 'href="#naam"' in page and 'href="#waarde-deelnemers"' in page
    assert 'href="#foto"' in page and "geen foto" in page
    assert 'aria-invalid="true"' in page and 'value="heel veel"' in page  # what was typed stays
    assert count(reports_home, "submission") == 0
    assert (
        not list((reports_home / "rapportage-fotos").glob("*"))
        if (reports_home / "rapportage-fotos").exists()
        else True
    )


def test_a_value_outside_the_indicators_range_is_refused_in_the_form(app_client, new_client, reports_home):
    """The loader refuses a value outside an indicator's plausible range: the form must say so to the grantee,
    not take the report and leave the fund an 'Accepteren' that can only fail."""
    con = duckdb.connect(str(published_path(reports_home).resolve()))
    try:
        con.execute("UPDATE indicator SET minimum = 0, maximum = 100 WHERE code = 'deelnemers'")
    finally:
        con.close()
    fund = logged_in(app_client, FUND)
    link = make_link(fund, "G2")
    grantee = new_client()
    sent = grantee.post(link, data=filled(**{"waarde-deelnemers": "500"}), content_type="multipart/form-data")
    assert sent.status_code == 400 and "Vul een getal in van 0 tot en met 100." in text(sent)
    assert count(reports_home, "submission") == 0
    sent = grantee.post(link, data=filled(**{"waarde-deelnemers": "80"}), content_type="multipart/form-data")
    assert sent.status_code == 200
    page = text(fund.get("/rapportages"))
    done = fund.post(review_path(fund, link), data={"csrf_token": csrf(page), "besluit": "accepteren"})
    assert "Geaccepteerd" in text(done), text(done)


def test_a_report_the_loader_refuses_says_why_in_a_sentence(app_client, new_client, reports_home):
    """A report over a period whose values were loaded already (here from waarnemingen.csv) cannot be
    published: the fund reads which value and why, not the loader's console table cut into pieces."""
    fund = logged_in(app_client, FUND)
    page = text(fund.get("/rapportages/plan/G2"))
    data = {"csrf_token": csrf(page), "indicator": "deelnemers", "perioden": "1-1-2024; 31-3-2024; 30-4-2024"}
    assert fund.post("/rapportages/plan/G2", data=data).status_code == 200
    link = make_link(fund, "G2")
    sent = new_client().post(link, data=filled(("deelnemers",)), content_type="multipart/form-data")
    assert sent.status_code == 200
    page = text(fund.get("/rapportages"))
    refused = fund.post(review_path(fund, link), data={"csrf_token": csrf(page), "besluit": "accepteren"})
    shown = re.search(r'role="alert">([^<]*)<', text(refused)).group(1)
    assert refused.status_code == 400, shown
    assert shown == (
        "De waarden konden niet gepubliceerd worden: deelnemers, 01-01-2024: sleutel bestaat al: geladen uit "
        "waarnemingen.csv (batch 9)"
    )
    assert "Load" not in shown and "sjabloon" not in shown
    assert not list((reports_home / "rapportages").glob("*"))  # neither the file nor the reasons stay


def test_a_link_made_when_the_quarter_began_still_opens_when_the_report_is_due(
    app_client, new_client, reports_home, monkeypatch
):
    """Links are made when a period begins (docs/reports.md: 'Monday: links') and a quarter lasts longer than
    the 42 days a link works: the mailed link had expired before the initiative could report on the quarter."""
    fund = logged_in(app_client, FUND)
    page = text(fund.get("/rapportages/plan/G2"))
    start = date.today() - timedelta(days=60)
    due = date.today() + timedelta(days=20)
    periods = f"{start:%d-%m-%Y}; {date.today():%d-%m-%Y}; {due:%d-%m-%Y}"
    saved = fund.post(
        "/rapportages/plan/G2",
        data={"csrf_token": csrf(page), "indicator": "deelnemers", "perioden": periods},
    )
    assert saved.status_code == 200, text(saved)

    class Then(TimestampSigner):  # the link as it was made and mailed when the period began
        def get_timestamp(self) -> int:
            return int(time.time()) - 60 * 86400

    with monkeypatch.context() as then:  # only the link's signer: the session cookie stays as it is
        then.setattr(
            links, "serializer", lambda s: URLSafeTimedSerializer(s.secret, salt=links.SALT, signer=Then)
        )
        link = make_link(fund, "G2")
    grantee = new_client()
    assert grantee.get(link).status_code == 200
    sent = grantee.post(link, data=filled(("deelnemers",)), content_type="multipart/form-data")
    assert sent.status_code == 200 and "Bedankt" in text(sent)


def test_forged_and_expired_links_show_a_clear_page_and_store_nothing(app_client, new_client, reports_home):
    import time

    from itsdangerous import TimestampSigner, URLSafeTimedSerializer

    from dashboard.reports import links
    from tests.auth.conftest import SECRET

    fund = logged_in(app_client, FUND)
    page = text(fund.get("/rapportages/plan/G2"))  # a period whose report was due long ago
    data = {"csrf_token": csrf(page), "indicator": "deelnemers", "perioden": "1-1-2025; 31-3-2025; 30-4-2025"}
    assert fund.post("/rapportages/plan/G2", data=data).status_code == 200
    link = make_link(fund, "G2")
    grantee = new_client()
    forged = link[:-3] + ("abc" if not link.endswith("abc") else "xyz")
    for method in (grantee.get, lambda p: grantee.post(p, data=filled(), content_type="multipart/form-data")):
        answer = method(forged)
        assert answer.status_code == 403 and "Deze link werkt niet" in text(answer)
    made_up = links.path_for(links.LinkSettings(SECRET, 42), "bestaat-niet")  # signed, but no such request
    assert grantee.get(made_up).status_code == 403

    class Old(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 43 * 86400

    request_id = link.rsplit("/", 1)[1]
    request_id = links.read_token(links.LinkSettings(SECRET, 42), request_id)
    old = "/rapportage/" + URLSafeTimedSerializer(SECRET, salt=links.SALT, signer=Old).dumps(request_id)
    answer = grantee.post(old, data=filled(), content_type="multipart/form-data")
    assert answer.status_code == 410 and "verlopen" in text(answer)
    assert count(reports_home, "submission") == 0


def test_another_fund_cannot_review_nor_make_links_for_grants_not_its_own(
    app_client, new_client, reports_home
):
    fund = logged_in(app_client, FUND)
    link = make_link(fund, "G2")
    assert new_client().post(link, data=filled(), content_type="multipart/form-data").status_code == 200
    review = review_path(fund, link)
    other = logged_in(new_client(), OTHER_FUND)  # fund FIN1: G2 belongs to FIN2
    page = text(other.get("/rapportages"))
    # G2 as a grant on the page (a checkbox, a cell, a plan link), not inside a random CSRF token ('...DDG2Z...')
    assert review not in page and not re.search(r'value="G2"|>G2<|/plan/G2\b', page)
    assert other.get(review).status_code == 403
    refused = other.post(review, data={"csrf_token": csrf(page), "besluit": "accepteren"})
    assert refused.status_code == 403
    assert (
        other.post("/rapportages/links", data={"csrf_token": csrf(page), "subsidie": "G2"}).status_code == 403
    )
    assert other.get("/rapportages/plan/G2").status_code == 403
    with sqlite3.connect(reports_home / "reports.sqlite") as con:
        assert con.execute("SELECT status FROM report_request").fetchall() == [("ingediend",)]
        assert con.execute("SELECT count(*) FROM report_request").fetchone()[0] == 1
    # the gemeente of the initiative's buurten may review it
    gemeente = logged_in(new_client(), GEMEENTE)
    assert gemeente.get(review).status_code == 200


def test_a_gemeente_reviews_but_never_sees_the_grantees_link(app_client, new_client, monkeypatch):
    """The link is the grantee's only key: a gemeente that holds it could report as the initiative and then
    accept its own report. It sees the requests of its gemeente (and reviews them), not their links."""
    fund = logged_in(app_client, FUND)
    link = make_link(fund, "G2")
    # in 2099 the request is overdue: its link is also in the 'te laat' list
    monkeypatch.setattr("dashboard.reports.fund.today", lambda: date(2099, 1, 1))
    assert link in links_in(text(fund.get("/rapportages")))
    gemeente = logged_in(new_client(), GEMEENTE)
    page = text(gemeente.get("/rapportages"))
    assert "Buurtkeuken" in page and links_in(page) == [] and "/rapportage/" not in page
    assert new_client().post(link, data=filled(), content_type="multipart/form-data").status_code == 200
    page = text(gemeente.get("/rapportages"))
    assert "/rapportages/beoordelen/" in page and "/rapportage/" not in page.replace("/rapportages/", "")


def test_fund_posts_need_the_csrf_token_and_a_login(app_client, new_client):
    fund = logged_in(app_client, FUND)
    assert fund.post("/rapportages/links", data={"subsidie": "G2"}).status_code == 400
    anonymous = new_client()
    assert anonymous.get("/rapportages").status_code == 302


def test_plan_is_editable_by_the_fund(app_client, reports_home):
    fund = logged_in(app_client, FUND)
    page = text(fund.get("/rapportages/plan/G4"))
    assert "voorstel" in page and 'value="deelnemers" id="ind-deelnemers" checked' in page
    saved = fund.post(
        "/rapportages/plan/G4",
        data={
            "csrf_token": csrf(page),
            "indicator": ["vrijwilligers", "onbekend"],
            "perioden": "1-1-2025;31-3-2025;15-4-2025",
        },
    )
    assert saved.status_code == 200 and "opgeslagen" in text(saved)
    wrong = fund.post(
        "/rapportages/plan/G4",
        data={"csrf_token": csrf(page), "indicator": "vrijwilligers", "perioden": "gisteren"},
    )
    assert wrong.status_code == 400 and "Regel 1" in text(wrong)
    link = make_link(fund, "G4")
    form = text(app_client.get(link))
    assert "waarde-vrijwilligers" in form and "waarde-deelnemers" not in form and "15-4-2025" in form


def png_bomb(width: int = 30000, height: int = 30000) -> bytes:
    """A PNG whose header declares width x height pixels (900 megapixels), made in a few hundred bytes:
    a tiny compressed row stands in for the rest (Pillow must refuse it from the header alone)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def jpeg_bomb(width: int = 30000, height: int = 30000) -> bytes:
    """A real 16 x 16 JPEG whose frame header (SOF0) is changed to declare width x height pixels."""
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 20, 30)).save(out, format="JPEG")
    data = bytearray(out.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(data)


def nothing_stored(home, link_page: str) -> None:
    assert count(home, "submission") == 0
    folder = home / "rapportage-fotos"
    assert not folder.exists() or list(folder.iterdir()) == []
    assert "Versturen" in link_page  # the link still opens the form: the request is still open


@pytest.mark.parametrize("bomb", [png_bomb, jpeg_bomb], ids=["png", "jpeg"])
def test_a_decompression_bomb_is_refused_in_the_form_and_nothing_is_stored(
    bomb, app_client, new_client, reports_home
):
    from dashboard.reports import photos

    data = bomb()
    assert len(data) < 2000
    # refused as too large to process, not as 'no photo': the declared size is what Pillow stops at
    with pytest.raises(photos.PhotoRefused, match="te groot om te verwerken"):
        photos.clean_jpeg(data)
    fund = logged_in(app_client, FUND)
    link = make_link(fund, "G2")
    grantee = new_client()
    sent = grantee.post(
        link, data=filled(foto=(io.BytesIO(data), "groot.png")), content_type="multipart/form-data"
    )
    assert sent.status_code == 400
    assert "Deze foto is te groot om te verwerken" in text(sent) and 'id="foto-fout"' in text(sent)
    nothing_stored(reports_home, text(grantee.get(link)))


def test_an_oversize_photo_is_refused_and_nothing_is_stored(app_client, new_client, reports_home):
    from dashboard.reports import grantee as grantee_pages
    from dashboard.reports import photos

    fund = logged_in(app_client, FUND)
    link = make_link(fund, "G2")
    grantee = new_client()
    # over the photo limit, within the request's: the form says so
    big = b"\xff\xd8\xff\xe0" + b"\0" * photos.MAX_BYTES
    sent = grantee.post(
        link, data=filled(foto=(io.BytesIO(big), "groot.jpg")), content_type="multipart/form-data"
    )
    assert sent.status_code == 400 and "De foto is te groot" in text(sent)
    nothing_stored(reports_home, text(grantee.get(link)))
    # over the request's limit too: refused before the form is read
    huge = b"\xff\xd8\xff\xe0" + b"\0" * (grantee_pages.MAX_FORM_BYTES + 1)
    refused = grantee.post(
        link, data=filled(foto=(io.BytesIO(huge), "groot.jpg")), content_type="multipart/form-data"
    )
    assert refused.status_code == 413 and "Traceback" not in text(refused)
    nothing_stored(reports_home, text(grantee.get(link)))


def test_a_photo_over_the_app_limit_is_read_only_through_a_valid_link(app_client, new_client):
    """The form takes one photo of up to 10 MB, over the 1 MB of other requests: the larger limit is set once
    the link is checked, so a 3 MB file is read (and judged) through a valid link, and a forged link is
    refused (403) with the 1 MB limit."""
    link = make_link(logged_in(app_client, FUND), "G2")
    grantee = new_client()
    big = (io.BytesIO(b"MZ" + b"\x00" * (3 << 20)), "groot.jpg")
    sent = grantee.post(link, data=filled(foto=big), content_type="multipart/form-data")
    assert sent.status_code == 400 and "geen foto" in text(sent)  # read and judged, not 413
    forged = link[:-4] + ("aaaa" if not link.endswith("aaaa") else "bbbb")
    big = (io.BytesIO(b"MZ" + b"\x00" * (3 << 20)), "groot.jpg")
    assert grantee.post(forged, data=filled(foto=big), content_type="multipart/form-data").status_code == 403
