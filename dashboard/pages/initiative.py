"""The initiative page (/initiatief?code=...): Theory of Change, funding timeline, buurten served, trends."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import charts as chart_registry
from dashboard import formatting as fmt
from dashboard import ids
from dashboard.auth import session
from dashboard.callbacks import initiative as callbacks
from dashboard.charts.initiative import InitiativeState, trend_title
from dashboard.components.cards import section_card
from dashboard.components.chart_block import block
from dashboard.components.chart_tools import data_table, export_buttons
from dashboard.components.footnote import footnote
from dashboard.components.graph_config import graph_config
from dashboard.components.shell import create_page, no_database
from dashboard.figure_margins import fit_figure
from dashboard.filters import Filters
from dashboard.i18n import column, local, t
from dashboard.pack import value_items
from dashboard.page import Page
from dashboard.reports import stories as report_stories
from dashboard.repository import Repository
from dashboard.views import initiative as view
from dashboard.views import initiative_charts as ic
from dashboard.views import stories as story_view
from dashboard.views.initiative_charts import ENTITIES
from dashboard.views.value_page import initiative_code
from etl import taxonomy as tx


def toc_cards(chain: dict[str, pd.DataFrame], grants: pd.DataFrame, lang: str) -> dbc.Row:
    """Five columns, input to impact; each lists its indicators' latest value against target."""
    levels = {code: (en if lang == "en" else nl) for code, (nl, en) in tx.TOC_LEVELS.items()}
    cols = []
    for i, level in enumerate(view.TOC_ORDER):
        rows = chain[level]
        items = []
        if level == "input" and not grants.empty:
            items.append(
                html.Li([html.Strong(t("grant_money", lang)), html.Br(), fmt.euro(grants["amount"].sum())])
            )
        for r in rows.itertuples(index=False):
            items.append(
                html.Li(
                    [
                        html.Strong(local(r, "name", lang)),
                        html.Br(),
                        view.value_line(r, lang),
                    ],
                    className="toc-indicator",
                    **{"data-indicator": r.indicator_code},
                )
            )
        body = (
            html.Ul(items, className="list-unstyled small mb-0 d-grid gap-2")
            if items
            else html.P(t("no_data_yet", lang), className="text-muted small mb-0 toc-empty")
        )
        arrow = html.Span(" →", className="text-muted") if i < len(view.TOC_ORDER) - 1 else None
        cols.append(
            dbc.Col(
                dbc.Card(
                    [
                        dbc.CardHeader(html.H3([levels[level], arrow], className="h6 mb-0")),
                        dbc.CardBody(body),
                    ],
                    className="h-100 shadow-sm",
                    id=f"toc-{level}",
                ),
                md=True,
                className="mb-2",
            )
        )
    return dbc.Row(cols, className="g-2", id=ids.INITIATIVE_TOC)


def withheld_note(repo: Repository, code: str, lang: str) -> html.P | None:
    """Public mode: which people-counting indicators of this initiative are not published (names only)."""
    withheld = repo.initiative_withheld(code)
    if withheld.empty:
        return None
    names = ", ".join(withheld[column("name", lang)])
    return html.P(
        t("initiative_withheld", lang).format(names=names),
        id="initiative-withheld",
        className="small alert alert-secondary py-2",
    )


KEY = "initiative"  # the export buttons' page key


def chart_block(name: str, graph_id: str, figure, chart, lang: str, static: bool = False) -> list:
    """A figure as a named chart described by its summary, its data table, downloads and '+ Raadspakket'."""
    config = graph_config(lang, **({"scrollZoom": False} if static else {}))
    graph = dcc.Graph(id=graph_id, figure=fit_figure(figure), config=config)
    summary = f"initiative-summary-{ic.dom_id(name)}"
    return block(KEY, name, chart.meta.title, graph, lang, data=chart, summary=summary)


