"""Reads CSV, XLSX and GeoJSON files into header + numbered rows, detecting encoding and separator."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from defusedxml import DefusedXmlException

from etl import xlsx

# A text file with more than this share of control characters is binary junk, not CSV.
MAX_CONTROL_SHARE = 0.01
DELIMITERS = {";": "puntkomma", ",": "komma", "\t": "tab"}
# CSV files at least this large are read by DuckDB itself when they qualify (see FastCsv).
FAST_CSV_MIN_BYTES = int(os.environ.get("WIJKWAARDE_FAST_CSV_MIN_BYTES", 4 << 20))
_SCAN_BLOCK = 8 << 20
# No limit on the length of one field below the file size limit (etl.inputs): a detailed boundary
# geometry is easily more than csv's default of 131,072 characters.
csv.field_size_limit(2**31 - 1)
# The XML inside an XLSX file may unpack to at most this much (a zip bomb is refused before parsing).
MAX_XLSX_XML_MB = 1024  # default of WIJKWAARDE_MAX_XLSX_XML_MB


class FileRefused(Exception):
    """The file as a whole cannot be read: it is empty, binary, or of an unknown encoding.

    `line` names the line the refusal is about (a quote that is never closed, the first byte of
    another encoding), when there is one.
    """

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass
class Sheet:
    """One table in a file: its header and its rows, each with the line (or row) it came from."""

    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    name: str | None = None  # XLSX sheet name
    fast: FastCsv | None = None  # set when DuckDB may read the rows itself
    # CSV: the number of fields of the header line, trailing empty cells included (a row with more is
    # rejected); None for XLSX and GeoJSON, whose rows have no separators to count.
    fields: int | None = None
    typed: bool = False  # XLSX: cells may be CellFault, YesNoCell, DateCell or NumberCell


@dataclass
class FastCsv:
    """A plain UTF-8 CSV file that DuckDB's read_csv parses exactly as Python's csv reader would.

    It qualifies when: the header is on line 1; no quote character, NUL byte or blank line occurs;
    line ends are all LF or all CRLF. Then one record is one physical line, so the line number is the
    row's position + 2, and splitting on the delimiter is the whole grammar. What the scan cannot see
    (invalid UTF-8, a row with a different number of fields, an over-long line) makes DuckDB raise, and
    the loader falls back to the Python reader for that file.
    """

    path: Path
    delimiter: str
    width: int
    new_line: str  # "\n" or "\r\n"
    records: int  # physical lines after the header: DuckDB must return exactly this many rows


@dataclass
class SourceFile:
    """What a reader found out about a file, and the tables it holds."""

    path: Path
    file_format: str  # csv | xlsx | geojson
    encoding: str | None = None
    delimiter: str | None = None
    decimal_style: str = "komma"  # komma: 1.234,5 | punt: 1234.5
    sheets: list[Sheet] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the load report should say (hidden sheets)

    def describe(self) -> str:
        parts = [self.file_format.upper()]
        if self.encoding:
            parts.append(f"codering {self.encoding}")
        if self.delimiter:
            parts.append(f"scheidingsteken {DELIMITERS.get(self.delimiter, repr(self.delimiter))}")
        parts.append(f"decimaal {self.decimal_style}")
        return ", ".join(parts)


def open_source(
    path: Path, known_headers: set[str], decimal_style: str | None = None, fast: bool = True
) -> SourceFile:
    """Open `path`, detecting its real format from its bytes (not its extension).

    Large plain UTF-8 CSV files are not read here at all: the returned sheet carries a `FastCsv`
    and the loader lets DuckDB parse the file (`fast=False` forces the Python reader).
    """
    if fast and path.stat().st_size >= FAST_CSV_MIN_BYTES:
        source = _open_csv_fast(path, known_headers, decimal_style)
        if source is not None:
            return source
    data = path.read_bytes()
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise FileRefused("bestand is leeg")
    if data[:4] == b"PK\x03\x04":
        return _open_xlsx(path, data)
    if path.suffix.lower() in (".geojson", ".json") and data.lstrip()[:1] in (b"{", b"["):
        return _open_geojson(path, data)
    return _open_csv(path, data, known_headers, decimal_style)


def _decode(data: bytes) -> tuple[str, str]:
    """Decode by explicit rules: a BOM decides; else strict UTF-8; else Windows-1252.

    A file with UTF-8 characters in it and also bytes that are not UTF-8 mixes two encodings:
    reading it as Windows-1252 would turn every UTF-8 character into two wrong ones ("CafÃ©"), so
    it is refused, naming the line of the first byte that is not UTF-8.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise _mixed(data, exc.start + 3) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise FileRefused(f"ongeldige UTF-16-tekst (byte {exc.start})") from None
    if b"\x00" in data[:4096]:
        raise FileRefused("geen tekstbestand: binaire inhoud (nul-bytes)")
    try:
        return data.decode("utf-8", errors="strict"), "utf-8"
    except UnicodeDecodeError as exc:
        if UTF8_MULTIBYTE.search(data):
            raise _mixed(data, exc.start) from None
    try:
        return data.decode("cp1252", errors="strict"), "windows-1252"
    except UnicodeDecodeError as exc:
        raise FileRefused(
            f"onbekende tekencodering: geen UTF-8 en geen Windows-1252 (byte {exc.start})"
        ) from None


