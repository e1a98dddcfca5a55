"""`wijkwaarde cbs kerncijfers`: CBS Kerncijfers wijken en buurten -> context statistics per area and year.

Reads the KWB table as CBS publishes it: the XLSX/CSV download with short variable names
(`gwb_code_10`, `a_inw`, ...), StatLine CSV with titles, and OData JSON (`AantalInwoners_5`, ...) with
its DataProperties metadata. Suppressed values (`.`, empty, null) stay missing, never 0.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from etl import taxonomy as tx
from etl import xlsx
from etl.cbs.download import download as fetch
from etl.readers import LINE_END, XLSX_ERRORS, FileRefused, _decode, check_quotes, check_xlsx_size
from etl.validate import GROUPED_LIKE, GROUPED_REASONS, NUMBER_PATTERNS, NUMBER_REASONS

# CBS OData table of Kerncijfers wijken en buurten, per year (used only without --file).
TABLE_IDS = {
    2019: "84583NED",
    2020: "84799NED",
    2021: "85039NED",
    2022: "85318NED",
    2023: "85618NED",
    2024: "85984NED",
}
ODATA_URL = "https://opendata.cbs.nl/ODataApi/odata/{table}/TypedDataSet?$format=json"

# product statistic -> (KWB short name, OData key without its _N suffix, StatLine title)
VARIABLES: dict[str, tuple[str, str, str]] = {
    "inwoners": ("a_inw", "AantalInwoners", "Aantal inwoners"),
    "inwoners_0_14": ("a_00_14", "k_0Tot15Jaar", "0 tot 15 jaar"),
    "inwoners_65plus": ("a_65_oo", "k_65JaarOfOuder", "65 jaar of ouder"),
    "huishoudens": ("a_hh", "HuishoudensTotaal", "Huishoudens totaal"),
    "eenpersoonshuishoudens": ("a_1p_hh", "Eenpersoonshuishoudens", "Eenpersoonshuishoudens"),
    "gemiddelde_huishoudensgrootte": (
        "g_hhgro",
        "GemiddeldeHuishoudensgrootte",
        "Gemiddelde huishoudensgrootte",
    ),
    "bevolkingsdichtheid": ("bev_dich", "Bevolkingsdichtheid", "Bevolkingsdichtheid"),
    "woningvoorraad": ("a_woning", "Woningvoorraad", "Woningvoorraad"),
    "woz_waarde": ("g_wozbag", "GemiddeldeWOZWaardeVanWoningen", "Gemiddelde WOZ-waarde van woningen"),
    "inkomen_per_inwoner": ("g_ink_pi", "GemiddeldInkomenPerInwoner", "Gemiddeld inkomen per inwoner"),
    "aandeel_laag_inkomen": ("p_hh_li", "HuishoudensMetEenLaagInkomen", "Huishoudens met een laag inkomen"),
    "oppervlakte_land_ha": ("a_lan_ha", "OppervlakteLand", "Oppervlakte land"),
    "afstand_huisarts": ("g_afs_hp", "AfstandTotHuisartsenpraktijk", "Afstand tot huisartsenpraktijk"),
    "afstand_supermarkt": ("g_afs_gs", "AfstandTotGroteSupermarkt", "Afstand tot grote supermarkt"),
}
# Shares computed from two counts of the same file, with the formula recorded as source.
DERIVED: dict[str, tuple[str, str]] = {
    "aandeel_0_14": ("inwoners_0_14", "inwoners"),
    "aandeel_65plus": ("inwoners_65plus", "inwoners"),
    "aandeel_eenpersoonshuishoudens": ("eenpersoonshuishoudens", "huishoudens"),
}
CODE_COLUMNS = ("gwb_code_10", "wijkenenbuurten", "codering_3", "codering", "regiocode", "gwb_code")
NAME_COLUMNS = ("regio", "wijken en buurten", "regioaanduiding/wijken en buurten", "naam")
CODE_RE = re.compile(r"^(GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4})$")
MISSING = {"", ".", "x", "-", "?", "null", "none"}


class KerncijfersError(Exception):
    """The file cannot be read as Kerncijfers; the message says why, in Dutch."""


@dataclass
class Fault:
    """A row or value of the user's file that is not loaded: where it is (line, column) and why."""

    line: int | None
    column: str | None
    value: str | None
    reason: str


