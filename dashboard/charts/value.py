"""Maatschappelijke waarde: the four range and matrix charts and the two tables (ratio, proxies), each one
DataFrame (views/value_charts.py) from the parts of the page it needs (views/value.render, computed lazily:
one chart's download asks only that chart's questions)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dashboard.charts.result import ChartResult, memo
from dashboard.components.footnote import footnote_text, source_lines
from dashboard.exports import ChartData
from dashboard.filters import CODE_RE, Filters
from dashboard.repository import Repository
from dashboard.views import overview as overview_view
from dashboard.views import value as view
from dashboard.views import value_charts as data_of
from dashboard.views.value_charts import FIGURE_KEYS, FIGURES

PATH = "/waarde"


@dataclass(frozen=True)
class ValueState:
    """The page's filters and the initiative of its matrix (`initiatief=`)."""

    filters: Filters
    initiative: str | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> ValueState:
        code = query.get("initiatief")
        return cls(
            Filters.from_query(dict(query)),
            code if isinstance(code, str) and CODE_RE.fullmatch(code) else None,
        )


@dataclass
class Context:
    repo: Repository
    filters: Filters  # resolved
    initiative: str | None
    data: Mapping[str, Any]  # view.render: each part computed when first asked
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.filters.lang


def context(repo: Repository, state: ValueState) -> Context:
    f = overview_view.resolve(repo, state.filters)
    return Context(repo, f, state.initiative, view.render(repo, f, state.initiative))


def _selection(ctx: Context) -> str:
    return memo(ctx, "selection", lambda: overview_view.selection_text(ctx.repo, ctx.filters))


def _data(ctx: Context, name: str) -> ChartData:
    return data_of.chart(ctx.repo, ctx.filters, ctx.initiative, ctx.data, name, _selection(ctx))


def _chart(name: str) -> Callable[[Context], ChartResult]:
    def chart(ctx: Context) -> ChartResult:
        repo, f = ctx.repo, ctx.filters
        scoped = repo.sources(view.ENTITIES, f.gemeente)
        note = memo(ctx, "footnote", lambda: footnote_text(scoped, repo.dataset(), f.lang,
                                                           overview_view.selection_text(repo, f)))  # fmt: skip
        return ChartResult(
            name, _data(ctx, name), ctx.data[FIGURE_KEYS[name]], note, source_lines(scoped, f.lang)
        )

    chart.__name__ = f"value_{name}"
    return chart


CHARTS: dict[str, Callable[[Context], ChartResult]] = {name: _chart(name) for name in FIGURES}
TABLES: dict[str, Callable[[Context], ChartData]] = {
    name: (lambda ctx, name=name: _data(ctx, name)) for name in ("verhouding", "proxies")
}


def page(
    repo: Repository, filters: Filters, initiative: str | None
) -> tuple[Mapping[str, Any], dict[str, ChartData]]:
    """What the page's cards show for a resolved selection: the parts of the page and every chart's and
    table's data, from one context."""
    ctx = context(repo, ValueState(filters, initiative))
    return ctx.data, {name: _data(ctx, name) for name in (*CHARTS, *TABLES)}