def build(repo: Repository, query: dict) -> html.Div:
    filters = Filters.from_query(query)
    lang = filters.lang
    code = initiative_code(query.get("code"))
    search = filters.to_search()
    page_search = search + (("&" if search else "?") + f"code={code}" if code else "")
    if not repo.available():
        return create_page(lang, "initiative", False, [no_database(lang)], page_search)
    fictional = bool(repo.dataset().get("is_fictional"))
    back = dcc.Link(t("back_to_overview", lang), href="/" + search, className="small")
    detail = repo.initiative_detail(code) if code else pd.DataFrame()
    if detail.empty:
        body = [
            back,
            html.H1(t("initiative_title", lang), className="h3 mt-2"),
            dbc.Alert(t("unknown_initiative", lang), color="info", className="my-3"),
        ]
        return create_page(lang, "initiative", fictional, body, page_search)
    d = detail.iloc[0]
    found = chart_registry.PAGES["initiative"]  # the page's charts: dashboard/charts/initiative.py
    ctx = found.context(repo, InitiativeState(filters, code))
    drawn = {name: found.charts[name](ctx) for name in found.names(ctx)}
    quarters, grants = ctx.frames.quarters, ctx.frames.grants
    note = footnote(repo.sources(ENTITIES), repo.dataset(), lang, d["name"])
    period = f"{fmt.day(d['start_date'])} {fmt.DASH} {fmt.day(d['end_date']) if not pd.isna(d['end_date']) else ''}"
    facts = " · ".join(
        str(x)
        for x in (
            d["organisation_name"],
            d[column("themes", lang)],
            d[column("form", lang)],
            d[column("status", lang)],
            period.strip(),
            d["primary_buurt_name"],
        )
        if x is not None and not pd.isna(x) and str(x)
    )
    charts = {name: c.data for name, c in drawn.items()} | {"toc": found.tables["toc"](ctx)}
    trends = [(n[len(ic.TREND_PREFIX) :], trend_title(ctx, n), c.figure)
              for n, c in drawn.items() if n.startswith(ic.TREND_PREFIX)]  # fmt: skip
    trend_cols = [
        dbc.Col(
            [
                html.H3(name, className="h6"),
                *chart_block(
                    ic.TREND_PREFIX + code_,
                    f"initiative-trend-{ic.dom_id(code_)}",
                    fig,
                    charts[ic.TREND_PREFIX + code_],
                    lang,
                ),
            ],
            lg=6,
            className="mb-3",
        )
        for code_, name, fig in trends
    ]
    body = [
        dcc.Store(id=ids.INITIATIVE_STATE, data={"code": code, "lang": lang}),
        back,
        html.H1([t("initiative_title", lang), ": ", d["name"]], className="h3 mt-2 mb-1"),
        html.P(facts, className="text-muted mb-1"),
        html.P(d["description"], className="mb-3") if isinstance(d["description"], str) else None,
        html.Section(
            [
                html.H2(t("toc_title", lang), className="h5"),
                html.P(t("toc_intro", lang), className="small text-muted"),
                withheld_note(repo, code, lang),
                toc_cards(view.toc_chain(quarters), grants, lang),
                data_table(charts["toc"], lang),
                note,
                export_buttons(KEY, "toc", charts["toc"].meta.title, lang, png=False),
            ],
            className="mb-3",
        ),
        dbc.Row(
            [
                dbc.Col(
                    section_card(
                        t("funding_title", lang),
                        [
                            *chart_block(
                                "financiering",
                                ids.INITIATIVE_FUNDING,
                                drawn["financiering"].figure,
                                charts["financiering"],
                                lang,
                            ),
                            note,
                        ],
                    ),
                    lg=7,
                    className="mb-3",
                ),
                dbc.Col(
                    section_card(
                        t("buurten_title", lang),
                        [
                            *chart_block(
                                "buurten",
                                ids.INITIATIVE_MAP,
                                drawn["buurten"].figure,
                                charts["buurten"],
                                lang,
                                static=True,
                            ),
                            html.P(t("buurten_legend", lang), className="small text-muted mb-0"),
                            note,
                        ],
                    ),
                    lg=5,
                    className="mb-3",
                ),
            ],
            className="g-3",
        ),
        story_view.stories_section(
            report_stories.for_initiative(code, session.request_scope()), str(d["name"]), lang
        ),
        section_card(
            t("trends_title", lang),
            [
                dbc.Row(trend_cols, id=ids.INITIATIVE_TRENDS)
                if trend_cols
                else html.P(t("no_data_yet", lang)),
                note,
            ],
        ),
    ]
    return create_page(lang, "initiative", fictional, body, page_search)


PAGE = Page(
    key="initiative",
    path="/initiatief",  # reached from the overview table, not from the navigation
    label={"nl": "Initiatief", "en": "Initiative"},
    build=build,
    callbacks=(callbacks.register,),
    pack_items=value_items.initiative_items,
    charts=value_items.INITIATIVE_CHARTS,
)
