"""The buurtprofiel's trend chart and download tables (statistics, initiatives, outcomes), each one DataFrame."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from dashboard import formatting as fmt
from dashboard import protection as prot
from dashboard.charts.result import About, ChartResult, num, result, shared, table_data
from dashboard.exports import ChartData
from dashboard.filters import Filters
from dashboard.i18n import column, t
from dashboard.views import overview
from dashboard.views import profile as view
from dashboard.views.profile import Context

PATH = "/profiel"
STAT_ENTITIES = ("gebieden", "gebiedscijfers")
INITIATIVE_ENTITIES = ("gebieden", "gebiedscijfers", "initiatieven")
OUTCOME_ENTITIES = ("gebieden", "initiatieven", "indicatoren", "waarnemingen")


@dataclass(frozen=True)
class ProfileState:
    """The area (in Filters: gemeente, wijk or buurt) and the trend's statistic (URL 'cijfer')."""

    filters: Filters
    stat: str | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> ProfileState:
        return cls(Filters.from_query(query), view.stat_param(query))


def context(repo, state: ProfileState) -> Context:
    return view.context(repo, state.filters, state.stat)


def area_text(ctx: Context, with_gemeente: bool = True) -> str:
    """'Spoorzicht · Demostad' (a dash when the area is unknown)."""
    if not ctx.known:
        return fmt.DASH
    names, code = ctx.names, ctx.code
    gemeente = names.at[code, "gemeente_name"]
    return (
        f"{names.at[code, 'name']} · {gemeente}"
        if with_gemeente and not pd.isna(gemeente)
        else names.at[code, "name"]
    )


def _trend(ctx: Context) -> tuple[ChartResult, list[int]]:
    lang = ctx.lang
    figure, summary, gaps, frame, unit = view.trend_outputs(ctx)
    defs = ctx.repo.stat_defs().set_index("code")
    stat = ctx.stat
    label = view.stat_name(defs.loc[stat], lang) if stat in defs.index else t("statistic", lang)
    formatters = {c: (lambda v, u=unit: view.stat_text(v, u)) for c in frame.columns[1:]}
    title = f"{t('profile_trend', lang)}: {label}"
    about = About(title, area_text(ctx), STAT_ENTITIES, ctx.filters.gemeente, country=True)
    chart = result(shared(ctx), "trend", lang, about, frame, figure, summary, formatters)
    if isinstance(unit, str) and unit:  # each area's column in the statistic's unit ('x 1.000 euro')
        chart.data.units = {c: fmt.unit(unit) for c in frame.columns[1:]}
    return chart, gaps


def trend(ctx: Context) -> ChartResult:
    """The statistic over the years for the area, its wijk, gemeente and the country."""
    return _trend(ctx)[0]


CHARTS: dict[str, Callable[[Context], ChartResult]] = {"trend": trend}


def render(repo, filters: Filters, wanted_stat: str | None) -> dict[str, Any]:
    """Everything the profile shows for a selection: the trend chart once ('charts'; its figure, summary
    and gap years under 'trend', 'summary', 'gaps') and the rest of the page."""
    ctx = view.context(repo, filters, wanted_stat)
    chart, gaps = _trend(ctx)
    return view.render(ctx) | {"trend": chart.figure, "summary": chart.summary, "gaps": gaps,
                               "charts": {"trend": chart}}  # fmt: skip


# -- tables (CSV and Excel downloads, no PNG and no slide) ------------------------------------------


def _empty(ctx: Context, name: str, title_key: str) -> ChartData:
    return table_data(
        shared(ctx), name, ctx.lang, About(t(title_key, ctx.lang), fmt.DASH, STAT_ENTITIES), pd.DataFrame()
    )


