"""The survival page: Kaplan–Meier curves of initiatives by group, with the 'stopped' rule on the page."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import charts as chart_registry
from dashboard import ids
from dashboard import survival as sv
from dashboard.callbacks import survival as callbacks
from dashboard.callbacks.url_sync import filters_only
from dashboard.components import chart_block
from dashboard.components.cards import page_intro
from dashboard.components.chart_tools import export_buttons
from dashboard.components.fields import dropdown, labelled
from dashboard.components.graph_config import graph_config
from dashboard.components.shell import carry_for, create_page, no_database, url_stores, with_carry
from dashboard.i18n import t
from dashboard.pack.chart_pages import page_items
from dashboard.page import Page
from dashboard.repository import Repository
from dashboard.views import survival as view


def build(repo: Repository, query: dict) -> html.Div:
    """The page for a query string: every control starts at the value the URL asks for."""
    state = view.SurvivalState.from_query(query)
    lang = state.lang
    if not repo.available():
        return create_page(lang, "survival", False, [no_database(lang)], state.filters.to_search())
    state = view.resolve(repo, state)
    gemeenten = [{"label": r.name, "value": r.code} for r in repo.gemeenten().itertuples(index=False)]
    controls = [
        labelled(
            t("gemeente", lang),
            ids.SURVIVAL_GEMEENTE,
            dropdown(
                ids.SURVIVAL_GEMEENTE,
                gemeenten,
                state.filters.gemeente,
                lang,
                min_width="14rem",
                clearable=False,
            ),
            "me-3 mb-2",
        ),
        labelled(
            t("sv_group_by", lang),
            ids.SURVIVAL_GROUP,
            dropdown(
                ids.SURVIVAL_GROUP,
                [{"label": t(f"sv_group_{g}", lang), "value": g} for g in sv.GROUPS],
                state.group,
                lang,
                min_width="14rem",
                clearable=False,
            ),
            "me-3 mb-2",
        ),
        labelled(
            t("sv_rule", lang),
            ids.SURVIVAL_RULE,
            dropdown(
                ids.SURVIVAL_RULE,
                [{"label": t(f"sv_rule_{r}", lang), "value": r} for r in sv.RULES],
                state.rule.kind,
                lang,
                min_width="20rem",
                clearable=False,
            ),
            "me-3 mb-2",
        ),
        labelled(
            t("sv_months", lang),
            ids.SURVIVAL_MONTHS,
            dropdown(
                ids.SURVIVAL_MONTHS,
                [{"label": str(m), "value": m} for m in sv.MONTH_CHOICES],
                state.rule.months,
                lang,
                min_width="7rem",
                clearable=False,
            ),
            "me-3 mb-2",
        ),
    ]
    body = [
        # no wijk control here: the callback answers for the gemeente, and a wijk of the link travels on
        *url_stores("survival", None, carry := carry_for(query, state.filters.with_(wijk=None).to_search())),
        *page_intro(t("sv_title", lang), t("sv_intro", lang), controls),
        dbc.Card(
            [
                dbc.CardHeader(html.H2(t("sv_chart_title", lang), className="h5 mb-0"), className="bg-white"),
                dbc.CardBody(
                    [
                        dbc.Alert(
                            [html.Strong(t("sv_rule_label", lang) + " "), html.Span(id=ids.SURVIVAL_RULE_TEXT)],
                            color="light", className="border small py-2",
                        ),
                        *chart_block.block(
                            "survival", "overleving", t("sv_chart_title", lang),
                            dcc.Loading(dcc.Graph(id=ids.SURVIVAL_CHART, config=graph_config(lang)), delay_show=400), lang,
                        ),
                        html.Div(id=ids.SURVIVAL_AT_RISK),
                        export_buttons("survival", "at-risk", t("sv_at_risk_title", lang), lang, png=False),
                        html.Ul(id=ids.SURVIVAL_NOTES, className="small text-muted mt-2 mb-0"),
                        html.H3(t("sv_summary_title", lang), className="h6 mt-3"),
                        html.Div(id=ids.SURVIVAL_SUMMARY),
                        export_buttons("survival", "samenvatting", t("sv_summary_title", lang), lang, png=False),
                        html.Div(id=ids.SURVIVAL_FOOTNOTE),
                    ]
                ),
            ],
            className="shadow-sm",
        ),
    ]  # fmt: skip
    fictional = bool(repo.dataset().get("is_fictional"))
    # The navigation and language links carry the gemeente, language and this page's own choices.
    nav_search = state.to_search()
    return create_page(lang, "survival", fictional, body, with_carry(nav_search, carry))


PAGE = Page(
    key="survival",
    path="/overleving",
    label={"nl": "Overleving", "en": "Survival"},
    build=build,
    nav=True,
    state=view.SurvivalState,
    controls=callbacks.CONTROLS,
    url_sync=True,
    shared=filters_only,  # the page's own parameters (statistic, index, grouping) stay on this page
    callbacks=(callbacks.register,),
    pack_items=page_items("survival"),
    charts=frozenset(chart_registry.PAGES["survival"].charts),  # allow-list: dashboard/charts/survival.py
)
