"""Reads XLSX sheets the way Excel shows them, for every reader that opens a workbook.

openpyxl's read-only mode trusts the sheet's `<dimension ref>`, which a tool may write too small (the
rows after it are then lost without a word) or far too wide (formatting out to column XFD); it shows
hidden sheets like visible ones; and with `data_only` a formula without a calculated value reads as an
empty cell. Here the whole sheet is read whatever its dimension says, rows are only as wide as their
last cell, hidden sheets are named so a reader can skip them, and such formulas and percentages are
told apart from plain values.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path


@dataclass(frozen=True)
class FormulaWithoutValue:
    """A formula cell the writing tool never calculated: Excel would show its result, we have none."""

    formula: str

    def __str__(self) -> str:
        return self.formula


@dataclass(frozen=True)
class Percentage:
    """A number formatted as a percentage: 0.125 shown as 12,5%. `shown` is 12.5, as Excel shows it."""

    fraction: float
    shown: Decimal


@dataclass(frozen=True)
class FormattedNumber:
    """A number whose cell format is not General (`00000000`, `#,##0`, `0.00`): Excel shows it other
    than its plain digits, which matters where the column is text (a code 01234567 stored as 1234567)."""

    value: int | float
    number_format: str


# Number formats that show a number as its plain digits (an integer as itself).
PLAIN_FORMATS = ("general", "0", "@", "")


def zero_padded(cell: FormattedNumber) -> str | None:
    """The text Excel shows for a whole number with a format of only zeros (`00000000`: 1234567 shows
    as 01234567); None for any other number or format."""
    fmt = cell.number_format.strip()
    value = cell.value
    if not re.fullmatch(r"0+", fmt) or not float(value).is_integer() or abs(value) >= 1e15:
        return None
    number = int(value)
    return ("-" if number < 0 else "") + str(abs(number)).zfill(len(fmt))


def open_book(source: bytes | Path):
    """The workbook read-only, with cached formula results (data_only)."""
    import openpyxl

    data = io.BytesIO(source) if isinstance(source, bytes) else source
    return openpyxl.load_workbook(data, read_only=True, data_only=True)


def hidden(ws) -> bool:
    """True for a sheet the user does not see in Excel (hidden or veryHidden)."""
    return getattr(ws, "sheet_state", "visible") in ("hidden", "veryHidden")


def shown_number(value: float | int | Decimal) -> str:
    """A number as plain decimal digits with a point, never e-notation (1e-07 -> 0.0000001)."""
    if isinstance(value, int):
        return str(value)
    text = format(value if isinstance(value, Decimal) else Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _is_percent(number_format: str) -> bool:
    """A number format that shows the value times 100 with a % sign (a quoted "%" is literal text)."""
    outside, quoted = [], False
    for ch in number_format:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(ch)
    text = "".join(outside).replace("\\%", "")
    return "%" in text


def rows(ws) -> Iterator[tuple[int, list[object]]]:
    """(row number, values) for every row of a read-only worksheet, from row 1, as wide as its last cell.

    Values are what openpyxl reads with data_only, except a formula without a calculated value
    (FormulaWithoutValue), a number formatted as a percentage (Percentage) and a number with another
    format than General (FormattedNumber).
    """
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["value"] = FormulaWithoutValue("=" + (element.findtext(FORMULA_TAG) or ""))
                cell["data_type"] = "s"
            return cell

    book = ws.parent
    formats: dict[int, str] = {}
    expected = 1
    with ws._get_source() as src:
        parser = Parser(
            src,
            ws._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for index, cells in parser.parse():
            for missing in range(expected, index):
                yield missing, []
            expected = index + 1
            last = max((c["column"] for c in cells if c["value"] is not None), default=0)
            values: list[object] = [None] * last
            for cell in cells:
                column, value = cell["column"], cell["value"]
                if value is None or column > last:
                    continue
                style = cell["style_id"]
                if style and isinstance(value, int | float) and not isinstance(value, bool):
                    if style not in formats:
                        formats[style] = (
                            ReadOnlyCell(ws, index, column, value, "n", style).number_format or ""
                        )
                    fmt = formats[style]
                    if _is_percent(fmt):
                        value = Percentage(float(value), Decimal(repr(value)) * 100)
                    elif fmt.strip().lower() not in PLAIN_FORMATS:
                        value = FormattedNumber(value, fmt)
                values[column - 1] = value
            yield index, values


MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')


def merged_ranges(ws) -> list[tuple[str, int, int, int, int]]:
    """The merged cells of a read-only worksheet as (ref, first row, first column, last row, last column).

    Read-only openpyxl does not read them; the sheet's XML lists them after its rows, so it is scanned
    for `<mergeCell ref="B2:B3"/>` in blocks (a match may straddle two blocks: the overlap keeps it whole).
    """
    from openpyxl.utils import column_index_from_string

    found: dict[bytes, tuple[str, int, int, int, int]] = {}
    tail = b""
    with ws._get_source() as src:
        while block := src.read(1 << 20):
            data = tail + block
            for m in MERGE_CELL.finditer(data):
                first_col, first_row, last_col, last_row = m.groups()
                last_col, last_row = last_col or first_col, last_row or first_row
                ref = f"{first_col.decode()}{int(first_row)}:{last_col.decode()}{int(last_row)}"
                found[m.group(0)] = (
                    ref, int(first_row), column_index_from_string(first_col.decode()),
                    int(last_row), column_index_from_string(last_col.decode()),
                )  # fmt: skip
            tail = data[-200:]
    return [r for r in found.values() if r[1:3] != r[3:5]]
