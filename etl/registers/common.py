"""Shared parts of the register importers: the grant record, parsing rules and the insert into a build."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import duckdb
import pyarrow as pa

from etl import warehouse as wh
from etl.batch import ENTITY_TABLES, PartResult, Progress, Reject, supersede
from etl.readers import FileRefused

GRANTED, REFUSED = "toegekend", "geweigerd"
EXPORT_PREFIX = "360G-wijkwaarde"  # ids Wijkwaarde itself exports; on import they map back to own codes
CBS_LEVELS = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}
CBS_CODE = re.compile(r"^(GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4})$")


class RawNumber(str):
    """A JSON number kept as the text the file wrote (10358.00), so nothing is lost to float rounding."""


class Invalid(Exception):
    """A value breaks a rule: the row is rejected with this column, value and reason."""

    def __init__(self, column: str | None, value: object, reason: str):
        super().__init__(reason)
        self.column, self.value, self.reason = column, value, reason


@dataclass
class Location:
    level: str | None  # stadsdeel | gemeente | wijk | buurt | LSOA | land | ... (as the register gives it)
    label: str | None
    geo_code: str | None = None
    geo_code_type: str | None = None
    country_code: str | None = None


@dataclass
class Grant:
    """One register grant as it will be stored (`register_grant` plus its locations and text repairs)."""

    code: str
    register: str
    funder_code: str
    funder_name: str
    funder_type: str
    year: int
    currency: str
    status: str = GRANTED
    line: int | None = None
    funder_unit: str | None = None
    recipient_name: str | None = None
    recipient_id: str | None = None
    recipient_type: str | None = None
    is_private: bool = False
    initiative_code: str | None = None
    title: str | None = None
    description: str | None = None
    scheme: str | None = None
    theme_label: str | None = None
    amount: Decimal | None = None
    amount_requested: Decimal | None = None
    amount_text: str | None = None
    amount_requested_text: str | None = None
    award_date: date | None = None
    award_date_text: str | None = None
    award_date_precision: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    duration_months: float | None = None
    periodicity: str | None = None
    extra_json: str | None = None
    locations: list[Location] = field(default_factory=list)
    repairs: list[tuple[str, str, str]] = field(default_factory=list)  # (field, original, repaired)
    # Codes the same grant had in warehouses loaded before its code was made as it is now (Amsterdam:
    # amounts by their spelling); a batch holding one makes way for this grant as for its code.
    aliases: tuple[str, ...] = ()


# -- reading JSON with line numbers -----------------------------------------------------------------
_WS = re.compile(r"[ \t\r\n]*")


def _decoder() -> json.JSONDecoder:
    return json.JSONDecoder(parse_float=RawNumber, parse_int=RawNumber)


def _skip(text: str, i: int) -> int:
    return _WS.match(text, i).end()


def object_member(text: str, key: str) -> int | None:
    """Position of the value of top-level member `key` of the JSON object in `text` (None if absent)."""
    dec = _decoder()
    i = _skip(text, 0)
    if text[i : i + 1] != "{":
        return None
    i = _skip(text, i + 1)
    while text[i : i + 1] not in ("}", ""):
        name, i = dec.raw_decode(text, i)
        i = _skip(text, i)
        i = _skip(text, i + 1)  # past ':'
        if name == key:
            return i
        _, i = dec.raw_decode(text, i)
        i = _skip(text, i)
        if text[i : i + 1] == ",":
            i = _skip(text, i + 1)
    return None


def array_elements(text: str, start: int) -> Iterator[tuple[int, object]]:
    """(line where the element starts, element) for each element of the JSON array at `start`.

    The text has been parsed as JSON before, so it is well formed; numbers come back as RawNumber.
    """
    dec = _decoder()
    i = _skip(text, start) + 1  # past '['
    line, pos = text.count("\n", 0, i) + 1, i
    while True:
        i = _skip(text, i)
        if text[i : i + 1] in ("]", ""):
            return
        line += text.count("\n", pos, i)
        pos = i
        value, i = dec.raw_decode(text, i)
        yield line, value
        i = _skip(text, i)
        if text[i : i + 1] == ",":
            i += 1


def decode_utf8(data: bytes) -> tuple[str, str]:
    """JSON is UTF-8 (RFC 8259); a BOM is tolerated, and a UTF-16 BOM decides as it does for CSV
    (etl/readers.py): Windows tools save 'Unicode' text so. Anything else refuses the file."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise FileRefused(f"ongeldige UTF-16-tekst (byte {exc.start})") from None
    return data.decode("utf-8"), "utf-8"


