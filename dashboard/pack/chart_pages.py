"""Council-pack items of the profiel, behoefte, portefeuille and overleving pages, from their permalinks.

The permalink's own query (not only the shared Filters) carries each page's state (buurt, statistic,
composed need index, funders, grouping, stopped rule), so the items are built from it through the page's
own validation, with the very figures the page draws (dashboard/views/page_charts.py).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

from dashboard.filters import Filters
from dashboard.pack.items import PackItem
from dashboard.repository import Repository
from dashboard.views import page_charts


def page_items(page: str) -> Callable[[Repository, Filters, str, set[str]], list[PackItem]]:
    """The pack items of `page` (its Page.pack_items): (repo, filters, permalink, chosen) -> items."""

    def items(repo: Repository, filters: Filters, permalink: str, chosen: set[str]) -> list[PackItem]:
        query = dict(parse_qsl(urlsplit(permalink).query, keep_blank_values=False))
        query.pop("grafiek", None)
        charts = page_charts.BUILDERS[page](repo, query)
        return [
            PackItem(
                title=c.data.meta.title,
                figure=c.figure,
                footnote=c.footnote,
                permalink=permalink,
                sources=c.sources,
                fictional=c.data.meta.fictional,
                data=c.data,
            )
            for name, c in charts.items()
            if not chosen or name in chosen
        ]

    return items