def stats(ctx: Context) -> ChartData:
    """The area's statistics in their latest year, with its wijk, gemeente and country in that same year
    (as the table on the page); hidden counts as '< k' or 'afgeschermd'."""
    if not ctx.known:
        return _empty(ctx, "cijfers", "profile_stats")
    lang, names, code, f = ctx.lang, ctx.names, ctx.code, ctx.filters
    areas = [(code, names.at[code, "name"])]
    if f.buurt and "WK" + code[2:8] in names.index:
        areas.append(("WK" + code[2:8], names.at["WK" + code[2:8], "name"]))
    areas.append((f.gemeente, names.at[f.gemeente, "name"] if f.gemeente in names.index else f.gemeente))
    national = sorted(c for c in ctx.stats["area_code"].unique() if str(c).startswith("NL"))
    areas += [(c, t("country", lang)) for c in national[:1]]
    k = overview.protection_of(ctx.repo).k
    rows = []
    for _stat, row, year, cells in view.stat_cells(ctx.stats, code, [area for area, _ in areas], k, lang):
        values = [hidden or num(value) for value, hidden in cells]
        rows.append([view.stat_name(row, lang), fmt.unit(row["unit"]), year, *values])
    columns = [t("statistic", lang), t("unit", lang), t("year", lang), *[n for _, n in areas]]
    about = About(t("profile_stats", lang), area_text(ctx), STAT_ENTITIES, f.gemeente, country=True)
    return table_data(shared(ctx), "cijfers", lang, about, pd.DataFrame(rows, columns=columns))


def initiatives(ctx: Context) -> ChartData:
    """The initiatives in the area over the period, with whether each was active in its last year."""
    if not ctx.known:
        return _empty(ctx, "initiatieven", "profile_stats")
    lang, f = ctx.lang, ctx.filters
    parent = overview.resolve(ctx.repo, f)
    period = parent.period or (view.MAX_YEAR, view.MAX_YEAR)
    df = ctx.repo.area_initiatives(f, period)
    themes, status = column("themes", lang), column("status", lang)
    rows = [
        [r.name, r.organisation_name or None, getattr(r, themes) or None, getattr(r, status) or None,
         _plain_date(r.start_date), _plain_date(r.end_date), t("yes", lang) if r.active else t("no", lang)]
        for r in df.itertuples(index=False)
    ]  # fmt: skip
    columns = [t(k, lang) for k in ("col_name", "col_organisation", "col_themes", "col_status", "col_start",
                                    "col_end")] + [t("active_in", lang).format(year=period[1] if parent.period else "")]  # fmt: skip
    about = About(t("profile_initiatives", lang), area_text(ctx), INITIATIVE_ENTITIES, f.gemeente)
    return table_data(shared(ctx), "initiatieven", lang, about, pd.DataFrame(rows, columns=columns))


def outcomes(ctx: Context) -> ChartData:
    """The area's outcome indicators per year; hidden counts as '< k' or 'afgeschermd'."""
    if not ctx.known:
        return _empty(ctx, "uitkomsten", "profile_stats")
    lang, f = ctx.lang, ctx.filters
    found = ctx.repo.area_outcomes(f)
    k = overview.protection_of(ctx.repo).k
    years = sorted(int(y) for y in found["year"].unique()) if not found.empty else []
    rows = []
    for _, part in found.groupby("indicator_code", sort=False) if not found.empty else []:
        first = part.iloc[0]
        by_year = {int(r.year): r for r in part.itertuples(index=False)}
        cells = [
            first[column("name", lang)],
            fmt.unit(first["unit"]),
            view.toc_label(first["toc_level"], lang),
        ]
        for year in years:
            r = by_year.get(year)
            if r is None:
                cells.append(None)
            else:
                small = bool(getattr(r, "small", False))
                cells.append(prot.hidden_text(k, small, lang) if r.suppressed else num(r.value))
        rows.append(cells)
    columns = [t("indicator", lang), t("unit", lang), t("toc_level", lang), *[str(y) for y in years]]
    about = About(t("profile_outcomes", lang), area_text(ctx), OUTCOME_ENTITIES, f.gemeente)
    return table_data(shared(ctx), "uitkomsten", lang, about, pd.DataFrame(rows, columns=columns))


def _plain_date(value: Any) -> date | None:
    """A date cell (a real date in the Excel download, dd-mm-jjjj in the table under the page)."""
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


TABLES: dict[str, Callable[[Context], ChartData]] = {"cijfers": stats, "initiatieven": initiatives,
                                                     "uitkomsten": outcomes}  # fmt: skip