@dataclass
class Origin:
    """Where a value of the generated templates came from in the user's file."""

    line: int | None
    column: str
    raw: str | None


@dataclass
class Kerncijfers:
    """What a file held: areas (code -> name) and values (code, year, statistic) -> value or None."""

    source: str
    year: int
    # Who published the figures and which edition, as the file says it: the first part of every source
    # text ('CBS, Kerncijfers wijken en buurten 2024 · kwb-2024.csv (a_inw)'), named under each figure.
    publisher: str = ""
    names: dict[str, str] = field(default_factory=dict)
    values: dict[tuple[str, int, str], float | None] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # statistic -> source text
    unmapped: list[str] = field(default_factory=list)
    # The kind of source, part of the generated file names: 'kwb' for CBS's own table in any of its
    # formats (a newer KWB file replaces an older one of the same gemeenten), 'woonikveilig' for that site.
    kind: str = "kwb"
    faults: list[Fault] = field(default_factory=list)  # rows and values not loaded, with their place
    skipped: list[str] = field(default_factory=list)  # codes of regions outside gemeente/wijk/buurt (NL00)
    origins: dict[tuple[str, int, str], Origin] = field(default_factory=dict)
    area_lines: dict[str, int | None] = field(default_factory=dict)  # code -> its line in the file
    notation: str = "punt"  # how numbers written as text are read (see number_notation)
    rows_in: int = 0  # rows (or areas of a JSON file) read
    code_column: str = "code"  # the column of the area codes in a table
    derived: set[tuple[str, int, str]] = field(default_factory=set)  # shares computed here (see DERIVED)
    # (generated file name, line) -> the area code or (code, year, statistic) written there
    written: dict[tuple[str, int], object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what the user should know (hidden sheets not read)

    def fault(self, line: int | None, column: str | None, value: object, reason: str) -> None:
        self.faults.append(Fault(line, column, None if value is None else str(value)[:200], reason))

    def add(
        self, code: str, year: int, stat: str, raw: object, source: str, line: int | None = None,
        column: str | None = None,
    ) -> None:  # fmt: skip
        """One value; a value that is no number is a fault at its place (line and column, else code)."""
        column = column or stat
        try:
            value = parse_value(raw, self.notation)
        except KerncijfersError as exc:
            self.fault(line, column, raw, str(exc) if line is not None else f"{code}: {exc}")
            return
        self.values[(code, year, stat)] = value
        self.origins[(code, year, stat)] = Origin(line, column, None if raw is None else str(raw))
        self.sources.setdefault(stat, source)


# A CBS number: digits with an optional decimal point (and exponent); no thousands separators,
# no words such as inf or nan, no Python extras such as 1_000.
NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
MAX_ABS_VALUE = 1e15  # as etl/validate.py: larger is not exact, and sums may overflow


def edition(year: int, table: str | None = None) -> str:
    """The publisher and edition of a Kerncijfers file: 'CBS, Kerncijfers wijken en buurten 2024'."""
    name = f"CBS, Kerncijfers wijken en buurten {year}"
    return f"{name} (tabel {table})" if table else name


def _odata_edition(path: Path, year: int) -> str:
    """The edition an OData download names in the TableInfos.json beside it, else that of `year`."""
    info = path.with_name("TableInfos.json")
    try:
        doc = json.loads(info.read_bytes().decode("utf-8-sig")) if info.is_file() else {}
    except (OSError, ValueError):
        doc = {}
    if isinstance(doc, dict) and isinstance(doc.get("value"), list) and doc["value"]:
        doc = doc["value"][0]
    if isinstance(doc, list) and doc:
        doc = doc[0]
    if not isinstance(doc, dict):
        doc = {}
    title, table = doc.get("Title"), doc.get("Identifier") or TABLE_IDS.get(year)
    if isinstance(title, str) and title.strip():
        return f"CBS, {title.strip()}" + (f" (tabel {table})" if table else "")
    return edition(year, table)


def _cited(publisher: object, path: Path) -> str:
    """'RIVM Gezondheidsmonitor (tabel 50150NED) · GM0362.json': publisher as the file names it, then the file."""
    return f"{publisher} · {path.name}" if publisher else path.name


# Evidence of a file's notation in numbers written as text: a decimal comma (1,9 or 1.234,5), or a
# decimal point that cannot separate thousands (1.9, 0.500, 1234.567).
DECIMAL_COMMA_RE = re.compile(r"^[+-]?\d+(\.\d{3})*,\d+$")
DECIMAL_POINT_RE = re.compile(r"^[+-]?\d*\.\d+$")
THOUSANDS_RE = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+$")  # 1.234 or 374.238: thousands in Dutch


def number_notation(texts: list[str], default: str) -> str:
    """How a table writes its numbers, as the template loader decides it (docs/loading.md): 'komma'
    (1.234,5) or 'punt' (1234.5). CBS's own downloads write 1.9 in a ';' file, so the file's numbers
    decide first: a decimal comma means komma, a point that cannot separate thousands means punt;
    without either, the template rule (`default`: ';' and XLSX komma, ',' punt)."""
    if any(DECIMAL_COMMA_RE.match(t) for t in texts):
        return "komma"
    if any(DECIMAL_POINT_RE.match(t) and not THOUSANDS_RE.match(t) for t in texts):
        return "punt"
    return default


def parse_value(raw: object, notation: str = "punt") -> float | None:
    """A number; '.', empty and null mean missing or secret (never 0).

    Text follows `notation`: 'komma' as the template loader reads a ';' file (1.234,5), 'punt' as CBS
    writes (1234.5), 'json' as 'punt' but with 1.234 refused as ambiguous (text in a JSON file says
    nothing of its notation). Non-finite and absurdly large values are refused, never loaded as infinity.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):  # a checkbox or true/false where a number belongs: never 0, 1 or missing
        raise KerncijfersError(f"waarde {str(raw).lower()} (ja/nee) is geen getal")
    if isinstance(raw, xlsx.FormulaWithoutValue):
        raise KerncijfersError(f"formule zonder berekende waarde ('{str(raw)[:40]}')")
    if isinstance(raw, xlsx.Percentage):  # as Excel shows it: 0.125 formatted 0.0% is 12.5
        raw = float(raw.shown)
    if isinstance(raw, xlsx.FormattedNumber):  # a figure is its value, however it is shown (#,##0)
        raw = raw.value
    if isinstance(raw, (int, float)):
        text = str(raw)
    elif not isinstance(raw, str):
        raise KerncijfersError(f"waarde {json.dumps(raw, default=str)[:40]} is geen getal")
    else:
        text = raw.strip()
        if text.lower() in MISSING:
            return None
        if notation == "komma":
            if not re.match(NUMBER_PATTERNS["komma"][0], text.lstrip("+")):
                grouped = re.match(GROUPED_LIKE["komma"], text)
                raise KerncijfersError(GROUPED_REASONS["komma"] if grouped else NUMBER_REASONS["komma"])
            text = text.replace(".", "").replace(",", ".")
        elif not NUMBER_RE.match(text):
            raise KerncijfersError(f"waarde '{text[:40]}' is geen getal")
        elif notation == "json" and THOUSANDS_RE.match(text):
            raise KerncijfersError(
                f"dubbelzinnig getal '{text[:40]}': duizendtallen of decimalen? Schrijf het getal zonder "
                "scheidingsteken voor duizendtallen, of als JSON-getal"
            )
    try:
        value = float(raw if isinstance(raw, float) else text)
    except OverflowError:
        value = math.inf
    if not math.isfinite(value) or abs(value) >= MAX_ABS_VALUE:
        raise KerncijfersError(f"waarde '{text[:40]}' is te groot of geen eindig getal")
    return value


def _clean_code(raw: object) -> str | None:
    code = str(raw or "").strip().upper()
    return code if CODE_RE.match(code) else None


def _derive(kc: Kerncijfers) -> None:
    for stat, (part, whole) in DERIVED.items():
        for (code, year, s), value in list(kc.values.items()):
            if s != whole:
                continue
            numerator = kc.values.get((code, year, part))
            if (code, year, part) not in kc.values:
                continue
            share = None if numerator is None or not value else round(100 * numerator / value, 1)
            kc.values[(code, year, stat)] = share
            kc.derived.add((code, year, stat))
            whole_origin = kc.origins.get((code, year, whole))
            kc.origins[(code, year, stat)] = Origin(
                whole_origin.line if whole_origin else None,
                f"{VARIABLES[part][0]} / {VARIABLES[whole][0]}",
                None,
            )
            short = {k: v[0] for k, v in VARIABLES.items()}
            kc.sources.setdefault(
                stat, f"{kc.publisher} · {kc.source} (berekend: {short[part]} / {short[whole]} x 100)"
            )


def read_table(rows: list[tuple[int, dict]], year: int, source: str, notation: str = "komma") -> Kerncijfers:
    """Rows (line, row) of a KWB download (short names) or a StatLine CSV (titles), keyed by lower-case
    header. `notation` is the file's default for numbers written as text (see number_notation)."""
    kc = Kerncijfers(source, year, publisher=edition(year))
    if not rows:
        raise KerncijfersError("bestand bevat geen regels")
    headers = list(rows[0][1])
    # a KWB short name as is; a StatLine title by its last part without the unit or code marker:
    # 'Regioaanduiding/Codering (code)' is codering, 'Regiocode (gemeente, wijk, buurt) (code)' regiocode
    code_col = next((h for h in headers if h in CODE_COLUMNS), None) or next(
        (h for h in headers if _bare(h) in CODE_COLUMNS), None
    )
    if code_col is None:
        raise KerncijfersError(
            "geen kolom met CBS-codes gevonden (verwacht gwb_code_10, WijkenEnBuurten of "
            "'Regioaanduiding/Codering (code)')"
        )
    name_col = next((h for h in headers if h in NAME_COLUMNS), None)
    kc.code_column = code_col
    _check_period(rows, headers, year)
    columns = {}
    for stat, (short, _odata, title) in VARIABLES.items():
        for h in headers:
            if h == short or _bare(h) == title.lower():
                columns[stat] = h
                break
    others = [h for h in headers if h not in (code_col, name_col, *columns.values()) and not _meta(h)]
    if not columns:
        shown = "; ".join(others[:6]) + (f" en {len(others) - 6} meer" if len(others) > 6 else "")
        raise KerncijfersError(
            "geen statistieken gevonden die Wijkwaarde kent (bijv. a_inw of Aantal inwoners, Afstand tot "
            f"grote supermarkt); kolommen in dit bestand: {shown or 'geen'}"
        )
    kc.unmapped = others
    if set(columns) <= NEARBY:  # StatLine 'Nabijheid voorzieningen': distances only, no residents
        kc.kind, kc.publisher = "nabijheid", f"CBS, Nabijheid voorzieningen; buurtcijfers {year}"
    missing = [
        f"{stat} ({short})" for stat, (short, _odata, _title) in VARIABLES.items() if stat not in columns
    ]
    if missing and kc.kind == "kwb":  # a renamed or left-out column: its figures are not loaded
        kc.notes.append(f"kolommen niet gevonden, deze cijfers worden niet geladen: {', '.join(missing)}")
    if others:  # what the file holds that the product has no statistic for: named, never dropped silently
        kc.notes.append(
            f"{len(others)} kolom(men) zonder statistiek in Wijkwaarde, niet geladen: {'; '.join(others)}"
        )
    texts = [v.strip() for _line, row in rows for c in columns.values() if isinstance(v := row.get(c), str)]
    kc.notation = number_notation(texts, notation)
    kc.rows_in = len(rows)
    for line, row in rows:
        raw = row.get(code_col)
        code = _clean_code(raw)
        if code is None:
            text = str(raw if raw is not None else "").strip()
            if OUTSIDE_RE.match(text):
                kc.skipped.append(text)  # Nederland (NL00), a landsdeel or provincie: no area of ours
            else:
                kc.fault(line, code_col, raw, BAD_CODE)
            continue
        if code in kc.area_lines:
            first = kc.area_lines[code]
            kc.fault(line, code_col, raw, f"dubbele gebiedscode: komt ook voor op regel {first}")
            continue
        kc.area_lines[code] = line
        if name_col:
            kc.names[code] = str(row.get(name_col) or "").strip() or code
        for stat, column in columns.items():
            kc.add(code, year, stat, row.get(column), f"{kc.publisher} · {source} ({column})", line, column)
    _derive(kc)
    return kc


# The statistics of the StatLine table 'Nabijheid voorzieningen' (a file of only these is of that kind).
NEARBY = {"afstand_huisarts", "afstand_supermarkt"}
# Columns that describe the area, not a figure: no statistic to miss (KWB short names, StatLine titles).
META_COLUMNS = {
    "gwb_code_8",
    "gwb_code",
    "gm_naam",
    "recs",
    "ind_wbi",
    "regio",
    "perioden",
    "wijken en buurten",
}


def _bare(header: str) -> str:
    """A StatLine title without its groups and unit: 'a/b/afstand tot grote supermarkt (km)' -> the last."""
    return re.sub(r"\s*\(.*\)$", "", header.split("/")[-1]).strip()


def _meta(header: str) -> bool:
    return header in META_COLUMNS or header.startswith("regioaanduiding/") or header in CODE_COLUMNS


def _check_period(rows: list[tuple[int, dict]], headers: list[str], year: int) -> None:
    """A StatLine table names its year in 'Perioden' ('2019', '2019JJ00'): another year than --year is
    refused, never loaded as the year asked."""
    column = next((h for h in headers if h == "perioden"), None)
    if column is None:
        return
    for line, row in rows:
        found = re.match(r"^\s*(\d{4})", str(row.get(column) or ""))
        if found and int(found.group(1)) != year:
            raise KerncijfersError(
                f"regel {line}: het bestand is van {found.group(1)} (kolom Perioden), niet van {year}: "
                f"geef --year {found.group(1)}"
            )


SURPLUS = "\x00surplus"  # DictReader's key for the fields of a row beyond the header's
BAD_CODE = "geen geldige CBS-code (GM + 4 cijfers, WK + 6 of BU + 8 tekens): regel niet geladen"
# Regions a KWB or StatLine file also holds that are no gemeente, wijk or buurt: Nederland (NL00),
# landsdelen (LD), provincies (PV), COROP (CR); reported as skipped, never as loaded.
OUTSIDE_RE = re.compile(r"^(NL|LD|PV|CR)\d{2}$", re.IGNORECASE)


def _read_csv(path: Path) -> tuple[list[tuple[int, dict]], str]:
    """The rows with the line each starts on, and the file's default notation (';' komma, ',' punt)."""
    try:
        text, _ = _decode(path.read_bytes())
        first = LINE_END.split(text, maxsplit=1)[0]  # an old Mac's CR ends a line too
        delimiter = ";" if first.count(";") >= first.count(",") else ","
        check_quotes(text, delimiter)
    except FileRefused as exc:  # mixed encodings, a quote that swallows lines
        raise KerncijfersError(str(exc)) from None
    if "\x00" in text:
        raise KerncijfersError("geen tekstbestand (bevat nul-tekens): geen CSV")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, restkey=SURPLUS)
    rows, end = [], None
    try:
        for row in reader:
            start = 2 if end is None else end + 1
            end = reader.line_num
            if SURPLUS in row:  # more fields than the header: a shifted row, even when the surplus is empty
                fields = len(reader.fieldnames or []) + len(row[SURPLUS])
                raise KerncijfersError(
                    f"regel {start} heeft {fields} velden, de kop heeft er {len(reader.fieldnames or [])}"
                )
            if None in row.values():  # fewer fields than the header: a row cut off (a truncated download)
                fields = sum(v is not None for v in row.values())
                raise KerncijfersError(
                    f"regel {start} heeft {fields} velden, de kop heeft er {len(reader.fieldnames or [])}"
                    + (" (bestand afgebroken?)" if not LINE_END.search(text[-2:]) else "")
                )
            rows.append((start, {(k or "").strip().lower(): v for k, v in row.items()}))
    except csv.Error as exc:
        raise KerncijfersError(f"regel {reader.line_num}: CSV niet leesbaar ({exc})") from None
    return rows, ("komma" if delimiter == ";" else "punt")


