"""Reads boundary files (GeoJSON, GeoPackage) in RD New or WGS84 and prepares display geometry."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
import shapely.errors
from pyproj import Transformer
from pyproj.network import set_network_enabled
from shapely.geometry import mapping, shape

set_network_enabled(False)  # offline by default: no PROJ grid downloads at run time

RD_NEW = 28992
WGS84 = 4326
# Rule for files that do not name their CRS: RD New coordinates are metres (x 0-300 km,
# y 289-629 km); WGS84 lon/lat over the Netherlands are small degrees. Nothing else is accepted.
RD_BOUNDS = (-7_000, 289_000, 300_000, 629_000)
WGS_BOUNDS = (2.0, 50.0, 8.0, 54.0)


class GeoError(Exception):
    """A boundary file that cannot be read, with the reason in Dutch."""


@dataclass
class GeoTable:
    """Features of one boundary file: properties and shapely geometries in the file's CRS."""

    properties: list[dict]
    geometries: list
    epsg: int
    crs_source: str  # how the CRS was found: 'crs-lid', 'gpkg', 'coördinaten'
    positions: list[int] = field(default_factory=list)  # each feature's number in the file (from 1)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (number, reason): features not read


def epsg_from_name(name: str) -> int | None:
    name = name.upper()
    if "CRS84" in name or name.endswith(":4326") or name.endswith("::4326"):
        return WGS84
    if name.endswith("28992"):
        return RD_NEW
    return None


def crs_name(doc: dict) -> str | None:
    """The name in a GeoJSON's `crs` member ({"type": "name", "properties": {"name": ...}}), if any."""
    crs = doc.get("crs")
    props = crs.get("properties") if isinstance(crs, dict) else None
    name = props.get("name") if isinstance(props, dict) else None
    return name if isinstance(name, str) else None


def _epsg_from_coordinates(geometries: list) -> int:
    bounds = shapely.total_bounds(np.array(geometries, dtype=object))

    def inside(box):
        return (
            box[0] <= bounds[0]
            and box[1] <= bounds[1]  # noqa: E731
            and bounds[2] <= box[2]
            and bounds[3] <= box[3]
        )

    if inside(WGS_BOUNDS):
        return WGS84
    if inside(RD_BOUNDS):
        return RD_NEW
    raise GeoError(
        f"coördinatenstelsel onbekend: omvang {bounds.round(3).tolist()} past niet bij "
        "RD New (EPSG:28992) of WGS84 in Nederland"
    )


def read_geojson(path: Path) -> GeoTable:
    try:
        doc = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GeoError(f"ongeldige GeoJSON: {exc}") from None
    except RecursionError:
        raise GeoError("ongeldige GeoJSON: te diep genest") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise GeoError("GeoJSON moet een FeatureCollection zijn")
    features = doc.get("features") or []
    if not isinstance(features, list):
        raise GeoError("GeoJSON: 'features' moet een lijst zijn")
    props, geoms, positions, skipped = [], [], [], []
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            skipped.append((number, "feature is geen object"))
            continue
        if not feature.get("geometry"):
            skipped.append((number, "feature zonder geometrie"))
            continue
        try:
            geom = shape(feature["geometry"])
        except Exception:  # shapely raises ValueError, TypeError, GEOSException... on malformed input
            raise GeoError(f"feature {number}: geen geldige GeoJSON-geometrie") from None
        if not all(np.isfinite(shapely.get_coordinates(geom)).ravel()):
            raise GeoError(f"feature {number}: niet-eindige coördinaten (NaN of oneindig)")
        properties = feature.get("properties")
        props.append(properties if isinstance(properties, dict) else {})
        geoms.append(geom)
        positions.append(number)
    if not geoms:
        raise GeoError("geen features met geometrie in het bestand")
    named = crs_name(doc)
    epsg = epsg_from_name(named) if named else None
    if named and epsg is None:
        raise GeoError(f"coördinatenstelsel {named} wordt niet ondersteund (alleen RD New en WGS84)")
    epsg = epsg or _epsg_from_coordinates(geoms)
    return GeoTable(props, geoms, epsg, "crs-lid" if named else "coördinaten", positions, skipped)


