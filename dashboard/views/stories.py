"""Accepted stories as Dash components: text as Dash renders it (escaped), photo, period and provenance."""

from __future__ import annotations

from dash import html

from dashboard import ids
from dashboard.components.pack import add_button
from dashboard.i18n import t
from dashboard.reports import stories as report_stories
from dashboard.reports import workflow


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