def _read_xlsx(path: Path, data: bytes) -> tuple[list[tuple[int, dict]], list[str]]:
    """The rows of the first visible sheet with their row number, read whole whatever its <dimension> says
    (etl.xlsx), and the names of the hidden sheets (not read); a damaged or hostile file is refused."""
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        check_xlsx_size(data)  # a zip bomb is refused before it is unpacked
        book = xlsx.open_book(data)
        visible = [ws for ws in book.worksheets if not xlsx.hidden(ws)]
        hidden = [ws.title for ws in book.worksheets if xlsx.hidden(ws)]
        if not visible:
            raise KerncijfersError("bestand heeft alleen verborgen bladen: maak het blad zichtbaar")
        rows = iter(xlsx.rows(visible[0]))
        first = next(rows, None)
        header = [str(h or "").strip().lower() for h in (first[1] if first else [])]
        out = [
            (line, dict(zip(header, values, strict=False)))
            for line, values in rows
            if any(v is not None for v in values)
        ]
    except FileRefused as exc:
        raise KerncijfersError(str(exc)) from None
    except (*XLSX_ERRORS, InvalidFileException) as exc:
        raise KerncijfersError(f"geen leesbaar XLSX-bestand ({type(exc).__name__})") from None
    if not header:
        raise KerncijfersError("bestand bevat geen regels (het eerste blad is leeg)")
    return out, hidden


