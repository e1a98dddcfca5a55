"""Behoefte en aanbod: the bivariate map, the need/coverage quadrant chart and the gap table, each one DataFrame."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from dashboard import figures
from dashboard import formatting as fmt
from dashboard import protection as prot
from dashboard.charts.result import About, ChartResult, memo, num, result, shared, table_data
from dashboard.exports import ChartData
from dashboard.i18n import t
from dashboard.views import need as view
from dashboard.views import overview
from dashboard.views import profile as profile_view
from dashboard.views.need import Context, NeedState

PATH = "/behoefte"
ENTITIES_ = ("gebieden", "gebiedscijfers", "initiatieven", "waarnemingen")


def class_text(bivariate: Any, lang: str) -> str:
    """Bivariate class 0..8 as 'behoefte hoog, dekking laag' (the legend's words)."""
    level = (t("low", lang), t("middle", lang), t("high", lang))
    b = int(bivariate)
    return f"{t('need', lang)} {level[b // 3]}, {t('coverage', lang)} {level[b % 3]}".lower()


def map_frame(ctx: Context) -> pd.DataFrame:
    """One row per buurt of the map, in the map's order, with the class it is coloured by."""
    lang = ctx.lang
    columns = [t("col_buurt_code", lang), t("buurt", lang), t("need_index", lang),
               t(f"coverage_{ctx.state.coverage}", lang), t("need_class", lang)]  # fmt: skip
    if not ctx.has_map:
        return pd.DataFrame(columns=columns)
    df, rows = ctx.df, []
    for code, name in zip(ctx.geometry["buurt_code"], ctx.geometry["buurt_name"], strict=True):
        r = df.loc[code] if code in df.index else None
        has = r is not None and not pd.isna(r["bivariate"])
        rows.append([code, name, num(r["need"]) if has else None, num(r["coverage"]) if has else None,
                     class_text(r["bivariate"], lang) if has else None])  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def export_map(ctx: Context):
    """The map as a slide or PNG shows it: with the page's 3 × 3 key and what the index is made of."""
    figure = view.page_map(ctx)
    if not ctx.has_map:
        return figure
    df = ctx.df
    return view.map_with_legend(figure, df.reset_index() if "bivariate" in df else df, ctx.state, ctx.defs,
                                ctx.lang)  # fmt: skip


def map_chart(ctx: Context, figure) -> ChartResult:
    """The map's ChartResult with `figure` (the page's own map, or export_map for slides and PNGs)."""
    lang = ctx.lang
    frame = map_frame(ctx)
    formatters = {frame.columns[2]: lambda v: fmt.number(v, 2), frame.columns[3]: lambda v: fmt.number(v, 1)}
    about = About(t("need_map_title", lang), selection(ctx), ENTITIES_, ctx.filters.gemeente)
    return result(shared(ctx), "kaart", lang, about, frame, figure, view.map_summary(ctx), formatters)


def need_map(ctx: Context) -> ChartResult:
    """Need against coverage per buurt, as a 3 × 3 bivariate map."""
    return map_chart(ctx, export_map(ctx))


def quadrant(ctx: Context) -> ChartResult:
    """Need (x) against coverage (y), one dot per buurt with both."""
    lang, labels = ctx.lang, ctx.labels
    columns = [t("buurt", lang), labels["need_axis"], labels["coverage_axis"]]
    if ctx.df is None:
        frame, figure = pd.DataFrame(columns=columns), figures.empty_figure(labels["no_data"])
    else:
        d = ctx.df[ctx.df["need"].notna() & ctx.df["coverage"].notna()]
        frame = pd.DataFrame([[r.buurt_name, num(r.need), num(r.coverage)] for r in d.itertuples()],
                             columns=columns)  # fmt: skip
        figure = view.quadrant_figure(ctx.df, labels)
    formatters = {columns[1]: lambda v: fmt.number(v, 2), columns[2]: lambda v: fmt.number(v, 1)}
    about = About(t("need_scatter_title", lang), selection(ctx), ENTITIES_, ctx.filters.gemeente)
    return result(shared(ctx), "kwadrant", lang, about, frame, figure, view.scatter_summary(ctx), formatters)


def selection(ctx: Context) -> str:
    return memo(ctx, "selection", lambda: overview.selection_text(ctx.repo, ctx.filters))


CHARTS: dict[str, Callable[[Context], ChartResult]] = {"kaart": need_map, "kwadrant": quadrant}


def render(repo, state: NeedState, previous_key: str | None = None) -> dict[str, Any]:
    """Every output of the page for a state: each chart once ('charts'; the map as the page draws it, a
    Patch when the browser holds its geometry: view.page_map) and the rest of the page."""
    ctx = view.context(repo, state)
    charts = {"kaart": map_chart(ctx, view.page_map(ctx, previous_key)), "kwadrant": quadrant(ctx)}
    return view.render(ctx) | {
        "map": charts["kaart"].figure,
        "map_summary": charts["kaart"].summary,
        "scatter": charts["kwadrant"].figure,
        "scatter_summary": charts["kwadrant"].summary,
        "frame": ctx.df,
        "charts": charts,
    }


# -- tables (CSV and Excel downloads, no PNG and no slide) ------------------------------------------


def gaps(ctx: Context) -> ChartData:
    """The high-need, low-coverage buurten, as the table under the map shows them (numbers as numbers)."""
    lang, state, defs = ctx.lang, ctx.state, ctx.defs
    stats = [*state.higher, *state.lower]
    k = overview.protection_of(ctx.repo).k
    columns = [t("col_buurt_code", lang), t("buurt", lang), t("wijk", lang), t("need_index", lang),
               t(f"coverage_{state.coverage}", lang), t("residents", lang), t("col_initiatives", lang),
               t("col_participants", lang)]  # fmt: skip
    columns += [profile_view.stat_name(defs.loc[s], lang) if s in defs.index else s for s in stats]
    rows = []
    found = view.gap_rows(ctx.df) if ctx.df is not None else pd.DataFrame()
    for code, r in found.iterrows():
        hidden = (
            prot.hidden_text(k, bool(r.get("small", False)), lang) if r.get("suppressed", False) else None
        )
        residents = (
            prot.hidden_text(k, True, lang) if r.get("residents_suppressed", False) else num(r["residents"])
        )
        rows.append([code, r["buurt_name"], r["wijk_name"], num(r["need"]), num(r["coverage"]),
                     residents, num(r["initiatives"]), hidden or num(r["participants"]),
                     *[num(r[f"stat:{s}"]) for s in stats]])  # fmt: skip
    about = About(t("need_gaps_title", lang), selection(ctx), ENTITIES_, ctx.filters.gemeente)
    data = table_data(shared(ctx), "tekorten", lang, about, pd.DataFrame(rows, columns=columns))
    # each statistic in its unit ('Gemiddeld inkomen per inwoner (x 1.000 euro)', 'Aandeel … (%)')
    data.units = {
        name: fmt.unit(defs.loc[s, "unit"])
        for s, name in zip(stats, columns[-len(stats) :] if stats else [], strict=True)
        if s in defs.index and isinstance(defs.loc[s, "unit"], str)
    }
    return data


TABLES: dict[str, Callable[[Context], ChartData]] = {"tekorten": gaps}
