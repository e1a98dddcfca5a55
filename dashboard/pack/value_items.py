"""Council-pack items of the social value page (/waarde) and the initiative page (/initiatief).

Each function has the signature of `permalinks.overview_items`: (repo, filters, permalink, chosen) ->
[PackItem]. The figures come from the pages' own view functions with the permalink's state (filters,
`initiatief=` of the value page's matrix, `code=` of the initiative page), so a slide shows exactly what
the page shows; the footnote is the text under the chart on the page.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from dashboard.components.footnote import footnote_text, source_lines
from dashboard.filters import CODE_RE, Filters
from dashboard.pack.items import PackItem
from dashboard.repository import Repository
from dashboard.views import initiative_charts as initiative_charts
from dashboard.views import overview as overview_view
from dashboard.views import value as value_view
from dashboard.views import value_charts

VALUE_CHARTS = frozenset(value_charts.FIGURES)  # initiatieven, belanghebbenden, portefeuille, matrix


class InitiativeCharts(frozenset):
    """The initiative page's chart names: fixed figures plus `trend-<indicator code>` (codes vary)."""

    def __contains__(self, name: object) -> bool:
        return super().__contains__(name) or (
            isinstance(name, str)
            and initiative_charts.is_chart_name(name)
            and name not in initiative_charts.FIXED
        )


INITIATIVE_CHARTS = InitiativeCharts(initiative_charts.FIGURES)  # financiering, buurten, trend-*


def _param(permalink: str, key: str) -> str | None:
    """One parameter of the permalink's query, validated as a code (else None)."""
    value = dict(parse_qsl(urlsplit(permalink).query)).get(key)
    return value if isinstance(value, str) and CODE_RE.fullmatch(value) else None


def value_items(repo: Repository, filters: Filters, permalink: str, chosen: set[str]) -> list[PackItem]:
    f = overview_view.resolve(repo, filters)
    lang = f.lang
    initiative = _param(permalink, "initiatief")
    data = value_view.render(repo, f, initiative)
    charts = value_charts.charts(repo, f, initiative, data)
    dataset = repo.dataset()
    scoped = repo.sources(value_view.ENTITIES, f.gemeente)
    note = footnote_text(scoped, dataset, lang, overview_view.selection_text(repo, f))
    sources = source_lines(scoped, lang)
    return [
        PackItem(
            title=charts[name].meta.title,
            figure=data[value_charts.FIGURE_KEYS[name]],
            footnote=note,
            permalink=permalink,
            sources=sources,
            fictional=bool(dataset.get("is_fictional")),
            data=charts[name],  # exactly the data behind the figure, with its export metadata
        )
        for name in value_charts.FIGURES
        if not chosen or name in chosen
    ]


def initiative_items(repo: Repository, filters: Filters, permalink: str, chosen: set[str]) -> list[PackItem]:
    code = _param(permalink, "code")
    fr = initiative_charts.frames(repo, code) if code else None
    if fr is None:  # an unknown initiative: the page shows a message, the pack has nothing to add
        return []
    lang = filters.lang
    figs = initiative_charts.figures_of(fr, lang)
    charts = initiative_charts.charts(repo, filters, fr)
    dataset = repo.dataset()
    note = footnote_text(repo.sources(initiative_charts.ENTITIES), dataset, lang, fr.name)
    sources = source_lines(repo.sources(initiative_charts.ENTITIES), lang)
    return [
        PackItem(
            title=f"{charts[name].meta.title} ({fr.name})",
            figure=fig,
            footnote=note,
            permalink=permalink,
            sources=sources,
            fictional=bool(dataset.get("is_fictional")),
            data=charts[name],
        )
        for name, fig in figs.items()
        if not chosen or name in chosen
    ]