def _unique_members(pairs: list[tuple[str, object]]) -> dict:
    """An object whose every key occurs once: a code twice ({"GM0344": ..., "GM0344": ...}) would
    silently keep only the last."""
    seen = set()
    for key, _value in pairs:
        if key in seen:
            raise KerncijfersError(
                f"JSON-object bevat de sleutel '{key[:60]}' twee keer: welke geldt is niet eenduidig"
            )
        seen.add(key)
    return dict(pairs)


def _json(data: bytes, name: str) -> object:
    """A JSON document; anything unreadable is a Dutch reason, never a crash."""
    try:
        return json.loads(data.decode("utf-8-sig"), object_pairs_hook=_unique_members)
    except UnicodeDecodeError:
        raise KerncijfersError(f"{name}: geen UTF-8-tekst (sla het JSON-bestand op als UTF-8)") from None
    except json.JSONDecodeError as exc:
        raise KerncijfersError(f"{name}: geen geldige JSON (regel {exc.lineno}, kolom {exc.colno})") from None
    except RecursionError:
        raise KerncijfersError(f"{name}: JSON is te diep genest om te lezen") from None


def read_odata(path: Path, year: int, properties: Path | None = None) -> Kerncijfers:
    """OData JSON: {code: {Key_N: value}} or {"value": [{WijkenEnBuurten: code, ...}]}."""
    doc = _json(path.read_bytes(), path.name)
    kc = Kerncijfers(path.name, year, publisher=_odata_edition(path, year), notation="json")
    edition_year = re.search(r"wijken en buurten (\d{4})", kc.publisher, re.IGNORECASE)
    if edition_year and int(edition_year.group(1)) != year:  # TableInfos.json names the edition
        raise KerncijfersError(
            f"het bestand is de tabel '{kc.publisher.removeprefix('CBS, ')}' (TableInfos.json), niet van "
            f"{year}: geef --year {edition_year.group(1)}"
        )
    if isinstance(doc, dict) and isinstance(doc.get("value"), list):
        records, seen = {}, set()
        for number, r in enumerate(doc["value"], start=1):
            if not isinstance(r, dict):
                kc.fault(None, f"value[{number}]", json.dumps(r, default=str)[:80], "record is geen object")
                continue
            code = str(r.get("WijkenEnBuurten", ""))
            if code.strip().upper() in seen:
                kc.fault(None, f"value[{number}]", code, "dubbele gebiedscode: record niet geladen")
                continue
            seen.add(code.strip().upper())
            records[code] = r
    elif isinstance(doc, dict):
        records = doc
    else:
        raise KerncijfersError("onbekende JSON-vorm: verwacht OData met 'value' of een object per code")
    titles = {}
    if properties and properties.exists():
        props = _json(properties.read_bytes(), properties.name)
        for prop in props if isinstance(props, list) else []:
            if isinstance(prop, dict) and isinstance(prop.get("Key"), str):
                titles[prop["Key"]] = (prop.get("Title"), prop.get("Unit"))
    by_prefix = {odata: stat for stat, (_s, odata, _t) in VARIABLES.items()}
    found: set[str] = set()  # the statistics the file has a key of
    kc.rows_in = len(records) + len(kc.faults)
    for raw_code, record in records.items():
        code = _clean_code(raw_code)
        if code is None:
            if not OUTSIDE_RE.match(raw_code.strip()):
                kc.fault(None, "WijkenEnBuurten", raw_code, BAD_CODE)
            else:
                kc.skipped.append(raw_code.strip())
            continue
        if not isinstance(record, dict):
            kc.fault(None, code, json.dumps(record, default=str)[:80], "record is geen object")
            continue
        name = record.get("Gemeentenaam_1") if code.startswith("GM") else None
        kc.names.setdefault(code, str(name).strip() if name else code)
        kc.area_lines.setdefault(code, None)
        for key, value in record.items():
            stat = by_prefix.get(re.sub(r"_\d+$", "", key))
            if stat is None:
                if key not in kc.unmapped and key != "WijkenEnBuurten":
                    kc.unmapped.append(key)
                continue
            title = titles.get(key, (key, None))[0]
            found.add(stat)
            kc.add(code, year, stat, value, f"{kc.publisher} · {path.name} ({key}: {title})", column=key)
    missing = [f"{stat} ({odata})" for stat, (_s, odata, _t) in VARIABLES.items() if stat not in found]
    if missing and found:  # as read_table: a statistic the file does not hold is named, not left out silently
        kc.notes.append(f"kolommen niet gevonden, deze cijfers worden niet geladen: {', '.join(missing)}")
    if kc.unmapped:
        kc.notes.append(
            f"{len(kc.unmapped)} kolom(men) zonder statistiek in Wijkwaarde, niet geladen: {'; '.join(kc.unmapped)}"
        )
    _derive(kc)
    return kc


