"""The portfolio page: one or more funders side by side, from money per theme to grantees at risk."""

from __future__ import annotations

from dataclasses import replace

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import charts as chart_registry
from dashboard import ids
from dashboard.callbacks import portfolio as callbacks
from dashboard.components import chart_block
from dashboard.components.cards import page_intro
from dashboard.components.chart_tools import export_buttons
from dashboard.components.fields import dropdown, labelled
from dashboard.components.graph_config import graph_config
from dashboard.components.shell import carry_for, create_page, no_database, url_stores, with_carry
from dashboard.i18n import local, t
from dashboard.pack.chart_pages import page_items
from dashboard.page import Page
from dashboard.repository import Repository
from dashboard.views import overview as overview_view
from dashboard.views import portfolio as view

KEY = "portfolio"


def _chart(
    title: str, graph_id: str, lang: str, intro: str | None = None, extra=None, name: str = ""
) -> dbc.Card:
    """A chart card: named figure with its summary, data table, downloads and '+ Raadspakket' (`name`)."""
    body = [html.P(intro, className="small text-muted mb-1")] if intro else []
    graph = dcc.Loading(dcc.Graph(id=graph_id, config=graph_config(lang)), delay_show=400)
    body += chart_block.block(KEY, name, title, graph, lang, notes=[extra] if extra is not None else ())
    return dbc.Card(
        [dbc.CardHeader(html.H2(title, className="h5 mb-0"), className="bg-white"), dbc.CardBody(body)],
        className="shadow-sm h-100",
    )


def build(repo: Repository, query: dict) -> html.Div:
    """The page for a query string: every control starts at the value the URL asks for."""
    state = view.PortfolioState.from_query(query)
    lang = state.lang
    if not repo.available():
        return create_page(lang, "portfolio", False, [no_database(lang)], state.filters.to_search())
    asked = state  # what the URL asked for (validated), before defaults are filled in
    state = view.resolve(repo, state)
    f = state.filters
    year_opts = overview_view.year_options(repo, f.year_from, f.year_to)
    funders = repo.all_funders()
    funder_opts = [{"label": r.name, "value": r.code} for r in funders.itertuples(index=False)]
    outcome_opts = [
        {"label": local(r, "name", lang), "value": r.code}
        for r in repo.outcome_indicators().itertuples(index=False)
    ]
    gemeenten = [{"label": r.name, "value": r.code} for r in repo.gemeenten().itertuples(index=False)]
    controls = [
        labelled(
            t("gemeente", lang),
            ids.PORTFOLIO_GEMEENTE,
            dropdown(ids.PORTFOLIO_GEMEENTE, gemeenten, f.gemeente, lang, min_width="14rem", clearable=False),
            "me-3 mb-2",
        ),
        labelled(
            t("pf_funders", lang),
            ids.PORTFOLIO_FUNDERS,
            dropdown(
                ids.PORTFOLIO_FUNDERS,
                funder_opts,
                list(f.funders),
                lang,
                min_width="28rem",
                clearable=False,
                multi=True,
            ),
            "me-3 mb-2",
        ),
        labelled(
            t("year_from", lang),
            ids.PORTFOLIO_YEAR_FROM,
            dropdown(
                ids.PORTFOLIO_YEAR_FROM, year_opts, f.year_from, lang, min_width="7rem", clearable=False
            ),
            "me-3 mb-2",
        ),
        labelled(
            t("year_to", lang),
            ids.PORTFOLIO_YEAR_TO,
            dropdown(ids.PORTFOLIO_YEAR_TO, year_opts, f.year_to, lang, min_width="7rem", clearable=False),
            "me-3 mb-2",
        ),
        labelled(
            t("pf_outcome", lang),
            ids.PORTFOLIO_OUTCOME,
            dropdown(
                ids.PORTFOLIO_OUTCOME,
                outcome_opts,
                state.outcome,
                lang,
                min_width="16rem",
                clearable=False,
            ),
            "me-3 mb-2",
        ),
    ]
    body = [
        *url_stores("portfolio", None, carry := carry_for(query, asked.to_search())),
        *page_intro(t("pf_title", lang), t("pf_intro", lang), controls),
        dbc.Card(
            [
                dbc.CardHeader(html.H2(t("pf_summary_title", lang), className="h5 mb-0"), className="bg-white"),
                dbc.CardBody(
                    [
                        dcc.Loading(html.Div(id=ids.PORTFOLIO_SUMMARY), delay_show=400),
                        export_buttons(KEY, "vergelijking", t("pf_summary_title", lang), lang, png=False),
                    ]
                ),
            ],
            className="shadow-sm mb-3",
        ),
        dbc.Row(
            [
                dbc.Col(_chart(t("pf_theme_title", lang), ids.PORTFOLIO_THEME, lang, name="thema"), lg=6, className="mb-3"),
                dbc.Col(_chart(t("pf_wijk_title", lang), ids.PORTFOLIO_WIJK, lang, name="wijk"), lg=6, className="mb-3"),
            ]
        ),
        dbc.Row(
            [
                dbc.Col(_chart(t("pf_year_title", lang), ids.PORTFOLIO_YEAR, lang, name="jaar"), lg=12, className="mb-3"),
                # full width: the € per unit axis is titled with the outcome's name and unit, often long
                dbc.Col(_chart(t("pf_cost_title", lang), ids.PORTFOLIO_COST, lang, name="kosten"), lg=12, className="mb-3"),
            ]
        ),
        dbc.Row(
            [
                dbc.Col(
                    _chart(t("pf_overlap_title", lang), ids.PORTFOLIO_OVERLAP, lang, t("pf_overlap_intro", lang), name="overlap"),
                    lg=12,
                    className="mb-3",
                ),
                dbc.Col(
                    _chart(t("pf_risk_title", lang), ids.PORTFOLIO_RISK, lang, extra=html.Div([html.Div(id=ids.PORTFOLIO_RISK_TABLE), export_buttons(KEY, "risicotabel", t("pf_risk_table", lang), lang, png=False)]), name="risico"),
                    lg=12,
                    className="mb-3",
                ),
            ]
        ),
        _chart(t("pf_sankey_title", lang), ids.PORTFOLIO_SANKEY, lang, t("pf_sankey_intro", lang), name="stromen"),
        html.Div(id=ids.PORTFOLIO_FOOTNOTE),
    ]  # fmt: skip
    fictional = bool(repo.dataset().get("is_fictional"))
    # The navigation carries what the URL asked for (known funders only), not the defaults filled in here.
    nav_search = replace(asked, filters=view.nav_filters(repo, asked.filters)).to_search()
    return create_page(lang, "portfolio", fictional, body, with_carry(nav_search, carry))


PAGE = Page(
    key="portfolio",
    path="/portefeuille",
    label={"nl": "Portefeuilles", "en": "Portfolios"},
    build=build,
    nav=True,
    state=view.PortfolioState,
    controls=callbacks.CONTROLS,
    url_sync=True,
    shared=callbacks.shared,  # known funders only, none when they are just the default comparison
    callbacks=(callbacks.register,),
    pack_items=page_items("portfolio"),
    charts=frozenset(chart_registry.PAGES["portfolio"].charts),  # allow-list: dashboard/charts/portfolio.py
)
