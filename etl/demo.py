"""A deterministic, seeded generator of fictional demo data in the input-template formats.

`generate(output_dir, scale, seed)` writes one file per template entity (gebieden.geojson, then CSV
files) and returns their paths in load order. The default scale "demostad" is one fictional
municipality, Demostad (GM9999), with 8 wijken and about 40 buurten; "regio" is three gemeenten (the
all-gemeenten overview in tests); "provincie" and "nationaal" are larger fictional sets for benchmarks (up to 342 gemeenten, 100,000 initiatives and more than
10 million observations), generated with numpy and written with pyarrow.

Formats, chosen so the demo exercises the loader's Dutch handling:
- gebieden.geojson: a WGS84 FeatureCollection; the template columns are the feature properties.
- organisaties, initiatieven, financiers, indicatoren, waarnemingen: UTF-8, comma-separated,
  decimal point, dates dd-mm-jjjj, lists separated by ';'.
- subsidies and gebiedscijfers: like a municipal Excel export: Windows-1252, ';'-separated,
  decimal comma with '.' thousands grouping (12.500,00), dates dd-mm-jjjj. A handful of
  gebiedscijfers values of small buurten are '.', CBS's marker for a secret or missing value.

The patterns are those a user should recognise: initiatives cluster in needy buurten (low income,
many older residents) and near each other; about 1 in 9 initiatives becomes established; those
with several funders or own revenue and more volunteers last longer.
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from etl import taxonomy as tx
from etl.templates import LOAD_ORDER, TEMPLATES


@dataclass(frozen=True)
class Scale:
    """The size of a generated data set."""

    gemeenten: int
    tiles_x: int  # gemeenten per row when tiling them next to each other
    merges: tuple[
        int, ...
    ]  # merged cell pairs per gemeente (48 cells - merges = buurten), chosen per gemeente
    initiatives: int
    organisations: int
    first_year: int  # first year of context statistics and observations (the last is LAST_YEAR)
    origin: tuple[float, float]  # lon, lat of the south-west corner
    provinces: int
    funds: int


SCALES: dict[str, Scale] = {
    "demostad": Scale(1, 1, (8,), 200, 120, 2020, (5.05, 52.02), 1, 4),
    # three gemeenten: the smallest set with a national (all-gemeenten) overview, for tests
    "regio": Scale(3, 3, (8,), 450, 270, 2022, (4.90, 52.00), 1, 4),
    "provincie": Scale(25, 5, (8,), 7_000, 4_200, 2020, (4.70, 51.90), 1, 6),
    "nationaal": Scale(342, 19, (5, 6), 100_000, 60_000, 2018, (3.60, 50.85), 12, 8),
}

LAST_YEAR = 2025
FIRST_START = date(2017, 1, 1)  # initiatives start from this day ...
LAST_DAY = date(LAST_YEAR, 12, 31)  # ... up to the end of the data
BOUNDARY_YEAR = LAST_YEAR

# Each gemeente is a grid of 8 x 6 cells: 4 x 2 wijk blocks of 2 x 3 cells.
WIJK_COLS, WIJK_ROWS, CELL_COLS, CELL_ROWS = 4, 2, 2, 3
GEM_COLS, GEM_ROWS = WIJK_COLS * CELL_COLS, WIJK_ROWS * CELL_ROWS
TILE_W, TILE_H = 0.15, 0.07  # degrees lon / lat per gemeente (about 10 x 8 km)
CORNER_JITTER, MID_JITTER = 0.15, 0.12  # share of a cell; small enough to keep every ring simple

WIJK_NAMES = [
    "Centrum",
    "Oud-Noord",
    "Tuindorp",
    "Havenkwartier",
    "De Akkers",
    "Molenwijk",
    "Zuiderpark",
    "Eikenrode",
]
BUURT_NAMES = [
    ["Marktkwartier", "Kerkbuurt", "Stationsbuurt", "Vestingwal", "Oude Haven", "Begijnhof"],
    ["Schildersbuurt", "Vogelwijk", "Noorderplein", "Kanaalzone", "Bloemenbuurt", "Spoorzicht"],
    ["Rozenhof", "Lindenhof", "Tuinstraatbuurt", "Wilgenrijk", "Boomgaard", "Ruïnepark"],
    ["Kadebuurt", "Dokhaven", "Zeeheldenbuurt", "Pakhuizen", "Loswal", "Brouwerseiland"],
    ["Akkerweide", "Korenveld", "Hooiberg", "Dorpsweide", "Kloosterhof", "Essenburg"],
    ["Molenerf", "Wiekenbuurt", "Sluisbuurt", "Graanzicht", "Maalderij", "Windhoek"],
    ["Parkzoom", "Vijverhof", "Rivierenbuurt", "Sterrenbuurt", "Componistenbuurt", "Zuidoever"],
    ["Eikenlaan", "Beukenhof", "Heidezicht", "Dennenrode", "Berkenrijk", "Varenveld"],
]

SECRET_STATS = (
    "inkomen_per_inwoner",
    "aandeel_laag_inkomen",
    "aandeel_goede_gezondheid",
    "aandeel_eenpersoonshuishoudens",
    "woz_waarde",
)
STAT_SOURCE = {
    "aandeel_goede_gezondheid": "GGD Gezondheidsmonitor – fictief",
    "woz_waarde": "CBS Kerncijfers wijken en buurten / WOZ – fictief",
}
DEFAULT_SOURCE = "CBS Kerncijfers wijken en buurten – fictief"
INCOME_INDEX = {2018: 0.93, 2019: 0.96, 2020: 1.0, 2021: 1.03, 2022: 1.07, 2023: 1.13, 2024: 1.18, 2025: 1.22}
WOZ_INDEX = {2018: 0.84, 2019: 0.91, 2020: 1.0, 2021: 1.08, 2022: 1.24, 2023: 1.26, 2024: 1.31, 2025: 1.40}

THEME_CODES = list(tx.THEMES)
FORM_CODES = list(tx.FORMS)
# Theme preference: base logit, effect of need (low income), effect of age (many 65+).
THEME_LOGITS = {
    "eenzaamheid": (0.3, 0.3, 0.7),
    "armoede": (0.4, 1.0, -0.1),
    "gezondheid": (0.2, 0.4, 0.3),
    "werk": (0.1, 0.7, -0.3),
    "inclusie": (-0.3, 0.2, 0.1),
    "jeugd": (0.2, 0.5, -0.7),
    "zorg_dichtbij": (0.0, 0.1, 1.0),
    "energie": (0.0, -0.6, 0.0),
    "voedsel": (0.4, 0.8, 0.0),
    "groen": (0.2, -0.3, 0.1),
    "sociale_cohesie": (0.6, 0.3, 0.2),
    "nieuwkomers": (-0.1, 0.5, -0.4),
    "cultuur": (-0.1, -0.2, 0.0),
    "lokale_economie": (-0.3, -0.1, 0.0),
}
FORM_BASE = {
    "bewonersinitiatief": 0.9,
    "wijkonderneming": -0.2,
    "buurtcooperatie": -0.4,
    "sociale_onderneming": -0.2,
    "stichting": 0.7,
    "vereniging": -0.1,
    "cooperatie": -1.2,
}
OWN_REVENUE_P = {
    "bewonersinitiatief": 0.1,
    "wijkonderneming": 0.8,
    "buurtcooperatie": 0.6,
    "sociale_onderneming": 0.9,
    "stichting": 0.3,
    "vereniging": 0.4,
    "cooperatie": 0.8,
}
THEME_SDGS = {
    "eenzaamheid": (3, 10),
    "armoede": (1, 10),
    "gezondheid": (3,),
    "werk": (8, 10),
    "inclusie": (10, 8),
    "jeugd": (4, 5),
    "zorg_dichtbij": (3,),
    "energie": (7, 13),
    "voedsel": (2, 12),
    "groen": (11, 15),
    "sociale_cohesie": (11, 16),
    "nieuwkomers": (10, 4),
    "cultuur": (11, 4),
    "lokale_economie": (8, 11),
}
NAME_PREFIXES = {
    "eenzaamheid": ["Huiskamer", "Koffiehuis", "Ontmoetingscafé", "Buurtkamer"],
    "armoede": ["Kledingbank", "Formulierenbrigade", "Schuldhulpmaatje", "Speelgoedbank"],
    "gezondheid": ["Wandelclub", "Gezond Buurtpunt", "Beweegtuin", "Vitaliteitshuis"],
    "werk": ["Leerwerkbedrijf", "Werkplaats", "Reparatiecafé", "Talentenhuis"],
    "inclusie": ["Inclusief Atelier", "Zorgboerderij", "Samenwerkplaats", "Open Deur"],
    "jeugd": ["Jongerenhuis", "Meidenclub", "Huiswerkklas", "Speeltuinvereniging"],
    "zorg_dichtbij": ["Zorgcoöperatie", "Buurtzorgpunt", "Mantelzorgcafé", "Seniorenhuis"],
    "energie": ["Energiecoöperatie", "Zonnedak", "Energieloket", "Windcoöperatie"],
    "voedsel": ["Buurtkeuken", "Voedseltuin", "Moestuin", "Voedselcoöperatie"],
    "groen": ["Groenploeg", "Buurttuin", "Geveltuinen", "Schone Straat"],
    "sociale_cohesie": ["Buurthuis", "Bewonersplatform", "Straatfeest", "Buurtkracht"],
    "nieuwkomers": ["Taalcafé", "Welkomsthuis", "Taalmaatjes", "Nieuwkomersplein"],
    "cultuur": ["Buurtfestival", "Theaterwerkplaats", "Muziekhuis", "Kunstroute"],
    "lokale_economie": ["Winkelierscollectief", "Marktplein", "Ondernemershuis", "Ideeënfabriek"],
}
NAME_SUFFIXES = [
    "De Kruidenier",
    "Het Anker",
    "De Brug",
    "Samen Sterk",
    "De Linde",
    "De Zonnebloem",
    "Het Knooppunt",
    "De Regenboog",
    "Tweede Thuis",
    "De Overkant",
    "De Eik",
    "Ons Café",
    "Reünie",
    "Vol Ideeën",
    "Héél de Buurt",
    "De Kleine Coöperatie",
    "Oost",
    "West",
    "Noord",
    "Zuid",
]
DESCRIPTIONS = {
    "eenzaamheid": "Een vaste plek waar buren elkaar ontmoeten en samen koffie drinken",
    "armoede": "Praktische hulp voor huishoudens die moeten rondkomen van een laag inkomen",
    "gezondheid": "Samen bewegen en gezond leven, dichtbij huis en laagdrempelig",
    "werk": "Bewoners doen werkervaring op en zetten een stap naar betaald werk",
    "inclusie": "Mensen met en zonder beperking werken en ontmoeten elkaar",
    "jeugd": "Activiteiten en begeleiding voor jongeren en jonge vrouwen",
    "zorg_dichtbij": "Bewoners regelen samen zorg en ondersteuning voor ouderen in de buurt",
    "energie": "Bewoners wekken samen duurzame stroom op met zonnepanelen",
    "voedsel": "Bewoners koken samen en redden voedsel dat anders wordt weggegooid",
    "groen": "Buren onderhouden samen het groen en houden de straat schoon",
    "sociale_cohesie": "Bewoners organiseren samen activiteiten die de buurt verbinden",
    "nieuwkomers": "Taal, maatjes en een warm welkom voor nieuwkomers",
    "cultuur": "Cultuur en festivals door en voor de buurt",
    "lokale_economie": "Ondernemers en bewoners houden het centrum levendig",
}
ORG_PREFIXES = ["Stichting", "Vereniging", "Coöperatie", "Stichting Welzijn", "Buurtvereniging", "Stichting"]
ORG_WORDS = [
    "Buurtkracht",
    "Samen Doen",
    "Het Netwerk",
    "Wijkbelang",
    "Omzien",
    "De Verbinding",
    "Vonkdragers",
    "Naoberschap",
    "Goed Geregeld",
    "Thuis in de Wijk",
    "Krachtig Samen",
    "Buurtgenoten",
]
FUND_NAMES = [
    "Oranje Buurtfonds (fictief)",
    "Fonds Samen Leven (fictief)",
    "Vonkdragersfonds (fictief)",
    "Fonds Gezonde Wijk (fictief)",
    "Energiefonds Middenland (fictief)",
    "Cultuurfonds Demoland (fictief)",
    "Fonds Kansrijk Opgroeien (fictief)",
    "Voedselfonds Demoland (fictief)",
]

# Indicators: code, naam_nl, naam_en, eenheid, richting, toc_niveau, aggregatie, telt_personen,
# thema, minimum, maximum, iris_code, sdg_doel.
INDICATORS: list[tuple[str, ...]] = [
    ("deelnemers", "Bereikte deelnemers", "Participants reached", "personen", "hoger_beter", "output", "som", "ja", "", "0", "100000", "PI4060", "10.2"),
    ("vrijwilligers", "Vrijwilligers", "Volunteers", "personen", "hoger_beter", "input", "laatste", "ja", "", "0", "5000", "", ""),
    ("vrijwilligersuren", "Vrijwilligersuren", "Volunteer hours", "uren", "hoger_beter", "input", "som", "nee", "", "0", "200000", "", ""),
    ("naar_werk", "Mensen naar werk", "People moved to work", "personen", "hoger_beter", "outcome", "som", "ja", "werk", "0", "1000", "", "8.5"),
    ("eenzaamheidsscore", "Eenzaamheidsscore (De Jong Gierveld, 0-11)", "Loneliness score", "score", "lager_beter", "outcome", "gemiddelde", "nee", "eenzaamheid", "0", "11", "", "3.4"),
    ("bijeenkomsten", "Bijeenkomsten en activiteiten", "Meetings and activities", "aantal", "hoger_beter", "activiteit", "som", "nee", "", "0", "5000", "", ""),
    ("voedsel_gered_kg", "Gered voedsel", "Food saved from waste", "kg", "hoger_beter", "output", "som", "nee", "voedsel", "0", "1000000", "", "12.3"),
    ("opgewekte_kwh", "Opgewekte duurzame stroom", "Renewable electricity generated", "kWh", "hoger_beter", "output", "som", "nee", "energie", "0", "20000000", "", "7.2"),
    ("groen_m2", "Onderhouden buurtgroen", "Neighbourhood green maintained", "m2", "hoger_beter", "output", "laatste", "nee", "groen", "0", "1000000", "", "11.7"),
]  # fmt: skip
IND_CODES = [row[0] for row in INDICATORS]
IND_MAX = np.array([float(row[10]) for row in INDICATORS])
# Theme-specific indicators an initiative may report besides deelnemers and vrijwilligers.
THEME_INDICATORS = {
    "eenzaamheid": ("eenzaamheidsscore", "bijeenkomsten"),
    "armoede": ("naar_werk", "bijeenkomsten", "vrijwilligersuren"),
    "gezondheid": ("bijeenkomsten", "vrijwilligersuren"),
    "werk": ("naar_werk", "vrijwilligersuren"),
    "inclusie": ("naar_werk", "bijeenkomsten"),
    "jeugd": ("bijeenkomsten", "naar_werk"),
    "zorg_dichtbij": ("eenzaamheidsscore", "vrijwilligersuren"),
    "energie": ("opgewekte_kwh",),
    "voedsel": ("voedsel_gered_kg", "vrijwilligersuren"),
    "groen": ("groen_m2", "vrijwilligersuren"),
    "sociale_cohesie": ("bijeenkomsten", "eenzaamheidsscore"),
    "nieuwkomers": ("naar_werk", "bijeenkomsten"),
    "cultuur": ("bijeenkomsten",),
    "lokale_economie": ("naar_werk", "vrijwilligersuren"),
}
SEASON_KWH = np.array([0.55, 1.35, 1.45, 0.65])
OBS_CHUNK = 8_192  # initiatives per block when generating observations

_NL = str.maketrans({",": ".", ".": ","})


def nl_number(value: float, decimals: int) -> str:
    """A number in Dutch notation with '.' thousands grouping: 12.500,00 or 1.234,5."""
    return f"{value:,.{decimals}f}".translate(_NL)


def nl_date(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def _headers(entity: str) -> list[str]:
    return [c.name for c in TEMPLATES[entity].columns]


# -- geography -----------------------------------------------------------------------------------


@dataclass
class Geography:
    gem_codes: list[str]
    gem_names: list[str]
    gem_place: list[str]
    wijk_codes: list[str]
    wijk_names: list[str]
    wijk_gem: np.ndarray  # gemeente index per wijk
    buurt_codes: list[str]
    buurt_names: list[str]
    buurt_wijk: np.ndarray  # wijk index per buurt
    buurt_gem: np.ndarray
    buurt_cells: list[list[tuple[int, int]]]  # global (ix, iy) cells per buurt
    buurt_ha: np.ndarray
    cell_buurt: np.ndarray  # (NX, NY) buurt index per cell
    neighbours: np.ndarray  # (B, max degree) neighbouring buurten within the gemeente, -1 padded
    coords: np.ndarray  # (n points, 2) lon, lat of every lattice point, rounded to 5 decimals
    nx: int
    ny: int


def _gemeente_identity(index: int) -> tuple[str, str, str]:
    """Code, name and place of the index-th fictional gemeente; the first is always Demostad."""
    if index == 0:
        return tx.DEMO_GEMEENTE_CODE, tx.DEMO_GEMEENTE_NAME, "Demostad"
    return f"GM{9000 + index - 1:04d}", f"Demogemeente {index:04d} (fictief)", f"Demogemeente {index:04d}"


def _lattice(rng: np.random.Generator, nx: int, ny: int, origin: tuple[float, float]) -> np.ndarray:
    """Jittered grid corners plus one jittered midpoint per edge, each computed once (shared)."""
    dx, dy = TILE_W / GEM_COLS, TILE_H / GEM_ROWS
    x0, y0 = origin
    ix, iy = np.meshgrid(np.arange(nx + 1), np.arange(ny + 1), indexing="ij")
    jit = rng.uniform(-CORNER_JITTER, CORNER_JITTER, size=(nx + 1, ny + 1, 2))
    vx = x0 + (ix + jit[..., 0]) * dx
    vy = y0 + (iy + jit[..., 1]) * dy
    # horizontal edge (ix, iy) -> (ix + 1, iy): midpoint moved north/south
    hx = (vx[:-1, :] + vx[1:, :]) / 2
    hy = (vy[:-1, :] + vy[1:, :]) / 2 + rng.uniform(-MID_JITTER, MID_JITTER, size=(nx, ny + 1)) * dy
    # vertical edge (ix, iy) -> (ix, iy + 1): midpoint moved east/west
    mx = (vx[:, :-1] + vx[:, 1:]) / 2 + rng.uniform(-MID_JITTER, MID_JITTER, size=(nx + 1, ny)) * dx
    my = (vy[:, :-1] + vy[:, 1:]) / 2
    coords = np.concatenate(
        [
            np.stack([vx.ravel(), vy.ravel()], axis=1),
            np.stack([hx.ravel(), hy.ravel()], axis=1),
            np.stack([mx.ravel(), my.ravel()], axis=1),
        ]
    )
    return np.round(coords, 5)


def _cell_ring(ix: int, iy: int, nx: int, ny: int) -> list[int]:
    """Lattice point ids of a cell, counter-clockwise from its south-west corner."""
    n_v, n_h = (nx + 1) * (ny + 1), nx * (ny + 1)

    def v(i: int, j: int) -> int:
        return i * (ny + 1) + j

    def h(i: int, j: int) -> int:
        return n_v + i * (ny + 1) + j

    def m(i: int, j: int) -> int:
        return n_v + n_h + i * ny + j

    return [v(ix, iy), h(ix, iy), v(ix + 1, iy), m(ix + 1, iy), v(ix + 1, iy + 1), h(ix, iy + 1), v(ix, iy + 1), m(ix, iy)]  # fmt: skip


def _union_ring(cells: list[tuple[int, int]], nx: int, ny: int) -> list[int]:
    """The outer ring of a simply connected set of cells: the edges that are not shared, chained."""
    edges: dict[tuple[int, int], None] = {}
    for ix, iy in cells:
        ring = _cell_ring(ix, iy, nx, ny)
        for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
            if (b, a) in edges:
                del edges[(b, a)]
            else:
                edges[(a, b)] = None
    nxt = dict(edges)
    following = {a: b for a, b in nxt}
    start = min(following)
    ring, cur = [start], following[start]
    while cur != start:
        ring.append(cur)
        cur = following[cur]
    if len(ring) != len(following):
        raise ValueError("cells do not form one simply connected area")
    return ring


def _ring_ha(points: np.ndarray) -> float:
    """Area in hectares of a lon/lat ring (shoelace on a local equirectangular projection)."""
    lat0 = math.radians(float(points[:, 1].mean()))
    x = points[:, 0] * 111.320 * math.cos(lat0)
    y = points[:, 1] * 110.574
    km2 = 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y)))
    return km2 * 100


def _build_geography(rng: np.random.Generator, pyrng: random.Random, scale: Scale) -> Geography:
    tiles_y = math.ceil(scale.gemeenten / scale.tiles_x)
    nx, ny = scale.tiles_x * GEM_COLS, tiles_y * GEM_ROWS
    coords = _lattice(rng, nx, ny, scale.origin)
    cell_buurt = np.full((nx, ny), -1, dtype=np.int64)
    gem_codes, gem_names, gem_place = [], [], []
    wijk_codes, wijk_names, wijk_gem = [], [], []
    buurt_codes, buurt_names, buurt_wijk, buurt_gem, buurt_cells = [], [], [], [], []
    h_pairs = [(0, 1), (2, 3), (4, 5)]
    v_pairs = [(0, 2), (2, 4), (1, 3), (3, 5)]
    for g in range(scale.gemeenten):
        code, name, place = _gemeente_identity(g)
        gem_codes.append(code)
        gem_names.append(name)
        gem_place.append(place)
        tx_, ty_ = g % scale.tiles_x, g // scale.tiles_x  # ty_ = 0 is the northern row
        merges = pyrng.choice(scale.merges)
        per_wijk = [0] * (WIJK_COLS * WIJK_ROWS)
        for _ in range(merges):
            per_wijk[pyrng.choice([w for w in range(len(per_wijk)) if per_wijk[w] < 2])] += 1
        for w in range(WIJK_COLS * WIJK_ROWS):
            wx, wy = w % WIJK_COLS, w // WIJK_COLS
            wijk_index = len(wijk_codes)
            wijk_code = f"WK{code[2:]}{w + 1:02d}"
            wijk_codes.append(wijk_code)
            wijk_names.append(WIJK_NAMES[w])
            wijk_gem.append(g)
            # local cells 0..5 in reading order (north-west first); pick disjoint pairs to merge
            candidates = h_pairs + v_pairs
            pyrng.shuffle(candidates)
            used: set[int] = set()
            groups: list[list[int]] = []
            for a, b in candidates:
                if len(groups) == per_wijk[w]:
                    break
                if a not in used and b not in used:
                    used.update((a, b))
                    groups.append([a, b])
            groups += [[c] for c in range(CELL_COLS * CELL_ROWS) if c not in used]
            groups.sort(key=min)
            for k, group in enumerate(groups):
                cells = []
                for c in group:
                    cx, cy = c % CELL_COLS, c // CELL_COLS
                    ix = tx_ * GEM_COLS + wx * CELL_COLS + cx
                    row_from_north = ty_ * GEM_ROWS + wy * CELL_ROWS + cy
                    iy = ny - 1 - row_from_north
                    cells.append((ix, iy))
                    cell_buurt[ix, iy] = len(buurt_codes)
                buurt_codes.append(f"BU{wijk_code[2:]}{k + 1:02d}")
                buurt_names.append(BUURT_NAMES[w][min(group)])
                buurt_wijk.append(wijk_index)
                buurt_gem.append(g)
                buurt_cells.append(cells)
    # Neighbouring buurten (sharing a cell edge) within the same gemeente.
    bg = np.array(buurt_gem)
    pairs = []
    for a, b in ((cell_buurt[:-1, :], cell_buurt[1:, :]), (cell_buurt[:, :-1], cell_buurt[:, 1:])):
        a, b = a.ravel(), b.ravel()
        ok = (a >= 0) & (b >= 0) & (a != b)
        a, b = a[ok], b[ok]
        ok = bg[a] == bg[b]
        pairs.append(np.stack([a[ok], b[ok]], axis=1))
        pairs.append(np.stack([b[ok], a[ok]], axis=1))
    n_b = len(buurt_codes)
    pair = np.unique(np.concatenate(pairs)[:, 0] * n_b + np.concatenate(pairs)[:, 1])
    pa_, pb_ = pair // n_b, pair % n_b
    degree = np.bincount(pa_, minlength=n_b)
    starts = np.concatenate([[0], np.cumsum(degree)[:-1]])
    slot = np.arange(len(pa_)) - starts[pa_]
    neighbours = np.full((n_b, max(1, int(degree.max()))), -1, dtype=np.int64)
    neighbours[pa_, slot] = pb_
    ha = np.array([_ring_ha(coords[_union_ring(c, nx, ny)]) for c in buurt_cells])
    return Geography(
        gem_codes,
        gem_names,
        gem_place,
        wijk_codes,
        wijk_names,
        np.array(wijk_gem),
        buurt_codes,
        buurt_names,
        np.array(buurt_wijk),
        bg,
        buurt_cells,
        ha,
        cell_buurt,
        neighbours,
        coords,
        nx,
        ny,
    )


def _write_gebieden(path: Path, geo: Geography) -> None:
    props = [c.name for c in TEMPLATES["gebieden"].columns if c.kind != "geometry"]
    n_w = len(geo.wijk_codes)
    wijk_ha = np.bincount(geo.buurt_wijk, weights=geo.buurt_ha, minlength=n_w)
    gem_ha = np.bincount(geo.buurt_gem, weights=geo.buurt_ha, minlength=len(geo.gem_codes))
    wijk_cells: list[list[tuple[int, int]]] = [[] for _ in range(n_w)]
    for b, cells in enumerate(geo.buurt_cells):
        wijk_cells[geo.buurt_wijk[b]].extend(cells)
    gem_cells: list[list[tuple[int, int]]] = [[] for _ in geo.gem_codes]
    for w, cells in enumerate(wijk_cells):
        gem_cells[geo.wijk_gem[w]].extend(cells)

    def feature(code: str, name: str, level: str, parent: str | None, ha: float, cells) -> str:
        ring = _union_ring(cells, geo.nx, geo.ny)
        points = geo.coords[ring + ring[:1]].tolist()
        values = [code, name, level, parent, BOUNDARY_YEAR, round(float(ha), 1), "ja"]
        doc = {
            "type": "Feature",
            "properties": dict(zip(props, values, strict=True)),
            "geometry": {"type": "Polygon", "coordinates": [points]},
        }
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))

    lines = []
    for g, code in enumerate(geo.gem_codes):
        lines.append(feature(code, geo.gem_names[g], "gemeente", None, gem_ha[g], gem_cells[g]))
    for w, code in enumerate(geo.wijk_codes):
        parent = geo.gem_codes[geo.wijk_gem[w]]
        lines.append(feature(code, geo.wijk_names[w], "wijk", parent, wijk_ha[w], wijk_cells[w]))
    for b, code in enumerate(geo.buurt_codes):
        parent = geo.wijk_codes[geo.buurt_wijk[b]]
        lines.append(feature(code, geo.buurt_names[b], "buurt", parent, geo.buurt_ha[b], geo.buurt_cells[b]))
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")


# -- context statistics --------------------------------------------------------------------------


def _smooth_field(rng: np.random.Generator, nx: int, ny: int, sigma: float) -> np.ndarray:
    """Spatially smooth noise on the cell grid (Gaussian blur of white noise), standardised."""
    field = rng.standard_normal((nx, ny))
    radius = int(3 * sigma)
    offsets = np.arange(-radius, radius + 1)
    kernel = np.exp(-0.5 * (offsets / sigma) ** 2)
    kernel /= kernel.sum()
    for axis in (0, 1):
        padded = np.pad(field, [(radius, radius) if a == axis else (0, 0) for a in (0, 1)], mode="reflect")
        n = field.shape[axis]
        field = sum(w * np.take(padded, np.arange(k, k + n), axis=axis) for k, w in enumerate(kernel))
    return (field - field.mean()) / field.std()


def _standardise(x: np.ndarray) -> np.ndarray:
    return (x - x.mean()) / (x.std() or 1.0)


@dataclass
class Context:
    need: np.ndarray  # per buurt, standardised: high = low income, poor health
    age: np.ndarray  # per buurt, standardised: high = many 65+
    hotspot: np.ndarray  # per buurt, standardised: where active residents cluster
    pop: np.ndarray  # (B, Y) residents


def _buurt_mean(field: np.ndarray, geo: Geography) -> np.ndarray:
    return np.array([np.mean([field[c] for c in cells]) for cells in geo.buurt_cells])


def _write_gebiedscijfers(path: Path, rng: np.random.Generator, geo: Geography, years: list[int]) -> Context:
    n_b, n_y = len(geo.buurt_codes), len(years)
    sigma = 1.6
    need = _standardise(
        0.85 * _buurt_mean(_smooth_field(rng, geo.nx, geo.ny, sigma), geo) + 0.45 * rng.standard_normal(n_b)
    )
    age_field = _buurt_mean(_smooth_field(rng, geo.nx, geo.ny, sigma), geo)
    age = _standardise(0.45 * need + 0.8 * age_field + 0.35 * rng.standard_normal(n_b))
    hotspot = _standardise(_buurt_mean(_smooth_field(rng, geo.nx, geo.ny, 1.2), geo))

    t = np.arange(n_y)[None, :] - (2020 - years[0])  # years since 2020
    noise = lambda scale: rng.normal(0, scale, size=(n_b, n_y))  # noqa: E731
    pop0 = np.clip(np.exp(rng.normal(math.log(2300), 0.5, n_b)), 900, 6000)
    small = np.argsort(pop0, kind="stable")[: max(2, round(0.08 * n_b))]
    pop0[small] = rng.uniform(420, 850, len(small))
    growth = rng.normal(0.005, 0.008, n_b)
    pop = pop0[:, None] * np.exp(growth[:, None] * t) * (1 + noise(0.004))
    pop[small] = np.minimum(pop[small], 990)
    pop = np.clip(np.round(pop), 400, 6500)

    share65 = (
        np.clip(19 + 6 * age + rng.normal(0, 1.5, n_b), 4, 45)[:, None] + (0.25 + 0.1 * age)[:, None] * t
    )
    share014 = np.clip(15.5 - 2.5 * age + 0.8 * need + rng.normal(0, 1, n_b), 6, 28)[:, None] - 0.08 * t
    income = np.clip(29 * np.exp(-0.17 * need + rng.normal(0, 0.05, n_b)), 17, 70)[:, None]
    income = income * np.array([INCOME_INDEX[y] for y in years])[None, :] * (1 + noise(0.01))
    low = np.clip(8 * np.exp(0.45 * need + rng.normal(0, 0.1, n_b)), 1.5, 40)[:, None] - 0.15 * t
    health = np.clip(78 - 4.5 * need - 2.5 * age + rng.normal(0, 1.2, n_b), 55, 92)[:, None] - 0.2 * t
    single = np.clip(37 + 8 * need + 3 * age + rng.normal(0, 2, n_b), 15, 75)[:, None] + 0.2 * t
    woz = np.clip(300 * np.exp(-0.22 * need + rng.normal(0, 0.1, n_b)), 120, 1500)[:, None]
    woz = woz * np.array([WOZ_INDEX[y] for y in years])[None, :] * (1 + noise(0.01))
    share65, share014 = share65 + noise(0.25), share014 + noise(0.2)
    low, health, single = low + noise(0.25), health + noise(0.4), single + noise(0.3)
    share65, share014, low = np.clip(share65, 2, 60), np.clip(share014, 3, 35), np.clip(low, 1, 50)
    health, single = np.clip(health, 40, 95), np.clip(single, 10, 85)
    households = np.round(pop / (1 + (1 - single / 100) * 1.8))

    area = np.repeat(geo.buurt_ha[:, None], n_y, axis=1)
    gp_km = np.clip(1.1 - 0.25 * need + rng.normal(0, 0.25, n_b), 0.2, 3.5)[:, None]
    shop_km = np.clip(0.8 - 0.15 * need + rng.normal(0, 0.2, n_b), 0.2, 2.5)[:, None]
    crime_rate = 45 * np.exp(0.3 * need + rng.normal(0, 0.15, n_b))[:, None] / 1000
    # (values per buurt and year, how wijk and gemeente values follow: sum or the weight of a mean)
    generated: dict[str, tuple[np.ndarray, str]] = {
        "inwoners": (pop, "sum"),
        "inwoners_0_14": (np.round(pop * share014 / 100), "sum"),
        "inwoners_65plus": (np.round(pop * share65 / 100), "sum"),
        "huishoudens": (households, "sum"),
        "eenpersoonshuishoudens": (np.round(households * single / 100), "sum"),
        "aandeel_0_14": (share014, "pop"),
        "aandeel_65plus": (share65, "pop"),
        "aandeel_eenpersoonshuishoudens": (single, "hh"),
        "gemiddelde_huishoudensgrootte": (pop / households, "hh"),
        "bevolkingsdichtheid": (pop / (area / 100), "area"),
        "woningvoorraad": (np.round(households * rng.uniform(1.01, 1.06, (n_b, 1))), "sum"),
        "woz_waarde": (woz, "hh"),
        "inkomen_per_inwoner": (income, "pop"),
        "aandeel_laag_inkomen": (low, "hh"),
        "aandeel_goede_gezondheid": (health, "pop"),
        "oppervlakte_land_ha": (area, "sum"),
        "afstand_huisarts": (np.repeat(gp_km, n_y, axis=1), "pop"),
        "afstand_supermarkt": (np.repeat(shop_km, n_y, axis=1), "pop"),
        "geregistreerde_misdrijven": (rng.poisson(pop * crime_rate).astype(float), "sum"),
    }
    stat_codes = [c for c in tx.STATISTICS if c in generated]  # every statistic the taxonomy knows
    buurt_vals = {c: generated[c][0] for c in stat_codes}
    weight_of = {"pop": pop, "hh": households, "area": area}
    decimals = {c: 0 for c in stat_codes if tx.STATISTICS[c].is_count}
    decimals.update(woz_waarde=0, bevolkingsdichtheid=0, oppervlakte_land_ha=0)

    def aggregate(group: np.ndarray, n_groups: int) -> dict[str, np.ndarray]:
        out = {}
        for code in stat_codes:
            values, how = generated[code]
            weights = np.ones_like(values) if how == "sum" else weight_of[how]
            num = np.zeros((n_groups, n_y))
            den = np.zeros((n_groups, n_y))
            np.add.at(num, group, values * weights)
            np.add.at(den, group, weights)
            out[code] = num if how == "sum" else num / den
        return out

    levels = [
        (geo.gem_codes, aggregate(geo.buurt_gem, len(geo.gem_codes))),
        (geo.wijk_codes, aggregate(geo.buurt_wijk, len(geo.wijk_codes))),
        (geo.buurt_codes, buurt_vals),
    ]
    n_rows = (len(geo.gem_codes) + len(geo.wijk_codes) + n_b) * n_y * len(stat_codes)
    # CBS-style secrecy: about 1% of all values, only in the smallest buurten, are written as '.'.
    candidates = [(b, y, s) for b in sorted(small.tolist()) for y in range(n_y) for s in SECRET_STATS]
    k = min(len(candidates), round(0.01 * n_rows))
    chosen = rng.choice(len(candidates), size=k, replace=False)
    secret = {candidates[i] for i in chosen.tolist()}

    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(_headers("gebiedscijfers"))
    for level_index, (codes, vals) in enumerate(levels):
        is_buurt = level_index == 2
        rounded = {c: np.round(v, decimals.get(c, 1)) for c, v in vals.items()}
        for a, code in enumerate(codes):
            for yi, year in enumerate(years):
                for stat in stat_codes:
                    if is_buurt and (a, yi, stat) in secret:
                        text = "."
                    else:
                        text = nl_number(float(rounded[stat][a, yi]), decimals.get(stat, 1))
                    source = STAT_SOURCE.get(stat, DEFAULT_SOURCE)
                    writer.writerow([code, year, stat, text, source])
    path.write_bytes(out.getvalue().encode("cp1252"))
    return Context(need, age, hotspot, pop)


# -- initiatives ---------------------------------------------------------------------------------


@dataclass
class Initiatives:
    codes: list[str]
    gem: np.ndarray
    buurten: np.ndarray  # (N, 4) buurt indices, -1 padded; column 0 is the main buurt
    n_buurten: np.ndarray
    weights: np.ndarray  # (N, 4) share of the activity per buurt
    themes: list[list[str]]
    form: np.ndarray
    start: np.ndarray  # days since FIRST_START
    end: np.ndarray  # days since FIRST_START; -1 while active
    status: list[str]
    established: np.ndarray  # bool: destined to last
    size: np.ndarray
    volunteers: np.ndarray
    funders: list[list[str]]  # funder types, external first, eigen_inkomsten last when present


def _gumbel_order(rng: np.random.Generator, logits: np.ndarray) -> np.ndarray:
    """Per row, the columns in the order of a random draw without replacement (Gumbel top-k)."""
    scores = logits + rng.gumbel(size=logits.shape)
    return np.argsort(-scores, axis=1, kind="stable")


def _force_all(rng: np.random.Generator, order: np.ndarray) -> None:
    """Make every category the first choice of at least one row (so every theme and form occurs)."""
    n_cat = order.shape[1]
    rows = rng.permutation(order.shape[0])[:n_cat]
    for cat, row in enumerate(rows.tolist()):
        rest = [c for c in order[row].tolist() if c != cat]
        order[row] = [cat, *rest]


def _make_initiatives(
    rng: np.random.Generator, pyrng: random.Random, scale: Scale, geo: Geography, ctx: Context
) -> Initiatives:
    n = scale.initiatives
    n_b = len(geo.buurt_codes)
    # Main buurt: drawn towards need, older residents and the hotspots where initiatives cluster.
    weight = np.exp(1.1 * ctx.need + 0.5 * ctx.age + 0.8 * ctx.hotspot) * np.sqrt(ctx.pop[:, -1] / 2000)
    main = rng.choice(n_b, size=n, p=weight / weight.sum())
    # Start dates and gemeente; then sort so codes run per gemeente from old to new.
    n_days = (LAST_DAY - FIRST_START).days + 1
    start = rng.integers(0, n_days, size=n)
    order = np.lexsort((start, geo.buurt_gem[main]))
    main, start = main[order], start[order]
    gem = geo.buurt_gem[main]

    # Served buurten: the main one plus 0-3 neighbours.
    extra = rng.choice(4, size=n, p=[0.3, 0.3, 0.22, 0.18])
    nbrs = geo.neighbours[main]
    keys = np.where(nbrs >= 0, rng.random(nbrs.shape), np.inf)
    picked = np.take_along_axis(nbrs, np.argsort(keys, axis=1, kind="stable"), axis=1)
    extra = np.minimum(extra, (nbrs >= 0).sum(axis=1))
    buurten = np.full((n, 4), -1, dtype=np.int64)
    buurten[:, 0] = main
    for k in range(3):
        take = extra > k
        if picked.shape[1] > k:
            buurten[take, k + 1] = picked[take, k]
    n_buurten = 1 + extra
    main_share = np.where(extra > 0, rng.uniform(0.45, 0.75, n), 1.0)
    raw = rng.uniform(0.5, 1.5, (n, 3)) * (np.arange(3)[None, :] < extra[:, None])
    rest = raw / np.maximum(raw.sum(axis=1, keepdims=True), 1e-12)
    weights = np.concatenate([main_share[:, None], (1 - main_share)[:, None] * rest], axis=1)

    # Themes (1-3) follow the main buurt's need and age; forms follow the main theme.
    base = np.array([THEME_LOGITS[t] for t in THEME_CODES])
    logits = (
        base[None, :, 0]
        + ctx.need[main][:, None] * base[None, :, 1]
        + ctx.age[main][:, None] * base[None, :, 2]
    )
    theme_order = _gumbel_order(rng, logits)
    _force_all(rng, theme_order)
    n_themes = rng.choice([1, 2, 3], size=n, p=[0.45, 0.4, 0.15])
    main_theme = theme_order[:, 0]
    form_logits = np.tile(np.array([FORM_BASE[f] for f in FORM_CODES]), (n, 1))
    is_theme = lambda code: main_theme == THEME_CODES.index(code)  # noqa: E731
    form_logits[:, FORM_CODES.index("cooperatie")] += 2.6 * is_theme("energie") + 1.0 * is_theme(
        "zorg_dichtbij"
    )
    form_logits[:, FORM_CODES.index("sociale_onderneming")] += 1.2 * (
        is_theme("werk") | is_theme("lokale_economie")
    )
    form_logits[:, FORM_CODES.index("wijkonderneming")] += 0.4 * ctx.need[main]
    form_order = _gumbel_order(rng, form_logits)
    _force_all(rng, form_order)
    form = form_order[:, 0]

    # Funding mix and volunteers decide who lasts.
    n_external = rng.choice([1, 2, 3, 4], size=n, p=[0.45, 0.35, 0.15, 0.05])
    own = rng.random(n) < np.array([OWN_REVENUE_P[f] for f in FORM_CODES])[form]
    volunteers = np.exp(rng.normal(math.log(8), 0.6, n))
    strength = 0.55 * (n_external - 1) + 0.8 * own + 0.6 * np.log(volunteers / 8)
    established = rng.random(n) < 1 / (1 + np.exp(-(strength - 2.7)))
    size = np.exp(rng.normal(0, 0.45, n)) * np.where(established, 1.5, 1.0)
    life = 365.25 * rng.gamma(1.6, 1.9 * np.exp(0.35 * strength), n)
    life = np.maximum(life, 120).astype(np.int64)
    remaining = (n_days - 1) - start  # days until LAST_DAY
    stopped = ~established & (life < remaining)
    end = np.where(stopped, start + life, -1)
    age_years = remaining / 365.25
    status = np.where(
        stopped,
        "gestopt",
        np.where(
            established & (age_years >= 3),
            "gevestigd",
            np.where(age_years < 0.4, "idee", np.where(age_years < 1.5, "startend", "groeiend")),
        ),
    ).tolist()

    width = max(4, len(str(n)))
    codes = [f"INI{i + 1:0{width}d}" for i in range(n)]
    themes = [[THEME_CODES[c] for c in theme_order[i, : n_themes[i]].tolist()] for i in range(n)]
    funders = []
    other_types = ["fonds", "provincie", "donaties", "maatschappelijk_aanbesteden", "right_to_challenge"]
    other_p = [0.45, 0.15, 0.25, 0.1, 0.05]
    for i in range(n):
        first = "gemeente" if pyrng.random() < 0.85 else "fonds"
        mix = [first]
        while len(mix) < n_external[i]:
            pick = pyrng.choices(other_types, other_p)[0]
            if pick not in mix:
                mix.append(pick)
        if own[i]:
            mix.append("eigen_inkomsten")
        funders.append(mix)
    return Initiatives(
        codes,
        gem,
        buurten,
        n_buurten,
        weights,
        themes,
        form,
        start,
        end,
        status,
        established,
        size,
        volunteers,
        funders,
    )


def _write_organisaties(
    path: Path, rng: np.random.Generator, pyrng: random.Random, scale: Scale, geo: Geography, ini: Initiatives
) -> list[str]:
    """Write the organisations; returns each initiative's organisation code ('' for none)."""
    n_g = len(geo.gem_codes)
    per_gem_ini = np.bincount(ini.gem, minlength=n_g)
    per_gem_org = np.maximum(
        1, np.round(scale.organisations * per_gem_ini / max(1, per_gem_ini.sum()))
    ).astype(int)
    width = max(3, len(str(int(per_gem_org.sum()))))
    rows, org_codes = [], []
    first_org = np.concatenate([[0], np.cumsum(per_gem_org)[:-1]])
    for g in range(n_g):
        for _ in range(per_gem_org[g]):
            code = f"ORG{len(org_codes) + 1:0{width}d}"
            org_codes.append(code)
            wijk = pyrng.choice(WIJK_NAMES)
            prefix = pyrng.choice(ORG_PREFIXES)
            name = f"{prefix} {pyrng.choice(ORG_WORDS)} {wijk}"
            if prefix == "Coöperatie":
                name += " U.A."
            kvk = f"9{pyrng.randrange(10**7):07d}" if pyrng.random() < 0.85 else ""
            rows.append([code, name, kvk, geo.gem_place[g]])
    # Link initiatives: every organisation of a gemeente carries one first, then at random;
    # about half of the residents' initiatives have no legal entity.
    n = len(ini.codes)
    link = [""] * n
    bewoners = FORM_CODES.index("bewonersinitiatief")
    no_org = (ini.form == bewoners) & (rng.random(n) < 0.5)
    ini_start = np.concatenate([[0], np.cumsum(per_gem_ini)[:-1]])
    for g in range(n_g):
        members = np.arange(ini_start[g], ini_start[g] + per_gem_ini[g])
        members = members[~no_org[members]]
        members = members[rng.permutation(len(members))]
        k = per_gem_org[g]
        chosen = np.where(
            np.arange(len(members)) < k, np.arange(len(members)), rng.integers(0, k, len(members))
        )
        for i, o in zip(members.tolist(), chosen.tolist(), strict=True):
            link[i] = org_codes[first_org[g] + o]
    _write_utf8_csv(path, "organisaties", rows)
    return link