WOONIKVEILIG_KEYS = {
    "inwoners": "inwoners",
    "inwoners65plus": "inwoners_65plus",
    "inwoners0tot15": "inwoners_0_14",
    "huishoudens": "huishoudens",
    "huishoudensgrootte": "gemiddelde_huishoudensgrootte",
    "dichtheid": "bevolkingsdichtheid",
    "wozWaarde": "woz_waarde",
    "inkomenPerInwoner": "inkomen_per_inwoner",
    "oppervlakteLandHa": "oppervlakte_land_ha",
    "afstandHuisarts": "afstand_huisarts",
    "afstandSupermarkt": "afstand_supermarkt",
}


# The statistics only the woonikveilig.nl file gives (its health and crime trends).
WOONIKVEILIG_TRENDS = {"gezondheid": "aandeel_goede_gezondheid", "veiligheid": "geregistreerde_misdrijven"}


def _dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def read_woonikveilig(path: Path, year: int) -> Kerncijfers:
    """The per-gemeente JSON of the 'Woon ik veilig?' site: KWB demografie plus health and crime trends.

    A part that is not what the site writes (an area that is no object, a trend year that is no year) is
    a fault with its place: the list and position, or the area's code and the key."""
    doc = _json(path.read_bytes(), path.name)
    if not isinstance(doc, dict) or doc.get("type") != "gemeente" or "buurten" not in doc:
        raise KerncijfersError("geen gemeentebestand met wijken en buurten")
    kwb = _dict(doc.get("bronnen")).get("kerncijfers") or edition(year)
    edition_year = re.search(r"wijken en buurten (\d{4})", str(kwb), re.IGNORECASE)
    if edition_year and int(edition_year.group(1)) != year:  # never loaded as the figures of another year
        raise KerncijfersError(
            f"het bestand bevat de Kerncijfers van {edition_year.group(1)} (bronnen.kerncijfers: '{str(kwb)[:80]}'), "
            f"niet van {year}: geef --year {edition_year.group(1)}"
        )
    kc = Kerncijfers(path.name, year, publisher=str(kwb), kind="woonikveilig", notation="json")
    areas: list[tuple[str, object]] = [("gemeente", doc)]
    for part in ("wijken", "buurten"):
        listed = doc.get(part) or []
        if not isinstance(listed, list):
            kc.fault(None, part, json.dumps(listed, default=str)[:80], f"'{part}' is geen lijst")
            continue
        areas += [(f"{part}[{number}]", area) for number, area in enumerate(listed, start=1)]
    kc.rows_in = len(areas)
    for where, area in areas:
        if not isinstance(area, dict):
            kc.fault(None, where, json.dumps(area, default=str)[:80], "gebied is geen object met een code")
            continue
        code = _clean_code(area.get("code"))
        if code is None:
            kc.fault(None, f"{where}.code", area.get("code"), BAD_CODE)
            continue
        if code in kc.area_lines:
            kc.fault(None, f"{where}.code", code, "dubbele gebiedscode: gebied niet geladen")
            continue
        kc.area_lines[code] = None
        kc.names[code] = str(area.get("name") or code)
        demography = _dict(area.get("demografie"))
        for key, stat in WOONIKVEILIG_KEYS.items():
            kc.add(code, year, stat, demography.get(key), f"{kwb} · {path.name} ({key})", column=key)
        for part, stat in WOONIKVEILIG_TRENDS.items():
            block = _dict(area.get(part))
            for wave, value in _dict(block.get("trend")).items():
                if not re.fullmatch(r"\d{4}", str(wave).strip()):
                    kc.fault(
                        None, f"{part}.trend", wave,
                        f"{code}: trendjaar '{str(wave)[:20]}' is geen jaartal (verwacht bijvoorbeeld 2022)",
                    )  # fmt: skip
                    continue
                kc.add(
                    code,
                    int(wave),
                    stat,
                    value,
                    _cited(block.get("bron"), path),
                    column=f"{part}.trend.{wave}",
                )
    _derive(kc)
    return kc


