"""Reads CSV, XLSX and GeoJSON files into header + numbered rows, detecting encoding and separator."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from defusedxml import DefusedXmlException

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
    """The file as a whole cannot be read: it is empty, binary, or of an unknown encoding."""


@dataclass
class Sheet:
    """One table in a file: its header and its rows, each with the line (or row) it came from."""

    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    name: str | None = None  # XLSX sheet name
    fast: FastCsv | None = None  # set when DuckDB may read the rows itself


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
    """Decode by explicit rules: a BOM decides; else strict UTF-8; else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise FileRefused("geen tekstbestand: binaire inhoud (nul-bytes)")
    try:
        return data.decode("utf-8", errors="strict"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252", errors="strict"), "windows-1252"
    except UnicodeDecodeError as exc:
        raise FileRefused(
            f"onbekende tekencodering: geen UTF-8 en geen Windows-1252 (byte {exc.start})"
        ) from None


def _normalise(name: str) -> str:
    return name.strip().strip("\ufeff").strip().lower().replace(" ", "_").replace("-", "_")


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
    first_line = text.lstrip("\r\n").split("\n", 1)[0].rstrip("\r")
    delimiter = _choose_delimiter(first_line, known)
    style = decimal_style or ("punt" if delimiter == "," else "komma")
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

    def rows() -> Iterator[tuple[int, list[str]]]:
        previous_end = header_line
        for record in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if not any(cell.strip() for cell in record):
                continue  # blank lines and Excel's trailing ';;;' rows hold no data
            yield start, record

    sheet = Sheet(header=header, rows=rows())
    return SourceFile(path, "csv", encoding, delimiter, style, [sheet])


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
    style = decimal_style or ("punt" if delimiter == "," else "komma")
    fast = FastCsv(path, delimiter, len(header), new_line, lines - 1)

    def rows() -> Iterator[tuple[int, list[str]]]:
        # Only used when a file's rows must all be refused: read them the ordinary way.
        yield from open_source(path, known, decimal_style, fast=False).sheets[0].rows

    sheet = Sheet(header=header, rows=rows(), fast=fast)
    return SourceFile(path, "csv", "utf-8-sig" if bom else "utf-8", delimiter, style, [sheet])


def _cell_text(value: object) -> str:
    """An XLSX cell as the text a Dutch user would have typed (decimal comma, dd-mm-jjjj)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value).replace(".", ",")
    return str(value)


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
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except XLSX_ERRORS as exc:  # openpyxl wraps what the XML parser raised: name that
        raise FileRefused(f"geen leesbaar XLSX-bestand ({type(exc.__cause__ or exc).__name__})") from None
    sheets: list[Sheet] = []
    for ws in book.worksheets:
        if ws.title.strip().lower() in ("toelichting", "uitleg", "readme"):
            continue  # the explanation sheet of our own XLSX templates
        iterator = ws.iter_rows(values_only=True)
        header: list[str] | None = None
        header_row = 0
        try:
            for index, row in enumerate(iterator, start=1):
                cells = [_cell_text(v) for v in row]
                if any(c.strip() for c in cells):
                    header, header_row = cells, index
                    break
        except XLSX_ERRORS as exc:
            raise FileRefused(f"blad '{ws.title}' is niet leesbaar ({type(exc).__name__})") from None
        if header is None:
            continue

        def rows(it=iterator, start=header_row, title=ws.title) -> Iterator[tuple[int, list[str]]]:
            index = start
            try:  # read_only parses the sheet while the rows are read: a damaged sheet fails here
                for index, row in enumerate(it, start=start + 1):  # noqa: B007 (index: where it broke)
                    cells = [_cell_text(v) for v in row]
                    if any(c.strip() for c in cells):
                        yield index, cells
            except XLSX_ERRORS as exc:
                raise FileRefused(
                    f"blad '{title}' is niet leesbaar na rij {index} ({type(exc).__name__}): "
                    "bestand beschadigd of afgebroken"
                ) from None

        sheets.append(Sheet(header=header, rows=rows(), name=ws.title))
    if not sheets:
        raise FileRefused("bestand is leeg: geen blad met gegevens")
    return SourceFile(path, "xlsx", None, None, "komma", sheets)


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
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FileRefused(f"ongeldige JSON: {exc}") from None
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

    def rows() -> Iterator[tuple[int, list[str]]]:
        for index, feature in enumerate(features, start=1):
            if not isinstance(feature, dict):
                yield index, ["" for _ in header]
                continue
            props = _properties(feature)
            cells = [_json_text(props.get(key)) for key in header[:-1]]
            geometry = feature.get("geometry")
            cells.append(json.dumps(geometry, separators=(",", ":")) if geometry else "")
            yield index, cells

    return SourceFile(path, "geojson", "utf-8", None, "punt", [Sheet(header=header, rows=rows())])
