"""Council-pack items of the overview page (its map and trend), from its permalink, with the charts the
page draws (dashboard/charts/overview.py)."""

from __future__ import annotations

from dashboard import charts as chart_registry
from dashboard.charts.overview import PACK_NAMES
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.pack import story_items
from dashboard.pack.items import PackItem
from dashboard.repository import Repository
from dashboard.views import overview as view

# the names `grafiek=` may choose: the charts, and the Verhalen slide of the selection's stories
OVERVIEW_CHARTS = frozenset({*PACK_NAMES, story_items.NAME})


def overview_items(repo: Repository, filters: Filters, permalink: str, chosen: set[str]) -> list[PackItem]:
    names = {PACK_NAMES[c] for c in chosen if c in PACK_NAMES}
    stories: list[PackItem] = []
    if story_items.NAME in chosen:  # only when asked for: the whole page's pack stays its two charts
        f = view.resolve(repo, filters, national=True)
        found = story_items.selection_item(repo, f, view.selection_text(repo, f), permalink)
        stories = [found] if found is not None else []
    if chosen and not names:
        return stories
    charts = chart_registry.PAGES["overview"].all(repo, filters, names)
    # a slide's title: the map's with its metric, the trend's without its indicator (as before)
    titles = {
        "map": charts["map"].data.meta.title if "map" in charts else "",
        "trend": t("trend_title", filters.lang),
    }
    return [PackItem.of(c, permalink, titles[name]) for name, c in charts.items()] + stories