def read_file(path: Path, year: int) -> Kerncijfers:
    """Detect the kind of Kerncijfers file from its content and read it."""
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":
        rows, hidden = _read_xlsx(path, data)
        kc = read_table(rows, year, path.name, "komma")
        if hidden:
            kc.notes.append("verborgen bladen niet geladen: " + ", ".join(f"'{name}'" for name in hidden))
        return kc
    if data.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] in (b"{", b"["):
        doc_head = data[:4000].decode("utf-8", errors="ignore")
        if '"type": "gemeente"' in doc_head or '"type":"gemeente"' in doc_head:
            return read_woonikveilig(path, year)
        properties = path.with_name("DataProperties.json")
        return read_odata(path, year, properties)
    rows, notation = _read_csv(path)
    return read_table(rows, year, path.name, notation)


def download(year: int, target: Path, timeout: float = 20.0) -> Path:
    table = TABLE_IDS.get(year)
    if table is None:
        raise KerncijfersError(f"geen CBS-tabel bekend voor {year}; bekend: {', '.join(map(str, TABLE_IDS))}")

    def failed(reason: object) -> KerncijfersError:
        return KerncijfersError(
            f"downloaden van CBS-tabel {table} ({year}) mislukt ({reason}). "
            "Geen netwerk? Download het bestand elders en geef het op met --file."
        )

    return fetch(ODATA_URL.format(table=table), target, timeout, failed)