def _unique_members(pairs: list[tuple[str, object]]) -> dict:
    seen = set()
    for key, _value in pairs:
        if key in seen:
            raise FileRefused(
                f"JSON-object bevat de sleutel '{key[:60]}' twee keer: welke waarde geldt is niet eenduidig "
                "(de ene lezer neemt de eerste, de andere de laatste); houd één over"
            )
        seen.add(key)
    return dict(pairs)


def loads(text: str) -> object:
    """JSON as json.loads reads it, but a key twice in one object refuses the file (FileRefused)."""
    return json.loads(text, object_pairs_hook=_unique_members)


def not_utf8(exc: UnicodeDecodeError) -> FileRefused:
    """The refusal of a JSON file with a byte that is not UTF-8, naming its line."""
    line = exc.object.count(b"\n", 0, exc.start) + 1
    return FileRefused(f"geen UTF-8 op regel {line} (byte {exc.start}): JSON moet UTF-8 zijn", line)


# -- values -----------------------------------------------------------------------------------------
# A thousands separator only after a leading group of 1 to 3 digits that does not start with 0:
# `0.500` is not five hundred (etl/validate.py applies the same rule to the templates).
MONEY_NL = re.compile(r"^(?:€|EUR)?\s*(-?)([1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$")
MONEY_POINT = re.compile(r"^(-?)([1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.(\d+))?$")
# Per notation (Dutch strings or not): the pattern, its thousands separator, and what a refused amount says.
MONEY_NOTATIONS = {
    True: (MONEY_NL, ".", "geen bedrag in Nederlandse notatie (verwacht bijvoorbeeld € 1.234 of 1.234,50)"),
    False: (MONEY_POINT, ",", "geen bedrag in notatie met decimale punt (verwacht bijvoorbeeld 1234.50)"),
}
# register_grant.amount is DECIMAL(14, 2); a larger amount is a typo, infinity or not a number.
MAX_AMOUNT = Decimal("1e12")
CENT = Decimal("0.01")


