"""Every page's charts, each one DataFrame: {page: ChartPage}. Exports, the data tables under the charts,
the page callbacks and the council pack all take their charts from here (dashboard/charts/<page>.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dashboard.charts import initiative, need, overview, portfolio, profile, survival, value
from dashboard.charts.result import ChartResult
from dashboard.exports import ChartData
from dashboard.repository import Repository


@dataclass(frozen=True)
class ChartPage:
    """A page's charts: its URL path, how a query becomes its state (the page's own validation), the
    context all its charts share (resolved state and data, loaded once), and its charts and tables."""

    path: str
    state: Callable[[Mapping[str, Any]], Any]
    context: Callable[[Repository, Any], Any]
    charts: Mapping[str, Callable[[Any], ChartResult]]
    tables: Mapping[str, Callable[[Any], ChartData]]
    names: Callable[[Any], list[str]] | None = None  # the charts of a context, when they depend on its data

    def chart(self, repo: Repository, state: Any, name: str) -> ChartResult:
        """One chart for a state (KeyError for a name the page does not have)."""
        function = self.charts[name]
        return function(self.context(repo, state))

    def table(self, repo: Repository, state: Any, name: str) -> ChartData:
        """One download table for a state (KeyError for a name the page does not have)."""
        function = self.tables[name]
        return function(self.context(repo, state))

    def all(self, repo: Repository, state: Any, names: set[str] | None = None) -> dict[str, ChartResult]:
        """The page's charts (all, or those in `names`) for a state, from one context."""
        ctx = self.context(repo, state)
        every = self.names(ctx) if self.names else list(self.charts)
        return {name: self.charts[name](ctx) for name in every if not names or name in names}


PAGES: dict[str, ChartPage] = {
    "overview": ChartPage(overview.PATH, overview.state, overview.context, overview.CHARTS, overview.TABLES),
    "profile": ChartPage(
        profile.PATH, profile.ProfileState.from_query, profile.context, profile.CHARTS, profile.TABLES
    ),
    "need": ChartPage(need.PATH, need.NeedState.from_query, need.view.context, need.CHARTS, need.TABLES),
    "portfolio": ChartPage(
        portfolio.PATH,
        lambda query: portfolio.PortfolioState.from_query(dict(query)),
        portfolio.view.context,
        portfolio.CHARTS,
        portfolio.TABLES,
    ),
    "survival": ChartPage(
        survival.PATH,
        lambda query: survival.SurvivalState.from_query(dict(query)),
        survival.view.context,
        survival.CHARTS,
        survival.TABLES,
    ),
    "value": ChartPage(value.PATH, value.ValueState.from_query, value.context, value.CHARTS, value.TABLES),
    "initiative": ChartPage(
        initiative.PATH,
        initiative.InitiativeState.from_query,
        initiative.context,
        initiative.CHARTS,
        initiative.TABLES,
        initiative.names,
    ),
}
