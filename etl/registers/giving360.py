"""360Giving grant files (JSON package, flat CSV or XLSX) as register grants.

Rules: dates by explicit patterns (etl.registers.common.parse_date; slashes are day/month/year, `mm/yyyy`
keeps month precision); mojibake of Windows-1252 bytes shown as half-width forms (`MITﾒs`) is repaired
by one explicit rule, flagged in `text_repaired`, the originals kept in `register_text_repair`;
beneficiary locations are kept as given (UK LSOA names, country codes); only Dutch CBS codes
(geoCodeType GM/WK/BU, or such a code without type in NL) map to areas. Funders in the file become
funders (type from `organisationType` when it is a Wijkwaarde funder type, else `fonds`).
Non-standard fields are kept as given in `extra_json`, never interpreted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

import duckdb

from etl import taxonomy as tx
from etl import xlsx
from etl.batch import PartResult, Progress
from etl.readers import XLSX_ERRORS, FileRefused, _open_csv, check_xlsx_size
from etl.registers import common as c
from etl.registers.source import RecordSource, RegisterFormat

REGISTER = "360giving"
SCHEMA_DIR = Path(__file__).with_name("schema")
MISSING_MARKERS = ("undefined", "unknown", "n/a", "na", "-")
MAX_DURATION_MONTHS = 1200
DURATION = re.compile(r"^(\d+(?:\.\d+)?)(?:\s*(?:months?|maanden|maand))?$", re.IGNORECASE)


@cache
def grant_schema() -> dict:
    return json.loads((SCHEMA_DIR / "360-giving-schema.json").read_text(encoding="utf-8"))


@cache
def currencies() -> frozenset[str]:
    return frozenset(grant_schema()["$defs"]["currency"]["enum"])


def _key(text: str) -> str:
    return re.sub(r"[\s_]+", " ", text.strip().strip("\ufeff")).lower()


@cache
def flat_columns() -> dict[str, tuple[str, str | None]]:
    """Flat column header (schema title `Recipient Org:Name` or path `recipientOrganization/0/name`,
    lower-cased) -> (top-level key, sub key or None for a scalar)."""
    schema = grant_schema()
    defs = schema["$defs"]
    out: dict[str, tuple[str, str | None]] = {}
    for key, prop in schema["properties"].items():
        out[_key(key)] = (key, None)
        title = prop.get("title", key)
        items = prop.get("items", {})
        ref = items.get("$ref") if isinstance(items, dict) else None
        if prop.get("type") == "array" and ref:
            sub = defs[ref.rsplit("/", 1)[-1]].get("properties", {})
            for sub_key, sub_prop in sub.items():
                for name in (f"{title}:{sub_prop.get('title', sub_key)}", f"{key}/0/{sub_key}"):
                    out[_key(name)] = (key, sub_key)
        else:
            out[_key(title)] = (key, None)
    return out


INDEXED = re.compile(r"^(?P<head>.+?)[:/](?P<index>\d+)[:/](?P<tail>.+)$")


def _column(header: str) -> tuple[str, int, str | None] | None:
    """(top-level key, item index, sub key) for a flat header; None for a non-standard column."""
    found = flat_columns().get(_key(header))
    if found:
        return found[0], 0, found[1]
    m = INDEXED.match(header.strip())
    if m:
        sep = ":" if ":" in header else "/"
        found = flat_columns().get(_key(f"{m['head']}{sep}{'0/' if sep == '/' else ''}{m['tail']}"))
        if found and found[1]:
            return found[0], int(m["index"]), found[1]
    return None


@dataclass(frozen=True)
class RecordFault:
    """A flat row that cannot become a grant as it is: rejected with this column, value and reason."""

    column: str | None
    value: str | None
    reason: str


def _surplus(header: list[str], cells: list[object], fields: int | None) -> RecordFault | None:
    """A CSV row with more fields than the header line (a shifted row, even when the surplus is empty),
    or a value right of the last named header cell (no column to put it in)."""
    if fields is not None and len(cells) > fields:
        return RecordFault(None, None, f"regel heeft {len(cells)} velden, de kop heeft er {fields}")
    for index in range(len(header), len(cells)):
        value = cells[index]
        if value is not None and str(value).strip():
            return RecordFault(
                f"kolom {index + 1} (zonder naam)", str(value), "waarde in een kolom zonder kop"
            )
    return None


def unflatten(header: list[str], cells: list[object]) -> dict:
    """A flat row as a 360Giving grant object; empty cells are absent, unknown columns kept as given."""
    grant: dict = {}
    for name, value in zip(header, cells, strict=False):
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        where = _column(name)
        if where is None:
            grant[name.strip()] = value
            continue
        key, index, sub = where
        if sub is None:
            grant[key] = value
            continue
        items = grant.setdefault(key, [])
        while len(items) <= index:
            items.append({})
        items[index][sub] = value
    return grant


# -- opening files ---------------------------------------------------------------------------------
def open_file(path: Path) -> list[RecordSource]:
    data = path.read_bytes()
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise FileRefused("bestand is leeg")
    if data[:4] == b"PK\x03\x04":
        return _open_xlsx(data)
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[") or _utf16_json(data):
        return [_open_json(data)]
    return [_open_flat_csv(path, data)]


def _utf16_json(data: bytes) -> bool:
    """A JSON file saved as UTF-16 with a BOM (its first character an object or array)."""
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return data[:200].decode("utf-16", errors="ignore").lstrip(" \t\r\n")[:1] in ("{", "[")


def _open_json(data: bytes) -> RecordSource:
    try:
        text, encoding = c.decode_utf8(data)
        doc = c.loads(text)
    except UnicodeDecodeError as exc:
        raise c.not_utf8(exc) from None
    except json.JSONDecodeError as exc:
        raise FileRefused(f"ongeldige JSON: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("grants"), list):
        raise FileRefused("geen 360Giving-pakket: verwacht een JSON-object met een lijst 'grants'")
    start = c.object_member(text, "grants")
    return RecordSource(c.array_elements(text, start), "json", encoding)


def _open_flat_csv(path: Path, data: bytes) -> RecordSource:
    known = {k.replace(" ", "_") for k in flat_columns()}
    source = _open_csv(path, data, known, "punt")
    sheet = source.sheets[0]
    if not any(_column(h) for h in sheet.header):
        raise FileRefused(
            "kolomkoppen niet herkend als 360Giving (verwacht bijvoorbeeld Identifier, Amount Awarded)"
        )

    def records():
        for line, cells in sheet.rows:
            fault = _surplus(sheet.header, cells, sheet.fields)
            yield line, fault or unflatten(sheet.header, cells)

    return RecordSource(records(), "csv", source.encoding, delimiter=source.delimiter, decimal_style="punt")


def _xlsx_cell(value: object) -> object:
    """A native XLSX value as the JSON reader would give it: numbers as RawNumber, dates as ISO text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, xlsx.FormulaWithoutValue):
        return str(value)  # the formula's text: rejected as a formula, never taken as missing
    if isinstance(value, xlsx.Percentage):
        return c.RawNumber(xlsx.shown_number(value.shown))  # as Excel shows it
    if isinstance(value, xlsx.FormattedNumber):
        padded = xlsx.zero_padded(value)
        if padded is not None:  # a company number 01234567 kept as 1234567 with format 00000000
            return padded
        value = value.value
    if isinstance(value, int | float):
        return c.RawNumber(repr(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _open_xlsx(data: bytes) -> list[RecordSource]:
    check_xlsx_size(data)
    try:
        book = xlsx.open_book(data)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise FileRefused(f"geen leesbaar XLSX-bestand ({type(exc.__cause__ or exc).__name__})") from None
    sources, skipped, hidden = [], [], []
    for ws in book.worksheets:
        if xlsx.hidden(ws):
            hidden.append(ws.title)  # what Excel does not show is not loaded
            continue
        rows = xlsx.rows(ws)  # the whole sheet, whatever its <dimension> claims
        header, header_row = None, 0
        try:
            for index, row in rows:
                if any(v is not None and str(v).strip() for v in row):
                    header, header_row = ["" if v is None else str(v) for v in row], index
                    break
        except XLSX_ERRORS as exc:
            raise FileRefused(f"blad '{ws.title}' is niet leesbaar ({type(exc).__name__})") from None
        if header is None or not any(_column(h) for h in header if h):
            skipped.append(ws.title)
            continue

        def records(it=rows, head=header, start=header_row, title=ws.title):
            index = start
            try:  # read_only parses the sheet while the rows are read: a damaged sheet fails here
                for index, row in it:  # noqa: B007 (index: where it broke)
                    cells = [_xlsx_cell(v) for v in row]
                    if any(v is not None and str(v).strip() for v in cells):
                        yield index, _surplus(head, cells, None) or unflatten(head, cells)
            except XLSX_ERRORS as exc:
                raise FileRefused(
                    f"blad '{title}' is niet leesbaar na rij {index} ({type(exc).__name__}): "
                    "bestand beschadigd of afgebroken"
                ) from None

        sources.append(RecordSource(records(), "xlsx", sheet=ws.title, decimal_style="punt"))
    if not sources:
        if hidden:
            raise FileRefused(
                "bestand heeft alleen verborgen bladen ("
                + ", ".join(f"'{name}'" for name in hidden)
                + "): maak het blad zichtbaar om het te laden"
            )
        raise FileRefused(
            "geen blad met 360Giving-kolommen (verwacht bijvoorbeeld Identifier, Amount Awarded)"
        )
    notes = []
    if skipped:
        notes.append("bladen zonder 360Giving-kolommen overgeslagen: " + ", ".join(skipped))
    if hidden:
        notes.append("verborgen bladen niet geladen: " + ", ".join(f"'{name}'" for name in hidden))
    if notes:
        sources[0].message = "; ".join(notes)
    return sources


# -- one grant -------------------------------------------------------------------------------------
def _first(value: object) -> dict:
    """The first object of a 360Giving list field (a lone object is accepted as a list of one)."""
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, dict) else {}


def _text(obj: dict, key: str) -> str | None:
    return c.text_value(obj.get(key))


def _own(identifier: str | None) -> str | None:
    """An id Wijkwaarde exported (360G-wijkwaarde-<code>) maps back to its own code."""
    if identifier and identifier.startswith(c.EXPORT_PREFIX + "-"):
        return identifier[len(c.EXPORT_PREFIX) + 1 :]
    return None


def _duration(value: object) -> float | None:
    raw = c.text_value(value)
    if raw is None or raw.lower() in MISSING_MARKERS:
        return None
    m = DURATION.match(raw)
    if not m:
        raise c.Invalid(
            "plannedDates/duration", raw, "geen duur in maanden (verwacht bijvoorbeeld 12 of '12 months')"
        )
    months = float(m.group(1))
    if months > MAX_DURATION_MONTHS:  # also infinity: float() reads 400 digits as inf
        raise c.Invalid("plannedDates/duration", raw, "onwaarschijnlijke duur: meer dan 1200 maanden")
    return months


def _location(loc: dict, position: int) -> c.Location:
    name, code = _text(loc, "name"), _text(loc, "geoCode")
    kind, country = _text(loc, "geoCodeType"), _text(loc, "countryCode")
    column = f"beneficiaryLocation/{position}"
    cbs_type = kind.upper() if kind and kind.upper() in c.CBS_LEVELS else None
    if (
        cbs_type is None
        and kind is None
        and code
        and country in (None, "NL")
        and c.CBS_CODE.match(code.upper())
    ):
        cbs_type = code.upper()[:2]
    if cbs_type:
        if code is None:
            raise c.Invalid(f"{column}/geoCode", None, f"geoCodeType {cbs_type} zonder geoCode")
        upper = code.strip().upper()
        if not c.CBS_CODE.match(upper) or upper[:2] != cbs_type:
            raise c.Invalid(
                f"{column}/geoCode", code,
                f"geen geldige CBS-code voor geoCodeType {cbs_type} (GM + 4 cijfers, WK + 6 tekens, BU + 8 tekens)",
            )  # fmt: skip
        return c.Location(c.CBS_LEVELS[cbs_type], name, upper, cbs_type, country or "NL")
    level = kind if code else None  # a name or country alone says nothing about the level
    return c.Location(level, name, code, kind, country)


def parse_faults(record: object, line: int) -> c.Grant | list[c.Invalid]:
    if isinstance(record, RecordFault):
        return [c.Invalid(record.column, record.value, record.reason)]
    if not isinstance(record, dict):
        return [c.Invalid(None, c.text_value(record), "geen object: een grant is een JSON-object")]
    faults: list[c.Invalid] = []

    def check(fn, *args):
        try:
            return fn(*args)
        except c.Invalid as exc:
            faults.append(exc)
            return None

    code = _text(record, "id")
    if code is None:
        faults.append(c.Invalid("id", None, "verplicht veld ontbreekt: id (Identifier)"))
    currency = _text(record, "currency")
    if currency is None:
        faults.append(c.Invalid("currency", None, "verplicht veld ontbreekt: currency"))
    elif currency.upper() not in currencies():
        faults.append(
            c.Invalid("currency", currency, "onbekende valuta (verwacht een ISO 4217-code zoals GBP of EUR)")
        )
    amounts = {}
    for key in ("amountAwarded", "amountAppliedFor"):
        parsed = check(c.money, record.get(key), key, False)
        amounts[key] = parsed or (None, None)
        if parsed and parsed[0] is not None and parsed[0] < 0:
            faults.append(c.Invalid(key, parsed[1], "negatief bedrag"))
    if amounts["amountAwarded"][0] is None and not any(f.column == "amountAwarded" for f in faults):
        faults.append(c.Invalid("amountAwarded", None, "verplicht veld ontbreekt: amountAwarded"))
    award = check(c.parse_date, record.get("awardDate"), "awardDate")
    if award is not None and award[0] is None:
        faults.append(c.Invalid("awardDate", None, "verplicht veld ontbreekt: awardDate"))
    planned = _first(record.get("plannedDates"))
    start = check(c.parse_date, planned.get("startDate"), "plannedDates/startDate") or (None, None, None)
    end = check(c.parse_date, planned.get("endDate"), "plannedDates/endDate") or (None, None, None)
    if start[0] and end[0] and end[0] < start[0]:
        faults.append(c.Invalid("plannedDates/endDate", end[2], "einddatum ligt voor startdatum"))
    duration = check(_duration, planned.get("duration"))
    funder = _first(record.get("fundingOrganization"))
    funder_id, funder_name = _text(funder, "id"), _text(funder, "name")
    if funder_id is None:
        faults.append(
            c.Invalid("fundingOrganization/0/id", None, "verplicht veld ontbreekt: id van de financier")
        )
    if funder_name is None:
        faults.append(
            c.Invalid("fundingOrganization/0/name", None, "verplicht veld ontbreekt: naam van de financier")
        )
    recipient = _first(record.get("recipientOrganization"))
    individual = _first(record.get("recipientIndividual"))
    if not recipient and not individual:
        faults.append(
            c.Invalid(
                "recipientOrganization",
                None,
                "ontvanger ontbreekt (recipientOrganization of recipientIndividual)",
            )
        )
    elif recipient and _text(recipient, "name") is None:
        faults.append(
            c.Invalid("recipientOrganization/0/name", None, "verplicht veld ontbreekt: naam van de ontvanger")
        )
    locations = []
    raw_locations = record.get("beneficiaryLocation") or []
    for i, loc in enumerate(raw_locations if isinstance(raw_locations, list) else [raw_locations]):
        if isinstance(loc, dict):
            found = check(_location, loc, i)
            if found:
                locations.append(found)
    if faults:
        return faults
    schema_keys = set(grant_schema()["properties"])
    extra = {k: v for k, v in record.items() if k not in schema_keys}
    funder_type = _text(funder, "organisationType")
    classes = record.get("classifications") or []
    themes = [c.text_value(x.get("title") or x.get("code")) for x in classes if isinstance(x, dict)]
    grant = c.Grant(
        code=code,
        register=REGISTER,
        funder_code=_own(funder_id) or funder_id,
        funder_name=funder_name,
        funder_type=funder_type if funder_type in tx.FUNDER_TYPES else "fonds",
        year=award[0].year,
        currency=currency.upper(),
        line=line,
        funder_unit=_text(funder, "department"),
        recipient_name=None if not recipient else _text(recipient, "name"),
        recipient_id=_text(recipient, "id") if recipient else None,
        recipient_type="organisatie" if recipient else "particulier",
        is_private=not recipient,
        initiative_code=_own(_text(recipient, "id")) if recipient else None,
        title=None if not recipient else _text(record, "title"),
        description=None if not recipient else _text(record, "description"),
        scheme=_text(_first(record.get("grantProgramme")), "title"),
        theme_label="; ".join(t for t in themes if t) or None,
        amount=amounts["amountAwarded"][0],
        amount_text=amounts["amountAwarded"][1],
        amount_requested=amounts["amountAppliedFor"][0],
        amount_requested_text=amounts["amountAppliedFor"][1],
        award_date=award[0],
        award_date_text=award[2],
        award_date_precision=award[1],
        start_date=start[0],
        end_date=end[0],
        duration_months=duration,
        extra_json=json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None,
        locations=locations,
    )
    c.repair_fields(grant, ("title", "description", "recipient_name", "funder_name", "funder_unit", "scheme"))
    return grant


def load_source(
    con: duckdb.DuckDBPyConnection, part: PartResult, source: RecordSource, progress: Progress
) -> None:
    initiatives = {row[0] for row in con.execute("SELECT code FROM initiative").fetchall()}

    def parse(record: object, line: int) -> c.Grant | list[c.Invalid]:
        result = parse_faults(record, line)
        if not isinstance(result, list) and result.initiative_code not in initiatives:
            result.initiative_code = None  # a Wijkwaarde id, but not an initiative of this warehouse
        return result

    c.load_grants(con, part, source.records, progress, FORMAT.entity, parse)


FORMAT = RegisterFormat(
    entity="360giving",
    open=open_file,
    load_source=load_source,
    description='360Giving-subsidiebestanden: JSON-pakket ({"grants": […]}) of platte CSV/XLSX',
    suffixes=(".json", ".csv", ".xlsx"),
)
