"""Council-pack items of the overview page (its map and trend), from its permalink."""

from __future__ import annotations

from dashboard.components.footnote import footnote_text, source_lines
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.pack.items import PackItem
from dashboard.repository import ENTITIES, Repository
from dashboard.views import overview as overview_view
from dashboard.views import overview_charts

OVERVIEW_CHARTS = frozenset({"kaart", "trend"})  # the names `grafiek=` may choose


def overview_items(repo: Repository, filters: Filters, permalink: str, chosen: set[str]) -> list[PackItem]:
    f = overview_view.resolve(repo, filters, national=True)  # as the page: no gemeente = all of them
    lang = f.lang
    dataset = repo.dataset()
    selection = overview_view.selection_text(repo, f)
    fictional = bool(dataset.get("is_fictional"))
    items = []

    def item(key: str, title: str, figure, data) -> PackItem:
        return PackItem(
            title=title,
            figure=figure,
            footnote=footnote_text(repo.sources(ENTITIES[key], f.gemeente), dataset, lang, selection),
            permalink=permalink,
            sources=source_lines(repo.sources(ENTITIES[key], f.gemeente), lang),
            fictional=fictional,
            data=data,
        )

    if not chosen or "kaart" in chosen:
        figure, _ = overview_view.render_map(repo, f, inline=True)  # a slide image carries its outlines
        label, _ = overview_view._metric_label_and_text(repo, f.metric, lang)
        items.append(
            item(
                "map",
                f"{overview_view.map_title(f, lang)}: {label}",
                figure,
                overview_charts.map_data(repo, f),
            )
        )
    if not chosen or "trend" in chosen:
        trend = overview_view.render_trend(repo, f)
        items.append(item("trend", t("trend_title", lang), trend, overview_charts.trend_data(repo, f)))
    return items
