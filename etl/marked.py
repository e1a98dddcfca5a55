"""The user's own file back as XLSX, every faulty cell marked and a reason column added: fix it and upload again.

An XLSX keeps its workbook (other sheets, formatting): the faulty cells are filled and get a comment, and the
column `Wijkwaarde-fouten` (etl.loader.REASON_HEADER, which the loader skips) says per row what is wrong. A CSV
becomes a workbook with one sheet named after the file, so `subsidies.csv` comes back as `subsidies.xlsx`: a
version of the same source (etl.batch.source_stem), which supersedes what an earlier upload of it published.
A GeoJSON comes back as a list of its features without their geometry (a cell holds at most 32,767
characters): it names what to fix in the GeoJSON file itself.
Faults of the file as a whole (no line) are listed on an extra sheet of the same name.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from etl.batch import Reject
from etl.loader import KNOWN_HEADERS, REASON_HEADER, detect_template
from etl.readers import FileRefused, Sheet, _normalise, open_source
from etl.templates import TEMPLATES, Template
from etl.validate import NUMBER_PATTERNS

FAULT_FILL = "FFC7CE"  # Excel's own "Ongeldig" style: light red fill, dark red text
FAULT_FONT = "9C0006"
MAX_COMMENTS = 2000  # comments make a workbook heavy; beyond this the fill and the reason column remain
MAX_CELL = 32_767
SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def marked_name(path: Path) -> str:
    """The download's file name: the same stem, as .xlsx."""
    return Path(path.name).stem + ".xlsx"


def _column_names(cell: str) -> set[str]:
    """The names a reject may give this header cell: its own text and the template column it stands for."""
    key = _normalise(cell)
    names = {cell.strip(), key}
    for template in TEMPLATES.values():
        for col in template.columns:
            if key in (_normalise(col.name), _normalise(col.alias)):
                names.add(col.name)
    return names


def _reason_text(faults: list[Reject]) -> str:
    parts = []
    for r in faults:
        where = f"{r.column}: " if r.column else ""
        value = f" (waarde '{r.value}')" if r.value not in (None, "") else ""
        parts.append(f"{where}{r.reason}{value}")
    return "; ".join(dict.fromkeys(parts))[:MAX_CELL]


def _number(text: str, kind: str, style: str) -> float | int | str:
    """A number cell of a CSV as an XLSX number, read in the CSV's own notation (a text '1.234' in a
    punt-file is 1.234, which an XLSX cell would otherwise hand back as the Dutch 1.234 = 1234)."""
    number_re, int_re = NUMBER_PATTERNS[style]
    value = text.strip()
    if not re.fullmatch(int_re if kind == "int" else number_re, value):
        return text  # a fault stays as the user typed it
    plain = value.replace(".", "").replace(",", ".") if style == "komma" else value.replace(",", "")
    return int(plain) if kind == "int" else float(plain)


def _numeric_columns(sheet: Sheet, path: Path) -> dict[int, str]:
    """Index -> kind of the header cells that are number columns of the sheet's template."""
    template = detect_template(sheet, path, None)
    if not isinstance(template, Template):
        return {}
    kinds = {}
    for index, cell in enumerate(sheet.header):
        for col in template.columns:
            if _normalise(cell) in (_normalise(col.name), _normalise(col.alias)) and col.kind in (
                "int",
                "decimal",
            ):
                if not col.is_list:
                    kinds[index] = col.kind
    return kinds


