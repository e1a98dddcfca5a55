"""The overleving page's chart (Kaplan–Meier curves) and download tables, each one DataFrame."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from dashboard import formatting as fmt
from dashboard.charts.result import About, ChartResult, memo, num, result, shared, table_data
from dashboard.exports import ChartData
from dashboard.i18n import t
from dashboard.repository import ENTITIES
from dashboard.views import overview
from dashboard.views import survival as view
from dashboard.views.survival import Context, SurvivalState

PATH = "/overleving"
ENTITIES_ = ENTITIES["survival"]


def selection(ctx: Context) -> str:
    """'Demostad · Groeperen naar: Thema · <the stopped rule>'."""
    lang, state = ctx.lang, ctx.state
    group = f"{t('sv_group_by', lang)}: {t('sv_group_' + state.group, lang)}"
    area = memo(ctx, "selection", lambda: overview.selection_text(ctx.repo, state.filters))
    return " · ".join(x for x in (area, group, ctx.rule()) if x)


def km_frame(ctx: Context) -> pd.DataFrame:
    """Per group and step, the share still active with its 95 % band."""
    lang = ctx.lang
    columns = [t("sv_col_group", lang), t("sv_x_title", lang), t("sv_share_active", lang),
               t("ci_lower", lang), t("ci_upper", lang)]  # fmt: skip
    rows = [
        [view.curve_name(c, ctx.labels), num(x), num(y), num(lo), num(hi)]
        for c in ctx.curves
        for x, y, lo, hi in zip(c.times, c.survival, c.lower, c.upper, strict=True)
    ]
    return pd.DataFrame(rows, columns=columns)


def km(ctx: Context) -> ChartResult:
    """The share of initiatives still active since their start, per group."""
    lang = ctx.lang
    frame = km_frame(ctx)
    percent = {c: (lambda v: fmt.percent(v, 1)) for c in frame.columns[2:]}
    formatters = {frame.columns[1]: lambda v: fmt.number(v, 2)} | percent
    title = t("sv_chart_title", lang)
    about = About(title, selection(ctx), ENTITIES_, ctx.state.filters.gemeente)
    figure = view.km_figure(frame, lang)
    return result(
        shared(ctx),
        "overleving",
        lang,
        about,
        frame,
        figure,
        summary(frame, title, lang),
        formatters,
        percent=frame.columns[2:],
    )


def summary(frame: pd.DataFrame, title: str, lang: str) -> str:
    """Per group the share still active at the end of its curve."""
    if frame.empty:
        return f"{title}: {t('no_data', lang)}"
    group, time, share = frame.columns[:3]
    parts = []
    for name, part in frame.groupby(group, sort=False):
        last = part.iloc[-1]
        parts.append(t("summary_km_group", lang).format(
            group=name, share=fmt.percent(last[share], 0), years=fmt.number(last[time], 1)))  # fmt: skip
    return f"{title}: " + "; ".join(parts) + "."


CHARTS: dict[str, Callable[[Context], ChartResult]] = {"overleving": km}


def render(repo, state: SurvivalState) -> dict[str, Any]:
    """Every output of the page for a state: its chart once ('charts', figure under 'figure') and the rest."""
    ctx = view.context(repo, state)
    charts = {name: chart(ctx) for name, chart in CHARTS.items()}
    return view.render(ctx) | {"figure": charts["overleving"].figure, "charts": charts}


# -- tables (CSV and Excel downloads, no PNG and no slide) ------------------------------------------


def at_risk(ctx: Context) -> ChartData:
    """Number at risk per whole year."""
    lang = ctx.lang
    times, rows = view.at_risk_rows(ctx.curves, ctx.labels)
    frame = pd.DataFrame(rows, columns=[t("sv_at_risk_group", lang), *[str(y) for y in times]])
    about = About(t("sv_at_risk_title", lang), selection(ctx), ENTITIES_, ctx.state.filters.gemeente)
    return table_data(shared(ctx), "at-risk", lang, about, frame)


def groups(ctx: Context) -> ChartData:
    """Per group: initiatives, stopped, median years and the share active after 3 years with its band."""
    lang = ctx.lang
    frame = pd.DataFrame(
        [[c.key and ctx.labels.get(c.key, c.key), c.n, c.events,
          None if c.median is None or c.median != c.median or c.median == float("inf") else float(c.median),
          num(c.at_horizon), *(list(c.at_horizon_ci) if c.at_horizon_ci else [None, None])] for c in ctx.curves],
        columns=[t("sv_col_group", lang), t("sv_col_n", lang), t("sv_col_stopped", lang),
                 t("sv_col_median", lang) + f" ({t('sv_years', lang)})", t("sv_col_horizon", lang),
                 t("ci_lower", lang), t("ci_upper", lang)],
    )  # fmt: skip
    about = About(t("sv_summary_title", lang), selection(ctx), ENTITIES_, ctx.state.filters.gemeente)
    data = table_data(shared(ctx), "samenvatting", lang, about, frame)
    data.percent = frozenset(frame.columns[4:])  # the page writes the share after 3 years as a percentage
    return data


TABLES: dict[str, Callable[[Context], ChartData]] = {"at-risk": at_risk, "samenvatting": groups}