def parent_of(code: str) -> str | None:
    if code.startswith("BU"):
        return "WK" + code[2:8]
    if code.startswith("WK"):
        return "GM" + code[2:6]
    return None


def write_templates(kc: Kerncijfers, known_areas: set[str], folder: Path, tag: str) -> list[Path]:
    """Areas not yet in the warehouse (without geometry) and all values, as product templates."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    codes = sorted({code for code, _y, _s in kc.values} | set(kc.names))
    new = [c for c in codes if c not in known_areas]
    # parents first, so a new buurt's wijk is there when the buurt is checked
    new.sort(key=lambda c: ("GM", "WK", "BU").index(c[:2]))
    if new:
        area_path = folder / f"gebieden-{tag}.csv"
        with open(area_path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["gebiedscode", "naam", "niveau", "bovenliggende_code", "grensjaar", "fictief"])
            level = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}
            for line, code in enumerate(new, start=2):
                kc.written[(area_path.name, line)] = code
                writer.writerow(
                    [code, kc.names.get(code, code), level[code[:2]], parent_of(code) or "", kc.year, "nee"]
                )
        paths.append(area_path)
    stat_path = folder / f"gebiedscijfers-{tag}.csv"
    with open(stat_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["gebiedscode", "jaar", "statistiek", "waarde", "bron"])
        line = 1
        for (code, year, stat), value in sorted(kc.values.items()):
            if stat not in tx.STATISTICS:
                continue
            line += 1
            kc.written[(stat_path.name, line)] = (code, year, stat)
            writer.writerow(
                [code, year, stat, "" if value is None else repr(value), kc.sources.get(stat, "")]
            )
    paths.append(stat_path)
    return paths
