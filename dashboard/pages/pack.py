"""The Raadspakket page: the basket of charts, in order, downloadable as PPTX or PDF; presentation mode."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.callbacks import pack as callbacks
from dashboard.components.shell import create_page
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.page import Page
from dashboard.repository import Repository


def build(repo: Repository, query: dict) -> html.Div:
    filters = Filters.from_query(query)
    lang = filters.lang
    fictional = repo.available() and bool(repo.dataset().get("is_fictional"))
    present_href = "/presentatie" + ("?lang=en" if lang == "en" else "")
    body = [
        html.H1(t("pack_title", lang), className="h3"),
        html.P(t("pack_intro", lang)),
        html.Div(id=ids.PACK_LIST, **{"aria-live": "polite"}),
        html.Div(
            [
                html.Button(
                    t("pack_pptx", lang),
                    id=ids.PACK_DOWNLOAD_PPTX,
                    n_clicks=0,
                    type="button",
                    className="btn btn-primary",
                ),
                html.Button(
                    t("pack_pdf", lang),
                    id=ids.PACK_DOWNLOAD_PDF,
                    n_clicks=0,
                    type="button",
                    className="btn btn-primary",
                ),
                dcc.Link(t("pack_present", lang), href=present_href, className="btn btn-outline-dark"),
                html.Button(
                    t("pack_clear", lang),
                    id=ids.PACK_CLEAR,
                    n_clicks=0,
                    type="button",
                    className="btn btn-outline-dark ms-auto",
                ),
            ],
            className="d-flex flex-wrap gap-2 my-3",
        ),  # fmt: skip
        html.Div(id=ids.PACK_PROGRESS, **{"aria-live": "polite"}),
        dcc.Store(id=ids.PACK_STATUS),
        dcc.Interval(id=ids.PACK_STATUS + "-poll", interval=700, disabled=True),
        dcc.Download(id=ids.PACK_DOWNLOAD),
    ]
    return create_page(lang, "pack", fictional, body, filters.to_search())


PAGE = Page(
    key="pack",
    path="/pakket",
    label={"nl": "Raadspakket", "en": "Council pack"},
    build=build,
    nav=True,
    callbacks=(callbacks.register,),  # also the presentation and every page's 'add to pack' button
)