def _write_utf8_csv(path: Path, entity: str, rows: list[list]) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_headers(entity))
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8"))


def _day(offset: int) -> date:
    return FIRST_START + timedelta(days=int(offset))


def _write_initiatieven(
    path: Path, pyrng: random.Random, geo: Geography, ini: Initiatives, org_link: list[str]
) -> None:
    rows = []
    for i, code in enumerate(ini.codes):
        themes = ini.themes[i]
        main_b = int(ini.buurten[i, 0])
        prefix = pyrng.choice(NAME_PREFIXES[themes[0]])
        suffix = geo.buurt_names[main_b] if pyrng.random() < 0.35 else pyrng.choice(NAME_SUFFIXES)
        buurten = ";".join(geo.buurt_codes[b] for b in ini.buurten[i, : ini.n_buurten[i]].tolist())
        primary = THEME_SDGS[themes[0]][0]
        others = sorted({s for t in themes for s in THEME_SDGS[t]} - {primary})
        n_extra = min(len(others), pyrng.choice([0, 1, 1, 2]))
        sdgs = sorted({primary, *pyrng.sample(others, n_extra)})
        end = "" if ini.end[i] < 0 else nl_date(_day(ini.end[i]))
        description = f"{DESCRIPTIONS[themes[0]]}, in {geo.buurt_names[main_b]}."
        rows.append(
            [
                code,
                f"{prefix} {suffix}",
                org_link[i],
                ";".join(themes),
                FORM_CODES[ini.form[i]],
                nl_date(_day(ini.start[i])),
                end,
                ini.status[i],
                buurten,
                description,
                ";".join(str(s) for s in sdgs),
            ]
        )
    _write_utf8_csv(path, "initiatieven", rows)


