"""The Amsterdam subsidy register (subsidieregister 2016, JSON as republished by Open State Foundation).

Rules: `Verleend` 0 means refused (status geweigerd, no amount, never a 0 grant in money totals);
`Aangevraagd` is Dutch money text (`€ 48.950.340`); `(Particulier)` recipients are private persons,
stored without name or project text and only ever shown aggregated; `Organisatie` is a stadsdeel or a
central department: a stadsdeel stays a stadsdeel (never spread over buurten), a department is the
city as a whole (GM0363).
"""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import duckdb

from etl.batch import PartResult, Progress
from etl.readers import FileRefused
from etl.registers import common as c
from etl.registers.source import RecordSource, RegisterFormat

REGISTER = "amsterdam-subsidieregister"
FUNDER_CODE, FUNDER_NAME = "GM0363", "Gemeente Amsterdam"
PRIVATE_NAME = "(Particulier)"
CITY_LABEL = "Amsterdam (centrale stad)"
FIELDS = (
    "Naam",
    "Project",
    "Regeling",
    "Organisatie",
    "Thema",
    "Jaar",
    "Periodiciteit",
    "Aangevraagd",
    "Verleend",
)
REQUIRED = ("Naam", "Organisatie", "Jaar", "Verleend")
STADSDEEL = re.compile(r"^stadsdeel\s+(\S.*)$", re.IGNORECASE)


def open_file(path: Path) -> list[RecordSource]:
    """A JSON array of objects; each record's line is the line where its object starts."""
    try:
        text, encoding = c.decode_utf8(path.read_bytes())
    except UnicodeDecodeError as exc:
        raise c.not_utf8(exc) from None
    if not text.strip():
        raise FileRefused("bestand is leeg")
    try:
        doc = c.loads(text)
    except json.JSONDecodeError as exc:
        raise FileRefused(f"ongeldige JSON: {exc}") from None
    if not isinstance(doc, list):
        raise FileRefused('verwacht een JSON-lijst van subsidies ([{"Naam": …}, …])')
    start = len(text) - len(text.lstrip(" \t\r\n"))
    return [RecordSource(c.array_elements(text, start), "json", encoding)]


def _amount(record: dict, key: str, faults: list[c.Invalid]) -> tuple[object, str | None]:
    """The amount in `key` and its text as written; (None, None) with the fault noted when it is no amount
    or negative."""
    try:
        amount, text = c.money(record.get(key), key)
    except c.Invalid as exc:
        faults.append(exc)
        return None, None
    if amount is not None and amount < 0:
        faults.append(c.Invalid(key, text, "negatief bedrag"))
    return amount, text


def _field(value: object) -> str:
    """A field as part of a grant's identity: by its value, not its spelling. A JSON number is its
    value (10358.00, 10358.0 and 10358 are one amount: a tool that saves the register again may write
    any of them); text is trimmed."""
    if isinstance(value, c.RawNumber):
        try:
            return format(Decimal(value).normalize(), "f")
        except InvalidOperation:
            return str(value)
    return c.text_value(value) or ""


def grant_code(record: dict, year: int, occurrences: dict[str, int]) -> str:
    """The register has no ids: a grant is known by its own fields (a digest of their values) and, for
    records that are identical in every field, by which of them it is in the file. Never by the file's
    name: the same register saved under another name holds the same grants."""
    fields = "\x1f".join(_field(record.get(key)) for key in FIELDS)
    return _numbered(fields, year, occurrences)


def legacy_code(record: dict, year: int, occurrences: dict[str, int]) -> str:
    """The code warehouses loaded before grant_code read values gave a grant: a digest of the fields as
    the file spelled them (10358.00). A grant loaded so is the same grant (see common.Grant.aliases)."""
    fields = "\x1f".join(c.text_value(record.get(key)) or "" for key in FIELDS)
    return _numbered(fields, year, occurrences)


def _numbered(fields: str, year: int, occurrences: dict[str, int]) -> str:
    digest = hashlib.sha256(fields.encode("utf-8")).hexdigest()[:16]
    occurrences[digest] = occurrences.get(digest, 0) + 1
    return f"ams-{year}-{digest}-{occurrences[digest]}"


