"""Loads that used to publish something silently wrong or refuse what the user could not fix (a probe of
2026-12-07): each case goes through the real loader, and asserts what was published and the rejects."""

from __future__ import annotations

from pathlib import Path

import pytest

import etl.readers as readers
from etl import warehouse as wh
from etl.loader import load
from tests.etl.conftest import write

OBS_HEADER = "initiatiefcode,indicatorcode,buurtcode,periode_start,periode_eind,waarde\n"
GRANT_HEADER = "subsidiecode;financiercode;initiatiefcode;bedrag;startdatum;einddatum\n"
OBS_KEY = "initiatiefcode, indicatorcode, buurtcode, periode_start"
MAIN_NOTE = "(een lege buurtcode is de hoofdbuurt van het initiatief)"


@pytest.fixture(params=["python", "fast"])
def reader(request, monkeypatch) -> str:
    """Which CSV reader a small test file gets: the Python one, or (as if it were large) DuckDB's."""
    if request.param == "fast":
        monkeypatch.setattr(readers, "FAST_CSV_MIN_BYTES", 0)
    return request.param


def load_files(home: Path, folder: Path, files: dict[str, str | bytes], **kwargs):
    folder.mkdir(parents=True, exist_ok=True)
    return load(home, [write(folder, name, text) for name, text in files.items()], **kwargs)


# -- 5. a load that loads nothing publishes nothing ---------------------------------------------------
def test_allow_rejects_with_every_file_unusable_publishes_no_new_version(base, tmp_path):
    before = wh.current_version(base)
    utf16 = "financiercode;naam;type\r\nF10;Fonds;fonds\r\n".encode("utf-16-le")
    bad_rows = GRANT_HEADER + "S1;FIN1;ONBEKEND;100;01-01-2024;\n"
    report = load_files(
        base,
        tmp_path / "in",
        {"financiers-u16.csv": utf16, "subsidies-west.csv": bad_rows},
        allow_rejects=True,
    )
    assert not report.ok and not report.published
    assert wh.current_version(base) == before
    assert [(r.file_name, r.line, r.reason) for r in report.rejects] == [
        ("subsidies-west.csv", 2, "onbekende initiatiefcode: niet geladen als initiatief"),
        ("financiers-u16.csv", None, "geen tekstbestand: binaire inhoud (nul-bytes)"),
    ]
