"""The Behoefte en aanbod page: a composed need index against initiative coverage, per buurt."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import charts as chart_registry
from dashboard import ids
from dashboard.callbacks import need as callbacks
from dashboard.callbacks.url_sync import filters_only
from dashboard.components import chart_block
from dashboard.components.cards import section_card
from dashboard.components.chart_tools import export_buttons
from dashboard.components.dropdown import dropdown_labels
from dashboard.components.graph_config import graph_config
from dashboard.components.shell import carry_for, create_page, no_database, url_stores, with_carry
from dashboard.i18n import t
from dashboard.pack.chart_pages import page_items
from dashboard.page import Page
from dashboard.repository import Repository
from dashboard.views import need as view
from dashboard.views import overview


def _label(text: str, control_id: str) -> html.Label:
    return html.Label(text, htmlFor=control_id, className="form-label small fw-semibold mb-1")


def build(repo: Repository, query: dict) -> html.Div:
    """The page for a query string (?gemeente=..&hoog=a,b&laag=c&dekking=deelnemers&tot=2025&lang=en)."""
    state = view.NeedState.from_query(query)
    lang = state.filters.lang
    if not repo.available():
        return create_page(lang, "need", False, [no_database(lang)], state.to_search())
    filters = overview.resolve(repo, state.filters)
    state = view.NeedState(filters, state.higher, state.lower, state.coverage)
    stats = view.stat_options(repo, lang)
    gemeenten = [{"label": r.name, "value": r.code} for r in repo.gemeenten().itertuples(index=False)]
    coverage = [{"label": t(f"coverage_{c}", lang), "value": c} for c in view.COVERAGES]
    controls = dbc.Card(
        dbc.CardBody(
            [
                html.H2(t("need_compose", lang), className="h5"),
                dbc.Row(
                    [
                        dbc.Col(
                            [
                                _label(t("gemeente", lang), ids.NEED_GEMEENTE),
                                dcc.Dropdown(labels=dropdown_labels(lang),
                                    id=ids.NEED_GEMEENTE, options=gemeenten, value=filters.gemeente,
                                    clearable=False,
                                ),
                            ],
                            md=3, className="mb-2",
                        ),
                        dbc.Col(
                            [
                                _label(t("higher_more_need", lang), ids.NEED_HIGHER),
                                dcc.Dropdown(labels=dropdown_labels(lang), id=ids.NEED_HIGHER, options=stats, value=list(state.higher),
                                             multi=True, placeholder=t("none", lang)),
                            ],
                            md=3, className="mb-2",
                        ),
                        dbc.Col(
                            [
                                _label(t("lower_more_need", lang), ids.NEED_LOWER),
                                dcc.Dropdown(labels=dropdown_labels(lang), id=ids.NEED_LOWER, options=stats, value=list(state.lower),
                                             multi=True, placeholder=t("none", lang)),
                            ],
                            md=3, className="mb-2",
                        ),
                        dbc.Col(
                            [
                                _label(t("coverage_measure", lang), ids.NEED_COVERAGE),
                                dcc.Dropdown(labels=dropdown_labels(lang),
                                    id=ids.NEED_COVERAGE,
                                    options=coverage,
                                    value=state.coverage,
                                    clearable=False,
                                ),
                            ],
                            md=3, className="mb-2",
                        ),
                    ]
                ),
                html.P(t("need_defaults", lang), className="small text-muted mb-1"),
                html.Div(id=ids.NEED_FORMULA),
            ]
        ),
        className="shadow-sm mb-3",
    )  # fmt: skip
    body = [
        *url_stores("need", state.to_search(), carry := carry_for(query, state.to_search())),
        dcc.Store(id=ids.NEED_MAP_KEY),
        html.H1(PAGE.name(lang), className="h4 mb-3"),
        controls,
        html.P(id=ids.NEED_SUMMARY, className="fw-semibold"),
        dbc.Row(
            [
                dbc.Col(
                    section_card(
                        t("need_map_title", lang),
                        [
                            *chart_block.block(
                                "need",
                                "kaart",
                                t("need_map_title", lang),
                                dcc.Graph(id=ids.NEED_MAP, config=graph_config(lang, scrollZoom=True)),
                                lang,
                                summary=ids.NEED_MAP_SUMMARY,
                                notes=[
                                    html.Div(
                                        [
                                            html.Div(id=ids.NEED_LEGEND),
                                            html.P(
                                                t("need_map_hint", lang), className="small text-muted mb-0"
                                            ),
                                        ],
                                        className="d-flex flex-wrap gap-3 align-items-center mt-2",
                                    )
                                ],
                            ),
                        ],
                    ),
                    lg=6,
                    className="mb-3",
                ),
                dbc.Col(
                    section_card(
                        t("need_scatter_title", lang),
                        [
                            *chart_block.block(
                                "need",
                                "kwadrant",
                                t("need_scatter_title", lang),
                                dcc.Graph(id=ids.NEED_SCATTER, config=graph_config(lang)),
                                lang,
                                summary=ids.NEED_SCATTER_SUMMARY,
                                notes=[
                                    html.P(t("need_scatter_hint", lang), className="small text-muted mb-0")
                                ],
                            ),
                        ],
                    ),
                    lg=6,
                    className="mb-3",
                ),
            ],
            className="g-3",
        ),
        section_card(
            t("need_gaps_title", lang),
            [
                html.Div(id=ids.NEED_TABLE),
                html.Div(id=ids.NEED_FOOTNOTE),
                export_buttons("need", "tekorten", t("need_gaps_title", lang), lang, png=False),
            ],
        ),
    ]
    dataset = repo.dataset()
    return create_page(
        lang, "need", bool(dataset.get("is_fictional")), body, with_carry(state.to_search(), carry)
    )


PAGE = Page(
    key="need",
    path="/behoefte",
    label={"nl": "Behoefte en aanbod", "en": "Need vs coverage"},
    build=build,
    nav=True,
    state=view.NeedState,
    controls=callbacks.CONTROLS,
    url_sync=True,
    shared=filters_only,  # the page's own parameters (statistic, index, grouping) stay on this page
    callbacks=(callbacks.register,),
    pack_items=page_items("need"),
    charts=frozenset(chart_registry.PAGES["need"].charts),  # allow-list: dashboard/charts/need.py
)
