"""The council pack's "Verhalen" slide: up to two accepted stories of an initiative, only those with consent.

A pack is shown in public (the council), so it holds consented stories only, whoever builds it. The item's
figure is the stories as text (for the presentation mode and a PNG); the PPTX draws a slide of its own with
the photos (pptx_pack.py).
"""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from dashboard import figures
from dashboard.pack.items import PackItem, StoryText
from dashboard.reports import photos, workflow
from dashboard.reports import stories as report_stories

NAME = report_stories.PACK_NAME  # the chart name in a permalink: /initiatief?code=...&grafiek=verhalen
MAX_STORIES = 2
MAX_CHARS = 450  # a slide is read from a distance: the rest stays on the initiative page
CONSENT_NOTE = "Tekst en foto met toestemming van het initiatief; geplaatst op buurtniveau."


def _short(text: str) -> str:
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"


def story_texts(code: str, limit: int = MAX_STORIES) -> list[StoryText]:
    """The newest consented stories of the initiative, with their photo files (when still there)."""
    found = [s for s in report_stories.for_initiative(code, None) if s.consent][:limit]
    out = []
    for s in found:
        photo = photos.path_of(s.photo) if s.photo else None
        period = f"{workflow.day(s.period.start)} – {workflow.day(s.period.end)}"
        out.append(StoryText(_short(s.text), f"{period} · {s.provenance}", photo))
    return out


def story_figure(stories: list[StoryText]) -> go.Figure:
    """The stories as text on an empty canvas (each wrapped, with its provenance below)."""
    fig = figures.empty_figure("")
    fig.layout.annotations = ()
    for i, story in enumerate(stories):
        body = "<br>".join(textwrap.wrap(story.text, 60)) or "(foto)"
        fig.add_annotation(
            text=f"{body}<br><br><i>{story.provenance}</i>",
            x=0.25 + 0.5 * i if len(stories) > 1 else 0.5,
            y=0.5,
            xref="paper",
            yref="paper",
            showarrow=False,
            align="left",
            font={"size": 14},
        )
    return fig


def story_item(name: str, code: str, permalink: str) -> PackItem | None:
    """The Verhalen slide of initiative `code`, or None when it has no consented story."""
    stories = story_texts(code)
    if not stories:
        return None
    return PackItem(
        title=f"Verhalen: {name}",
        figure=story_figure(stories),
        footnote=CONSENT_NOTE,
        permalink=permalink,
        sources=["Rapportages van het initiatief (Wijkwaarde), geaccepteerd door fonds of gemeente"],
        stories=stories,
    )