def _gpkg_wkb(blob: bytes) -> bytes:
    """The WKB inside a GeoPackage geometry blob (header 'GP', version, flags, srs id, envelope)."""
    if blob[:2] != b"GP":
        raise GeoError("geen GeoPackage-geometrie")
    flags = blob[3]
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}.get((flags >> 1) & 0b111)
    if envelope is None:
        raise GeoError("ongeldige GeoPackage-envelop")
    return blob[8 + envelope :]


def read_gpkg(path: Path, layer: str | None = None) -> GeoTable:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        layers = con.execute(
            "SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c "
            "JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features'"
        ).fetchall()
    except sqlite3.DatabaseError as exc:
        raise GeoError(f"geen leesbare GeoPackage: {exc}") from None
    if not layers:
        raise GeoError("GeoPackage bevat geen laag met features")
    if layer:
        layers = [row for row in layers if row[0] == layer]
        if not layers:
            raise GeoError(f"laag {layer} bestaat niet in de GeoPackage")
    table, column, srs_id = layers[0]
    try:
        return _read_layer(con, table, column, srs_id)
    except (sqlite3.DatabaseError, shapely.errors.ShapelyError, IndexError, KeyError, TypeError) as exc:
        raise GeoError(f"GeoPackage-laag niet leesbaar ({type(exc).__name__}: {exc})") from None
    finally:
        con.close()


def _read_layer(con: sqlite3.Connection, table: str, column: str, srs_id: int) -> GeoTable:
    # The layer name is file content: it reaches SQL only as an existing table's name (the allow-list
    # is the file's own sqlite_master), quoted with its quotes doubled.
    known = con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]).fetchone()
    if known is None:
        raise GeoError("GeoPackage noemt een laag die niet als tabel bestaat")
    names = [row[1] for row in con.execute("SELECT * FROM pragma_table_info(?)", [table])]
    if column not in names:
        raise GeoError("GeoPackage noemt een geometriekolom die niet bestaat")
    props, geoms, positions, skipped = [], [], [], []
    quoted = '"' + table.replace('"', '""') + '"'
    rows = con.execute(f"SELECT * FROM {quoted}")  # noqa: S608 (an existing table, quoted)
    for number, row in enumerate(rows, start=1):
        record = dict(zip(names, row, strict=True))
        blob = record.pop(column)
        if blob is None:
            skipped.append((number, "feature zonder geometrie"))
            continue
        props.append(record)
        geoms.append(shapely.from_wkb(_gpkg_wkb(blob)))
        positions.append(number)
    if srs_id in (RD_NEW, WGS84):
        return GeoTable(props, geoms, srs_id, "gpkg", positions, skipped)
    return GeoTable(props, geoms, _epsg_from_coordinates(geoms), "coördinaten", positions, skipped)


def read_boundaries(path: Path) -> GeoTable:
    head = path.read_bytes()[:16]
    if head.startswith(b"SQLite format 3"):
        return read_gpkg(path)
    return read_geojson(path)


def transform(geometries: list, source: int, target: int) -> list:
    if source == target:
        return list(geometries)
    t = Transformer.from_crs(source, target, always_xy=True)

    def fn(coords: np.ndarray) -> np.ndarray:
        x, y = t.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return [shapely.transform(g, fn) for g in geometries]


def repair(geometries: list) -> tuple[list, int]:
    """Make every geometry valid and polygonal; return them and how many needed repair."""
    repaired, count = [], 0
    for geom in geometries:
        if not geom.is_valid:
            count += 1
            geom = shapely.make_valid(geom)
            if geom.geom_type == "GeometryCollection":
                geom = shapely.union_all(
                    [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
                )
        repaired.append(geom)
    return repaired, count


def simplify_coverage(geometries_rd: list, tolerance_m: float) -> list:
    """Simplify neighbouring polygons together, so shared edges stay shared (no slivers, no gaps)."""
    return list(shapely.coverage_simplify(np.array(geometries_rd, dtype=object), tolerance_m))


def to_geojson(geom, decimals: int = 6) -> str:
    """Compact GeoJSON; 6 decimals of a degree is about 0.1 m, and equal vertices round equally."""
    rounded = shapely.set_precision(geom, 10**-decimals) if decimals else geom
    if rounded.is_empty:
        rounded = geom
    return json.dumps(mapping(rounded), separators=(",", ":"))


def area_ha(geom_rd) -> float:
    return round(geom_rd.area / 10_000, 2)