# A well-formed UTF-8 sequence of two to four bytes (RFC 3629: no overlong forms, no surrogates).
# Windows-1252 text practically never holds one: it needs a capital accented letter followed by
# one or more of the bytes 0x80-0xBF (punctuation such as ’ or …).
UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def _mixed(data: bytes, bad: int) -> FileRefused:
    line = data.count(b"\n", 0, bad) + 1
    guess = bytes([data[bad]]).decode("cp1252", errors="replace")
    return FileRefused(
        f"gemengde tekencodering: het bestand is UTF-8, maar regel {line} bevat een byte die geen "
        f"UTF-8 is (0x{data[bad]:02X}, in Windows-1252 '{guess}'); sla het bestand opnieuw op als UTF-8",
        line,
    )


def _normalise(name: str) -> str:
    return name.strip().strip("\ufeff").strip().lower().replace(" ", "_").replace("-", "_")


LINE_END = re.compile(r"\r\n|\r|\n")
LONE_CR = re.compile(r"\r(?!\n)")
LINE_BREAK = re.compile(r"[\r\n]")


def _choose_delimiter(first_line: str, known_headers: set[str]) -> str:
    """The separator that splits the header into the most known column names, then the most columns."""

    def score(delim: str) -> tuple[int, int]:
        cells = next(csv.reader([first_line], delimiter=delim), [])
        return sum(_normalise(c) in known_headers for c in cells), len(cells)

    return max(DELIMITERS, key=score)


