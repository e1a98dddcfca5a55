"""Margins that fit a figure's axis labels, worked out here instead of by plotly.js in the browser.

Plotly's `automargin` draws a chart, measures its tick labels and axis titles, widens the margins and then
draws the whole chart again: on this 2-core machine that second draw doubled the time the portfolio's seven
charts took to appear (470 -> 180 ms for the seven in headless Chromium, docs/performance.md). `fit` estimates
the same margins from the labels' text with the widths of DejaVu Sans, the widest of the usual sans-serif
fonts (Linux's default; Segoe UI, Roboto, Helvetica and Arial are narrower, so a label never needs more room
than estimated). Vertical axes get automargin off; horizontal axes keep it, as plotly turns their labels
when they crowd, which only the browser knows: with the margins worked out here it has nothing to widen in
the usual case and draws once. A margin only grows, as with automargin.
`tests/browser/test_chart_labels.py` checks in Chromium that no tick label or axis title is cut off, and
`tests/browser/test_chart_legends.py` that no legend entry is cut off or lies over a label.
"""

from __future__ import annotations

import math
import numbers
import re
from typing import Any

from plotly.basedatatypes import BaseFigure

# Advance widths of DejaVu Sans in thousandths of the font size (from DejaVuSans.ttf); other characters
# count as a whole em.
_WIDTHS = {
    275: "'", 278: "ijlïí", 295: "IJ", 318: ",. ’‘·", 337: "/:;\\|", 352: "f", 361: "-", 390: "()[]", 392: "t",
    401: "!", 411: "r", 460: '"', 500: "*_`–°", 518: "“”", 521: "s", 525: "z", 531: "?", 550: "cç", 557: "L",
    575: "F", 579: "k", 592: "vxy", 603: "P", 611: "TY", 612: "oóö", 613: "aáàä", 615: "eéèëê", 632: "E",
    634: "hnuüñ", 635: "bdgpqS", 636: "0123456789${}€", 656: "K", 684: "AV", 685: "XZ", 686: "B", 695: "R",
    698: "C", 732: "U", 748: "N", 752: "H", 770: "D", 775: "G", 780: "&", 787: "OQ", 818: "w", 838: "#+<=>^~±×−",
    863: "M", 950: "%", 974: "m", 989: "W",
}  # fmt: skip
WIDTH = {c: w / 1000 for w, chars in _WIDTHS.items() for c in chars}
FONT_SIZE = 13  # figures.LOOK's font
LINE = 1.3  # plotly's line height, in font sizes
PAD = 6  # between the plot area and its tick labels, and the slack around a margin's contents
CARTESIAN = frozenset({"bar", "scatter", "scattergl", "heatmap", "histogram", "box", "violin", "waterfall"})
_TAG = re.compile(r"<(?!br)[^>]*>", re.IGNORECASE)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ENTITY = re.compile(r"&#?\w+;")
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?")
FITTED = frozenset({"margin", "legend", "height", "meta"})  # what fit() sets besides the axes


def text_size(text: Any, size: float) -> tuple[float, int]:
    """(width in px of the widest line, number of lines) of a label as plotly writes it: tags other than
    <br> are markup, an entity is one character."""
    lines = _BR.split(_ENTITY.sub("x", _TAG.sub("", str(text))))
    return max(sum(WIDTH.get(c, 1.0) for c in line) for line in lines) * size, len(lines)


def _nice(step: float) -> float:
    """Plotly's kind of tick step: 1, 2 or 5 times a power of ten, at least `step`."""
    power = 10 ** math.floor(math.log10(step))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= step * 0.999)


def _number(value: float, decimals: int, percent: bool) -> str:
    """A tick label's digits, grouped by thousands as the Dutch separators write them ('-' for plotly's
    minus sign, which is as wide as '−')."""
    text = f"{abs(value) * (100 if percent else 1):,.{decimals}f}".replace(",", ".")
    return ("−" if value < 0 else "") + text + ("%" if percent else "")