def _as_text(cell):
    """Text is written as text: openpyxl would make a value starting with '=' a live formula, and the
    rejected values a user gets back are exactly such text (=HYPERLINK(...), =cmd|...)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def _append(ws, values: list) -> None:
    """ws.append, with every text cell of the new row typed as text."""
    ws.append(values)
    for cell in ws[ws.max_row]:
        _as_text(cell)


def _styles():
    from openpyxl.styles import Font, PatternFill

    return PatternFill("solid", start_color=FAULT_FILL, end_color=FAULT_FILL), Font(color=FAULT_FONT)


def _mark_sheet(
    ws, header_row: int, header: list[str], faults: dict[int, list[Reject]], budget: list[int]
) -> None:
    """Mark the faulty cells of one worksheet and write the reasons in the reason column."""
    from openpyxl.comments import Comment

    fill, font = _styles()
    lookup: dict[str, int] = {}
    reason_col = None
    for index, cell in enumerate(header, start=1):
        if _normalise(cell) == _normalise(REASON_HEADER):
            reason_col = index
            continue
        for name in _column_names(cell):
            lookup.setdefault(name, index)
    if reason_col is None:
        reason_col = len(header) + 1
        _as_text(ws.cell(row=header_row, column=reason_col, value=REASON_HEADER)).font = font
    else:  # a file marked before: the old reasons go, the new ones come
        for row in range(header_row + 1, ws.max_row + 1):
            ws.cell(row=row, column=reason_col).value = None
    for line, row_faults in faults.items():
        for r in row_faults:
            column = lookup.get(r.column or "") or lookup.get(_normalise(r.column or ""))
            if column is None:
                continue
            cell = ws.cell(row=line, column=column)
            cell.fill, cell.font = fill, font
            if budget[0] > 0:
                cell.comment = Comment(r.reason[:1000], "Wijkwaarde")
                budget[0] -= 1
        _as_text(ws.cell(row=line, column=reason_col, value=_reason_text(row_faults))).font = font


def _whole_file_sheet(book, faults: list[Reject]) -> None:
    ws = book.create_sheet(REASON_HEADER)
    _append(ws, ["bestand", "blad", "reden"])
    for r in faults:
        _append(ws, [r.file_name, r.sheet or "", r.reason])


def _by_sheet(rejects: Iterable[Reject]) -> tuple[dict[str | None, dict[int, list[Reject]]], list[Reject]]:
    lined: dict[str | None, dict[int, list[Reject]]] = defaultdict(lambda: defaultdict(list))
    whole: list[Reject] = []
    for r in rejects:
        if r.line is None:
            whole.append(r)
        else:
            lined[r.sheet][r.line].append(r)
    return lined, whole


def _header_row(ws) -> tuple[int, list[str]]:
    for index, row in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = ["" if v is None else str(v) for v in row]
        if any(c.strip() for c in cells):
            return index, cells
    return 0, []


def _marked_xlsx(path: Path, rejects: list[Reject]) -> bytes:
    import openpyxl

    book = openpyxl.load_workbook(path)  # the user's workbook as it is: formatting and other sheets stay
    lined, whole = _by_sheet(rejects)
    budget = [MAX_COMMENTS]
    for ws in book.worksheets:
        faults = lined.get(ws.title) or (lined.get(None) if len(book.worksheets) == 1 else None)
        if not faults:
            continue
        header_row, header = _header_row(ws)
        if header_row:
            _mark_sheet(ws, header_row, header, faults, budget)
    if whole:
        _whole_file_sheet(book, whole)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rebuilt_xlsx(path: Path, rejects: list[Reject]) -> bytes:
    """A CSV or GeoJSON as a workbook: its header and rows as text (as the loader read them), marked."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = SHEET_NAME.sub("_", path.stem)[:31] or "gegevens"
    lined, whole = _by_sheet(rejects)
    faults = lined.get(None) or {}
    try:
        source = open_source(path, KNOWN_HEADERS, fast=False)
    except FileRefused:
        source = None
    if source is not None and source.sheets:
        sheet = source.sheets[0]
        geojson = source.file_format == "geojson"
        numbers = _numeric_columns(sheet, path)
        style = source.decimal_style or "komma"
        _append(ws, list(sheet.header))
        # the sheet row of each line: the header is row 1, data rows follow in file order
        rows_of_line: dict[int, int] = {}
        for line, cells in sheet.rows:
            if geojson and cells:
                cells = [*cells[:-1], "(geometrie weggelaten: herstel in het GeoJSON-bestand)"]
            _append(
                ws,
                [
                    _number(c, numbers[i], style) if i in numbers else c[:MAX_CELL]
                    for i, c in enumerate(cells)
                ],
            )
            rows_of_line[line] = ws.max_row
        moved = {rows_of_line[line]: found for line, found in faults.items() if line in rows_of_line}
        _mark_sheet(ws, 1, list(sheet.header), moved, [MAX_COMMENTS])
        if geojson:
            ws.title = (ws.title + " (overzicht)")[:31]
    if whole or source is None:
        _whole_file_sheet(book, whole)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def marked_workbook(path: Path, rejects: list[Reject], file_format: str | None) -> bytes:
    """The XLSX a user downloads for `path` (the uploaded file) and its rejects."""
    if file_format == "xlsx":
        try:
            return _marked_xlsx(path, rejects)
        except Exception:  # noqa: BLE001 (a workbook openpyxl reads only read-only: rebuild it instead)
            pass
    return _rebuilt_xlsx(path, rejects)