# -- funders and grants --------------------------------------------------------------------------


def _funders(scale: Scale, geo: Geography) -> tuple[list[list[str]], dict]:
    """Funder rows, and a lookup from (type, gemeente) to a code (funds: list of codes)."""
    rows = []
    gem_funder = []
    for g, code in enumerate(geo.gem_codes):
        name = "Gemeente Demostad (fictief)" if g == 0 else f"Gemeente {geo.gem_place[g]} (fictief)"
        rows.append([f"FIN-{code}", name, "gemeente"])
        gem_funder.append(f"FIN-{code}")
    funds = []
    for k in range(scale.funds):
        funds.append(f"FONDS-{k + 1:02d}")
        rows.append([funds[-1], FUND_NAMES[k % len(FUND_NAMES)], "fonds"])
    provinces = []
    for k in range(scale.provinces):
        provinces.append(f"PROV-{k + 1:02d}")
        name = (
            "Provincie Middenland (fictief)"
            if scale.provinces == 1
            else f"Provincie Demoland {k + 1:02d} (fictief)"
        )
        rows.append([provinces[-1], name, "provincie"])
    rows += [
        ["EIGEN", "Eigen inkomsten uit diensten aan de buurt", "eigen_inkomsten"],
        ["DONATIES", "Donaties van bewoners en bedrijven", "donaties"],
        [
            "MAATSCH-AANB",
            "Maatschappelijk aanbesteden door de gemeente (fictief)",
            "maatschappelijk_aanbesteden",
        ],
        ["RTC", "Right to Challenge: overgenomen gemeentelijke taken (fictief)", "right_to_challenge"],
    ]
    lookup = {
        "gemeente": gem_funder,
        "fonds": funds,
        "provincie": provinces,
        "eigen_inkomsten": "EIGEN",
        "donaties": "DONATIES",
        "maatschappelijk_aanbesteden": "MAATSCH-AANB",
        "right_to_challenge": "RTC",
    }
    return rows, lookup