def _numeric_labels(values: list[float], axis: dict[str, Any]) -> list[str]:
    """The widest tick labels an axis over `values` can get (its lowest and highest tick)."""
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if isinstance(axis.get("range"), (list, tuple)) and len(axis["range"]) == 2:
        low, high = sorted(float(v) for v in axis["range"])
    span = (high - low) or abs(high) or 1.0
    step = _nice(span / 4)  # plotly puts 4 to 8 ticks on an axis: the fewest give the longest labels
    ticks = [math.floor(low / step) * step, math.ceil(high * 1.05 / step) * step]  # autorange pads ~5%
    tickformat = str(axis.get("tickformat") or "")
    percent = tickformat.endswith("%")
    precision = re.search(r"\.(\d+)", tickformat)
    if precision:
        decimals = int(precision.group(1))
    else:
        decimals = max(0, -math.floor(math.log10(step * (100 if percent else 1)) + 1e-9)) if step < 1 else 0
        decimals += 1 if step == 2.5 * 10 ** math.floor(math.log10(step)) and step < 10 else 0
    affix = (str(axis.get("tickprefix") or ""), str(axis.get("ticksuffix") or ""))
    return [affix[0] + _number(v, decimals, percent) + affix[1] for v in ticks]


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and value == value


def _along(trace: dict[str, Any], letter: str) -> list[Any]:
    """The values of a trace along its x or y axis (bars: where each bar ends, from its base)."""
    values = list(trace.get(letter) if trace.get(letter) is not None else [])
    if trace.get("type") == "heatmap" and not values:
        z = trace.get("z") or []
        values = list(range(len(z) if letter == "y" else max((len(r) for r in z), default=0)))
    if trace.get("type") == "bar":
        value_letter = "x" if trace.get("orientation") == "h" else "y"
        if letter == value_letter:
            base = trace.get("base")
            bases = base if isinstance(base, (list, tuple)) else [base or 0] * len(values)
            values = [
                *values,
                *[(b or 0) + v for v, b in zip(values, bases, strict=False) if _is_number(v)],
                0,
            ]
    return [v[0] if isinstance(v, (list, tuple)) and v else v for v in values]


def _labels(axis: dict[str, Any], values: list[Any]) -> tuple[list[str], str]:
    """(the labels an axis can show, its kind: 'category', 'date' or 'linear')."""
    if axis.get("showticklabels") is False or axis.get("visible") is False:
        return [], "linear"
    if axis.get("ticktext") is not None:
        return [str(v) for v in axis["ticktext"]], "category"
    present = [v for v in values if v is not None and v == v]
    kind = axis.get("type")
    if kind == "date" or (
        kind is None and present and all(isinstance(v, str) and _DATE.match(v) for v in present)
    ):
        return ["30 sep 2024"], "date"  # plotly's widest date tick; a year may stand on a line below it
    if kind == "category" or any(isinstance(v, str) for v in present):
        return list(dict.fromkeys(str(v) for v in present)), "category"
    if axis.get("tickvals") is not None:
        return _numeric_labels([float(v) for v in axis["tickvals"] if _is_number(v)], axis), "linear"
    return _numeric_labels([float(v) for v in present if _is_number(v)], axis), "linear"


def _title(axis: dict[str, Any], size: float) -> float:
    """Room an axis title takes across its axis: its lines and the standoff plotly keeps to the labels."""
    title = axis.get("title")
    text = title.get("text") if isinstance(title, dict) else title
    if not text:
        return 0.0
    standoff = title.get("standoff", 15) if isinstance(title, dict) else 15
    font = (title.get("font") or {}).get("size") if isinstance(title, dict) else None
    lines = text_size(text, 1)[1]
    return standoff + lines * LINE * (font or round(size * 1.2))


def _axes(layout: dict[str, Any], traces: list[dict[str, Any]]) -> dict[str, tuple[str, list[Any]]]:
    """{layout key of each cartesian axis: (its letter, the values of the traces on it)}."""
    found: dict[str, tuple[str, list[Any]]] = {}
    for trace in traces:
        if trace.get("type", "scatter") not in CARTESIAN:
            continue
        for letter in ("x", "y"):
            ref = str(trace.get(f"{letter}axis") or letter)
            key = f"{letter}axis{ref[1:]}"
            found.setdefault(key, (letter, []))[1].extend(_along(trace, letter))
    if layout.get("barmode") in ("stack", "relative"):  # stacked bars reach the sum of their parts
        totals: dict[tuple[str, Any, bool], float] = {}
        for trace in traces:
            if trace.get("type") != "bar":
                continue
            letter = "x" if trace.get("orientation") == "h" else "y"
            key = f"{letter}axis{str(trace.get(f'{letter}axis') or letter)[1:]}"
            across = trace.get("y" if letter == "x" else "x") or []
            for at, v in zip(across, trace.get(letter) or [], strict=False):
                if _is_number(v):
                    totals[(key, at, v >= 0)] = totals.get((key, at, v >= 0), 0.0) + float(v)
        for (key, _, _), total in totals.items():
            found[key][1].append(total)
    for key in layout:
        if re.fullmatch(r"[xy]axis\d*", key) and key not in found and found:
            found[key] = (key[0], [])
    return found


