"""The portefeuille page's charts and download tables, each one DataFrame (dashboard/charts/result.py).

`render(repo, state)` is what the page's callback draws, once per control change: the charts from one
Context (one load of the data) and the page's other outputs. Exports and the council pack ask one chart
(`CHARTS[name](ctx)`) or one table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from dashboard import formatting as fmt
from dashboard import portfolio as pf
from dashboard.charts.result import About, ChartResult, frame_summary, memo, num, result, shared, table_data
from dashboard.exports import ChartData
from dashboard.i18n import t
from dashboard.repository import ENTITIES
from dashboard.views import overview
from dashboard.views import portfolio as view
from dashboard.views.portfolio import Context, PortfolioState

PATH = "/portefeuille"
ENTITIES_ = ENTITIES["portfolio"]


def selection(ctx: Context) -> str:
    """'Demostad · Fonds A, Gemeente B · 2022–2025': what every export of the page says it shows."""

    def make() -> str:
        names = ctx.data.funder_names
        f = ctx.state.filters.with_(funders=(), year_from=None, year_to=None)
        funders = ", ".join(names.get(c, c) for c in ctx.funders)
        return " · ".join(x for x in (overview.selection_text(ctx.repo, f), funders, ctx.period) if x)

    return memo(ctx, "selection", make)


def _chart(
    ctx: Context, name: str, title_key: str, frame, figure, summary=None, formatters=None, percent=()
) -> ChartResult:
    lang = ctx.lang
    # scoped to the gemeente as the page footnote and the side-by-side table: its money is the gemeente's
    about = About(t(title_key, lang), selection(ctx), ENTITIES_, ctx.state.filters.gemeente)
    return result(shared(ctx), name, lang, about, frame, figure, summary, formatters, percent)


def _money(
    ctx: Context, name: str, title_key: str, column: str, labels: dict, category: str, horizontal=True
):
    lang = ctx.lang
    table = pf.money_by(ctx.data.flows, column)
    frame = view.money_frame(table, ctx.funders, ctx.data.funder_names, labels, category,
                             t("pf_money_axis", lang), horizontal)  # fmt: skip
    figure = view.money_bars(frame, t("pf_split_note", lang), lang, horizontal)
    chart = _chart(ctx, name, title_key, frame, figure, formatters={c: fmt.euro for c in frame.columns[1:]})
    chart.data.units = {c: "€" for c in frame.columns[1:]}  # each funder's column is money
    return chart


def theme(ctx: Context) -> ChartResult:
    """Money per theme and funder."""
    return _money(ctx, "thema", "pf_theme_title", "theme_code", ctx.themes, t("pf_theme", ctx.lang))


def wijk(ctx: Context) -> ChartResult:
    """Money per wijk and funder."""
    return _money(ctx, "wijk", "pf_wijk_title", "wijk_code", ctx.wijken, t("wijk", ctx.lang))


def year(ctx: Context) -> ChartResult:
    """Money per year and funder."""
    return _money(ctx, "jaar", "pf_year_title", "year", {}, t("pf_year", ctx.lang), horizontal=False)


def cost(ctx: Context) -> ChartResult:
    """€ per unit of the chosen outcome, per funder (not where protection hid the people count)."""
    lang, state = ctx.lang, ctx.state
    empty = pd.DataFrame(columns=["funder_code", "money", "outcome", "cost", "reporting", "grantees"])
    table = view.attributed(ctx.data, state.outcome) if state.outcome else empty
    unit = t("pf_cost_axis", lang).format(what=f"{ctx.outcome_name} ({ctx.outcome_unit})")
    rule = t("pf_cost_rule", lang).format(indicator=ctx.outcome_name, period=ctx.period)
    rows = view.cost_rows(table, ctx.funders)
    names = ctx.data.funder_names
    frame = pd.DataFrame(
        [[names.get(code, code), float(r["cost"])] for code, r in rows.iterrows()],
        columns=[t("pf_funder", lang), unit if not rows.empty else t("pf_money_axis", lang)],
    )
    figure = view.cost_figure(rows, ctx.funders, names, unit, rule, lang)
    return _chart(ctx, "kosten", "pf_cost_title", frame, figure, formatters={frame.columns[1]: fmt.euro})


def overlap(ctx: Context) -> ChartResult:
    """Shared grantees per pair of funders (the diagonal: each funder's own)."""
    lang, names = ctx.lang, ctx.data.funder_names
    matrix = pf.overlap_matrix(ctx.data.overlap, ctx.funders, ctx.data.funder_order)
    corner = f"{t('pf_funder', lang)} × {t('pf_cofunder', lang)}"
    frame = pd.DataFrame(
        [[names.get(c, c), *[num(v) for v in row]] for c, row in zip(matrix.index, matrix.to_numpy(), strict=True)],
        columns=[corner, *[names.get(c, c) for c in matrix.columns]],
    )  # fmt: skip
    figure = view.overlap_figure(matrix, names, lang)
    title = t("pf_overlap_title", lang)
    # the largest cell is a funder's own grantees (the diagonal): the summary gives only the size
    return _chart(
        ctx, "overlap", "pf_overlap_title", frame, figure, frame_summary(title, frame, lang, columns=[])
    )


def risk(ctx: Context) -> ChartResult:
    """Each grantee's share of income from the funder against its volunteer trend (public mode: direction)."""
    lang, names = ctx.lang, ctx.data.funder_names
    d = ctx.dep[ctx.dep["active"] & (ctx.dep["funder_type"] != pf.OWN_REVENUE)]
    by_direction = not d.empty and view.directions_only(d)
    trend = t("pf_direction_axis" if by_direction else "pf_trend_axis", lang)
    columns = [t("pf_funder", lang), t("pf_col_initiative", lang), t("pf_share_axis", lang), trend]
    y = None if d.empty or by_direction else view.risk_positions(d)[0]  # where the chart draws each grantee
    rows = []
    for code in ctx.funders:
        part = d[d["funder_code"] == code]
        for i, r in zip(part.index, part.itertuples(index=False), strict=True):
            value = view.trend_text(r, lang) if by_direction else num(y[i])
            rows.append([names.get(code, code), r.name, num(r.share), value])
    frame = pd.DataFrame(rows, columns=columns)
    figure = view.risk_figure(ctx.dep, ctx.funders, names, ctx.risk_rule(), lang)
    formatters: dict[str, Callable[[Any], str]] = {columns[2]: lambda v: fmt.percent(v, 0)}
    if not by_direction:
        formatters[trend] = lambda v: fmt.number(v, 1)
    # the rows the rule puts at risk (fewer volunteers or unknown): exactly the rows of the risk table
    at_risk = int(d["at_risk"].sum()) if not d.empty else 0
    title = t("pf_risk_title", lang)
    summary = (
        frame_summary(title, frame, lang, columns=[])
        + " "
        + t("summary_risk", lang).format(n=at_risk, share=fmt.percent(pf.RISK_SHARE, 0))
    )
    return _chart(ctx, "risico", "pf_risk_title", frame, figure, summary, formatters, percent=[columns[2]])


def flows(ctx: Context) -> ChartResult:
    """Money from funders through themes to wijken."""
    lang, names = ctx.lang, ctx.data.funder_names
    data = pf.sankey_data(ctx.data.flows, names, ctx.themes, ctx.wijken)
    frame = pd.DataFrame(
        [[data.labels[s], data.labels[d], num(v)] for s, d, v in zip(data.source, data.target, data.value, strict=True)],
        columns=[t("ex_from", lang), t("ex_to", lang), t("ex_amount", lang)],
    )  # fmt: skip
    figure = view.sankey_figure(data, t("pf_sankey_note", lang), lang)
    title = t("pf_sankey_title", lang)
    summary = None
    amounts = pd.to_numeric(frame[frame.columns[2]], errors="coerce")
    if amounts.notna().any():
        top = frame.loc[amounts.idxmax()]
        summary = (
            frame_summary(title, frame, lang, columns=[])
            + " "
            + t("summary_highest", lang).format(
                value=fmt.euro(top.iloc[2]), where=f"{top.iloc[0]} → {top.iloc[1]}"
            )
        )
    return _chart(ctx, "stromen", "pf_sankey_title", frame, figure, summary, {frame.columns[2]: fmt.euro})


# chart name (the permalink's grafiek=) -> chart function, in page order
CHARTS: dict[str, Callable[[Context], ChartResult]] = {
    "thema": theme,
    "wijk": wijk,
    "jaar": year,
    "kosten": cost,
    "overlap": overlap,
    "risico": risk,
    "stromen": flows,
}
# chart name -> the key of its figure in render() (the page callback's output names)
FIGURE_KEYS = {"thema": "theme", "wijk": "wijk", "jaar": "year", "kosten": "cost", "overlap": "overlap",
               "risico": "risk", "stromen": "sankey"}  # fmt: skip


def render(repo, state: PortfolioState) -> dict[str, Any]:
    """Every output of the page for a state: each chart once ('charts', and its figure under the page's
    key: 'theme', 'year', ...), the comparison, risk table, footnote and URL query."""
    ctx = view.context(repo, state)
    charts = {name: chart(ctx) for name, chart in CHARTS.items()}
    figures = {FIGURE_KEYS[name]: c.figure for name, c in charts.items()}
    return view.render(ctx) | figures | {"charts": charts}


# -- tables (CSV and Excel downloads, no PNG and no slide) ------------------------------------------


def comparison(ctx: Context) -> ChartData:
    """The side-by-side comparison, as on the page: amounts and counts as numbers, hidden ones as the text."""
    lang = ctx.lang
    names, rows = view.summary_values(ctx.data, ctx.outcome_name, lang, ctx.dep)
    frame = pd.DataFrame(
        [[label, *values] for label, values, _ in rows], columns=[t("pf_measure", lang), *names]
    )
    about = About(
        t("pf_summary_title", lang), _table_selection(ctx, names), ENTITIES_, ctx.state.filters.gemeente
    )
    return table_data(shared(ctx), "vergelijking", lang, about, frame)


def risk_rows(ctx: Context) -> ChartData:
    """The grantees at risk (numbers as numbers; public mode: directions only)."""
    lang, dep, data = ctx.lang, ctx.dep, ctx.data
    at_risk = dep[dep["at_risk"]].sort_values(
        ["share", "trend"], ascending=[False, True], na_position="first"
    )
    by_direction = view.directions_only(dep)
    columns = [t("pf_col_initiative", lang), t("pf_funder", lang), t("pf_col_share", lang),
               t("pf_col_income", lang), t("pf_direction_axis" if by_direction else "pf_volunteer_trend", lang)]  # fmt: skip
    frame = pd.DataFrame(
        [[r.name, data.funder_names.get(r.funder_code, r.funder_code), num(r.share), num(r.income),
          view.trend_text(r, lang) if by_direction else (None if pd.isna(r.trend) else num(r.trend))]
         for r in at_risk.itertuples(index=False)],
        columns=columns,
    )  # fmt: skip
    names = [data.funder_names.get(c, c) for c in ctx.funders]
    about = About(
        t("pf_risk_table", lang), _table_selection(ctx, names), ENTITIES_, ctx.state.filters.gemeente
    )
    out = table_data(shared(ctx), "risicotabel", lang, about, frame)
    out.units = {columns[3]: "€"}
    # shares as the page writes them (100%), and the volunteer change (internal mode) as a percentage too
    out.percent = frozenset([columns[2]] if by_direction else [columns[2], columns[4]])
    return out


def _table_selection(ctx: Context, names: list[str]) -> str:
    return " · ".join(x for x in (", ".join(names), ctx.period) if x)


TABLES: dict[str, Callable[[Context], ChartData]] = {"vergelijking": comparison, "risicotabel": risk_rows}
