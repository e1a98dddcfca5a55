"""The social value page's content: its cards (charts, tables, matrix), drawn by the page and redrawn by its
callback when the controls change (so both live below the page and its callbacks)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import formatting as fmt
from dashboard import ids
from dashboard.components.cards import section_card
from dashboard.components.chart_block import block
from dashboard.components.chart_tools import element, export_buttons
from dashboard.components.footnote import footnote
from dashboard.components.graph_config import graph_config
from dashboard.components.text import with_code
from dashboard.exports import ChartData
from dashboard.figure_margins import fit_figure
from dashboard.filters import CODE_RE, Filters
from dashboard.i18n import local, t
from dashboard.repository import SHIELDED_CODE, Repository
from dashboard.views import overview as overview_view
from dashboard.views import value as view

EXPORT_PAGE = "value"  # the export buttons' page key


def initiative_code(value: Any) -> str | None:
    """A valid initiative code from the URL or a control, else None."""
    return value if isinstance(value, str) and CODE_RE.fullmatch(value) else None


def search_for(filters: Filters, initiative: str | None) -> str:
    """The page's URL query: the filters plus the initiative of the matrix."""
    search = filters.to_search()
    if initiative:
        search += ("&" if search else "?") + f"initiatief={initiative}"
    return search


def chart_block(name: str, graph_id: str, figure, chart: ChartData, lang: str) -> list:
    """A figure as a named chart described by its summary, its data table, downloads and '+ Raadspakket'."""
    graph = dcc.Graph(id=graph_id, figure=fit_figure(figure), config=graph_config(lang))
    return block(
        EXPORT_PAGE, name, chart.meta.title, graph, lang, data=chart, summary=f"value-summary-{name}"
    )


def _table(headers: list[str], rows: list[list], table_id: str, numeric: set[int] = frozenset()):
    head = html.Thead(
        html.Tr(
            [
                html.Th(h, scope="col", className="text-end" if i in numeric else None)
                for i, h in enumerate(headers)
            ]
        )
    )
    classes = ["text-end" if i in numeric else None for i in range(len(headers))]
    body = html.Tbody(  # rows as Dash's JSON (chart_tools.element): no component per cell
        [
            element(
                "Tr",
                {
                    "children": [
                        element("Td", {"children": c, "className": k})
                        for c, k in zip(row, classes, strict=True)
                    ]
                },
            )
            for row in rows
        ]
    )
    return dbc.Table([head, body], striped=True, hover=True, responsive=True, size="sm", id=table_id)


def proxies_table(proxies: pd.DataFrame, lang: str):
    if proxies.empty:
        return html.P(t("no_proxies", lang), className="text-muted")
    rows = []
    for r in proxies.itertuples(index=False):
        source = r.source + (f" ({t('example_value', lang)})" if r.is_example else "")
        rows.append(
            [
                local(r, "indicator_name", lang),
                local(r, "stakeholder", lang),
                fmt.euro(r.value_low, 2),
                fmt.euro(r.value_high, 2),
                fmt.unit(r.unit),
                source,
                str(int(r.year)),
                r.note or "",
            ]
        )
    headers = [
        t(k, lang)
        for k in (
            "col_indicator", "stakeholder", "col_per_unit_low", "col_per_unit_high", "col_unit", "col_source",
            "col_year", "col_note",
        )
    ]  # fmt: skip
    return _table(headers, rows, ids.VALUE_PROXIES_TABLE, numeric={2, 3})


def ratio_table(per: pd.DataFrame, lang: str):
    measured = per[per["measured"]]
    if measured.empty:
        return html.P(t("no_data", lang), className="text-muted")
    rows = []
    for r in measured.itertuples(index=False):
        pooled = r.initiative_code == SHIELDED_CODE  # effects on people of several initiatives, together
        if pooled or pd.isna(r.value_high):  # public mode: only effects on people, protected
            ratio = t("hidden", lang)
        elif pd.isna(r.ratio_low):
            ratio = t("no_grant", lang)
        else:
            ratio = f"{fmt.number(r.ratio_low, 2)} {fmt.DASH} {fmt.number(r.ratio_high, 2)}"
        # the pooled row has no grant of its own: 'afgeschermd', not '–' with "geen subsidie in de periode"
        grants = t("hidden", lang) if pooled else fmt.euro(r.grants)
        rows.append([r.name, grants, view.euro_range(r.value_low, r.value_high), ratio])
    headers = [t(k, lang) for k in ("col_name", "col_grants", "col_value", "col_ratio")]
    return _table(headers, rows, ids.VALUE_RATIO_TABLE, numeric={1, 2, 3})


def portfolio_table(port: pd.DataFrame, lang: str):
    if port.empty:
        return None
    rows = []
    for r in port.itertuples(index=False):
        ratio = (
            t("not_measured", lang)
            if pd.isna(r.ratio_low)
            else f"{fmt.number(r.ratio_low, 2)} {fmt.DASH} {fmt.number(r.ratio_high, 2)}"
        )
        rows.append(
            [
                r.funder_name,
                view.euro_range(r.value_low, r.value_high),
                f"{fmt.euro(r.grants_measured)} ({int(r.initiatives_measured)})",
                f"{fmt.euro(r.grants_unmeasured)} ({int(r.initiatives_unmeasured)})",
                ratio,
            ]
        )
    headers = [
        t(k, lang)
        for k in ("col_funder", "col_value", "col_grants_measured", "col_grants_unmeasured", "col_ratio")
    ]
    return _table(headers, rows, "value-portfolio-table", numeric={1, 2, 3, 4})


