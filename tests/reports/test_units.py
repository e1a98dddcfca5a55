"""The pure parts: numbers in the form, the checked form, signed links, photo cleaning, plan periods."""

from __future__ import annotations

import io
import time
from datetime import date, timedelta

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from PIL import Image

from dashboard.reports import form, links, photos, workflow

SECRET = "Zr8-tQ2vLx9Nw4Kp7Hb3Jm6Fd1Sg5Yc0Ue-Aa"


@pytest.mark.parametrize(
    ("typed", "number"),
    [("12", 12.0), ("12,5", 12.5), ("1.234", 1234.0), ("1.234,5", 1234.5), ("0", 0.0), ("12.5", 12.5)],
)
def test_dutch_numbers_are_read(typed, number):
    assert form.parse_number(typed) == number


@pytest.mark.parametrize("typed", ["-3", "twaalf", "1,2,3", "1e9", "12 personen", "", "0x10"])
def test_anything_else_is_not_a_number(typed):
    assert form.parse_number(typed) is None


def test_the_form_names_every_problem_in_plain_dutch():
    report = form.check(
        {"naam": "", "waarde-deelnemers": "veel", "verhaal": "x" * 2000}, ["deelnemers", "vrijwilligers"]
    )
    assert set(report.errors) == {"naam", "waarde-deelnemers", "waarde-vrijwilligers", "verhaal"}
    assert "Vul een getal in" in report.errors["waarde-vrijwilligers"]
    ok = form.check({"naam": "Ans", "waarde-deelnemers": "1.234,5", "toestemming": "ja"}, ["deelnemers"])
    assert ok.ok and ok.values == {"deelnemers": 1234.5} and ok.consent


def test_story_keeps_markup_as_plain_text_without_control_characters():
    report = form.check({"naam": "A", "verhaal": "<script>alert(1)</script>\x00\x07\nregel 2"}, [])
    assert report.story == "<script>alert(1)</script>\nregel 2"  # escaping is the page's job


def test_links_open_only_when_signed_and_young_enough():
    settings = links.LinkSettings(SECRET, 42)
    token = links.make_token(settings, "abc")
    assert links.read_token(settings, token) == "abc"
    with pytest.raises(links.LinkRefused) as forged:
        links.read_token(settings, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert forged.value.reason == "vervalst"
    other = links.LinkSettings("another-secret-Qw8eR7tY6uI5oP4aS3dF2g", 42)
    with pytest.raises(links.LinkRefused):
        links.read_token(settings, links.make_token(other, "abc"))

    class Old(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 43 * 86400

    old = URLSafeTimedSerializer(SECRET, salt=links.SALT, signer=Old).dumps("abc")
    with pytest.raises(links.LinkRefused) as expired:
        links.read_token(settings, old)
    assert expired.value.reason == "verlopen"
    # made when its quarter began, opened when the report is due: the due date keeps it open 42 days more
    today = date.today()
    assert links.read_token(settings, old, lambda _: today) == "abc"
    assert links.read_token(settings, old, lambda _: today - timedelta(days=41)) == "abc"
    with pytest.raises(links.LinkRefused, match="verlopen"):
        links.read_token(settings, old, lambda _: today - timedelta(days=43))
    with pytest.raises(links.LinkRefused, match="verlopen"):
        links.read_token(settings, old, lambda _: None)  # no such request: the link's own age


def jpeg_with_gps(size=(3000, 2000)) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (52.0, 22.0, 1.5), "E", (4.0, 53.0, 2.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_a_photo_loses_its_exif_and_is_made_smaller():
    data = jpeg_with_gps()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the test photo does carry a location
    clean = photos.clean_jpeg(data)
    with Image.open(io.BytesIO(clean)) as image:
        assert image.format == "JPEG" and max(image.size) == photos.MAX_SIDE
        assert not image.getexif() and "exif" not in image.info
    assert b"PhoneMaker" not in clean and b"Exif" not in clean


@pytest.mark.parametrize(
    "data",
    [b"<html>not an image</html>", b"\xff\xd8\xff\xe0" + b"\x00" * 200, b"GIF89a" + b"\x00" * 50, b""],
    ids=["text", "broken-jpeg", "broken-gif", "empty"],
)
def test_what_is_not_an_image_is_refused(data):
    with pytest.raises(photos.PhotoRefused):
        photos.clean_jpeg(data)


def test_plan_periods_are_read_in_order_or_refused_with_the_line():
    periods = workflow.parse_periods("01-04-2025; 30-06-2025; 31-07-2025\n1-1-2025;31-3-2025;30-4-2025\n")
    assert [p.start for p in periods] == [date(2025, 1, 1), date(2025, 4, 1)]
    with pytest.raises(workflow.PlanError, match="Regel 2"):
        workflow.parse_periods("01-01-2025; 31-03-2025; 30-04-2025\n31-03-2025; 01-01-2025; 30-04-2025")
    assert workflow.quarter_of(date(2025, 11, 5)) == (date(2025, 10, 1), date(2025, 12, 31))


@pytest.mark.parametrize(
    "line",
    ["1-1-0025; 31-3-0025; 30-4-0025", "1-1-1900; 31-3-1900; 30-4-1900", "1-1-2025; 31-3-2025; 30-4-9999"],
)
def test_a_plan_period_outside_the_years_the_warehouse_takes_is_refused(line):
    """0025 for 2025 made a link whose report the loader refused at acceptance (a two-digit year in its file):
    the grantee had reported, and the fund got the loader's console output instead of a published report."""
    with pytest.raises(workflow.PlanError, match="Regel 1: kies datums tussen 2000 en 2100"):
        workflow.parse_periods(line)
