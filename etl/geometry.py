"""Checks a boundary cell (GeoJSON geometry, WGS84) with shapely: readable, valid, and in the Netherlands."""

from __future__ import annotations

import json
import math

import duckdb

# WGS84 longitude/latitude around European Netherlands (CBS codes cover nothing else), with a margin.
NL_BOUNDS = (3.0, 50.6, 7.5, 53.8)
# RD New (EPSG:28992) metres over the Netherlands: numbers in this range were meant as RD New.
RD_BOUNDS = (-7_000.0, 289_000.0, 300_000.0, 629_000.0)
NOT_GEOJSON = "geen geldige GeoJSON-geometrie (Polygon of MultiPolygon)"
# shapely's explain_validity names the fault in English; the common ones in Dutch.
VALIDITY_NL = {
    "Ring Self-intersection": "een ring raakt zichzelf",
    "Self-intersection": "de grens snijdt zichzelf",
    "Too few points": "te weinig punten",
    "Hole lies outside shell": "een gat ligt buiten de buitengrens",
    "Nested shells": "buitengrenzen liggen in elkaar",
    "Interior is disconnected": "het binnengebied is in stukken gedeeld",
    "Duplicate Rings": "dubbele ringen",
    "Nested holes": "gaten liggen in elkaar",
    "Invalid Coordinate": "ongeldige coördinaat",
}


def fault(text: str | None) -> str | None:
    """Why the GeoJSON geometry `text` cannot be loaded as an area boundary, or None when it can."""
    import shapely
    from shapely.geometry import shape
    from shapely.validation import explain_validity

    if text is None or not text.strip():
        return None
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        if text.lstrip().upper().startswith(("POLYGON", "MULTIPOLYGON", "SRID=")):
            return NOT_GEOJSON + ": dit is WKT; geef de grens als GeoJSON-geometrie"
        return NOT_GEOJSON
    if not isinstance(doc, dict) or doc.get("type") not in ("Polygon", "MultiPolygon"):
        return NOT_GEOJSON
    try:
        geom = shape(doc)
    except Exception:  # shapely raises ValueError, TypeError, GEOSException... on malformed coordinates
        return NOT_GEOJSON + ": de coördinaten zijn geen ringen van getallenparen"
    if geom.is_empty:
        return "lege geometrie: de grens heeft geen coördinaten"
    bounds = geom.bounds
    if not all(math.isfinite(b) for b in bounds) or not all(
        math.isfinite(c) for c in shapely.get_coordinates(geom).ravel()
    ):
        return "ongeldige coördinaten: niet-eindige getallen (NaN of oneindig)"
    outside = _outside(bounds)
    if outside:
        return outside
    if not geom.is_valid:
        why = explain_validity(geom)
        name, _, where = why.partition("[")
        dutch = VALIDITY_NL.get(name.strip(), name.strip())
        at = f" bij {where.rstrip(']')}" if where else ""
        return (
            f"ongeldige geometrie: {dutch}{at}; herstel de grens (wijkwaarde cbs boundaries herstelt "
            "CBS-grenzen zelf)"
        )
    return None


def _outside(bounds: tuple[float, float, float, float]) -> str | None:
    west, south, east, north = NL_BOUNDS
    if west <= bounds[0] and south <= bounds[1] and bounds[2] <= east and bounds[3] <= north:
        return None
    nl = "lengte 3,0 tot 7,5 en breedte 50,6 tot 53,8 graden (WGS84)"
    rd = RD_BOUNDS
    if rd[0] <= bounds[0] and rd[1] <= bounds[1] and bounds[2] <= rd[2] and bounds[3] <= rd[3]:
        return (
            f"coördinaten liggen buiten Nederland ({nl}); dit lijken RD New-coördinaten "
            "(EPSG:28992, meters): zet ze om naar WGS84, of geef in een GeoJSON-bestand het "
            'coördinatenstelsel op ("crs": EPSG:28992)'
        )
    if south <= bounds[0] and west <= bounds[1] and bounds[2] <= north and bounds[3] <= east:
        return f"coördinaten liggen buiten Nederland ({nl}); lengte en breedte lijken verwisseld"
    return f"coördinaten liggen buiten Nederland ({nl})"


def stage_faults(con: duckdb.DuckDBPyConnection, table: str, column: str) -> None:
    """Temp table `table` (raw, fault): every distinct cell of `raw`.`column` and why it fails, if it does.

    Geometry is checked in Python (DuckDB's spatial extension is not available); each distinct
    boundary is checked once.
    """
    quoted = '"' + column.replace('"', '""') + '"'
    values = con.execute(f"SELECT DISTINCT {quoted} FROM raw WHERE {quoted} IS NOT NULL").fetchall()  # noqa: S608
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} (raw VARCHAR, fault VARCHAR)")
    faults = [(value, fault(value)) for (value,) in values]
    faults = [row for row in faults if row[1] is not None]
    if faults:
        con.executemany(f"INSERT INTO {table} VALUES (?, ?)", faults)  # noqa: S608