def content(
    repo: Repository, filters: Filters, data: Mapping[str, Any], chart: Mapping[str, ChartData]
) -> tuple[list, list[dict]]:
    """Every card of the page for a (resolved) selection, and the options of the matrix's initiative:
    `data` the parts of the page (view.render), `chart` every chart's and table's data
    (dashboard/charts/value.py `page`)."""
    lang = filters.lang
    note = footnote(
        repo.sources(view.ENTITIES, filters.gemeente),  # scoped as each chart's own source line
        repo.dataset(),
        lang,
        overview_view.selection_text(repo, filters),
        overview_view.protection_of(repo),
    )
    per = data["per_initiative"]
    unmeasured = per[~per["measured"]]
    summary = t("value_summary", lang).format(
        measured=data["measured_count"],
        unmeasured=data["unmeasured_count"],
        range=view.euro_range(data["total_low"], data["total_high"]),
    )
    cards = [
        dbc.Alert(
            [
                html.P(t("value_rule", lang), className="mb-1"),
                html.P(summary, className="mb-0 fw-semibold"),
                html.P(data["withheld_note"], className="mt-1 mb-0 small", id="value-withheld")
                if data.get("withheld_note")
                else None,
            ],
            color="light",
            className="border",
            id="value-summary",
        ),  # fmt: skip
        dbc.Row(
            [
                dbc.Col(
                    section_card(
                        t("value_per_initiative", lang),
                        [
                            *chart_block(
                                "initiatieven",
                                ids.VALUE_INITIATIVE_CHART,
                                data["initiative_figure"],
                                chart["initiatieven"],
                                lang,
                            ),
                            html.P(data["top_note"], className="small text-muted mb-0", id="value-top-note")
                            if data.get("top_note")
                            else None,
                            html.P(data["pooled_note"], className="small mb-0", id="value-pooled-note")
                            if data.get("pooled_note")
                            else None,
                            note,
                        ],
                    ),
                    lg=6,
                    className="mb-3",
                ),
                dbc.Col(
                    section_card(
                        t("value_per_stakeholder", lang),
                        [
                            *chart_block(
                                "belanghebbenden",
                                ids.VALUE_STAKEHOLDER_CHART,
                                data["stakeholder_figure"],
                                chart["belanghebbenden"],
                                lang,
                            ),
                            note,
                        ],
                    ),
                    lg=6,
                    className="mb-3",
                ),
            ],
            className="g-3",
        ),
        html.Div(
            section_card(
                t("value_per_portfolio", lang),
                [
                    html.P(t("portfolio_rule", lang), className="small mb-2"),
                    *chart_block(
                        "portefeuille",
                        ids.VALUE_PORTFOLIO_CHART,
                        data["portfolio_figure"],
                        chart["portefeuille"],
                        lang,
                    ),
                    portfolio_table(data["portfolio"], lang),
                    note,
                ],
            ),
            className="mb-3",
        ),
        html.Div(
            section_card(
                t("who_benefits", lang),
                [
                    html.P(t("who_benefits_intro", lang), className="small mb-2"),
                    *chart_block("matrix", ids.VALUE_MATRIX, data["matrix_figure"], chart["matrix"], lang),
                    note,
                ],
            ),
            className="mb-3",
        ),
        html.Div(
            section_card(
                t("ratio_title", lang),
                [
                    html.P(t("ratio_intro", lang), className="small mb-2"),
                    ratio_table(per, lang),
                    html.H3(t("not_measured_title", lang).format(n=len(unmeasured)), className="h6 mt-3"),
                    html.P(t("not_measured_intro", lang), className="small text-muted mb-1"),
                    html.P(
                        ", ".join(f"{name} ({t('not_measured', lang)})" for name in unmeasured["name"])
                        or fmt.DASH,
                        id=ids.VALUE_NOT_MEASURED,
                        className="small",
                    ),
                    export_buttons(
                        EXPORT_PAGE, "verhouding", chart["verhouding"].meta.title, lang, png=False
                    ),
                ],
            ),
            className="mb-3",
        ),
        html.Div(
            section_card(
                t("proxies_title", lang),
                [
                    html.P(with_code(t("proxies_intro", lang)), className="small mb-2"),
                    proxies_table(data["proxies"], lang),
                    export_buttons(EXPORT_PAGE, "proxies", chart["proxies"].meta.title, lang, png=False),
                ],
            ),
            className="mb-3",
        ),
    ]
    return cards, initiative_options(data["effects"], lang)


def initiative_options(effects: pd.DataFrame, lang: str) -> list[dict]:
    """'Hele selectie' and every initiative with a measured effect in the selection."""
    options = [{"label": t("whole_selection", lang), "value": ""}]
    if not effects.empty:
        pairs = set(
            zip(effects["initiative_name"].tolist(), effects["initiative_code"].tolist(), strict=True)
        )
        options += [
            {"label": name, "value": code}
            for name, code in sorted(pairs, key=lambda p: (str(p[0]), p[1]))  # the code: names repeat
            if initiative_code(code)  # not the protected total (public mode)
        ]
    return options