def _open_csv(path: Path, data: bytes, known: set[str], decimal_style: str | None) -> SourceFile:
    text, encoding = _decode(data)
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    if sample and controls / len(sample) > MAX_CONTROL_SHARE:
        raise FileRefused("geen tekstbestand: binaire inhoud (stuurtekens)")
    # line 1 ends at the first line end of any kind: LF, CRLF or an old Mac's lone CR
    first_line = LINE_END.split(text.lstrip("\r\n"), maxsplit=1)[0]
    delimiter = _choose_delimiter(first_line, known)
    style = decimal_style or ("punt" if delimiter == "," else "komma")
    # In a file of LF or CRLF lines, a lone CR is not a line end but a character of its field (csv
    # would end the record there and count a line too many): it is held by a stand-in while parsing.
    stand_in = None
    if "\n" in text and LONE_CR.search(text):
        stand_in = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in text)
        text = LONE_CR.sub(stand_in, text)
    check_quotes(text, delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    header_line = 0
    for record in reader:
        if any(cell.strip() for cell in record):
            header = record
            header_line = reader.line_num
            break
    if header is None:
        raise FileRefused("bestand is leeg")
    fields = len(header)
    # a header cell spanning lines is one name: "financiercode\n(verplicht)" is "financiercode (verplicht)"
    if stand_in is not None:
        header = [cell.replace(stand_in, "\r") for cell in header]
    header = [" ".join(cell.split()) if LINE_BREAK.search(cell) else cell for cell in header]
    # trailing header cells that are empty name no column (Excel writes ';;;' out to its used range):
    # a value under one is reported by the loader, the cells themselves cost nothing
    while len(header) > 1 and not header[-1].strip():
        header.pop()

    cut = not LINE_END.search(text[-2:])  # no line end after the last record

    def rows() -> Iterator[tuple[int, list[str]]]:
        previous_end = header_line
        pending: tuple[int, list[str]] | None = None
        for record in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if not any(cell.strip() for cell in record):
                continue  # blank lines and Excel's trailing ';;;' rows hold no data
            if stand_in is not None:
                record = [cell.replace(stand_in, "\r") for cell in record]
            if pending is not None:
                yield pending
            pending = start, record
        if pending is not None:
            start, record = pending
            if cut and len(record) < fields:  # a download or copy broken off in the middle of a row
                record = CutRecord(
                    record,
                    f"regel is afgebroken: {len(record)} van de {fields} velden en "
                    "geen regeleinde aan het eind van het bestand (bestand onvolledig?)",
                )
            yield start, record

    sheet = Sheet(header=header, rows=rows(), fields=fields)
    return SourceFile(path, "csv", encoding, delimiter, style, [sheet])


def check_quotes(text: str, delimiter: str) -> None:
    """Refuse a CSV text in which a quote swallows records, naming the line where the quote opened.

    A quoted field may hold line breaks, so one record can span several lines; the csv module then
    reads on until the quote closes, or to the end of the file. Such a record is only believed when
    its quote closes, it has as many fields as the header, and none of the lines it spans looks like
    a record of its own (as many separators as the header has). Otherwise the records counted would
    not be the file's records, and the file is refused.
    """
    if '"' not in text:
        return  # no quote, no record spanning lines
    held: list[list[str]] = [[]]  # the physical lines of the record being read

    def lines() -> Iterator[str]:
        for line in io.StringIO(text, newline=""):
            held[0].append(line)
            yield line
        # Closes a quote left open at the end (the sentinel then becomes a field of the last
        # record); after a complete record it opens a quoted record of its own instead.
        if text and not text.endswith(("\n", "\r")):
            yield "\n"
        yield '"' + delimiter + _EOF_SENTINEL + "\n"

    reader = csv.reader(lines(), delimiter=delimiter)
    width, end = 0, 0
    for record in reader:
        start, end = end + 1, reader.line_num
        raw, held[0] = held[0], []
        if not width:  # the header: the first record with a visible cell
            width = len(record) if any(cell.strip() for cell in record) else 0
        if end == start or not record:
            continue  # one record on one line: nothing swallowed
        opened = start
        for cell in record:
            if "\n" in cell or "\r" in cell:
                break
            opened += cell.count("\n")
        where = f'aanhalingsteken (") op regel {opened}'
        if record[-1] == _EOF_SENTINEL:
            raise FileRefused(
                f"{where} wordt nergens gesloten: de rest van het bestand zou één veld worden; "
                "sluit het aanhalingsteken of verwijder het",
                opened,
            )
        if _EOF_SENTINEL in record[-1]:
            continue  # the sentinel's own record: the file ended outside quotes
        # a line the record spans looks like a record of its own when it holds as many separators as
        # the header; on the record's last line only those before the closing quote count (after it
        # come the record's own further fields)
        swallowed = width > 2 and any(
            (line.split('"', 1)[0] if i == len(raw) - 1 else line).count(delimiter) >= width - 1
            for i, line in enumerate(raw)
            if i > 0
        )
        if len(record) != width or swallowed:
            raise FileRefused(
                f"{where} opent een veld dat doorloopt tot regel {end}: die regels zouden samen één "
                f"record met {len(record)} velden worden (de kop heeft er {width}); controleer de "
                "aanhalingstekens",
                opened,
            )


_EOF_SENTINEL = "\x00wijkwaarde: einde van het bestand\x00"


def _scan_plain(path: Path) -> tuple[str, int] | None:
    """(line end, number of lines) if the whole file is quote-free, NUL-free, without blank lines and
    with one kind of line end; None otherwise. Streams the file in blocks: memchr-speed `in` for the
    bytes that must not occur, numpy for the line ends (their positions give the counts, and two
    adjacent ones a blank line); the carriage-return work only where a block holds one."""
    import numpy as np  # imported here: only large CSV files pay for it

    crs = crlfs = lfs = 0
    tail = b""
    with open(path, "rb") as handle:
        while block := handle.read(_SCAN_BLOCK):
            if b'"' in block or b"\x00" in block:
                return None
            window = tail + block
            data = np.frombuffer(window, np.uint8)
            lf = np.flatnonzero(data == 10)
            if lf.size > 1 and bool((np.diff(lf) == 1).any()):  # b"\n\n" in window
                return None
            lfs += int(lf.size) - tail.count(b"\n")
            if b"\r" in window:
                cr = np.flatnonzero(data == 13)
                inner = cr[(cr > 0) & (cr < len(window) - 1)]
                if bool(((data[inner - 1] == 10) & (data[inner + 1] == 10)).any()):  # b"\n\r\n"
                    return None
                crs += int(cr.size) - tail.count(b"\r")
                paired = cr[cr < len(window) - 1]
                crlfs += int((data[paired + 1] == 10).sum()) - tail.count(b"\r\n")
            tail = window[-2:]
    lines = lfs + (0 if tail.endswith(b"\n") else 1)
    if crs == 0:
        return "\n", lines
    if crs == crlfs == lfs:
        return "\r\n", lines
    return None


def _open_csv_fast(path: Path, known: set[str], decimal_style: str | None) -> SourceFile | None:
    """A SourceFile whose sheet DuckDB will read, or None when the file does not qualify."""
    want = 4 * 65536 + 4  # enough bytes for the 65,536 characters the control-character check reads
    with open(path, "rb") as handle:
        head = handle.read(want)
    if (
        not head.strip(b" \t\r\n\xef\xbb\xbf")
        or head[:4] == b"PK\x03\x04"
        or head.startswith((b"\xff\xfe", b"\xfe\xff"))
    ):
        return None
    if path.suffix.lower() in (".geojson", ".json"):
        return None
    bom = head.startswith(b"\xef\xbb\xbf")
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head[3:] if bom else head, final=False)
    except UnicodeDecodeError:
        return None
    sample = text[:65536]
    if len(head) == want and (len(sample) < 65536 or "\n" not in sample):
        return None  # no complete first line in view: leave it to the Python reader
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    if controls / len(sample) > MAX_CONTROL_SHARE:
        return None
    scanned = _scan_plain(path)
    if scanned is None:
        return None
    new_line, lines = scanned
    first_line = sample.split("\n", 1)[0].rstrip("\r")
    delimiter = _choose_delimiter(first_line, known)
    header = next(csv.reader([first_line], delimiter=delimiter), [])
    if not any(cell.strip() for cell in header):
        return None  # the header is further down: leave that to the Python reader
    if len(header) > 2 and not header[-1].strip() and not header[-2].strip():
        return None  # many empty header cells: the Python reader drops them (one is a plain extra column)
    style = decimal_style or ("punt" if delimiter == "," else "komma")
    fast = FastCsv(path, delimiter, len(header), new_line, lines - 1)

    def rows() -> Iterator[tuple[int, list[str]]]:
        # Only used when a file's rows must all be refused: read them the ordinary way.
        yield from open_source(path, known, decimal_style, fast=False).sheets[0].rows

    sheet = Sheet(header=header, rows=rows(), fast=fast)
    return SourceFile(path, "csv", "utf-8-sig" if bom else "utf-8", delimiter, style, [sheet])


