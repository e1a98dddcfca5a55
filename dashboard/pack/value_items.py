"""Council-pack items of the social value page (/waarde) and the initiative page (/initiatief).

Each function has the signature of `permalinks.overview_items`: (repo, filters, permalink, chosen) ->
[PackItem]. The figures come from the pages' own view functions with the permalink's state (filters,
`initiatief=` of the value page's matrix, `code=` of the initiative page), so a slide shows exactly what
the page shows; the footnote is the text under the chart on the page.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from dashboard import charts as chart_registry
from dashboard.charts.initiative import InitiativeState
from dashboard.charts.value import ValueState
from dashboard.filters import CODE_RE, Filters
from dashboard.pack import story_items
from dashboard.pack.items import PackItem
from dashboard.repository import Repository
from dashboard.views import initiative_charts as initiative_charts
from dashboard.views.value_charts import FIGURES

VALUE_CHARTS = frozenset(FIGURES)  # initiatieven, belanghebbenden, portefeuille, matrix


class InitiativeCharts(frozenset):
    """The initiative page's chart names: fixed figures plus `trend-<indicator code>` (codes vary)."""

    def __contains__(self, name: object) -> bool:
        return super().__contains__(name) or (
            isinstance(name, str)
            and initiative_charts.is_chart_name(name)
            and name not in initiative_charts.FIXED
        )


# financiering, buurten, trend-*, and the Verhalen slide of accepted stories (dashboard/pack/story_items.py)
INITIATIVE_CHARTS = InitiativeCharts((*initiative_charts.FIGURES, story_items.NAME))


def _param(permalink: str, key: str) -> str | None:
    """One parameter of the permalink's query, validated as a code (else None)."""
    value = dict(parse_qsl(urlsplit(permalink).query)).get(key)
    return value if isinstance(value, str) and CODE_RE.fullmatch(value) else None


def value_items(repo: Repository, filters: Filters, permalink: str, chosen: set[str]) -> list[PackItem]:
    state = ValueState(filters, _param(permalink, "initiatief"))
    if chosen and not chosen & VALUE_CHARTS:
        return []
    charts = chart_registry.PAGES["value"].all(repo, state, chosen & VALUE_CHARTS if chosen else None)
    return [PackItem.of(c, permalink) for c in charts.values()]


def initiative_items(repo: Repository, filters: Filters, permalink: str, chosen: set[str]) -> list[PackItem]:
    found = chart_registry.PAGES["initiative"]
    code = _param(permalink, "code")
    # an unknown initiative: the page shows a message, the pack has nothing to add (no charts)
    charts = found.all(repo, InitiativeState(filters, code))
    items = [
        # the selection is the initiative's name
        PackItem.of(c, permalink, f"{c.data.meta.title} ({c.data.meta.selection})")
        for name, c in charts.items()
        if not chosen or name in chosen
    ]
    if code and (not chosen or story_items.NAME in chosen):
        detail = repo.initiative_detail(code)
        story = (
            story_items.story_item(str(detail.iloc[0]["name"]), code, permalink) if not detail.empty else None
        )
        items += [story] if story is not None else []
    return items
