"""Pure figure functions: DataFrame in, figure out (plotly.graph_objects, no Express).

The overview's map and trend, drawn on every filter change, are built as plain figure dicts in plotly's
JSON form: ~0.3 ms, where building and serialising a go.Figure costs 20-30 ms of validation (a map of
all gemeenten). So are the portfolio, value and profile figures, on styled() (style() as a layout dict).
`go.Figure(d)` still validates them where a figure object is wanted (exports, the pack, tests).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from dash import Patch

from dashboard import figure_text
from dashboard import formatting as fmt

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT = "#212529"
GRID = "#e9ecef"
# Colour-blind safe sequential blues (ColorBrewer); the dark end is ~14:1 on white, far above 3:1.
BLUES = [[0.0, "#c6dbef"], [0.35, "#6baed6"], [0.7, "#2171b5"], [1.0, "#08306b"]]
MISSING = "#d9d9d9"  # light grey, explained in the hover ("geen gegevens") and under the map
OUTLINE = "#ffffff"
SELECTED = "#111111"
REALISED = "#08519c"  # 7.9:1 on white
TARGET = "#a63603"  # dark orange, 6.0:1 on white; dashed as well, so colour is not the only cue
MAP_SIZE = (560, 440)  # the map's usual size in px, for the auto-zoom


def _dutch_axes(template: Any) -> Any:
    """Whole numbers on every axis and colour bar, thousands grouped ('€ 500.000', not '€ 0.5M' or
    '500k'): SI suffixes are no Dutch notation. Set on plotly's default template itself, so every
    figure of the process has it, also those that set their own axes."""
    for axis in (template.layout.xaxis, template.layout.yaxis):
        axis.exponentformat = "none"
    # values are grouped on the y axis; x axes are mostly years ('2.020' would be wrong), and the
    # horizontal money and value axes group their thousands themselves
    template.layout.yaxis.separatethousands = True
    template.layout.coloraxis.colorbar.exponentformat = "none"
    template.layout.coloraxis.colorbar.separatethousands = True
    for trace in ("choroplethmap", "choropleth", "heatmap", "contour"):
        for style in template.data[trace] or ():
            style.colorbar.exponentformat = "none"
            style.colorbar.separatethousands = True
    return template


# plotly's default template, as a go.Figure would carry it: the dict figures look the same
TEMPLATE = _dutch_axes(pio.templates[pio.templates.default]).to_plotly_json()


def layout(height: int = 380) -> dict[str, Any]:
    """The shared look: Dutch separators, system font, white background, tight margins."""
    return {
        "template": TEMPLATE,
        "separators": fmt.plotly_separators(),
        "font": {"family": FONT, "size": 13, "color": TEXT},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "margin": {"l": 56, "r": 16, "t": 16, "b": 48},
        "height": height,
        "hoverlabel": {"font": {"family": FONT}},
        "legend": {"orientation": "h", "y": -0.18, "x": 0},
    }


# Our look as a registered template, built and validated once at import: plotly's default (with the Dutch
# axes above) plus the font, colours, hover font and legend of layout(). Per figure only what varies is set.
LOOK = go.layout.Template(pio.templates[pio.templates.default])
LOOK.layout.update(
    {k: v for k, v in layout().items() if k not in ("template", "separators", "margin", "height")}
)
pio.templates["wijkwaarde"] = LOOK


def style(fig: go.Figure, height: int = 380) -> go.Figure:
    """The shared look (layout()) on a go.Figure."""
    # The prebuilt template is put on as go.Figure puts on plotly's default template: without validating it
    # again (it was validated when built). Assigning a template with validation costs 10-15 ms a figure,
    # and plotly validates a template given as a dict against every trace: 0.2-0.8 s (issues 12 and 14).
    fig._layout_obj._validate = False
    try:
        fig.layout.template = LOOK
    finally:
        fig._layout_obj._validate = fig._validate
    fig.update_layout(height=height, separators=fmt.plotly_separators(), margin=layout()["margin"])
    return fig


# LOOK in plotly's JSON form, as a go.Figure with style() sends it: the look of the figure dicts below.
LOOK_JSON = LOOK.to_plotly_json()
MARGIN = {"l": 56, "r": 16, "t": 16, "b": 48}


def styled(height: int = 380) -> dict[str, Any]:
    """style() as a layout dict: a figure dict built on it is the go.Figure style() gives, without plotly
    validating each property (10 to 40 ms a figure; go.Figure(d) still validates it where an object is
    wanted). The template is shared, not copied: never change it in place."""
    return {
        "template": LOOK_JSON,
        "height": height,
        "separators": fmt.plotly_separators(),
        "margin": dict(MARGIN),
    }


def note_below(layout_: dict[str, Any], text: str, width: int = 80, below: int = 58) -> None:
    """A counting rule written under the plot area of a figure dict's layout, in place: wrapped to `width`
    characters, `below` pixels down, with the bottom margin and the height grown to fit it. `text` is our
    own (it may name a funder or initiative: escaped here)."""
    wrapped = wrap(figure_text.text(text), width)
    lines = wrapped.count("<br>") + 1
    layout_.setdefault("annotations", []).append(
        {"align": "left", "font": {"color": "#495057", "size": 11}, "showarrow": False, "text": wrapped,
         "x": 0, "xanchor": "left", "xref": "paper", "y": 0, "yanchor": "top", "yref": "paper", "yshift": -below}
    )  # fmt: skip
    layout_["margin"] = layout_.get("margin", {}) | {"b": below + 16 * lines + 8}
    layout_["height"] = (layout_.get("height") or 380) + 16 * lines


def wrap(text: str, width: int = 110) -> str:
    """Words joined with '<br>' into lines of at most `width` characters (a longer word stays whole)."""
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def blank(message: str = "Geen gegevens voor deze selectie", height: int = 380) -> dict[str, Any]:
    """empty_figure() as a figure dict: the message, no axes."""
    spec = empty(message, height)["layout"]
    return {
        "data": [],
        "layout": styled(height)
        | {"annotations": spec["annotations"], "xaxis": spec["xaxis"], "yaxis": spec["yaxis"]},
    }


def empty(message: str = "Geen gegevens voor deze selectie", height: int = 380) -> dict[str, Any]:
    """A figure dict with only a message: no empty axes that suggest a zero."""
    note = {
        "text": message,
        "x": 0.5,
        "y": 0.5,
        "xref": "paper",
        "yref": "paper",
        "showarrow": False,
        "font": {"size": 16, "color": "#495057"},
    }
    return {
        "data": [],
        "layout": layout(height)
        | {"annotations": [note], "xaxis": {"visible": False}, "yaxis": {"visible": False}},
    }


def empty_figure(message: str = "Geen gegevens voor deze selectie", height: int = 380) -> go.Figure:
    """empty() as a go.Figure: the prebuilt look (style) plus the message and hidden axes. Not
    go.Figure(empty()): that validates the whole template dict again, 7 ms a figure."""
    spec = empty(message, height)["layout"]
    fig = style(go.Figure(), height)
    fig.update_layout(annotations=spec["annotations"], xaxis=spec["xaxis"], yaxis=spec["yaxis"])
    return fig


# -- map --------------------------------------------------------------------------------------------


def area_geojson(
    geometry: pd.DataFrame, code: str = "buurt_code", name: str = "buurt_name"
) -> dict[str, Any]:
    """A FeatureCollection with one feature per area (buurt, or gemeente on the national map),
    `id` = the area code (the trace's featureidkey)."""
    features = []
    for area, label, shape in zip(geometry[code], geometry[name], geometry["geometry"], strict=True):
        features.append(
            {
                "type": "Feature",
                "id": area,
                "properties": {"code": area, "name": label},
                "geometry": json.loads(shape),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def buurt_geojson(geometry: pd.DataFrame) -> dict[str, Any]:
    """A FeatureCollection with one feature per buurt, `id` = buurt code (the trace's featureidkey)."""
    return area_geojson(geometry)


def _coordinates(geometry: Any):
    if isinstance(geometry, (list, tuple)):
        if len(geometry) >= 2 and all(isinstance(c, (int, float)) for c in geometry[:2]):
            yield geometry[0], geometry[1]
        else:
            for part in geometry:
                yield from _coordinates(part)


def centre(geometry: dict[str, Any]) -> tuple[float, float] | None:
    """(lon, lat) of an area's marker: the middle of the box around its largest ring (a buurt's marker is a
    place on the map, not a measured point; cheap enough to work out once per geometry)."""
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    rings = [p[0] for p in coords if p] if kind == "MultiPolygon" else coords[:1] if kind == "Polygon" else []
    ring = max(rings, key=len, default=None)
    if not ring:
        return None
    xs, ys = [c[0] for c in ring], [c[1] for c in ring]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def bounds(geojson: dict[str, Any]) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of all features."""
    xs, ys = [], []
    for feature in geojson["features"]:
        for x, y in _coordinates(feature["geometry"].get("coordinates", [])):
            xs.append(x)
            ys.append(y)
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def fit_view(box: tuple[float, float, float, float], size: tuple[int, int] = MAP_SIZE) -> dict[str, Any]:
    """Map center and zoom that fit the box in a map of `size` pixels (MapLibre: 512 px world at zoom 0)."""
    west, south, east, north = box
    width, height = size

    def merc(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_span = max(east - west, 1e-6)
    y_span = max(merc(north) - merc(south), 1e-8)
    zoom_x = math.log2(width * 360 / (512 * lon_span))
    zoom_y = math.log2(height * 2 * math.pi / (512 * y_span))
    zoom = max(0.0, min(zoom_x, zoom_y) - 0.5)  # a margin around the gemeente
    center_y = (merc(north) + merc(south)) / 2
    center_lat = math.degrees(2 * math.atan(math.exp(center_y)) - math.pi / 2)
    return {"center": {"lon": (west + east) / 2, "lat": center_lat}, "zoom": round(zoom, 3)}


def map_arrays(
    codes: Sequence[str],
    names: Sequence[str],
    values: pd.DataFrame,
    value_text: Callable[[Any], str],
    missing_text: str,
    selected: set[str],
    extra: dict[str, str] | None = None,
    hidden: dict[str, str] | None = None,
    key: str = "buurt_code",
) -> dict[str, Any]:
    """The per-area arrays of the map (what a recolour changes), in the order of `codes`; `key` is the
    code column of `values` (buurt_code, or gemeente_code on the national map).

    `hidden`: {area code: '< k'} for values small-number protection hid; they stay grey (z null) and
    their hover says '< k' instead of 'geen gegevens'.
    """
    by_code = values.set_index(key)["value"] if not values.empty else pd.Series(dtype=float)
    z, text = [], []
    for code in codes:
        value = by_code.get(code)
        ok = value is not None and not pd.isna(value)
        z.append(float(value) if ok else None)
        line = value_text(value) if ok else (hidden or {}).get(code, missing_text)
        if extra and code in extra and ok:
            line += f" ({extra[code]})"
        text.append(line)
    real = [v for v in z if v is not None]
    return {
        "z": z,
        "customdata": [[n, t] for n, t in zip(names, text, strict=True)],
        # the grey base layer's hover: 'geen gegevens', or '< k' where protection hid the value
        "base_customdata": [
            [n, (hidden or {}).get(c, missing_text)] for n, c in zip(names, codes, strict=True)
        ],
        "line_width": [3.0 if c in selected else 0.8 for c in codes],
        "line_color": [SELECTED if c in selected else OUTLINE for c in codes],
        "zmin": min(real) if real else 0.0,
        "zmax": max(real) if real and max(real) > min(real) else (min(real) + 1 if real else 1.0),
        # a map whose every value is hidden is still drawn: its grey cells say '< k', not 'no data'
        "has_values": bool(real) or bool(hidden and set(hidden) & set(codes)),
    }


HOVER = "<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>"


def choropleth_map(
    geojson: dict[str, Any] | str,
    codes: Sequence[str],
    arrays: dict[str, Any],
    metric_label: str,
    missing_text: str,
    box: tuple[float, float, float, float] | None = None,
    layers: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The buurt map (a figure dict): a grey base layer (every buurt, 'geen gegevens') under the values,
    and `layers` (traces such as story_layer's markers) on top.

    A choroplethmap with a 'white-bg' style needs no tiles and no CDN. Buurten without a value have a
    null z in the top trace, so the grey base shows through with its own hover. `geojson` is the
    outlines or the URL the browser fetches them from (then `box`, their bounds, sets the view).
    """
    n = len(codes)
    line = {"width": arrays["line_width"], "color": arrays["line_color"]}
    base = {
        "type": "choroplethmap",
        "geojson": geojson,
        "featureidkey": "id",
        "locations": list(codes),
        "z": [0] * n,
        "colorscale": [[0, MISSING], [1, MISSING]],
        "showscale": False,
        "marker": {"line": line},
        "customdata": arrays.get("base_customdata") or [[c[0], missing_text] for c in arrays["customdata"]],
        "hovertemplate": HOVER,
        "name": missing_text,
    }
    colour = {
        "type": "choroplethmap",
        "geojson": geojson,
        "featureidkey": "id",
        "locations": list(codes),
        "z": arrays["z"],
        "zmin": arrays["zmin"],
        "zmax": arrays["zmax"],
        "colorscale": BLUES,
        "marker": {"line": line, "opacity": 0.95},
        "colorbar": {
            "title": {"text": metric_label, "side": "right"},
            "thickness": 14,
            "len": 0.8,
            "exponentformat": "none",
            "separatethousands": True,
        },
        "customdata": arrays["customdata"],
        "hovertemplate": HOVER,
        "name": metric_label,
    }
    if box is None and isinstance(geojson, dict):
        box = bounds(geojson)
    view = fit_view(box) if box else {"center": {"lon": 5.3, "lat": 52.1}, "zoom": 6}
    return {
        "data": [base, colour, *layers],
        "layout": layout(MAP_SIZE[1])
        | {
            "map": {"style": "white-bg", **view},
            "showlegend": False,
            "uirevision": "map",
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        },
    }


STORY_COLOUR = "#b34700"  # dark orange: 5.5:1 against white, but near 1:1 on the middle blues
STORY_RING = 2  # px of white around each story marker (story_halo), so it keeps 3:1 on any colour


def _story_size(count: int) -> float:
    return 10 + 4 * math.sqrt(count)


def story_halo(centres: Sequence[tuple[float, float]], counts: Sequence[int]) -> dict[str, Any]:
    """White discs under the story markers (map markers have no outline): the orange keeps 5.5:1 against
    its ring on every blue of the map (WCAG 1.4.11). No hover and no click: those are the markers'."""
    return {
        "type": "scattermap",
        "lon": [c[0] for c in centres],
        "lat": [c[1] for c in centres],
        "mode": "markers",
        "marker": {"size": [_story_size(n) + 2 * STORY_RING for n in counts], "color": OUTLINE, "opacity": 1},
        "hoverinfo": "skip",
        "showlegend": False,
        "name": "",
    }


def story_layer(
    centres: Sequence[tuple[float, float]], counts: Sequence[int], hover: Sequence[list[str]], name: str
) -> dict[str, Any]:
    """Markers at area centres sized by their number of stories; `hover`: [area name, text, area code] per
    marker (the code lets a click on a marker select its area). Markers only: map text needs glyph files."""
    return {
        "type": "scattermap",
        "lon": [c[0] for c in centres],
        "lat": [c[1] for c in centres],
        "mode": "markers",
        "marker": {
            "size": [_story_size(n) for n in counts],
            "color": STORY_COLOUR,
            "opacity": 0.9,
        },
        "customdata": [list(h) for h in hover],
        "hovertemplate": HOVER,
        "name": name,
    }


def map_patch(
    arrays: dict[str, Any], metric_label: str, missing_text: str, layers: Sequence[dict[str, Any]] = ()
) -> Patch:
    """Recolour the map already in the browser: only values, hover and outlines travel, not the geometry.
    `layers` replace the traces drawn over the colours (the figure was made with as many)."""
    patch = Patch()
    for i, layer in enumerate(layers, start=2):
        patch["data"][i] = layer
    for i in (0, 1):
        patch["data"][i]["marker"]["line"]["width"] = arrays["line_width"]
        patch["data"][i]["marker"]["line"]["color"] = arrays["line_color"]
    patch["data"][0]["customdata"] = arrays.get("base_customdata") or [
        [c[0], missing_text] for c in arrays["customdata"]
    ]
    patch["data"][1]["z"] = arrays["z"]
    patch["data"][1]["zmin"] = arrays["zmin"]
    patch["data"][1]["zmax"] = arrays["zmax"]
    patch["data"][1]["customdata"] = arrays["customdata"]
    patch["data"][1]["colorbar"]["title"]["text"] = metric_label
    patch["data"][1]["name"] = metric_label
    return patch


# -- trend ------------------------------------------------------------------------------------------


def quarters(start_year: int, end_year: int) -> list[tuple[int, int]]:
    return [(y, q) for y in range(start_year, end_year + 1) for q in range(1, 5)]


def by_quarter(df: pd.DataFrame) -> dict[tuple[int, int], tuple[Any, Any, bool, bool]]:
    """(year, quarter) -> (value, target, hidden by small-number protection, hidden value below k) of a
    per-quarter answer (columns year, quarter, value, target and optionally suppressed, small), read
    column by column."""
    absent = [False] * len(df)
    columns = (
        df["year"].tolist(),
        df["quarter"].tolist(),
        df["value"].tolist(),
        df["target"].tolist(),
        df["suppressed"].tolist() if "suppressed" in df.columns else absent,
        df["small"].tolist() if "small" in df.columns else absent,
    )
    return {
        (int(y), int(q)): (v, t, bool(h), bool(h and s)) for y, q, v, t, h, s in zip(*columns, strict=True)
    }


def trend_figure(
    df: pd.DataFrame,
    period: tuple[int, int],
    indicator_label: str,
    labels: dict[str, str],
    value_text: Callable[[Any], str] = fmt.auto_number,
) -> dict[str, Any]:
    """The indicator per quarter ('2024-K1') against its target (a figure dict); quarters without data
    stay a gap."""
    protected = "suppressed" in df.columns and df["suppressed"].any()
    if df.empty or (df["value"].isna().all() and not protected):
        return empty(labels["no_data"])
    cells = by_quarter(df)
    x, realised, target, hidden = [], [], [], []
    for year, q in quarters(*period):
        x.append(fmt.quarter_label(year, q))
        value, goal, gone, small = cells.get((year, q), (None, None, False, False))
        realised.append(None if value is None or pd.isna(value) else float(value))
        target.append(None if goal is None or pd.isna(goal) else float(goal))
        if gone:
            hidden.append((x[-1], small))
    traces = [
        {
            "type": "scatter",
            "x": x,
            "y": realised,
            "name": labels["realised"],
            "mode": "lines+markers",
            "line": {"color": REALISED, "width": 3},
            "marker": {"size": 7},
            "customdata": [value_text(v) for v in realised],
            "hovertemplate": "%{x}<br>"
            + figure_text.text(labels["realised"])
            + ": %{customdata}<extra></extra>",
            "connectgaps": False,
        }
    ]
    if any(v is not None for v in target):
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": target,
                "name": labels["target"],
                "mode": "lines",
                "line": {"color": TARGET, "width": 2, "dash": "dash"},
                "customdata": [value_text(v) for v in target],
                "hovertemplate": "%{x}<br>"
                + figure_text.text(labels["target"])
                + ": %{customdata}<extra></extra>",
            }
        )
    # Quarters hidden by small-number protection: a gap in the line and, upright at the axis, '< k' (a value
    # below k) or 'afgeschermd' (hidden to protect another cell: any size), never a point (its height would
    # give the number away). Side by side, '< 10' written flat overlapped its neighbour's at 390 px.
    notes = [
        {
            "x": quarter,
            "y": 0,
            "yref": "paper",
            "yanchor": "bottom",
            "text": labels.get("small", "< 10") if small else labels.get("hidden", "afgeschermd"),
            "textangle": -90,  # upright, as wide as a line: fits a quarter's column even at 320 px
            "showarrow": False,
            "font": {"size": 12, "color": "#495057"},
        }
        for quarter, small in hidden
    ]
    return {
        "data": traces,
        "layout": layout()
        | {
            "annotations": notes,
            "xaxis": {"type": "category", "title": {"text": labels["quarter"]}, "showgrid": False,
                      "linecolor": "#adb5bd"},
            "yaxis": {"title": {"text": indicator_label}, "rangemode": "tozero", "gridcolor": GRID,
                      "separatethousands": True, "zeroline": False},
        },
    }  # fmt: skip