class CutRecord(list):
    """The last record of a CSV file that ends in the middle of it: fewer fields than the header and no
    line end after it. Rejected as a whole (its last value may be cut short: 250 read as 25)."""

    def __init__(self, cells: list[str], reason: str):
        super().__init__(cells)
        self.reason = reason


class CellFault(str):
    """A cell read as text that must be rejected, whatever its column: `reason` says why."""

    reason: str

    def __new__(cls, text: str, reason: str) -> CellFault:
        cell = super().__new__(cls, text)
        cell.reason = reason
        return cell


class YesNoCell(str):
    """An XLSX boolean cell ("ja"/"nee"): a value for a ja/nee column, a fault in any other."""


class DateCell(str):
    """An XLSX date (or time) cell as dd-mm-jjjj: a value for a date column. In a text or code column a
    fault: Excel turns typed text such as 1-2 into a date and shows it in its own format."""


class NumberCell(str):
    """An XLSX number cell as the text of its value (decimal comma): a value for a number column. In a
    text or code column it must be what Excel shows (see etl.loader.shown_text): `shown` holds that
    text when it is known, `reason` why not when it is not."""

    shown: str | None
    reason: str | None

    def __new__(cls, text: str, shown: str | None, reason: str | None = None) -> NumberCell:
        cell = super().__new__(cls, text)
        cell.shown, cell.reason = shown, reason
        return cell


