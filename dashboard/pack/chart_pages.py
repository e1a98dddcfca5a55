"""Council-pack items of the profiel, behoefte, portefeuille and overleving pages, from their permalinks.

The permalink's own query (not only the shared Filters) carries each page's state (buurt, statistic,
composed need index, funders, grouping, stopped rule), so the items are built from it through the page's
own validation, with the charts the page draws, each from its one DataFrame (dashboard/charts/).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

from dashboard import charts as chart_registry
from dashboard.filters import Filters
from dashboard.pack.items import PackItem
from dashboard.repository import Repository


def page_items(page: str) -> Callable[[Repository, Filters, str, set[str]], list[PackItem]]:
    """The pack items of `page` (its Page.pack_items): (repo, filters, permalink, chosen) -> items."""

    def items(repo: Repository, filters: Filters, permalink: str, chosen: set[str]) -> list[PackItem]:
        query = dict(parse_qsl(urlsplit(permalink).query, keep_blank_values=False))
        query.pop("grafiek", None)
        found = chart_registry.PAGES[page]
        charts = found.all(repo, found.state(query), chosen)
        return [PackItem.of(c, permalink) for c in charts.values()]

    return items