def _colour_bars(traces: list[dict[str, Any]], size: float) -> float:
    """Room a heatmap's colour bar takes right of the plot (plotly's defaults: 2% of the plot's width away,
    up to 24 px, 10 px padding, 30 px thick, its labels beside it, its title above it or beside it). Plotly
    still widens the margin for a colour bar itself: this only spares it the second draw."""
    room = 0.0
    for trace in traces:
        if trace.get("type") != "heatmap" or trace.get("showscale") is False:
            continue
        bar = trace.get("colorbar") or {}
        z = [v for row in trace.get("z") or [] for v in (row if isinstance(row, (list, tuple)) else [row])]
        values = [float(v) for v in [*z, trace.get("zmin"), trace.get("zmax")] if _is_number(v)]
        labels = _numeric_labels(values, bar) if values else []
        widest = max((text_size(label, size)[0] for label in labels), default=0.0)
        title = bar.get("title") if isinstance(bar.get("title"), dict) else {"text": bar.get("title")}
        title_width = text_size(title.get("text") or "", size)[0] if title.get("text") else 0.0
        beside = title.get("side") == "right"
        labels_and_title = widest + PAD + (LINE * size + PAD if beside and title_width else 0)
        across = max(labels_and_title, 0.0 if beside else title_width)
        room = max(room, 24 + 10 + float(bar.get("thickness", 30)) + across + PAD)
    return room


# A horizontal legend as plotly.js draws it (measured in Chromium): each entry its text and 46 px for the
# symbol and the gaps around it, each row 20 px (a name's further lines LINE font sizes more), 10 px padding.
LEGEND_ENTRY = 46
LEGEND_ROW = 20
LEGEND_PAD = 10
LEGEND_WIDTH = 700  # the width a chart is assumed to get (a full-width card on a laptop); the browser refits
LEGEND_BELOW = {"orientation": "h", "xref": "container", "x": 0, "xanchor": "left",
                "yref": "container", "y": 0, "yanchor": "bottom"}  # fmt: skip


def _legend_names(figure: dict[str, Any], layout: dict[str, Any]) -> list[str]:
    """The names of the entries of a figure's legend below its plot; [] where it has none there."""
    template = ((layout.get("template") or {}).get("layout") or {}).get("legend") or {}
    legend = {**template, **(layout.get("legend") or {})}
    if legend.get("orientation") != "h" or legend.get("yref") == "container":
        return []
    if not (isinstance(legend.get("y"), (int, float)) and legend["y"] < 0):
        return []
    traces = [t for t in figure.get("data") or [] if t.get("visible", True) is not False]
    shown = [t for t in traces if t.get("showlegend") is not False and t.get("name") is not None]
    if layout.get("showlegend") is False or (layout.get("showlegend") is not True and len(shown) < 2):
        return []
    return [str(t["name"]) for t in shown]


def legend_height(names: list[str], width: float, size: float = FONT_SIZE) -> float:
    """Height in px of a horizontal legend of `names` with `width` px for its rows (the plot's width): entries
    side by side, a new row where the next does not fit (as plotly.js lays them out)."""
    rows: list[int] = []  # the most lines of a name in each row
    used = width
    for name in names:
        entry_width, lines = text_size(name, size)
        entry_width += LEGEND_ENTRY
        if used + entry_width > width:
            rows.append(lines)
            used = entry_width
        else:
            rows[-1] = max(rows[-1], lines)
            used += entry_width
    return LEGEND_PAD + sum(LEGEND_ROW + (n - 1) * LINE * size for n in rows)


def place_legend(figure: dict[str, Any], size: float = FONT_SIZE) -> dict[str, Any]:
    """A legend below the plot put at the bottom of the chart, under the axis labels, title and notes, with
    the bottom margin and the height grown by what it takes (in place; returned).

    Placed at a share of the plot's height below it (y: -0.18), a legend lay over the x axis' title where the
    plot was short, and further down on a phone, where plotly cuts off what does not fit. Its height depends on
    the width the chart gets, which only the browser knows: worked out here for LEGEND_WIDTH px and recorded in
    `layout.meta.legend_room`, so assets/chart_width.js can work it out again for the width it draws."""
    layout = figure.setdefault("layout", {})
    names = _legend_names(figure, layout)
    if not names:
        return figure
    margin = dict(layout.get("margin") or {})
    # plotly lays a horizontal legend's rows out across the plot's width (from the chart's left edge)
    across = (
        float(layout.get("width") or LEGEND_WIDTH) - float(margin.get("l", 80)) - float(margin.get("r", 80))
    )
    room = math.ceil(legend_height(names, max(across, 2 * LEGEND_ENTRY), size)) + PAD
    margin["b"] = math.ceil(float(margin.get("b", 80) or 0)) + room
    layout["margin"] = margin
    layout["height"] = (layout.get("height") or 450) + room
    layout["legend"] = {**(layout.get("legend") or {}), **LEGEND_BELOW}
    meta = layout.get("meta")
    layout["meta"] = {**(meta if isinstance(meta, dict) else {}), "legend_room": room}
    return figure