def _cell_text(value: object) -> str:
    """An XLSX cell as the text a Dutch user would have typed (decimal comma, dd-mm-jjjj).

    A percentage is read as Excel shows it (0.125 formatted 0.0% is 12,5); a formula the writing tool
    never calculated is a fault (etl.xlsx).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return YesNoCell("ja" if value else "nee")
    if isinstance(value, datetime | date):
        return DateCell(value.strftime("%d-%m-%Y"))
    if isinstance(value, time | timedelta):
        return DateCell(str(value))  # a time of day or a duration: no date, and no text as shown
    if isinstance(value, xlsx.Percentage):
        return NumberCell(
            xlsx.shown_number(value.shown).replace(".", ","), None,
            "een getal met percentage-opmaak; Excel toont het met %",
        )  # fmt: skip
    fmt = None
    if isinstance(value, xlsx.FormattedNumber):
        fmt, shown = value.number_format, xlsx.zero_padded(value)
        value = value.value
    if isinstance(value, int | float):
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            text = str(int(value))
        else:
            text = xlsx.shown_number(value).replace(".", ",")
        if abs(value) >= 1e15:
            return NumberCell(text, None, "een getal van meer dan 15 cijfers: Excel bewaart er maar 15")
        if fmt is not None:
            return NumberCell(text, shown, None if shown else f"een getal met celopmaak '{fmt[:40]}'")
        # General shows up to 11 characters (0.1 + 0.2 as 0,3): a longer text is not what Excel shows
        shown = text if float(value).is_integer() or len(text) <= 11 else None
        return NumberCell(text, shown, "een getal met decimalen")
    if isinstance(value, xlsx.FormulaWithoutValue):
        return CellFault(
            value.formula, "formule zonder berekende waarde (open en sla het bestand op in Excel)"
        )
    return str(value)


def merged_fault(ref: str) -> str:
    """Why a cell of a merged range (other than its first) is rejected: Excel shows the first cell's value
    over the whole range, the file holds it once; loaded, the other rows would be empty."""
    first = ref.split(":")[0]
    return (
        f"samengevoegde cel {ref}: Excel toont de waarde van {first} ook hier, maar alleen {first} heeft hem; "
        "maak het samenvoegen ongedaan en vul elke cel"
    )


def check_xlsx_size(data: bytes) -> None:
    """Refuse an XLSX whose parts would unpack to more than WIJKWAARDE_MAX_XLSX_XML_MB."""
    limit = int(float(os.environ.get("WIJKWAARDE_MAX_XLSX_XML_MB", MAX_XLSX_XML_MB)) * (1 << 20))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileRefused(f"geen leesbaar XLSX-bestand ({type(exc).__name__})") from None
    # zipfile reads no more than the declared size of a part, so the declared sizes bound the work
    if unpacked > limit:
        raise FileRefused(
            f"XLSX-bestand pakt uit tot {unpacked >> 20} MB, meer dan de limiet van {limit >> 20} MB "
            "(WIJKWAARDE_MAX_XLSX_XML_MB; mogelijk een zip-bom)"
        )


# What a damaged or hostile XLSX raises while it is parsed (XML errors are SyntaxErrors, defusedxml's refusals of
# entities and DTDs, a part missing from the zip).
XLSX_ERRORS = (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, TypeError, AttributeError, IndexError, SyntaxError, DefusedXmlException)  # fmt: skip


def _open_xlsx(path: Path, data: bytes) -> SourceFile:
    import openpyxl  # imported here: only XLSX loads pay for it

    if not openpyxl.DEFUSEDXML:  # OPENPYXL_DEFUSEDXML=False in the environment turns it off
        raise FileRefused(
            "XLSX wordt alleen gelezen met defusedxml-bescherming (zet OPENPYXL_DEFUSEDXML niet uit)"
        )
    check_xlsx_size(data)
    try:
        book = xlsx.open_book(data)
    except XLSX_ERRORS as exc:  # openpyxl wraps what the XML parser raised: name that
        raise FileRefused(f"geen leesbaar XLSX-bestand ({type(exc.__cause__ or exc).__name__})") from None
    sheets: list[Sheet] = []
    hidden: list[str] = []
    for ws in book.worksheets:
        if ws.title.strip().lower() in ("toelichting", "uitleg", "readme"):
            continue  # the explanation sheet of our own XLSX templates
        if xlsx.hidden(ws):
            hidden.append(ws.title)  # a user does not mean to load what Excel does not show
            continue
        iterator = xlsx.rows(ws)  # the whole sheet, whatever its <dimension> claims
        header: list[str] | None = None
        header_row = 0
        try:
            for index, row in iterator:
                cells = [_cell_text(v) for v in row]
                if any(c.strip() for c in cells):
                    header, header_row = cells, index
                    break
        except XLSX_ERRORS as exc:
            raise FileRefused(f"blad '{ws.title}' is niet leesbaar ({type(exc).__name__})") from None
        if header is None:
            continue

        try:
            merged = [r for r in xlsx.merged_ranges(ws) if r[1] > header_row]  # the data's, not a title's
        except XLSX_ERRORS as exc:
            raise FileRefused(f"blad '{ws.title}' is niet leesbaar ({type(exc).__name__})") from None

        def rows(
            it=iterator, start=header_row, title=ws.title, merged=merged
        ) -> Iterator[tuple[int, list[str]]]:
            index = start
            filled: set[str] = set()  # merged ranges whose first cell holds a value
            try:  # read_only parses the sheet while the rows are read: a damaged sheet fails here
                for index, row in it:  # noqa: B007 (index: where it broke)
                    cells = [_cell_text(v) for v in row]
                    for ref, first_row, first_col, last_row, last_col in merged:
                        if not first_row <= index <= last_row:
                            continue
                        if index == first_row and first_col <= len(cells) and cells[first_col - 1].strip():
                            filled.add(ref)
                        if ref not in filled:
                            continue  # merged empty cells: empty is what Excel shows
                        cells += [""] * (last_col - len(cells))
                        for col in range(first_col, last_col + 1):
                            if (index, col) != (first_row, first_col):
                                cells[col - 1] = CellFault("", merged_fault(ref))
                    if any(c.strip() for c in cells) or any(isinstance(c, CellFault) for c in cells):
                        yield index, cells
            except XLSX_ERRORS as exc:
                raise FileRefused(
                    f"blad '{title}' is niet leesbaar na rij {index} ({type(exc).__name__}): "
                    "bestand beschadigd of afgebroken"
                ) from None

        sheets.append(Sheet(header=header, rows=rows(), name=ws.title, typed=True))
    names = ", ".join(f"'{name}'" for name in hidden)
    if not sheets:
        if hidden:
            raise FileRefused(
                f"bestand heeft alleen verborgen bladen ({names}): maak het blad zichtbaar om het te laden"
            )
        raise FileRefused("bestand is leeg: geen blad met gegevens")
    source = SourceFile(path, "xlsx", None, None, "komma", sheets)
    if hidden:
        source.notes.append(f"verborgen bladen niet geladen: {names}")
    return source


def _json_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _properties(feature: object) -> dict:
    """A feature's properties; anything but an object (a list, a number) counts as none."""
    props = feature.get("properties") if isinstance(feature, dict) else None
    return props if isinstance(props, dict) else {}