def text_value(value: object) -> str | None:
    """A text field: strings trimmed (empty = missing); anything else as JSON text."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    return json.dumps(value, ensure_ascii=False)


def money(value: object, column: str, dutch_strings: bool = True) -> tuple[Decimal | None, str | None]:
    """(amount, the text as written). JSON numbers as they are; strings by one explicit notation.

    Dutch notation (`€ 48.950.340`, `1.234,50`) for the Amsterdam register; point notation
    (`1234.5`, `1,234.50`) for flat 360Giving files. Anything else is rejected, never guessed.
    """
    if value is None or (isinstance(value, str) and not isinstance(value, RawNumber) and not value.strip()):
        return None, None
    if isinstance(value, RawNumber):
        try:
            return _bounded(Decimal(value), column, value), str(value)
        except InvalidOperation:
            raise Invalid(column, value, "geen getal") from None
    if not isinstance(value, str):
        raise Invalid(column, text_value(value), "geen bedrag (verwacht een getal)")
    raw = value.strip()
    pattern, thousands, expected = MONEY_NOTATIONS[dutch_strings]
    m = pattern.match(raw)
    if not m:
        raise Invalid(column, raw, expected)
    sign, whole, decimals = m.groups()
    amount = Decimal(sign + whole.replace(thousands, "") + ("." + decimals if decimals else ""))
    return _bounded(amount, column, raw), raw


def _bounded(amount: Decimal, column: str, raw: object) -> Decimal:
    """The amount when the DECIMAL(14, 2) column holds it exactly; never rounded or overflowed."""
    if not amount.is_finite() or abs(amount) >= MAX_AMOUNT:
        raise Invalid(column, str(raw), "bedrag te groot: 1.000.000.000.000 of meer (of geen eindig getal)")
    if amount != amount.quantize(CENT):
        raise Invalid(column, str(raw), "bedrag met meer dan 2 decimalen")
    return amount


MONTHS = {
    **{
        m: i
        for i, m in enumerate(
            (
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ),
            start=1,
        )
    },
    **{
        m: i
        for i, m in enumerate(
            (
                "januari",
                "februari",
                "maart",
                "april",
                "mei",
                "juni",
                "juli",
                "augustus",
                "september",
                "oktober",
                "november",
                "december",
            ),
            start=1,
        )
    },
}
DATE_RULES = "jjjj-mm-dd, dd/mm/jjjj [uu:mm], dd-mm-jjjj, mm/jjjj, jjjj-mm, jjjj of '19 April 2013'"


def parse_date(value: object, column: str) -> tuple[date | None, str | None, str | None]:
    """(date, precision dag|maand|jaar, text as written) by explicit rules; slashes are day-first.

    Day-first is the rule of the UK and Dutch publishers these files come from; a value whose
    second part is above 12 cannot be day-first and is rejected rather than read the other way.
    Month or year precision is kept: `08/2013` is August 2013, stored as 1 August with precision maand.
    """
    raw = text_value(value)
    if raw is None:
        return None, None, None
    iso_time = re.match(
        r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$", raw
    )
    clock = re.search(r" (\d{1,2}):(\d{2})(?::(\d{2}))?$", raw) if "/" in raw else None
    for time in (iso_time.groups()[1:] if iso_time else None, clock.groups() if clock else None):
        if time and (int(time[0]) > 23 or int(time[1]) > 59 or int(time[2] or 0) > 59):
            raise Invalid(column, raw, "tijd bestaat niet (uren 0-23, minuten en seconden 0-59)")
    patterns: list[tuple[str, str]] = [
        (r"^(\d{4})-(\d{1,2})-(\d{1,2})$", "ymd"),
        (r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$", "dmy"),
        (r"^(\d{1,2})-(\d{1,2})-(\d{4})$", "dmy"),
        (r"^(\d{1,2})/(\d{4})$", "my"),
        (r"^(\d{4})-(\d{1,2})$", "ym"),
        (r"^(\d{4})$", "y"),
        (r"^(\d{1,2}) ([A-Za-z]+) (\d{4})$", "dMy"),
    ]
    text = iso_time.group(1) if iso_time else raw
    for pattern, shape in patterns:
        m = re.match(pattern, text)
        if not m:
            continue
        g = m.groups()
        if shape == "dMy":
            month = MONTHS.get(g[1].lower())
            if month is None:
                raise Invalid(column, raw, f"onbekende maandnaam '{g[1]}'")
            y, mo, d, precision = int(g[2]), month, int(g[0]), "dag"
        elif shape == "ymd":
            y, mo, d, precision = int(g[0]), int(g[1]), int(g[2]), "dag"
        elif shape == "dmy":
            y, mo, d, precision = int(g[2]), int(g[1]), int(g[0]), "dag"
            if mo > 12:
                raise Invalid(column, raw, "maand groter dan 12: datums met / zijn dag/maand/jaar")
        elif shape == "my":
            y, mo, d, precision = int(g[1]), int(g[0]), 1, "maand"
        elif shape == "ym":
            y, mo, d, precision = int(g[0]), int(g[1]), 1, "maand"
        else:
            y, mo, d, precision = int(g[0]), 1, 1, "jaar"
        try:
            parsed = date(y, mo, d)
        except ValueError:
            raise Invalid(column, raw, "datum bestaat niet") from None
        if parsed < date(1900, 1, 1) or parsed.year > datetime.now().year + 10:
            raise Invalid(column, raw, "onwaarschijnlijke datum (voor 1900 of ver in de toekomst)")
        return parsed, precision, raw
    raise Invalid(column, raw, f"onbekende datumnotatie (verwacht {DATE_RULES})")


# Windows-1252 bytes 0x80-0xBF that a broken converter turned into U+FF80-U+FFBF (half-width forms):
# `MITﾒs` was `MIT’s`. The rule is explicit, applied only to that range, and every repair is recorded.
MOJIBAKE = re.compile("[\uff80-\uffbf]")


def repair_mojibake(text: str) -> str | None:
    """The repaired text, or None when the text has no such characters or one maps to no character."""
    if not MOJIBAKE.search(text):
        return None
    out = []
    for ch in text:
        if MOJIBAKE.match(ch):
            try:
                out.append(bytes([ord(ch) - 0xFF00]).decode("cp1252"))
            except UnicodeDecodeError:
                return None
        else:
            out.append(ch)
    return "".join(out)


def repair_fields(grant: Grant, names: tuple[str, ...]) -> None:
    """Repair mojibake in the named text fields of `grant`, keeping each original in `repairs`."""
    for name in names:
        value = getattr(grant, name)
        if isinstance(value, str):
            fixed = repair_mojibake(value)
            if fixed is not None:
                grant.repairs.append((name, value, fixed))
                setattr(grant, name, fixed)
    for i, loc in enumerate(grant.locations):
        if loc.label:
            fixed = repair_mojibake(loc.label)
            if fixed is not None:
                grant.repairs.append((f"locatie {i + 1}", loc.label, fixed))
                loc.label = fixed


# -- writing into the build -------------------------------------------------------------------------
GRANT_COLUMNS = (
    "code", "register", "funder_code", "funder_unit", "recipient_name", "recipient_id", "recipient_type",
    "is_private", "initiative_code", "title", "description", "scheme", "theme_label", "status", "amount",
    "amount_requested", "amount_text", "amount_requested_text", "currency", "award_date", "award_date_text",
    "award_date_precision", "year", "start_date", "end_date", "duration_months", "periodicity",
    "text_repaired", "extra_json", "line",
)  # fmt: skip


def publish(con: duckdb.DuckDBPyConnection, part: PartResult, grants: list[Grant]) -> None:
    """Check keys against the file and the warehouse, add new funders, insert the grants of `part`."""
    # Register ids are the publisher's own and case-sensitive (Salesforce ids such as a06G000000NJQ8p and
    # a06G000000NJQ8P are two grants in real 360Giving data), unlike the codes of the templates.
    seen: dict[str, int | None] = {}
    existing = dict(
        con.execute(
            "SELECT g.code, coalesce(b.source_name, '?') || ' (batch ' || g.batch_id || ')' "
            "FROM register_grant g LEFT JOIN load_batch b ON b.batch_id = g.batch_id "
            "WHERE list_contains($codes, g.code)",
            {"codes": [g.code for g in grants]},
        ).fetchall()
    )
    kept: list[Grant] = []
    for grant in grants:
        if grant.code in seen:
            part.rejects.append(
                Reject(part.source_name, part.sheet, grant.line, "id", grant.code,
                       f"dubbele sleutel: komt ook voor op regel {seen[grant.code]}")
            )  # fmt: skip
            continue
        seen[grant.code] = grant.line
        if grant.code in existing:
            part.rejects.append(
                Reject(part.source_name, part.sheet, grant.line, "id", grant.code,
                       f"sleutel bestaat al: geladen uit {existing[grant.code]}")
            )  # fmt: skip
            continue
        kept.append(grant)
    known = {row[0] for row in con.execute("SELECT code FROM funder").fetchall()}
    funders = {}
    for grant in kept:
        if grant.funder_code not in known:
            funders.setdefault(grant.funder_code, (grant.funder_name, grant.funder_type))
    if funders:
        con.executemany(
            "INSERT INTO funder (code, name, funder_type, batch_id) VALUES (?, ?, ?, ?)",
            [(code, name, kind, part.batch_id) for code, (name, kind) in funders.items()],
        )
    _insert(con, part.batch_id, kept)
    if part.superseded or part.taken_from:  # funders that register files added and nothing uses any more
        con.execute(
            "DELETE FROM funder WHERE batch_id IN (SELECT batch_id FROM load_batch "
            "WHERE list_contains($entities, entity)) "
            "AND code NOT IN (SELECT funder_code FROM register_grant) "
            "AND code NOT IN (SELECT funder_code FROM grant_award)",
            {"entities": list(wh.REGISTERS)},
        )
    part.rows_loaded = len(kept)
    part.rows_rejected = part.rows_in - part.rows_loaded


def _insert(con: duckdb.DuckDBPyConnection, batch_id: int, grants: list[Grant]) -> None:
    rows = {c: [] for c in GRANT_COLUMNS}
    for g in grants:
        for c in GRANT_COLUMNS:
            if c == "text_repaired":
                rows[c].append(", ".join(dict.fromkeys(f for f, _, _ in g.repairs)) or None)
            else:
                rows[c].append(getattr(g, c))
    types = {
        "is_private": pa.bool_(), "amount": pa.decimal128(14, 2), "amount_requested": pa.decimal128(14, 2),
        "award_date": pa.date32(), "start_date": pa.date32(), "end_date": pa.date32(), "year": pa.int32(),
        "duration_months": pa.float64(), "line": pa.int64(),
    }  # fmt: skip
    table = pa.table({c: pa.array(v, type=types.get(c, pa.string())) for c, v in rows.items()})
    con.register("register_chunk", table)
    con.execute(
        f"INSERT INTO register_grant ({', '.join(GRANT_COLUMNS)}, batch_id) "  # noqa: S608 (fixed names)
        f"SELECT {', '.join(GRANT_COLUMNS)}, $batch_id FROM register_chunk",
        {"batch_id": batch_id},
    )
    con.unregister("register_chunk")
    locations = [
        (g.code, i, loc.level, loc.label, loc.geo_code, loc.geo_code_type, loc.country_code)
        for g in grants
        for i, loc in enumerate(g.locations, start=1)
    ]
    _append(con, "register_grant_location", batch_id, locations,
            ("grant_code", "position", "level", "label", "geo_code", "geo_code_type", "country_code"))  # fmt: skip
    repairs = [(g.code, f, old, new) for g in grants for f, old, new in g.repairs]
    _append(con, "register_text_repair", batch_id, repairs, ("grant_code", "field", "original", "repaired"))


def _append(
    con: duckdb.DuckDBPyConnection, name: str, batch_id: int, rows: list[tuple], columns: tuple[str, ...]
) -> None:
    """Insert rows through Arrow (executemany is row by row, seconds for a few thousand rows)."""
    if not rows:
        return
    data = {c: pa.array([r[i] for r in rows], type=pa.int32() if c == "position" else pa.string())
            for i, c in enumerate(columns)}  # fmt: skip
    con.register("register_rows", pa.table(data))
    con.execute(
        f"INSERT INTO {name} ({', '.join(columns)}, batch_id) "  # noqa: S608 (fixed names)
        f"SELECT {', '.join(columns)}, $batch_id FROM register_rows",
        {"batch_id": batch_id},
    )
    con.unregister("register_rows")


# The status of a batch while its load runs (etl.loader.ANNOUNCED; not imported: the loader imports us).
ANNOUNCED = "bezig"
# The column of the grant's code in each table of a register's grants (etl.batch.ENTITY_TABLES).
GRANT_CODE_COLUMNS = {
    "register_grant": "code",
    "register_grant_location": "grant_code",
    "register_text_repair": "grant_code",
}


def _take_over_same_grants(
    con: duckdb.DuckDBPyConnection, part: PartResult, entity: str, codes: list[str]
) -> None:
    """The grants of `codes` that published batches of `entity` from other files hold make way for this
    part's version of them: two overlapping extracts of a register load as their union, each grant once,
    as the file loaded last has it. A batch left without grants is superseded whole (status 'vervangen':
    the same register under another name); one that keeps grants of its own stays published, marked as
    partly replaced (etl.batch.take_over). Files of the same load count in the order given (their
    batches are announced, etl.loader._announce): two overlapping extracts loaded together are their
    union too."""
    held = con.execute(
        "SELECT g.batch_id, b.source_name, count(*) FROM register_grant g JOIN load_batch b ON b.batch_id = g.batch_id "
        "WHERE (b.entity = $entity AND b.status = 'gepubliceerd' OR b.status = $announced) "
        "AND list_contains($codes, g.code) "
        "AND NOT list_contains($gone, g.batch_id) GROUP BY ALL ORDER BY 1",
        {"entity": entity, "codes": codes, "gone": part.superseded, "announced": ANNOUNCED},
    ).fetchall()
    if not held:
        return
    batches = [batch for batch, _name, _count in held]
    for table in ENTITY_TABLES[entity]:
        con.execute(
            f"DELETE FROM {table} WHERE list_contains($ids, batch_id) "  # noqa: S608 (names of our own schema)
            f"AND list_contains($codes, {GRANT_CODE_COLUMNS[table]})",
            {"ids": batches, "codes": codes},
        )
    left = dict(
        con.execute(
            "SELECT batch_id, count(*) FROM register_grant WHERE list_contains($ids, batch_id) GROUP BY ALL",
            {"ids": batches},
        ).fetchall()
    )
    notes = []
    for batch, name, count in held:
        if left.get(batch):
            part.taken_from.append(batch)
            notes.append(
                f"{count} subsidie(s) ook in {name} (batch {batch}): deze versie geldt; "
                f"de {left[batch]} andere subsidie(s) daarin blijven staan"
            )
        else:
            part.superseded.append(batch)
            notes.append(f"vervangt {name} (batch {batch}): bevat dezelfde subsidies")
    part.notes.extend(notes)
    part.message = "; ".join(filter(None, [part.message, *notes]))


def reject(part: PartResult, line: int | None, exc: Invalid) -> None:
    value = exc.value if exc.value is None or isinstance(exc.value, str) else text_value(exc.value)
    part.rejects.append(Reject(part.source_name, part.sheet, line, exc.column, value, exc.reason))


def load_grants(
    con: duckdb.DuckDBPyConnection,
    part: PartResult,
    records: Iterator[tuple[int, object]],
    progress: Progress,
    entity: str,
    parse: Callable[[object, int], Grant | list[Invalid]],
) -> None:
    """Load one source of a register: every record parsed to a grant or rejected with its faults.

    An earlier version of the same source gives way first (etl.batch.supersede); then the grants this
    source shares with files of other names (an overlapping extract, or the same register downloaded
    again) make way for this source's version of them (see _take_over_same_grants).
    """
    supersede(con, part, entity)
    grants: list[Grant] = []
    for line, record in records:
        part.rows_in += 1
        result = parse(record, line)
        if isinstance(result, list):
            for fault in result:
                reject(part, line, fault)
        else:
            grants.append(result)
    _take_over_same_grants(con, part, entity, [code for g in grants for code in (g.code, *g.aliases)])
    publish(con, part, grants)
    progress(part.source_name, part.rows_in)