def fit(figure: dict[str, Any]) -> dict[str, Any]:
    """Set a figure dict's margins to hold its tick labels and axis titles (in place; returned).

    A vertical axis' labels never turn: its automargin goes off, as it does on a horizontal axis with a set
    `tickangle`. Any other horizontal axis keeps automargin as the figure has it (on in the template): plotly
    may turn its labels by 30 or 90 degrees, depending on the width it gets, and then widens the margin itself; the margins worked out here hold its labels as they
    stand (or turned by a set `tickangle`), so in the usual case plotly has nothing to widen and draws once.
    A legend below the plot goes to the chart's bottom edge, with room for it (place_legend).
    A figure without cartesian axes (maps, the sankey) is left as it is."""
    layout = figure.setdefault("layout", {})
    axes = _axes(layout, figure.get("data") or [])
    if not axes:
        return figure
    size = float((layout.get("font") or {}).get("size") or FONT_SIZE)
    margin = dict(layout.get("margin") or {})
    need = {"l": 0.0, "r": 0.0, "t": 0.0, "b": 0.0}
    for key, (letter, values) in axes.items():
        axis = {**(layout.get(key) or {})}  # a copy: an axis dict may be shared between figures
        tick_size = float((axis.get("tickfont") or {}).get("size") or size)
        labels, kind = _labels(axis, values)
        sizes = [text_size(label, tick_size) for label in labels]
        widest = max((w for w, _ in sizes), default=0.0)
        height = max((n for _, n in sizes), default=0) * LINE * tick_size
        if letter == "y":
            layout[key] = axis | {"automargin": False}
            side = "r" if axis.get("side") == "right" else "l"
            need[side] = max(need[side], (widest + PAD if labels else 0) + _title(axis, size) + PAD)
            continue
        depth = height if kind != "date" else 2 * LINE * tick_size
        angle = axis.get("tickangle")
        if isinstance(angle, (int, float)):  # a set angle: plotly turns nothing, the estimate holds
            layout[key] = axis | {"automargin": False}
        if isinstance(angle, (int, float)) and angle % 180:
            radians = math.radians(abs(angle))
            depth = widest * math.sin(radians) + height * math.cos(radians)
            # a turned label ends at its tick: the first one reaches left of the plot area
            need["l"] = max(need["l"], (sizes[0][0] if sizes else 0.0) * math.cos(radians) + PAD)
        elif sizes:  # the first and last labels stand centred on the plot area's edges (numbers, dates)
            need["l"] = max(need["l"], sizes[0][0] / 2 + PAD)
            need["r"] = max(need["r"], sizes[-1][0] / 2 + PAD)
        side = "t" if axis.get("side") == "top" else "b"
        need[side] = max(need[side], (depth + PAD if labels else 0) + _title(axis, size) + PAD)
    need["r"] = max(need["r"], _colour_bars(figure.get("data") or [], size))
    for side, wanted in need.items():
        if wanted > float(margin.get(side, 0) or 0):
            margin[side] = math.ceil(wanted)
    layout["margin"] = margin
    return place_legend(figure, size)


def fit_figure(figure: Any) -> Any:
    """fit() for a figure dict or a go.Figure (its layout updated in place); anything else (a dash Patch of
    a map, None) as it is."""
    if isinstance(figure, dict):
        return fit(figure)
    if not isinstance(figure, BaseFigure):
        return figure
    if not any((trace.type or "scatter") in CARTESIAN for trace in figure.data):
        return figure  # a map: not written out to JSON only to find it has no axes (50 ms nationally)
    fitted = fit(figure.to_plotly_json())["layout"]
    figure.update_layout({k: v for k, v in fitted.items() if k in FITTED or re.fullmatch(r"[xy]axis\d*", k)})
    return figure