def _open_geojson(path: Path, data: bytes) -> SourceFile:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise _not_utf8_json(data, exc.start) from None
    except json.JSONDecodeError as exc:
        raise FileRefused(f"ongeldige JSON: {exc}", exc.lineno) from None
    except RecursionError:
        raise FileRefused("ongeldige JSON: te diep genest") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise FileRefused("GeoJSON moet een FeatureCollection zijn")
    features = doc.get("features") or []
    if not isinstance(features, list):
        raise FileRefused("GeoJSON: 'features' moet een lijst zijn")
    if not features:
        raise FileRefused("bestand is leeg: geen features")
    header: list[str] = []
    for feature in features:
        for key in _properties(feature):
            if key not in header:
                header.append(key)
    header.append("geometrie")
    to_wgs84 = _reprojection(doc)

    def rows() -> Iterator[tuple[int, list[str]]]:
        for index, feature in enumerate(features, start=1):
            if not isinstance(feature, dict):
                yield index, ["" for _ in header]
                continue
            props = _properties(feature)
            cells = [_json_text(props.get(key)) for key in header[:-1]]
            geometry = feature.get("geometry")
            cells.append(to_wgs84(geometry) if geometry else "")
            yield index, cells

    return SourceFile(path, "geojson", "utf-8", None, "punt", [Sheet(header=header, rows=rows())])


