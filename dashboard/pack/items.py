"""What goes on a slide: a figure with its title, footnote and permalink, and its data as native chart series."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

# Trace types PowerPoint can draw natively (editable); anything else (maps) becomes an image.
NATIVE_TRACES = {"scatter", "bar"}


@dataclass(frozen=True)
class StoryText:
    """One story on a Verhalen slide: plain text (a text frame, never markup), provenance, photo file."""

    text: str
    provenance: str
    photo: Path | None = None


@dataclass
class PackItem:
    title: str
    figure: go.Figure
    footnote: str  # selection, source files with batch ids, data date, fictional-data note
    permalink: str
    sources: list[str] = field(default_factory=list)
    fictional: bool = False
    # The data behind the figure, protected, with its export metadata (dashboard/exports.ChartData):
    # what `wijkwaarde export --format csv|xlsx` writes and what PNG exports carry as title and source.
    data: Any = None
    # A Verhalen slide (dashboard/pack/story_items.py): the stories instead of a chart.
    stories: list[StoryText] | None = None

    def __post_init__(self) -> None:
        if isinstance(self.figure, dict):  # the overview's figure dicts (dashboard/figures.py)
            self.figure = go.Figure(self.figure)

    @classmethod
    def of(cls, chart: Any, permalink: str, title: str | None = None) -> PackItem:
        """A slide of one chart of the registry (dashboard/charts: ChartResult): its figure, footnote, sources
        and exactly the data behind the figure, with its export metadata."""
        return cls(
            title=title if title is not None else chart.data.meta.title,
            figure=chart.figure,
            footnote=chart.footnote,
            permalink=permalink,
            sources=chart.sources,
            fictional=chart.data.meta.fictional,
            data=chart.data,
        )

    @property
    def slide_footnote(self) -> str:
        """The footnote with the protection note every export carries (how counts of people are shown),
        so a slide with counts of people says it too."""
        note = getattr(getattr(self.data, "meta", None), "protection", "") or ""
        return self.footnote if not note or note in self.footnote else f"{self.footnote} · {note}"


@dataclass
class NativeChart:
    kind: str  # "line" or "bar"
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    y_title: str = ""
    x_title: str = ""
    y_from_zero: bool = False  # the page's value axis starts at 0 (rangemode 'tozero', or bars)
    y_range: tuple[float, float] | None = None  # the page's fixed value-axis range, if it has one
    y_decimals: int = 0  # decimals the values need (0 for counts and money)


def _title(axis: Any) -> str:
    title = getattr(axis, "title", None)
    return (getattr(title, "text", None) or "") if title is not None else ""


def native_chart(fig: go.Figure) -> NativeChart | None:
    """The figure's data as category series, when every trace is a line or bar over the same categories."""
    traces = [t for t in fig.data if t.visible is not False]
    if not traces or any(t.type not in NATIVE_TRACES for t in traces):
        return None
    if any(t.type == "bar" and t.orientation == "h" for t in traces):
        return None
    # Scatter plots (markers over a numeric axis) and step curves with bands (Kaplan–Meier) are not line
    # charts over categories: PowerPoint would draw them wrongly, so they become images.
    if any(
        t.type == "scatter" and (t.mode == "markers" or t.fill or (t.line and t.line.shape == "hv"))
        for t in traces
    ):
        return None
    categories: list[str] = []
    for t in traces:
        for x in t.x if t.x is not None else []:
            if str(x) not in categories:
                categories.append(str(x))
    if not categories:
        return None
    series = []
    for t in traces:
        values = dict(zip((str(x) for x in t.x), t.y if t.y is not None else [], strict=False))
        series.append(
            (t.name or "", [None if values.get(c) is None else float(values[c]) for c in categories])
        )
    kind = "bar" if all(t.type == "bar" for t in traces) else "line"
    yaxis = fig.layout.yaxis
    fixed = (
        tuple(float(v) for v in yaxis.range) if yaxis.range is not None and None not in yaxis.range else None
    )
    known = [v for _, values in series for v in values if v is not None]
    decimals = (
        0 if all(float(v).is_integer() for v in known) else (1 if all(round(v, 1) == v for v in known) else 2)
    )
    return NativeChart(
        kind,
        categories,
        series,
        _title(yaxis),
        _title(fig.layout.xaxis),
        y_from_zero=kind == "bar" or yaxis.rangemode == "tozero",
        y_range=fixed,
        y_decimals=decimals,
    )
