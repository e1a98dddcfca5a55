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
from etl.readers import LINE_END, FileRefused, _decode, check_quotes

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
    notes: list[str] = field(default_factory=list)  # what the user should know (hidden sheets not read)

    def add(self, code: str, year: int, stat: str, raw: object, source: str) -> None:
        try:
            self.values[(code, year, stat)] = parse_value(raw)
        except KerncijfersError as exc:
            where = source.split(" · ", 1)[-1]  # the file and column, without the publisher
            raise KerncijfersError(f"{code}, {where}: {exc}") from None
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


def parse_value(raw: object) -> float | None:
    """CBS numbers use a decimal point; '.', empty and null mean missing or secret (never 0).

    Non-finite and absurdly large values are refused, never loaded as infinity.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):  # an XLSX TRUE/FALSE cell, a JSON true/false: no number, and not missing
        raise KerncijfersError(f"waarde '{'WAAR' if raw else 'ONWAAR'}' is een ja/nee-waarde, geen getal")
    if isinstance(raw, xlsx.FormulaWithoutValue):
        raise KerncijfersError(f"formule zonder berekende waarde ('{str(raw)[:40]}')")
    if isinstance(raw, xlsx.Percentage):  # as Excel shows it: 0.125 formatted 0.0% is 12.5
        raw = float(raw.shown)
    if isinstance(raw, (int, float)):
        text = str(raw)
    else:
        text = str(raw).strip()
        if text.lower() in MISSING:
            return None
        if not NUMBER_RE.match(text):
            raise KerncijfersError(f"waarde '{text[:40]}' is geen getal")
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
            short = {k: v[0] for k, v in VARIABLES.items()}
            kc.sources.setdefault(
                stat, f"{kc.publisher} · {kc.source} (berekend: {short[part]} / {short[whole]} x 100)"
            )


def read_table(rows: list[dict], year: int, source: str) -> Kerncijfers:
    """Rows of a KWB download (short names) or a StatLine CSV (titles), keyed by lower-case header."""
    kc = Kerncijfers(source, year, publisher=edition(year))
    if not rows:
        raise KerncijfersError("bestand bevat geen regels")
    headers = list(rows[0])
    code_col = next((h for h in headers if h in CODE_COLUMNS), None)
    if code_col is None:
        raise KerncijfersError("geen kolom met CBS-codes gevonden (verwacht gwb_code_10 of WijkenEnBuurten)")
    name_col = next((h for h in headers if h in NAME_COLUMNS), None)
    columns = {}
    for stat, (short, _odata, title) in VARIABLES.items():
        for h in headers:
            bare = re.sub(r"\s*\(.*\)$", "", h.split("/")[-1]).strip()
            if h == short or bare == title.lower():
                columns[stat] = h
                break
    if not columns:
        raise KerncijfersError(
            "geen bekende Kerncijfers-variabelen gevonden (bijv. a_inw of Aantal inwoners)"
        )
    for row in rows:
        code = _clean_code(row.get(code_col))
        if code is None:
            continue  # Nederland (NL00) and regions outside the wijk/buurt hierarchy
        if name_col:
            kc.names[code] = str(row.get(name_col) or "").strip() or code
        for stat, column in columns.items():
            kc.add(code, year, stat, row.get(column), f"{kc.publisher} · {source} ({column})")
    _derive(kc)
    return kc


SURPLUS = "\x00surplus"  # DictReader's key for the fields of a row beyond the header's


def _read_csv(path: Path) -> list[dict]:
    try:
        text, _ = _decode(path.read_bytes())
        first = LINE_END.split(text, maxsplit=1)[0]  # an old Mac's CR ends a line too
        delimiter = ";" if first.count(";") >= first.count(",") else ","
        check_quotes(text, delimiter)
    except FileRefused as exc:  # mixed encodings, a quote that swallows lines
        raise KerncijfersError(str(exc)) from None
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, restkey=SURPLUS)
    rows = []
    for row in reader:
        if SURPLUS in row:  # more fields than the header: a shifted row, even when the surplus is empty
            fields = len(reader.fieldnames or []) + len(row[SURPLUS])
            raise KerncijfersError(
                f"regel {reader.line_num} heeft {fields} velden, de kop heeft er {len(reader.fieldnames or [])}"
            )
        rows.append({(k or "").strip().lower(): v for k, v in row.items()})
    return rows


def _read_xlsx(path: Path) -> tuple[list[dict], list[str]]:
    """The rows of the first visible sheet, read whole whatever its <dimension> says (etl.xlsx), and
    the names of the hidden sheets (not read)."""
    book = xlsx.open_book(path)
    visible = [ws for ws in book.worksheets if not xlsx.hidden(ws)]
    hidden = [ws.title for ws in book.worksheets if xlsx.hidden(ws)]
    if not visible:
        raise KerncijfersError("bestand heeft alleen verborgen bladen: maak het blad zichtbaar")
    rows = (values for _, values in xlsx.rows(visible[0]))
    header = [str(h or "").strip().lower() for h in next(rows, [])]
    return [dict(zip(header, row, strict=False)) for row in rows if any(v is not None for v in row)], hidden


def read_odata(path: Path, year: int, properties: Path | None = None) -> Kerncijfers:
    """OData JSON: {code: {Key_N: value}} or {"value": [{WijkenEnBuurten: code, ...}]}."""
    doc = json.loads(path.read_bytes().decode("utf-8-sig"))
    if isinstance(doc, dict) and isinstance(doc.get("value"), list):
        records = {str(r.get("WijkenEnBuurten", "")): r for r in doc["value"]}
    elif isinstance(doc, dict):
        records = doc
    else:
        raise KerncijfersError("onbekende JSON-vorm: verwacht OData met 'value' of een object per code")
    titles = {}
    if properties and properties.exists():
        for prop in json.loads(properties.read_bytes().decode("utf-8-sig")):
            if prop.get("Key"):
                titles[prop["Key"]] = (prop.get("Title"), prop.get("Unit"))
    kc = Kerncijfers(path.name, year, publisher=_odata_edition(path, year))
    by_prefix = {odata: stat for stat, (_s, odata, _t) in VARIABLES.items()}
    for raw_code, record in records.items():
        code = _clean_code(raw_code)
        if code is None or not isinstance(record, dict):
            continue
        name = record.get("Gemeentenaam_1") if code.startswith("GM") else None
        kc.names.setdefault(code, str(name).strip() if name else code)
        for key, value in record.items():
            stat = by_prefix.get(re.sub(r"_\d+$", "", key))
            if stat is None:
                if key not in kc.unmapped and key != "WijkenEnBuurten":
                    kc.unmapped.append(key)
                continue
            title = titles.get(key, (key, None))[0]
            kc.add(code, year, stat, value, f"{kc.publisher} · {path.name} ({key}: {title})")
    _derive(kc)
    return kc


def read_woonikveilig(path: Path, year: int) -> Kerncijfers:
    """The per-gemeente JSON of the 'Woon ik veilig?' site: KWB demografie plus health and crime trends."""
    doc = json.loads(path.read_bytes().decode("utf-8-sig"))
    if doc.get("type") != "gemeente" or "buurten" not in doc:
        raise KerncijfersError("geen gemeentebestand met wijken en buurten")
    keys = {
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
    kwb = (doc.get("bronnen") or {}).get("kerncijfers") or edition(year)
    kc = Kerncijfers(path.name, year, publisher=kwb)
    areas = [doc, *doc.get("wijken", []), *doc.get("buurten", [])]
    for area in areas:
        code = _clean_code(area.get("code"))
        if code is None:
            continue
        kc.names[code] = area.get("name") or code
        for key, stat in keys.items():
            kc.add(code, year, stat, (area.get("demografie") or {}).get(key), f"{kwb} · {path.name} ({key})")
        health = area.get("gezondheid") or {}
        for wave, value in (health.get("trend") or {}).items():
            kc.add(code, int(wave), "aandeel_goede_gezondheid", value, _cited(health.get("bron"), path))
        crime = area.get("veiligheid") or {}
        for wave, value in (crime.get("trend") or {}).items():
            kc.add(code, int(wave), "geregistreerde_misdrijven", value, _cited(crime.get("bron"), path))
    _derive(kc)
    return kc


def read_file(path: Path, year: int) -> Kerncijfers:
    """Detect the kind of Kerncijfers file from its content and read it."""
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":
        rows, hidden = _read_xlsx(path)
        kc = read_table(rows, year, path.name)
        if hidden:
            kc.notes.append("verborgen bladen niet geladen: " + ", ".join(f"'{name}'" for name in hidden))
        return kc
    if data.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] in (b"{", b"["):
        doc_head = data[:4000].decode("utf-8", errors="ignore")
        if '"type": "gemeente"' in doc_head or '"type":"gemeente"' in doc_head:
            return read_woonikveilig(path, year)
        properties = path.with_name("DataProperties.json")
        return read_odata(path, year, properties)
    return read_table(_read_csv(path), year, path.name)


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
            for code in new:
                writer.writerow(
                    [code, kc.names.get(code, code), level[code[:2]], parent_of(code) or "", kc.year, "nee"]
                )
        paths.append(area_path)
    stat_path = folder / f"gebiedscijfers-{tag}.csv"
    with open(stat_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["gebiedscode", "jaar", "statistiek", "waarde", "bron"])
        for (code, year, stat), value in sorted(kc.values.items()):
            if stat not in tx.STATISTICS:
                continue
            writer.writerow(
                [code, year, stat, "" if value is None else repr(value), kc.sources.get(stat, "")]
            )
    paths.append(stat_path)
    return paths
