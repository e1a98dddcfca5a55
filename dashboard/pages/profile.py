"""The Buurtprofiel page: one buurt or wijk with its statistics, trend, initiatives, outcomes and peers."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import charts as chart_registry
from dashboard import ids
from dashboard.callbacks import profile as callbacks
from dashboard.callbacks.url_sync import filters_only
from dashboard.components import chart_block
from dashboard.components.chart_tools import export_buttons
from dashboard.components.dropdown import dropdown_labels
from dashboard.components.graph_config import graph_config
from dashboard.components.shell import carry_for, create_page, no_database, url_stores, with_carry
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.pack.chart_pages import page_items
from dashboard.page import Page
from dashboard.repository import Repository
from dashboard.views import profile as view


def _field(label: str, control_id: str, options: list, value, width: int, lang: str = "nl") -> dbc.Col:
    return dbc.Col(
        [
            html.Label(label, htmlFor=control_id, className="form-label small fw-semibold mb-1"),
            dcc.Dropdown(
                labels=dropdown_labels(lang), id=control_id, options=options, value=value, clearable=False
            ),
        ],
        xs=12,
        md=width,
        className="mb-2",
    )


def build(repo: Repository, query: dict) -> html.Div:
    """The page for a query string (?gemeente=..&buurt=.. or &wijk=.., &cijfer=<statistic>, &lang=en)."""
    filters = Filters.from_query(query)
    lang = filters.lang
    stat = view.stat_param(query)
    if not repo.available():
        return create_page(lang, "profile", False, [no_database(lang)], view.profile_search(filters, stat))
    filters = view.resolve_area(repo, filters)
    # The statistic dropdown opens with its options: Dash's dropdown drops a value it has no option for,
    # and the trend of a copied link (?cijfer=) would fall back to the default statistic.
    stat_options, stat = view.stat_choice(repo, filters, stat)
    search = view.profile_search(filters, stat)
    gemeenten = [{"label": r.name, "value": r.code} for r in repo.gemeenten().itertuples(index=False)]
    body = [
        *url_stores("profile", None, carry := carry_for(query, search)),
        html.H1(PAGE.name(lang), className="h4 mb-3"),
        html.Section(
            dbc.Card(
                dbc.CardBody(
                    dbc.Row(
                        [
                            _field(
                                t("gemeente", lang),
                                ids.PROFILE_GEMEENTE,
                                gemeenten,
                                filters.gemeente,
                                4,
                                lang,
                            ),
                            _field(
                                t("profile_area", lang),
                                ids.PROFILE_AREA,
                                view.area_options(repo, filters.gemeente, lang),
                                view.selected_code(filters),
                                8,
                                lang,
                            ),
                        ]
                    )
                ),
                className="shadow-sm mb-3",
            )
        ),
        dbc.Row(
            [
                dbc.Col(
                    [
                        dcc.Loading(html.Div(id=ids.PROFILE_CONTENT), type="dot", delay_show=400),
                        export_buttons("profile", "cijfers", t("profile_stats", lang), lang, png=False),
                    ],
                    lg=6,
                ),
                dbc.Col(
                    dbc.Card(
                        [
                            dbc.CardHeader(
                                [
                                    html.H2(t("profile_trend", lang), className="h5 mb-0"),
                                    html.Div(
                                        [
                                            html.Label(
                                                t("statistic", lang),
                                                htmlFor=ids.PROFILE_STAT,
                                                className="form-label small fw-semibold mb-1",
                                            ),
                                            dcc.Dropdown(
                                                labels=dropdown_labels(lang),
                                                id=ids.PROFILE_STAT,
                                                options=stat_options,
                                                value=stat,
                                                clearable=False,
                                                style={"minWidth": "18rem"},
                                            ),
                                        ]
                                    ),
                                ],
                                className="bg-white d-flex flex-wrap gap-2 justify-content-between align-items-end",
                            ),
                            dbc.CardBody(
                                [
                                    *chart_block.block(
                                        "profile",
                                        "trend",
                                        t("profile_trend", lang),
                                        dcc.Graph(id=ids.PROFILE_TREND, config=graph_config(lang)),
                                        lang,
                                        summary=ids.PROFILE_TREND_SUMMARY,
                                        notes=[
                                            html.P(
                                                t("profile_trend_hint", lang),
                                                className="small text-muted mb-0",
                                            ),
                                            html.Div(id=ids.PROFILE_TREND_FOOTNOTE),
                                        ],
                                    ),
                                ]
                            ),
                        ],
                        className="shadow-sm mb-3",
                    ),
                    lg=6,
                ),
            ],
            className="g-3",
        ),
        html.Div(id=ids.PROFILE_REST),
        export_buttons("profile", "initiatieven", t("profile_initiatives", lang), lang, png=False),
        export_buttons("profile", "uitkomsten", t("profile_outcomes", lang), lang, png=False),
    ]
    dataset = repo.dataset()
    return create_page(lang, "profile", bool(dataset.get("is_fictional")), body, with_carry(search, carry))


PAGE = Page(
    key="profile",
    path="/profiel",
    label={"nl": "Buurtprofiel", "en": "Neighbourhood profile"},
    build=build,
    nav=True,
    state=Filters,
    controls=callbacks.CONTROLS,
    url_sync=True,
    shared=filters_only,  # the page's own parameters (statistic, index, grouping) stay on this page
    callbacks=(callbacks.register,),
    pack_items=page_items("profile"),
    charts=frozenset(chart_registry.PAGES["profile"].charts),  # allow-list: dashboard/charts/profile.py
)
