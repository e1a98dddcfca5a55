"""Initiatief (/initiatief?code=...): the funding bars, the buurten map and one trend per reported indicator
(`trend-<code>`: the names depend on the initiative), and the Theory-of-Change table, each one DataFrame
(views/initiative_charts.py) from the repository frames of the initiative, read once per context."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from dashboard import protection as prot
from dashboard.charts.result import ChartResult, memo
from dashboard.components.footnote import footnote_text, source_lines
from dashboard.exports import ChartData
from dashboard.filters import Filters
from dashboard.repository import Repository
from dashboard.views import initiative as view
from dashboard.views import initiative_charts as ic
from dashboard.views import overview as overview_view
from dashboard.views.value_charts import chart_meta
from dashboard.views.value_page import initiative_code

PATH = "/initiatief"


@dataclass(frozen=True)
class InitiativeState:
    """The initiative (`code=`, validated) and the filters of the page's URL (language, gemeente)."""

    filters: Filters
    code: str | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> InitiativeState:
        return cls(Filters.from_query(dict(query)), initiative_code(query.get("code")))


@dataclass
class Context:
    repo: Repository
    filters: Filters
    frames: ic.Frames | None  # None: an unknown initiative (every chart then a KeyError)
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.filters.lang


def context(repo: Repository, state: InitiativeState) -> Context:
    return Context(repo, state.filters, ic.frames(repo, state.code) if state.code else None)


def _frames(ctx: Context) -> ic.Frames:
    if ctx.frames is None:
        raise KeyError("initiative")
    return ctx.frames


def _meta_of(ctx: Context) -> Callable[[str], Any]:
    fr = _frames(ctx)
    return lambda title: chart_meta(ctx.repo, ctx.filters, title, ic.ENTITIES, selection=fr.name)


def _result(ctx: Context, data: ChartData, figure) -> ChartResult:
    repo, fr = ctx.repo, _frames(ctx)
    sources = repo.sources(ic.ENTITIES)
    note = footnote_text(sources, repo.dataset(), ctx.lang, fr.name)
    return ChartResult(data.key, data, figure, note, source_lines(sources, ctx.lang))


def funding(ctx: Context) -> ChartResult:
    fr = _frames(ctx)
    data = ic.funding_data(fr, _meta_of(ctx), ctx.lang)
    return _result(ctx, data, view.funding_figure(fr.grants, ctx.lang))


def buurten(ctx: Context) -> ChartResult:
    fr = _frames(ctx)
    data = ic.buurten_data(fr, _meta_of(ctx), ctx.lang)
    return _result(ctx, data, view.buurten_map(fr.buurten, ctx.lang))


def _trends(ctx: Context) -> dict[str, tuple[str, Any]]:
    """{indicator code: (its name, its small multiple)}, drawn once per context."""
    fr, lang = _frames(ctx), ctx.lang
    return memo(ctx, "trends", lambda: {c: (t, fig) for c, t, fig in view.trend_figures(fr.quarters, lang)})


def trend_title(ctx: Context, name: str) -> str:
    """The indicator's name of chart `trend-<code>` (the heading above it on the page)."""
    return _trends(ctx)[name[len(ic.TREND_PREFIX) :]][0]


def trend(ctx: Context, name: str) -> ChartResult:
    """One indicator's quarters (KeyError for an indicator the initiative does not report)."""
    fr, lang = _frames(ctx), ctx.lang
    code = name[len(ic.TREND_PREFIX) :]
    title, figure = _trends(ctx)[code]
    label = prot.hidden_text(overview_view.protection_of(ctx.repo).k, False, lang)
    return _result(ctx, ic.trend_data(fr, code, title, _meta_of(ctx), lang, label), figure)


def names(ctx: Context) -> list[str]:
    """The initiative's charts in the page's order: funding, buurten, then its trends."""
    if ctx.frames is None:
        return []
    return [*FIXED, *ic.trend_titles(ctx.frames, ctx.lang)]


FIXED: dict[str, Callable[[Context], ChartResult]] = {"financiering": funding, "buurten": buurten}


class Charts(Mapping):
    """The fixed charts, and `trend-<code>` for any valid code (answered by `trend`); iterates the fixed."""

    def __getitem__(self, name: str) -> Callable[[Context], ChartResult]:
        if name in FIXED:
            return FIXED[name]
        if ic.is_chart_name(name) and name not in ic.FIXED:
            return lambda ctx: trend(ctx, name)
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(FIXED)

    def __len__(self) -> int:
        return len(FIXED)


CHARTS = Charts()
TABLES: dict[str, Callable[[Context], ChartData]] = {
    "toc": lambda ctx: ic.toc_data(_frames(ctx), _meta_of(ctx), ctx.lang)
}