def parse_faults(
    record: object, line: int, occurrences: dict[str, int] | None = None, legacy: dict[str, int] | None = None
) -> c.Grant | list[c.Invalid]:
    """A record as a grant, or every fault it has. `occurrences` (and `legacy`, for legacy_code) count
    the grants of one file by content (see grant_code)."""
    if not isinstance(record, dict):
        return [c.Invalid(None, c.text_value(record), 'geen object (verwacht {"Naam": …, "Verleend": …})')]
    faults: list[c.Invalid] = []
    for key in record:
        if key not in FIELDS:
            faults.append(
                c.Invalid(key, c.text_value(record[key]), "onbekende kolom: niet in het subsidieregister")
            )
    for key in REQUIRED:
        if key not in record:
            faults.append(c.Invalid(key, None, "verplicht veld ontbreekt"))
        elif c.text_value(record[key]) is None:
            faults.append(c.Invalid(key, None, "verplicht veld is leeg"))
    for key in ("Naam", "Project", "Regeling", "Organisatie", "Thema", "Periodiciteit"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            faults.append(c.Invalid(key, c.text_value(value), "verwacht tekst"))
    awarded, awarded_text = _amount(record, "Verleend", faults)
    requested, requested_text = _amount(record, "Aangevraagd", faults)
    year = record.get("Jaar")
    year_text = c.text_value(year)
    if year_text is not None and not (re.fullmatch(r"\d{4}", year_text) and 1990 <= int(year_text) <= 2100):
        faults.append(c.Invalid("Jaar", year_text, "geen jaartal (verwacht bijvoorbeeld 2016)"))
    for key, limit in (("Naam", 500), ("Project", 2000), ("Regeling", 500)):
        value = c.text_value(record.get(key))
        if value is not None and len(value) > limit:
            faults.append(c.Invalid(key, value[:80], f"te lang: meer dan {limit} tekens"))
    if faults:
        return faults
    naam = c.text_value(record["Naam"])
    unit = c.text_value(record["Organisatie"])
    private = naam == PRIVATE_NAME
    refused = awarded == 0
    stadsdeel = STADSDEEL.match(unit)
    if stadsdeel:
        location = c.Location("stadsdeel", unit)
    else:
        location = c.Location("gemeente", CITY_LABEL, FUNDER_CODE, "GM", "NL")
    code = grant_code(record, int(year_text), {} if occurrences is None else occurrences)
    alias = legacy_code(record, int(year_text), {} if legacy is None else legacy)
    return c.Grant(
        code=code,
        aliases=(alias,) if alias != code else (),
        register=REGISTER,
        funder_code=FUNDER_CODE,
        funder_name=FUNDER_NAME,
        funder_type="gemeente",
        year=int(year_text),
        currency="EUR",
        status=c.REFUSED if refused else c.GRANTED,
        line=line,
        funder_unit=unit,
        recipient_name=None if private else naam,
        recipient_type="particulier" if private else "organisatie",
        is_private=private,
        title=None if private else c.text_value(record.get("Project")),
        scheme=c.text_value(record.get("Regeling")),
        theme_label=c.text_value(record.get("Thema")),
        amount=None if refused else awarded,
        amount_requested=requested,
        amount_text=awarded_text,
        amount_requested_text=requested_text,
        award_date_precision="jaar",
        periodicity=c.text_value(record.get("Periodiciteit")),
        locations=[location],
    )


def load_source(
    con: duckdb.DuckDBPyConnection, part: PartResult, source: RecordSource, progress: Progress
) -> None:
    occurrences: dict[str, int] = {}
    legacy: dict[str, int] = {}

    def parse(record: object, line: int) -> c.Grant | list[c.Invalid]:
        return parse_faults(record, line, occurrences, legacy)

    c.load_grants(con, part, source.records, progress, FORMAT.entity, parse)


FORMAT = RegisterFormat(
    entity="amsterdam-subsidies",
    open=open_file,
    load_source=load_source,
    description="Subsidieregister van de gemeente Amsterdam (JSON: Naam, Project, Regeling, Organisatie, "
    "Thema, Jaar, Periodiciteit, Aangevraagd, Verleend)",
    suffixes=(".json",),
)