def _not_utf8_json(data: bytes, bad: int) -> FileRefused:
    """JSON is UTF-8 (RFC 8259): a byte that is not refuses the file, naming its line."""
    bad += 3 if data.startswith(b"\xef\xbb\xbf") else 0
    line = data.count(b"\n", 0, bad) + 1
    return FileRefused(
        f"geen UTF-8 op regel {line} (byte 0x{data[bad]:02X}): GeoJSON moet UTF-8 zijn; sla het "
        "bestand opnieuw op als UTF-8",
        line,
    )


def _reprojection(doc: dict):
    """The geometry cell writer for a GeoJSON's declared CRS: as is (WGS84) or from RD New to WGS84.

    GeoJSON is WGS84 (RFC 7946), but files exported from Dutch GIS often are RD New and say so in the
    older `crs` member, as `cbs boundaries` reads them. Another declared CRS refuses the file.
    """

    def as_is(geometry: object) -> str:
        return json.dumps(geometry, separators=(",", ":"))

    crs = doc.get("crs")
    if crs is None:
        return as_is
    from etl import geo  # imported here: pyproj only for files that name a CRS

    name = geo.crs_name(doc)
    epsg = geo.epsg_from_name(name) if name else None
    if epsg is None:
        raise FileRefused(
            f"coördinatenstelsel {json.dumps(crs, ensure_ascii=False)[:80]} wordt niet ondersteund "
            "(alleen WGS84 en RD New, EPSG:28992)"
        )
    if epsg == geo.WGS84:
        return as_is

    def from_rd(geometry: object) -> str:
        from shapely.geometry import shape

        try:
            wgs = geo.transform([shape(geometry)], geo.RD_NEW, geo.WGS84)[0]
        except Exception:  # malformed coordinates: left as written, for the geometry check to reject
            return as_is(geometry)
        return geo.to_geojson(wgs, decimals=7)

    return from_rd
