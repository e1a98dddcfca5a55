"""A still picture of the overview map, drawn on the server into the page's layout (issue 17 item 3).

The interactive map needs the chart library (4.8 MB of JavaScript, about 1.5 s to compile on a first
visit) and the browser's WebGL before it shows a colour. The page therefore carries this picture of the
same map: the same outlines, colours and selection, in an SVG image over the map's place until the map
itself is drawn (assets/wijkwaarde.js hides it then). It is decorative (alt=""): the map's data table
and summary say what it shows.

Pure functions: the outlines (GeoJSON text in WGS84) and the per-area arrays of figures.map_arrays in, text
out; the projected outlines are kept per geometry, so a page pays only for the colours.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from dashboard import figures

SIZE = figures.MAP_SIZE  # the picture's box: the map's usual size in px


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    lat = max(min(lat, 85.0), -85.0)
    return math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _rings(geometry: dict[str, Any]) -> Iterable[Sequence[Sequence[float]]]:
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    for polygon in polygons:
        yield from polygon


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def colour(value: float, low: float, high: float, scale: Sequence[Sequence[Any]] = figures.BLUES) -> str:
    """The colour plotly gives `value` on `scale` between low and high (linear between the stops)."""
    share = 0.0 if high <= low else min(max((value - low) / (high - low), 0.0), 1.0)
    for (a, ca), (b, cb) in zip(scale, scale[1:], strict=False):
        if share <= b:
            part = 0.0 if b == a else (share - a) / (b - a)
            rgb = [round(x + (y - x) * part) for x, y in zip(_hex(ca), _hex(cb), strict=True)]
            return "#{:02x}{:02x}{:02x}".format(*rgb)
    return str(scale[-1][1])


@lru_cache(maxsize=64)
def outline_paths(
    geojson_text: bytes, codes: tuple[str, ...], size: tuple[int, int] = SIZE
) -> tuple[str, ...]:
    """Each area's outline as SVG path data (empty: no outline), projected as the map projects it (Web
    Mercator) and fitted into `size` with a margin; points that fall together at that size drawn once.
    Kept per geometry (map_geometry.py hands out the same text for a version and area)."""
    shapes: dict[str, list[list[tuple[float, float]]]] = {}
    for feature in json.loads(geojson_text).get("features", []):
        rings = [[_mercator(x, y) for x, y, *_ in ring] for ring in _rings(feature.get("geometry") or {})]
        shapes.setdefault(str(feature.get("id")), []).extend(r for r in rings if len(r) >= 3)
    points = [p for rings in shapes.values() for ring in rings for p in ring]
    if not points:
        return tuple("" for _ in codes)
    width, height = size
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    margin = 12
    scale = min(
        (width - 2 * margin) / max(east - west, 1e-9), (height - 2 * margin) / max(north - south, 1e-9)
    )
    dx, dy = (width - (east - west) * scale) / 2, (height - (north - south) * scale) / 2
    out = []
    for code in codes:
        path = []
        for ring in shapes.get(code, []):
            last = None
            for x, y in ring:
                point = (round(dx + (x - west) * scale, 1), round(dy + (north - y) * scale, 1))
                if point != last:
                    path.append(("M" if last is None else "L") + f"{point[0]:g} {point[1]:g}")
                    last = point
            path.append("Z")
        out.append("".join(path))
    return tuple(out)


def svg(paths: Sequence[str], arrays: dict[str, Any], size: tuple[int, int] = SIZE) -> str:
    """The map as SVG text: each area (`paths`, in the order of the arrays of figures.map_arrays) filled
    by its value (grey without one) and outlined as the map outlines it, the selected wijk or buurt (dark,
    thick) drawn last so that no neighbour covers its outline."""
    width, height = size
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}"><rect width="100%" height="100%" fill="#ffffff"/>'
    ]
    z, low, high = arrays["z"], arrays["zmin"], arrays["zmax"]
    order = sorted(range(len(paths)), key=lambda i: arrays["line_width"][i])
    for i in order:
        if not paths[i]:
            continue
        fill = figures.MISSING if z[i] is None else colour(z[i], low, high)
        stroke, line = arrays["line_color"][i], arrays["line_width"][i]
        parts.append(f'<path d="{paths[i]}" fill="{fill}" stroke="{stroke}" stroke-width="{line:g}"/>')
    parts.append("</svg>")
    return "".join(parts)


def data_uri(text: str) -> str:
    """The SVG as an image address that needs no request."""
    return "data:image/svg+xml;charset=utf-8," + quote(
        text, safe="/:=.,-"
    )  # "#" (a colour) would end the address
