"""The DuckDB fast path for large CSV files gives exactly the Python reader's rows, lines and rejects.

The whole bad-file corpus runs again here with every CSV eligible for the fast path; files the fast
path cannot guarantee (Windows-1252, quotes, blank lines, ragged rows) must fall back to the Python
reader and still give the same result.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

import etl.readers as readers
from etl.loader import LoadReport, load
from tests.etl.conftest import assert_accounted, reasons, table, write
from tests.etl.test_loader_corpus import *  # noqa: F403  (the corpus again, through the fast path)

OBS_HEADER = "initiatiefcode,indicatorcode,buurtcode,periode_start,periode_eind,waarde\n"


@pytest.fixture(autouse=True)
def every_csv_is_large(monkeypatch):
    monkeypatch.setattr(readers, "FAST_CSV_MIN_BYTES", 0)


def observations(rows: int, faults: dict[int, str] | None = None, newline: str = "\n") -> str:
    """`rows` observation lines (INI1, two buurten, one day each), with line -> replacement faults.

    Valid for the first 10,000 rows; beyond that the dates run past the plausible range.
    """
    lines = [OBS_HEADER.rstrip("\n")]
    for i in range(rows):
        day = (date(2000, 1, 1) + timedelta(days=i // 2)).strftime("%d-%m-%Y")
        buurt = "BU99990101" if i % 2 == 0 else "BU99990102"
        lines.append(f"INI1,deelnemers,{buurt},{day},{day},{i % 900}")
    for line, text in (faults or {}).items():
        lines[line - 1] = text
    return newline.join(lines) + newline


def load_both(base: Path, tmp_path: Path, name: str, content: str | bytes, monkeypatch) -> tuple:
    """Load the same file into two copies of the base warehouse, fast path and Python path."""
    import shutil

    python_home = tmp_path / "python-home"
    shutil.copytree(base, python_home, symlinks=True)
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    path = write(folder, name, content)
    fast = load(base, [path], allow_rejects=True)
    monkeypatch.setattr(readers, "FAST_CSV_MIN_BYTES", 1 << 62)
    slow = load(python_home, [path], allow_rejects=True)
    assert not any(p.fast_path for p in slow.parts)
    return fast, slow, python_home


def loaded(home: Path) -> list[tuple]:
    return table(
        home,
        "SELECT initiative_code, buurt_code, period_start, value FROM observation ORDER BY ALL",
    )


def same_outcome(fast: LoadReport, slow: LoadReport) -> None:
    assert reasons(fast) == reasons(slow)
    for f, s in zip(fast.parts, slow.parts, strict=True):
        assert (f.rows_in, f.rows_loaded, f.rows_rejected) == (s.rows_in, s.rows_loaded, s.rows_rejected)
        assert (f.encoding, f.delimiter, f.decimal_style) == (s.encoding, s.delimiter, s.decimal_style)
    assert_accounted(fast)


def test_faulty_rows_get_the_same_line_and_reason_as_the_python_reader(base, tmp_path, monkeypatch):
    faults = {
        5: "INI1,deelnemers,BU99990101,01-01-1990,28-03-1990,12.5.0",  # not a number
        9: ",,,,,",  # a blank row of separators: skipped, not counted
        10: " , ,\t, , ,\u00a0",  # whitespace only, Unicode included: skipped too
        12: "INI1,deelnemers,BU99990999,01-04-1991,28-03-1990,3",  # unknown buurt
        14: "INI9,deelnemers,BU99990101,01-07-1991,28-03-1990,3",  # unknown initiative
        20: "INI1,deelnemers,BU99990101,31-02-1992,28-03-1990,3",  # a date that does not exist
        30: "INI1,deelnemers,BU99990101,01-01-1990,28-03-1990,7",  # duplicate key of line 2
    }
    fast, slow, python_home = load_both(
        base, tmp_path, "waarnemingen.csv", observations(2_000, faults), monkeypatch
    )
    assert fast.parts[0].fast_path
    same_outcome(fast, slow)
    lines = sorted({r[0] for r in reasons(fast)})
    assert lines == [5, 12, 14, 20, 30]
    assert fast.parts[0].rows_in == 2_000 - 2
    assert loaded(base) == loaded(python_home)


def test_crlf_and_bom_files_take_the_fast_path_with_the_same_result(base, tmp_path, monkeypatch):
    text = observations(300, {7: "INI1,deelnemers,BU99990101,01-01-1990,28-03-1990,x"}, newline="\r\n")
    fast, slow, python_home = load_both(
        base, tmp_path, "waarnemingen.csv", b"\xef\xbb\xbf" + text.encode(), monkeypatch
    )
    assert fast.parts[0].fast_path and fast.parts[0].encoding == "utf-8-sig"
    same_outcome(fast, slow)
    assert {r[0] for r in reasons(fast)} == {7}
    assert loaded(base) == loaded(python_home)


@pytest.mark.parametrize(
    "case",
    ["windows-1252", "quotes", "blank line", "short row", "long row", "lone carriage return"],
)
def test_files_the_fast_path_cannot_guarantee_fall_back_to_python(case, base, tmp_path, monkeypatch):
    text = observations(200)
    lines = text.split("\n")
    if case == "windows-1252":
        lines[3] = lines[3].replace("INI1", "INI1") + "é"  # a bad number, in Windows-1252
        content: str | bytes = "\n".join(lines).encode("cp1252")
    elif case == "quotes":
        lines[3] = 'INI1,deelnemers,BU99990101,"01-07-1990",28-03-1990,"1,5"'
        content = "\n".join(lines)
    elif case == "blank line":
        lines.insert(5, "")
        content = "\n".join(lines)
    elif case == "short row":
        lines[4] = "INI1,deelnemers,BU99990101"
        content = "\n".join(lines)
    elif case == "long row":
        lines[4] = lines[4] + ",extra"
        content = "\n".join(lines)
    else:
        lines[4] = lines[4] + "\rINI1,deelnemers,BU99990101,01-01-2000,28-03-1990,1"
        content = "\n".join(lines)
    fast, slow, python_home = load_both(base, tmp_path, "waarnemingen.csv", content, monkeypatch)
    assert not fast.parts[0].fast_path
    same_outcome(fast, slow)
    assert loaded(base) == loaded(python_home)


def test_line_numbers_stay_in_file_order_across_parallel_chunks(base, tmp_path):
    """DuckDB parses big files in parallel; rowid must still be the record's position in the file."""
    rows = 120_000
    faults = {
        line: f"INI1,deelnemers,BU99990101,01-01-1990,28-03-1990,bad{line}" for line in (3, 50_001, 119_999)
    }
    path = write(tmp_path, "waarnemingen.csv", observations(rows, faults))
    report = load(base, [path], allow_rejects=True)
    assert report.parts[0].fast_path
    bad = [(line, value) for line, column, value, reason in reasons(report) if column == "waarde"]
    assert bad == [(line, f"bad{line}") for line in sorted(faults)]
