"""Accepted stories as Dash components (text as Dash renders it, escaped; photo, period and provenance), and
the overview map's story layer: markers per area and the list of them under the map with links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from dash import dcc, html

from dashboard import figures, ids
from dashboard import map_geometry as geometry_store
from dashboard.auth.grants import Scope
from dashboard.components.pack import add_button
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.reports import stories as report_stories
from dashboard.reports import workflow
from dashboard.repository import Repository


def story_card(story: workflow.Story, name: str, lang: str) -> html.Article:
    period = t("story_period", lang).format(
        start=workflow.day(story.period.start), end=workflow.day(story.period.end)
    )
    return html.Article(
        [
            html.Img(
                src=report_stories.PHOTO_PREFIX + story.photo,
                alt=t("story_photo_alt", lang).format(name=name),
                className="img-fluid rounded mb-2",
                style={"maxHeight": "320px"},
            )
            if story.photo
            else None,
            html.P(story.text, className="mb-1 story-text", style={"whiteSpace": "pre-line"})
            if story.text
            else None,
            html.P(f"{period} · {story.provenance}", className="small text-muted mb-0 story-provenance"),
            None
            if story.consent
            else html.P(t("story_not_public", lang), className="small mb-0 text-warning-emphasis"),
        ],
        className="border rounded p-3 mb-2",
    )


def stories_section(found: list[workflow.Story], name: str, lang: str) -> html.Section | None:
    """The initiative page's stories, newest first; None when there are none to show."""
    if not found:
        return None
    return html.Section(
        [
            html.H2(t("stories_title", lang), className="h5"),
            html.P(t("stories_intro", lang), className="small text-muted"),
            *[story_card(s, name, lang) for s in found],
            # the pack is shown in public: its Verhalen slide holds consented stories only
            add_button(report_stories.PACK_NAME, t("stories_title", lang), lang)
            if any(s.consent for s in found)
            else None,
        ],
        id=ids.INITIATIVE_STORIES,
        className="mb-3",
    )


# -- the overview map's story layer ---------------------------------------------------------------------


@dataclass(frozen=True)
class StoryLayer:
    """The map's story markers (a trace, always there so a recolour can replace it, over its white halo)
    and the places."""

    trace: dict[str, Any]
    places: list[report_stories.Place]
    names: dict[str, str]  # area code -> name, for the list under the map
    halo: dict[str, Any] | None = None

    @property
    def traces(self) -> list[dict[str, Any]]:
        """The map's layers: the halo under the markers."""
        return [self.halo, self.trace] if self.halo else [self.trace]


def layer_version(repo: Repository) -> str:
    """What the story layer changes with besides the warehouse version: the stories' change count."""
    return str(report_stories.changes(repo.home))


def initiative_href(code: str, lang: str) -> str:
    return "/initiatief?" + urlencode({"code": code} | ({"lang": "en"} if lang == "en" else {}))


def count_text(count: int, lang: str) -> str:
    return t("story_count_one" if count == 1 else "story_count", lang).format(n=count)


def story_layer(repo: Repository, f: Filters, scope: Scope | None) -> StoryLayer:
    """The stories `scope` may see in the map's selection (`f` resolved): per buurt of the gemeente, or per
    gemeente on the national map; within the period and the chosen funders (themes and statuses are the
    initiative table's filters: a story stays where it was told)."""
    geometry = geometry_store.load(repo, f.gemeente)
    found, names = report_stories.for_map(scope, repo.version(), repo.home)
    area_names = dict(zip(geometry.codes, geometry.names, strict=True))
    places = (
        report_stories.places(found, names, area_names, f.gemeente is None, f.period, f.funders)
        if found
        else []
    )
    where = dict(zip(geometry.codes, geometry.centres, strict=False))
    shown = [p for p in places if where.get(p.code)]
    hover = [
        [
            area_names[p.code],
            f"{count_text(p.count, f.lang)}: {', '.join(n for _, n in p.initiatives)}",
            p.code,
        ]
        for p in shown
    ]
    centres, counts = [where[p.code] for p in shown], [p.count for p in shown]
    trace = figures.story_layer(centres, counts, hover, t("stories_layer", f.lang))
    return StoryLayer(trace, shown, area_names, figures.story_halo(centres, counts))


def story_list(layer: StoryLayer, f: Filters) -> html.Div | None:
    """Under the map: every marker as text, with links to the initiatives (the markers' accessible
    alternative, and where a click on a marker leads). A selected buurt narrows it to that buurt."""
    lang = f.lang
    places = layer.places
    if f.buurt:
        places = [p for p in places if p.code == f.buurt]
    if not places:
        return None
    items = [
        html.Li(
            [
                html.Strong(layer.names.get(p.code, p.code)),
                f" ({count_text(p.count, lang)}): ",
                *_joined([dcc.Link(name, href=initiative_href(code, lang)) for code, name in p.initiatives]),
            ]
        )
        for p in places
    ]
    return html.Div(
        [
            html.H3(t("stories_on_map", lang), className="h6 mt-2 mb-1"),
            html.P(t("stories_on_map_hint", lang), className="small text-muted mb-1"),
            html.Ul(items, className="small mb-1 story-places"),
            # the pack is shown in public: its Verhalen slide holds consented stories only
            add_button(report_stories.PACK_NAME, t("stories_on_map", lang), lang)
            if any(p.public for p in places)
            else None,
        ]
    )


def _joined(links: list) -> list:
    out: list = []
    for i, link in enumerate(links):
        out.extend([", "] if i else [])
        out.append(link)
    return out
