"""`wijkwaarde cbs boundaries`: CBS/PDOK wijk- en buurtkaart -> the areas template -> the normal loader."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import shapely

from etl import geo
from etl.cbs.download import download as fetch

# Official downloads of the wijk- en buurtkaart (GeoPackage), per year. Only used without --file.
DOWNLOAD_URL = "https://service.pdok.nl/cbs/wijkenbuurten/{year}/atom/downloads/wijkenbuurten_{year}_v1.gpkg"
# Simplification tolerance in metres, per level: small enough to keep a buurt recognisable.
TOLERANCE_M = {"buurt": 4.0, "wijk": 8.0, "gemeente": 40.0}

CODE_KEYS = ("buurtcode", "bu_code", "wijkcode", "wk_code", "gemeentecode", "gm_code", "statcode", "code")
NAME_KEYS = {
    "buurt": ("buurtnaam", "bu_naam", "statnaam", "naam", "name"),
    "wijk": ("wijknaam", "wk_naam", "statnaam", "naam", "name"),
    "gemeente": ("gemeentenaam", "gm_naam", "statnaam", "naam", "name"),
}
LEVEL_OF = {"BU": "buurt", "WK": "wijk", "GM": "gemeente"}
CODE_RE = re.compile(r"^(GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4})$")


class BoundaryError(Exception):
    """The boundaries cannot be imported; the message says why, in Dutch."""


@dataclass
class Area:
    code: str
    name: str
    level: str
    parent: str | None
    geometry_rd: object
    derived: bool = False  # dissolved from buurten rather than read from the file


@dataclass
class BoundaryResult:
    areas: list[Area]
    year: int
    epsg: int
    crs_source: str
    repaired: int
    vertices_in: int
    vertices_out: int
    geojson_bytes: int
    # Features not loaded, each with its place: (feature number, property, value, reason). Any of them
    # refuses the file, as a rejected row refuses a template load.
    rejects: list[tuple[int, str | None, object, str]] = field(default_factory=list)
    # Codes given by more than one feature (a multipart area split over features): merged into one.
    merged: dict[str, list[int]] = field(default_factory=dict)
    features_in: int = 0  # features in the file, read or not


def _lower(props: dict) -> dict:
    return {str(k).lower(): v for k, v in props.items()}


def _code(props: dict) -> str | None:
    """The CBS code of the first code property a feature has (a buurt's buurtcode, never its wijkcode:
    a buurt with a bad buurtcode is no wijk), or None when that one is no CBS code."""
    for key in CODE_KEYS:
        value = props.get(key)
        if value in (None, ""):
            continue
        if isinstance(value, str) and CODE_RE.match(value.strip().upper()):
            return value.strip().upper()
        return None
    return None


def _bad_code(props: dict) -> tuple[str | None, object, str]:
    """Why a feature has no CBS code: the first code property it has, or that it has none."""
    for key in CODE_KEYS:
        if props.get(key) not in (None, ""):
            return key, props[key], "geen geldige CBS-code (GM + 4 cijfers, WK + 6 of BU + 8 tekens)"
    return None, None, "geen CBS-code (verwacht een eigenschap buurtcode, wijkcode, gemeentecode of statcode)"


POLYGONAL = ("Polygon", "MultiPolygon")


def _name(props: dict, level: str, code: str) -> str:
    for key in NAME_KEYS[level]:
        value = props.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return code


def _check_year(props: list[dict], year: int) -> None:
    for p in props[:50]:
        jr = p.get("jrstatcode") or p.get("jaarstatcode")
        if isinstance(jr, str) and jr[:4].isdigit() and int(jr[:4]) != year:
            raise BoundaryError(f"het bestand is de indeling van {jr[:4]}, niet van {year} (jrstatcode {jr})")


def build_areas(table: geo.GeoTable, year: int, gemeenten: list[str] | None = None) -> BoundaryResult:
    """Areas with RD geometry from a boundary file: repaired, filtered, wijken/gemeenten dissolved."""
    props = [_lower(p) for p in table.properties]
    _check_year(props, year)
    geoms_rd = geo.transform(table.geometries, table.epsg, geo.RD_NEW)
    geoms_rd, repaired = geo.repair(geoms_rd)
    wanted = {g.upper() for g in gemeenten or []}
    areas: dict[str, Area] = {}
    names: dict[str, str] = {}
    rejects = [(number, None, None, reason) for number, reason in table.skipped]
    positions = table.positions or list(range(1, len(props) + 1))
    parts: dict[str, list] = {}
    seen: dict[str, list[int]] = {}
    for number, p, geom in zip(positions, props, geoms_rd, strict=True):
        code = _code(p)
        if code is None:
            rejects.append((number, *_bad_code(p)))
            continue
        level = LEVEL_OF[code[:2]]
        gm = "GM" + code[2:6]
        if wanted and gm not in wanted:
            continue  # another gemeente than asked for: not judged, not loaded
        if geom.geom_type not in POLYGONAL or geom.is_empty:
            what = "lege geometrie" if geom.is_empty else f"geometrie is een {geom.geom_type}"
            rejects.append((number, "geometry", code, f"{what}; een gebied is een Polygon of MultiPolygon"))
            continue
        if level == "buurt" and str(p.get("water", "")).upper() == "JA":
            continue  # CBS kaart: water-only areas are not neighbourhoods people live in
        seen.setdefault(code, []).append(number)
        parts.setdefault(code, []).append(geom)
        if code in areas:
            continue  # a part of an area already met: its geometry joins the first (below)
        parent = {"buurt": "WK" + code[2:8], "wijk": gm, "gemeente": None}[level]
        areas[code] = Area(code, _name(p, level, code), level, parent, geom)
        if level == "buurt":
            names.setdefault(
                parent, _name(p, "wijk", parent) if p.get("wijknaam") or p.get("wk_naam") else parent
            )
            names.setdefault(
                gm, _name(p, "gemeente", gm) if p.get("gemeentenaam") or p.get("gm_naam") else gm
            )
    merged = {code: numbers for code, numbers in seen.items() if len(numbers) > 1}
    for code in merged:  # one area given as several features: its parts together
        areas[code].geometry_rd = _polygonal(shapely.union_all(parts[code]))
    if not areas and not rejects:
        which = f" voor {', '.join(sorted(wanted))}" if wanted else ""
        raise BoundaryError(f"geen gebieden met een CBS-code gevonden{which}")
    vertices_in = sum(shapely.get_num_coordinates(a.geometry_rd) for a in areas.values())
    _dissolve(areas, names)
    return BoundaryResult(
        sorted(areas.values(), key=lambda a: a.code),
        year,
        table.epsg,
        table.crs_source,
        repaired,
        vertices_in,
        0,
        0,
        sorted(rejects, key=lambda r: r[0]),
        merged,
        len(props) + len(table.skipped),
    )


def _polygonal(geom):
    """The polygons of a union (touching parts can leave a stray line or point in a collection)."""
    if geom.geom_type == "GeometryCollection":
        return shapely.union_all([g for g in geom.geoms if g.geom_type in POLYGONAL])
    return geom


def _dissolve(areas: dict[str, Area], names: dict[str, str]) -> None:
    """Derive missing wijk and gemeente polygons as unions of their buurten (then wijken)."""
    for level, parent_level in (("buurt", "wijk"), ("wijk", "gemeente")):
        children: dict[str, list] = {}
        for a in list(areas.values()):
            if a.level == level and a.parent:
                children.setdefault(a.parent, []).append(a.geometry_rd)
        for parent, geoms in children.items():
            if parent in areas:
                continue
            grand = "GM" + parent[2:6] if parent_level == "wijk" else None
            areas[parent] = Area(
                parent, names.get(parent, parent), parent_level, grand, shapely.union_all(geoms), derived=True
            )


def simplify(result: BoundaryResult) -> dict[str, str]:
    """Display GeoJSON (WGS84) per code, each level simplified as one coverage."""
    out: dict[str, str] = {}
    for level in ("buurt", "wijk", "gemeente"):
        group = [a for a in result.areas if a.level == level]
        if not group:
            continue
        simplified = geo.simplify_coverage([a.geometry_rd for a in group], TOLERANCE_M[level])
        wgs = geo.transform(simplified, geo.RD_NEW, geo.WGS84)
        for area, geom in zip(group, wgs, strict=True):
            out[area.code] = geo.to_geojson(geom)
            result.vertices_out += shapely.get_num_coordinates(geom)
    result.geojson_bytes = sum(len(v) for v in out.values())
    return out


def write_template(result: BoundaryResult, geometry: dict[str, str], path: Path) -> Path:
    """The areas as a `gebieden` GeoJSON in the product's template, ready for the normal loader."""
    features = []
    for a in result.areas:
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "gebiedscode": a.code,
                    "naam": a.name,
                    "niveau": a.level,
                    "bovenliggende_code": a.parent,
                    "grensjaar": result.year,
                    "oppervlakte_ha": geo.area_ha(a.geometry_rd),
                    "fictief": "nee",
                },
                "geometry": json.loads(geometry[a.code]),
            }
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), encoding="utf-8"
    )
    return path


def download(year: int, target: Path, timeout: float = 20.0) -> Path:
    """Fetch the official file for `year`; offline this fails with a clear message."""

    def failed(reason: object) -> BoundaryError:
        return BoundaryError(
            f"downloaden van de wijk- en buurtkaart {year} mislukt ({reason}). Geen netwerk? "
            "Download het bestand elders en geef het op met --file."
        )

    return fetch(DOWNLOAD_URL.format(year=year), target, timeout, failed)
