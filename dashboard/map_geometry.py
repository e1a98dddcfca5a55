"""The overview map's geometry, cached per published version, and served at its own URL when it is
too large to send inside every map figure.

A national map carries about 0.4 MB of gemeente outlines; sending them in each callback response cost
more time to build and serialise than the query behind the colours. Then the figure's traces carry the
URL (`geojson` may be a URL in plotly.js); the browser fetches it once and keeps it, since the URL
changes with the published version. One gemeente's buurten (up to INLINE_BYTES) stay in the figure:
a second request would only delay the first paint. Exports (PNG in kaleido, the council pack) always
get the outlines inline: `geojson(repo, gemeente)`.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from dashboard import figures
from dashboard.filters import GEMEENTE_RE
from dashboard.repository import Repository

NATIONAL = "NL"  # the URL's area for the map of all gemeenten
URL_PREFIX = "/kaart/geometrie"
URL_RE = re.compile(r"^(wijkwaarde-\d{6})$")  # the version part of the URL: a published file's stem
# Geometries kept per worker, least recently shown out: one per gemeente (10 to 60 KB of outlines each)
# and the national map (about 420 KB), within CACHE_MB of outlines (8 entries used to be kept: with users
# in fifty gemeenten most maps fetched and converted their outlines again, 4 to 5 ms a map).
CACHE_MB = float(os.environ.get("WIJKWAARDE_MAP_CACHE_MB", "24"))
# Outlines up to this size go inside the figure (one gemeente: 10 to 60 KB; all 342: about 420 KB).
INLINE_BYTES = int(os.environ.get("WIJKWAARDE_MAP_INLINE_BYTES", "150000"))


@dataclass(frozen=True)
class Geometry:
    """One map's outlines as GeoJSON text, with the box they fit in (for the map's centre and zoom)."""

    text: bytes
    bounds: tuple[float, float, float, float] | None
    codes: tuple[str, ...]
    names: tuple[str, ...]
    centres: tuple[tuple[float, float] | None, ...] = ()  # (lon, lat) per area: where a marker sits


_lock = threading.Lock()
_cache: OrderedDict[tuple[str, str, str], Geometry] = OrderedDict()


def columns(gemeente: str | None) -> tuple[str, str]:
    """The code and name columns of the map's cells: buurten of a gemeente, or gemeenten."""
    return ("buurt_code", "buurt_name") if gemeente else ("gemeente_code", "gemeente_name")


def load(repo: Repository, gemeente: str | None) -> Geometry:
    """The geometry of one gemeente's buurten (or, with None, of every gemeente), cached per version."""
    # The warehouse folder in the key too: version names (wijkwaarde-000001.duckdb) repeat across warehouses,
    # and a process that reads two of them (the tests do) must not draw one's outlines for the other.
    key = (str(getattr(repo, "home", "")), repo.version(), gemeente or NATIONAL)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    frame = repo.buurt_geometry(gemeente) if gemeente else repo.gemeente_geometry()
    code, name = columns(gemeente)
    collection = figures.area_geojson(frame, code, name)
    geometry = Geometry(
        text=json.dumps(collection, separators=(",", ":")).encode(),
        bounds=figures.bounds(collection),
        codes=tuple(frame[code]),
        names=tuple(frame[name]),
        centres=tuple(figures.centre(f["geometry"]) for f in collection["features"]),
    )
    with _lock:
        _cache[key] = geometry
        # the text, and about as much again for the codes, names and centres
        while len(_cache) > 1 and sum(2 * len(g.text) for g in _cache.values()) > CACHE_MB * 2**20:
            _cache.popitem(last=False)
    return geometry


def url(repo: Repository, gemeente: str | None) -> str:
    """Where the browser fetches this map's outlines (the version in the path, so it can cache it)."""
    return f"{URL_PREFIX}/{repo.version().removesuffix('.duckdb')}/{gemeente or NATIONAL}.geojson"


def geojson(repo: Repository, gemeente: str | None) -> dict[str, Any]:
    """The outlines as a GeoJSON object, for figures that must carry them (exports)."""
    return json.loads(load(repo, gemeente).text)


def serve(repo: Repository, version: str, area: str) -> bytes | None:
    """The GeoJSON text for a URL made by `url`, or None for anything else (the path is browser input).

    A version other than the published one is answered with the published geometry: the URL's version
    is there to make caches let go after a publish, not to reach old files.
    """
    if not URL_RE.fullmatch(version):
        return None
    if area == NATIONAL:
        gemeente = None
    elif GEMEENTE_RE.fullmatch(area) and area in set(repo.gemeenten()["code"]):
        gemeente = area
    else:
        return None
    geometry = load(repo, gemeente)
    return geometry.text if geometry.codes else None
