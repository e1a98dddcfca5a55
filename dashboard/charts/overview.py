"""Overzicht: the map and the trend (charts), the KPIs and the initiative table (download tables), each one
DataFrame (the ChartData of views/overview_charts.py) from one repository question per chart."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go

from dashboard.charts.result import ChartResult
from dashboard.components.footnote import footnote_text, source_lines
from dashboard.exports import ChartData
from dashboard.filters import Filters
from dashboard.repository import ENTITIES, Repository
from dashboard.views import overview as view
from dashboard.views import overview_charts as data

PATH = "/"
PACK_NAMES = {"kaart": "map", "trend": "trend"}  # `grafiek=` name in a permalink -> chart name


@dataclass
class Context:
    """The overview's filters as the page shows them (no gemeente = all of them) and its repository."""

    repo: Repository
    filters: Filters
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.filters.lang


def state(query: Mapping[str, Any]) -> Filters:
    return Filters.from_query(dict(query))


def context(repo: Repository, filters: Filters) -> Context:
    return Context(repo, view.resolve(repo, filters, national=True))


def _result(ctx: Context, key: str, chart: ChartData, figure) -> ChartResult:
    repo, f = ctx.repo, ctx.filters
    sources = repo.sources(ENTITIES[key], f.gemeente)
    note = footnote_text(sources, repo.dataset(), f.lang, view.selection_text(repo, f))
    return ChartResult(key, chart, figure, note, source_lines(sources, f.lang))


def map_chart(
    ctx: Context,
    previous_key: str | None = None,
    inline: bool = True,
    layers: list[dict[str, Any]] | None = None,
) -> ChartResult:
    """The map and the table behind it from one query. `inline`: a whole figure with its outlines (PNG,
    slide); the page passes inline=False and the key of the geometry the browser holds (a Patch when it
    is the same), and finds the new key in ctx.memo['map_key']. `layers`: traces over the colours (the
    page's story markers; exports go without them)."""
    repo, f = ctx.repo, ctx.filters
    values = repo.map_values(f)
    figure, key = view.render_map(repo, f, previous_key, inline=inline, values=values, layers=layers)
    ctx.memo["map_key"] = key
    return _result(ctx, "map", data.map_data(repo, f, values), go.Figure(figure) if inline else figure)


def trend_chart(ctx: Context) -> ChartResult:
    """The trend chart and the table behind it from one query; the figure a plain dict (dashboard/figures.py:
    exports and the pack make a go.Figure of it, the page sends it as it is)."""
    repo, f = ctx.repo, ctx.filters
    quarters = repo.indicator_by_quarter(f) if f.period is not None else None
    figure = view.render_trend(repo, f, quarters)
    return _result(ctx, "trend", data.trend_data(repo, f, quarters), figure)


CHARTS: dict[str, Callable[[Context], ChartResult]] = {"map": map_chart, "trend": trend_chart}

# -- tables (CSV and Excel downloads, no PNG and no slide) ------------------------------------------

TABLES: dict[str, Callable[[Context], ChartData]] = {
    "kpis": lambda ctx: data.kpi_data(ctx.repo, ctx.filters),
    "table": lambda ctx: data.table_data(ctx.repo, ctx.filters),
}