# funder type -> (median amount, log sd, first year offset max, grant years min, max)
GRANT_RULES = {
    "gemeente": (9_000, 0.7, 0, 1, 4),
    "fonds": (18_000, 0.7, 1, 1, 2),
    "provincie": (35_000, 0.6, 2, 1, 1),
    "eigen_inkomsten": (12_000, 0.9, 1, 1, 3),
    "donaties": (2_500, 0.8, 2, 1, 2),
    "maatschappelijk_aanbesteden": (45_000, 0.6, 1, 1, 3),
    "right_to_challenge": (60_000, 0.5, 1, 1, 2),
}
GRANT_TEXT = {
    "gemeente": "Werkbudget {y} – {t}",
    "fonds": "Projectbijdrage {y} – {t}",
    "provincie": "Provinciale bijdrage leefbaarheid {y}",
    "eigen_inkomsten": "Eigen inkomsten {y} – diensten aan de buurt",
    "donaties": "Donaties en crowdfunding {y}",
    "maatschappelijk_aanbesteden": "Opdracht {y} via maatschappelijk aanbesteden",
    "right_to_challenge": "Right to Challenge {y} – overgenomen taak en budget",
}


def _write_subsidies(
    path: Path, pyrng: random.Random, scale: Scale, geo: Geography, ini: Initiatives, lookup: dict
) -> None:
    rows = []
    tiles_y = math.ceil(scale.gemeenten / scale.tiles_x)
    for i, code in enumerate(ini.codes):
        first = _day(ini.start[i])
        last = LAST_DAY if ini.end[i] < 0 else _day(ini.end[i])
        years = list(range(first.year, last.year + 1))
        g = int(ini.gem[i])
        province_index = min(scale.provinces - 1, (g // scale.tiles_x) * scale.provinces // max(1, tiles_y))
        theme_label = tx.THEMES[ini.themes[i][0]][0].lower()
        grants = []
        for kind in ini.funders[i]:
            median, sd, offset_max, n_min, n_max = GRANT_RULES[kind]
            y0 = min(len(years) - 1, pyrng.randint(0, offset_max))
            span = pyrng.randint(n_min, n_max)
            if kind == "gemeente":  # renewed yearly with some chance
                span = 1
                while span < n_max and pyrng.random() < 0.45:
                    span += 1
            funder = lookup[kind]
            if kind == "gemeente":
                funder = funder[g]
            elif kind == "fonds":
                funder = funder[pyrng.randrange(len(funder))]
            elif kind == "provincie":
                funder = funder[province_index]
            for y in years[y0 : y0 + span]:
                amount = math.exp(pyrng.gauss(math.log(median), sd)) * math.sqrt(float(ini.size[i]))
                amount = min(150_000.0, max(500.0, round(amount / 50) * 50))
                start = max(first, date(y, 1, 1))
                text = GRANT_TEXT[kind].format(y=y, t=theme_label)
                grants.append((y, start, funder, amount, text))
        for y, start, funder, amount, text in sorted(grants, key=lambda r: (r[0], r[1], r[2])):
            rows.append([funder, code, nl_number(amount, 2), nl_date(start), nl_date(date(y, 12, 31)), text])
    width = max(4, len(str(len(rows))))
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(_headers("subsidies"))
    for k, row in enumerate(rows):
        writer.writerow([f"SUB{k + 1:0{width}d}", *row])
    path.write_bytes(out.getvalue().encode("cp1252"))


def _write_indicatoren(path: Path) -> None:
    _write_utf8_csv(path, "indicatoren", [list(row) for row in INDICATORS])


# -- observations --------------------------------------------------------------------------------


def _quarter_labels() -> tuple[list[str], list[str]]:
    """dd-mm-jjjj start and end of every quarter from FIRST_START's year to LAST_YEAR."""
    starts, ends = [], []
    for year in range(FIRST_START.year, LAST_YEAR + 1):
        for q in range(4):
            starts.append(nl_date(date(year, 3 * q + 1, 1)))
            nxt = date(year + (q == 3), (3 * q + 3) % 12 + 1, 1)
            ends.append(nl_date(nxt - timedelta(days=1)))
    return starts, ends


def _quarter_index(days: np.ndarray) -> np.ndarray:
    dates = np.datetime64(FIRST_START.isoformat(), "D") + days.astype("timedelta64[D]")
    months = dates.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    return (months - (FIRST_START.year - 1970) * 12) // 3


def _expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For groups of the given sizes: the group of every element and its position in the group."""
    group = np.repeat(np.arange(len(counts)), counts)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    return group, np.arange(len(group)) - starts[group]


def _write_waarnemingen(
    path: Path, rng: np.random.Generator, scale: Scale, geo: Geography, ini: Initiatives
) -> int:
    n = len(ini.codes)
    n_ind = len(IND_CODES)
    # Which indicators each initiative reports: deelnemers, vrijwilligers and 1-3 theme-specific ones.
    candidates = np.zeros((n, n_ind), dtype=bool)
    for i, themes in enumerate(ini.themes):
        for t in themes:
            for code in THEME_INDICATORS[t]:
                candidates[i, IND_CODES.index(code)] = True
    keys = np.where(candidates, rng.random((n, n_ind)), np.inf)
    rank = np.argsort(np.argsort(keys, axis=1, kind="stable"), axis=1, kind="stable")
    wanted = rng.integers(1, 4, n)
    reports = candidates & (rank < wanted[:, None])
    reports[:, IND_CODES.index("deelnemers")] = True
    reports[:, IND_CODES.index("vrijwilligers")] = True
    has_target = rng.random((n, n_ind)) < 0.85

    first_q = (scale.first_year - FIRST_START.year) * 4
    last_q = (LAST_YEAR - FIRST_START.year) * 4 + 3
    start_q = _quarter_index(ini.start)
    end_q = np.where(ini.end < 0, last_q, _quarter_index(np.maximum(ini.end, 0)))
    from_q = np.maximum(start_q, first_q)
    n_q = np.maximum(0, end_q - from_q + 1)
    stopped = ini.end >= 0

    q_starts, q_ends = _quarter_labels()
    q_start_arr, q_end_arr = pa.array(q_starts), pa.array(q_ends)
    ini_arr, ind_arr, buurt_arr = pa.array(ini.codes), pa.array(IND_CODES), pa.array(geo.buurt_codes)
    names = _headers("waarnemingen")
    total = 0
    with path.open("wb") as fh:
        fh.write((",".join(names) + "\n").encode("utf-8"))
        options = pacsv.WriteOptions(include_header=False, quoting_style="none")
        writer = None
        for lo in range(0, n, OBS_CHUNK):
            hi = min(n, lo + OBS_CHUNK)
            si, sk = np.nonzero(reports[lo:hi])
            si = si + lo
            # series x buurten
            b_group, b_slot = _expand(ini.n_buurten[si])
            si_b, sk_b = si[b_group], sk[b_group]
            buurt = ini.buurten[si_b, b_slot]
            weight = ini.weights[si_b, b_slot]
            # x quarters
            q_group, q_pos = _expand(n_q[si_b])
            i = si_b[q_group]
            k = sk_b[q_group]
            b = buurt[q_group]
            w = weight[q_group]
            q = from_q[i] + q_pos
            rows = len(i)
            if rows == 0:
                continue
            m = (q - start_q[i]).astype(float)
            growth = 1 - np.exp(-(m + 1) / 5)
            fade = np.where(stopped[i], 0.45 + 0.55 * np.clip((end_q[i] - q) / 4, 0, 1), 1.0)
            s = ini.size[i]
            vol = ini.volunteers[i]
            expected = np.zeros(rows)
            value = np.zeros(rows)
            lognoise = np.exp(rng.normal(0, 0.22, rows))
            for code in IND_CODES:
                sel = k == IND_CODES.index(code)
                if not sel.any():
                    continue
                g_, f_, w_, s_, v_ = growth[sel], fade[sel], w[sel], s[sel], vol[sel]
                if code == "deelnemers":
                    e = 40 * s_ * g_ * f_ * w_
                    v = e * lognoise[sel]
                elif code == "vrijwilligers":
                    e = v_ * (0.4 + 0.6 * g_) * np.sqrt(f_) * w_
                    v = e * np.exp(rng.normal(0, 0.1, len(e)))
                elif code == "vrijwilligersuren":
                    e = 38 * v_ * (0.4 + 0.6 * g_) * f_ * w_
                    v = e * lognoise[sel]
                elif code == "naar_werk":
                    e = 0.9 * s_ * g_ * f_ * w_
                    v = rng.poisson(e).astype(float)
                elif code == "eenzaamheidsscore":
                    e = 6.4 - 1.8 * g_ * np.minimum(s_, 2) ** 0.3
                    v = np.clip(e + rng.normal(0, 0.35, len(e)), 0.5, 11)
                    e = e - 0.4
                elif code == "bijeenkomsten":
                    e = 6 * np.sqrt(s_) * g_ * f_ * w_ + 0.3
                    v = rng.poisson(e).astype(float)
                elif code == "voedsel_gered_kg":
                    e = 700 * s_ * g_ * f_ * w_
                    v = e * np.exp(rng.normal(0, 0.3, len(e)))
                elif code == "opgewekte_kwh":
                    e = 30_000 * s_ * g_ * w_ * SEASON_KWH[q[sel] % 4]
                    v = e * np.exp(rng.normal(0, 0.1, len(e)))
                else:  # groen_m2
                    e = 1_200 * s_ * (0.5 + 0.5 * g_) * w_
                    v = e * np.exp(rng.normal(0, 0.1, len(e)))
                expected[sel] = e
                value[sel] = v
            one_decimal = k == IND_CODES.index("eenzaamheidsscore")
            upper = IND_MAX[k]
            value = np.clip(np.where(one_decimal, np.round(value, 1), np.round(value)), 0, upper)
            target = np.where(one_decimal, np.round(expected, 1), np.round(expected * 1.15))
            target = np.clip(target, 0, upper)
            table = pa.table(
                {
                    names[0]: ini_arr.take(pa.array(i)),
                    names[1]: ind_arr.take(pa.array(k)),
                    names[2]: buurt_arr.take(pa.array(b)),
                    names[3]: q_start_arr.take(pa.array(q)),
                    names[4]: q_end_arr.take(pa.array(q)),
                    names[5]: pa.array(value, type=pa.float64()),
                    names[6]: pa.array(target, type=pa.float64(), mask=~has_target[i, k]),
                }
            )
            if writer is None:
                writer = pacsv.CSVWriter(fh, table.schema, write_options=options)
            writer.write_table(table)
            total += rows
        if writer is not None:
            writer.close()
    return total


# -- entry point ---------------------------------------------------------------------------------


def generate(output_dir: Path, scale: str = "demostad", seed: int = 42) -> list[Path]:
    """Write the fictional demo data set of the given scale into output_dir; return the paths in load order."""
    if scale not in SCALES:
        raise ValueError(f"onbekende omvang '{scale}'; kies uit {', '.join(SCALES)}")
    spec = SCALES[scale]
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    pyrng = random.Random(seed)
    names = {
        "gebieden": "gebieden.geojson",
        **{entity: f"{entity}.csv" for entity in LOAD_ORDER if entity != "gebieden"},
    }
    paths = {entity: output_dir / names[entity] for entity in LOAD_ORDER}
    years = list(range(spec.first_year, LAST_YEAR + 1))

    geo = _build_geography(rng, pyrng, spec)
    _write_gebieden(paths["gebieden"], geo)
    ctx = _write_gebiedscijfers(paths["gebiedscijfers"], rng, geo, years)
    ini = _make_initiatives(rng, pyrng, spec, geo, ctx)
    org_link = _write_organisaties(paths["organisaties"], rng, pyrng, spec, geo, ini)
    _write_initiatieven(paths["initiatieven"], pyrng, geo, ini, org_link)
    funder_rows, lookup = _funders(spec, geo)
    _write_utf8_csv(paths["financiers"], "financiers", funder_rows)
    _write_subsidies(paths["subsidies"], pyrng, spec, geo, ini, lookup)
    _write_indicatoren(paths["indicatoren"])
    _write_waarnemingen(paths["waarnemingen"], np.random.default_rng([seed, 1]), spec, geo, ini)
    # The example value proxies (euro per unit of an effect, per stakeholder), as UTF-8 with decimal points.
    from etl.value_proxies import write_example

    write_example(paths["waardeproxies"], dutch=False)
    return [paths[entity] for entity in LOAD_ORDER]
