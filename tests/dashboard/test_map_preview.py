"""The overview map's still picture (dashboard/map_preview.py): the same areas, colours and selection as
the map's first view, drawn without the chart library, as an image address that needs no request."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

from dashboard import figures, map_preview
from dashboard import map_geometry as geometry_store
from dashboard.filters import Filters
from dashboard.repository import DuckDBRepository
from dashboard.views import overview as view


def square(code: str, west: float, south: float, size: float = 0.01) -> dict:
    ring = [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
    ]
    return {"type": "Feature", "id": code, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def arrays(z, selected=()):
    real = [v for v in z if v is not None]
    return {
        "z": z,
        "zmin": min(real),
        "zmax": max(real),
        "line_width": [3.0 if i in selected else 0.8 for i in range(len(z))],
        "line_color": [figures.SELECTED if i in selected else figures.OUTLINE for i in range(len(z))],
    }


def test_colours_are_the_map_scale():
    assert map_preview.colour(0, 0, 10) == figures.BLUES[0][1]
    assert map_preview.colour(10, 0, 10) == figures.BLUES[-1][1]
    assert map_preview.colour(7, 0, 10) == figures.BLUES[2][1]
    between = map_preview.colour(5, 0, 10)  # between the stops at 0.35 and 0.7
    assert between not in {c for _, c in figures.BLUES}
    assert map_preview.colour(3, 3, 3) == figures.BLUES[0][1]  # one value only: the lowest colour


def test_every_area_is_drawn_north_up_with_its_colour_and_the_selection_last():
    geojson = {"type": "FeatureCollection", "features": [square("A", 5.0, 52.02), square("B", 5.0, 52.0),
                                                          square("C", 5.02, 52.0)]}  # fmt: skip
    codes = ("A", "B", "C")
    paths = map_preview.outline_paths(json.dumps(geojson).encode(), codes)
    assert all(p.startswith("M") and p.endswith("Z") for p in paths)
    top = [float(v) for v in re.findall(r"[ML][\d.]+ ([\d.]+)", paths[0])]
    bottom = [float(v) for v in re.findall(r"[ML][\d.]+ ([\d.]+)", paths[1])]
    assert max(top) <= min(bottom)  # A lies north of B: higher on the picture
    svg = map_preview.svg(paths, arrays([1.0, None, 10.0], selected={0}))
    drawn = re.findall(r'<path d="([^"]+)" fill="(#[0-9a-f]{6})" stroke="(#[0-9a-f]{6})"', svg)
    assert [d for d, _, _ in drawn] == [paths[1], paths[2], paths[0]]  # the selected area last
    fills = {d: fill for d, fill, _ in drawn}
    assert fills[paths[1]] == figures.MISSING  # no value: the map's grey
    assert fills[paths[0]] == figures.BLUES[0][1] and fills[paths[2]] == figures.BLUES[-1][1]
    assert drawn[-1][2] == figures.SELECTED


def test_the_address_holds_the_picture_and_nothing_that_ends_it():
    svg = map_preview.svg(("M1 1L2 2Z",), arrays([4.0]))
    uri = map_preview.data_uri(svg)
    assert uri.startswith("data:image/svg+xml;charset=utf-8,")
    body = uri.split(",", 1)[1]
    assert "#" not in body and '"' not in body and " " not in body
    assert unquote(body) == svg


def test_the_page_picture_shows_the_protected_values_of_the_map(demo_home):
    repo = DuckDBRepository(demo_home)
    gemeente = repo.gemeenten()["code"].iloc[0]
    f = view.resolve(repo, Filters.from_query({"gemeente": gemeente}), national=True)
    svg = unquote(view.map_preview(repo, f).split(",", 1)[1])
    geometry = geometry_store.load(repo, f.gemeente)
    _, want = view._map_arrays(repo, f, geometry)
    fills = re.findall(r'fill="(#[0-9a-f]{6})" stroke', svg)
    assert len(fills) == len(geometry.codes)
    expected = sorted(
        figures.MISSING if z is None else map_preview.colour(z, want["zmin"], want["zmax"]) for z in want["z"]
    )
    assert sorted(fills) == expected
    assert len(set(fills)) > 2  # a real spread of colours, not one flat fill


def test_no_picture_without_values_or_for_outlines_too_large_for_the_page(demo_home, monkeypatch):
    repo = DuckDBRepository(demo_home)
    gemeente = repo.gemeenten()["code"].iloc[0]
    empty = Filters.from_query({"gemeente": gemeente, "year_from": 1990, "year_to": 1990})
    assert view.map_preview(repo, empty) is None
    monkeypatch.setattr(geometry_store, "INLINE_BYTES", 10)
    assert view.map_preview(repo, Filters.from_query({"gemeente": gemeente})) is None
