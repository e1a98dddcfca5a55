"""Presentation mode: one item of the council pack per screen, large type, high contrast, arrow keys."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.components.shell import create_page
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.page import Page
from dashboard.repository import Repository


def build(repo: Repository, query: dict) -> html.Div:
    filters = Filters.from_query(query)
    lang = filters.lang
    fictional = repo.available() and bool(repo.dataset().get("is_fictional"))
    controls = html.Div(
        [
            html.Button(t("present_prev", lang), id=ids.PRESENT_PREV, n_clicks=0, type="button",
                        className="btn btn-light btn-lg"),
            html.Span(id=ids.PRESENT_INDEX + "-text", className="present-position", role="status"),
            html.Button(t("present_next", lang), id=ids.PRESENT_NEXT, n_clicks=0, type="button",
                        className="btn btn-light btn-lg"),
            html.Button(t("present_fullscreen", lang), id=ids.PRESENT_FULLSCREEN, n_clicks=0, type="button",
                        className="btn btn-outline-light btn-lg ms-auto"),
        ],
        className="d-flex align-items-center gap-3 present-controls",
    )  # fmt: skip
    # The slides are built and drawn once, when the mode opens; a step only shows another one (assets/pack.js
    # `present`), so a key press never waits for the server or for a chart to be drawn.
    slide = html.Div(id=ids.PRESENT_SLIDE, className="present-deck", **{"aria-live": "polite"})
    body = [
        html.H1(t("present_title", lang), className="visually-hidden"),
        html.Div(
            [
                dcc.Loading(slide, type="circle", delay_show=300),
                controls,
                html.P(t("present_keys", lang), className="present-keys"),
            ],
            id="present-stage",
            className="present-stage",
        ),
        dcc.Store(id=ids.PRESENT_DECK),
        dcc.Store(id=ids.PRESENT_INDEX, data={"i": 0, "prev": 0, "next": 0}),
        dcc.Store(id=ids.PRESENT_FULLSCREEN + "-done"),
    ]  # fmt: skip
    return create_page(lang, "present", fictional, body, filters.to_search())


PAGE = Page(
    key="present",
    path="/presentatie",
    label={"nl": "Presentatie", "en": "Presentation"},
    build=build,
)
