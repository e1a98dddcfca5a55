"""From a permalink (a page's URL with its whole state in the query) to the items of that view.

Each page that can go into a pack registers a function here: (repo, filters, permalink) -> items.
`grafiek=kaart,trend` in a permalink picks some of a page's items (allow-listed per page).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from urllib.parse import parse_qsl, urlsplit

from dashboard.components.footnote import footnote_text, source_lines
from dashboard.filters import Filters, capped
from dashboard.i18n import t
from dashboard.pack import chart_pages, value_items
from dashboard.pack.items import PackItem
from dashboard.repository import ENTITIES, Repository
from dashboard.views import overview as overview_view
from dashboard.views import overview_charts


class UnknownView(ValueError):
    """The URL is not a page that can be exported."""


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


# path -> (item builder, the item names `grafiek=` may choose)
PAGES: dict[str, tuple[Callable[..., list[PackItem]], frozenset[str]]] = {
    "/": (overview_items, frozenset({"kaart", "trend"})),
    "/waarde": (value_items.value_items, value_items.VALUE_CHARTS),
    "/initiatief": (value_items.initiative_items, value_items.INITIATIVE_CHARTS),
}
PAGES |= chart_pages.PAGES  # profiel, behoefte, portefeuille, overleving


SAFE_URL = re.compile(r"^https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~\-/%]*)?$")


def public_base(environ: Mapping[str, str] | None = None) -> str:
    """The site's public address for the permalinks in a pack: WIJKWAARDE_PUBLIC_URL, e.g.
    'https://wijkwaarde.example.nl' (a path after it is kept, a trailing slash dropped).

    Without it, or when it is not a plain http(s) address (user info, query, fragment, spaces...), permalinks
    stay relative ('/portefeuille?...'). Never the request's Host header: any client chooses that one.
    """
    env = os.environ if environ is None else environ
    value = (env.get("WIJKWAARDE_PUBLIC_URL") or "").strip()
    return value.rstrip("/") if SAFE_URL.fullmatch(value) else ""


def items_for_url(repo: Repository, url: str) -> list[PackItem]:
    """The items of the view a permalink points at; raises UnknownView for other URLs."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if path not in PAGES:
        raise UnknownView(f"geen exporteerbare pagina: {path}")
    build, allowed = PAGES[path]
    query = dict(parse_qsl(parts.query, keep_blank_values=False))
    chosen = {c for c in capped(query.pop("grafiek", "")) if c in allowed}
    return build(repo, Filters.from_query(query), url, chosen)
