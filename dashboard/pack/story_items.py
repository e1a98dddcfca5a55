"""The council pack's "Verhalen" slide: up to two accepted stories of an initiative, or of the overview's
selection (a fund's portfolio: its funders chosen; a gemeente, wijk or buurt; the period), only with consent.

A pack is shown in public (the council), so it holds consented stories only, whoever builds it. The item's
figure is the stories as text (for the presentation mode and a PNG); the PPTX draws a slide of its own with
the photos (pptx_pack.py).
"""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from dashboard import figures
from dashboard.filters import Filters
from dashboard.pack.items import PackItem, StoryText
from dashboard.reports import photos, register, workflow
from dashboard.reports import stories as report_stories
from dashboard.repository import Repository

NAME = report_stories.PACK_NAME  # the chart name in a permalink: /initiatief?code=...&grafiek=verhalen
MAX_STORIES = 2
MAX_CHARS = 450  # a slide is read from a distance: the rest stays on the initiative page
CONSENT_NOTE = "Tekst en foto met toestemming van het initiatief; geplaatst op buurtniveau."


def _short(text: str) -> str:
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"


def _texts(found: list[workflow.Story], names: dict[str, str] | None = None) -> list[StoryText]:
    out = []
    for s in found:
        photo = photos.path_of(s.photo) if s.photo else None
        period = f"{workflow.day(s.period.start)} – {workflow.day(s.period.end)}"
        who = f"{names.get(s.initiative_code, s.initiative_code)} · " if names is not None else ""
        out.append(StoryText(_short(s.text), f"{who}{period} · {s.provenance}", photo))
    return out


def story_texts(code: str, limit: int = MAX_STORIES) -> list[StoryText]:
    """The newest consented stories of the initiative, with their photo files (when still there)."""
    return _texts([s for s in report_stories.for_initiative(code, None) if s.consent][:limit])


def selection_texts(repo: Repository, f: Filters, limit: int = MAX_STORIES) -> list[StoryText]:
    """The newest consented stories in the selection `f` (resolved): the buurt, else the wijk's or the
    gemeente's buurten (anywhere without a gemeente), the period and the chosen funders. At most one story
    per initiative while others wait, so two stories show two initiatives when the selection has them."""
    if f.buurt:
        buurten: set[str] | None = {f.buurt}
    elif f.gemeente:
        frame = repo.buurten(f.gemeente)
        frame = frame[frame["wijk_code"] == f.wijk] if f.wijk else frame
        buurten = set(frame["buurt_code"])
    else:
        buurten = None
    public = report_stories.visible(None, repo.home)  # a pack is shown in public: consent only
    found = report_stories.in_selection(public, f.period, f.funders, buurten)
    firsts = list({s.initiative_code: s for s in reversed(found)}.values())[::-1]  # newest per initiative
    chosen = (firsts + [s for s in found if s not in firsts])[:limit]
    names = {g.initiative_code: g.initiative_name for g in register.grants(repo.home)} if chosen else {}
    return _texts(chosen, names)


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


def selection_item(repo: Repository, f: Filters, selection: str, permalink: str) -> PackItem | None:
    """The Verhalen slide of the overview's selection (`f` resolved; `selection`: its text, as on the
    other slides), or None when no consented story is in it."""
    stories = selection_texts(repo, f)
    if not stories:
        return None
    return PackItem(
        title=f"Verhalen: {selection}",
        figure=story_figure(stories),
        footnote=f"{selection} · {CONSENT_NOTE}",
        permalink=permalink,
        sources=["Rapportages van de initiatieven (Wijkwaarde), geaccepteerd door fonds of gemeente"],
        stories=stories,
    )
