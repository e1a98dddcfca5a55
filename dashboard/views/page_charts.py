"""The data behind the charts of the profiel, behoefte, portefeuille and overleving pages, as ChartData.

Every frame is read from the very figure the page draws (same view functions, same validated state), so
the export, the data table under the chart ('Tabel bij deze grafiek') and the council-pack slide show the
values of the figure and nothing else. Each page has one function `<page>_charts(repo, query)` returning
{chart name: Chart}; the chart names are the ones a permalink's `grafiek=` may choose.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting as fmt
from dashboard import portfolio as pf
from dashboard.components.footnote import footnote_text, protection_note, source_lines, source_text
from dashboard.exports import ChartData, ExportMeta
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.repository import ENTITIES, Repository
from dashboard.views import need as need_view
from dashboard.views import overview
from dashboard.views import portfolio as portfolio_view
from dashboard.views import profile as profile_view
from dashboard.views import survival as survival_view
from dashboard.views.overview_charts import data_date_text

PROFILE_ENTITIES = ("gebieden", "gebiedscijfers")
NEED_ENTITIES = ("gebieden", "gebiedscijfers", "initiatieven", "waarnemingen")

# page key -> (URL path, chart names in page order, charts that are not PNG-able: none here)
PAGE_CHARTS: dict[str, tuple[str, ...]] = {
    "profile": ("trend",),
    "need": ("kaart", "kwadrant"),
    "portfolio": ("thema", "wijk", "jaar", "kosten", "overlap", "risico", "stromen"),
    "survival": ("overleving",),
}
PORTFOLIO_OUTPUT = {"thema": "theme", "wijk": "wijk", "jaar": "year", "kosten": "cost", "overlap": "overlap",
                    "risico": "risk", "stromen": "sankey"}  # fmt: skip
PORTFOLIO_TITLES = {"thema": "pf_theme_title", "wijk": "pf_wijk_title", "jaar": "pf_year_title",
                    "kosten": "pf_cost_title", "overlap": "pf_overlap_title", "risico": "pf_risk_title",
                    "stromen": "pf_sankey_title"}  # fmt: skip


@dataclass
class Chart:
    """One chart of a page: its figure and the data behind it (with metadata) for exports and slides."""

    name: str
    figure: go.Figure
    data: ChartData
    footnote: str = ""
    sources: list[str] = field(default_factory=list)


# -- figure -> frame --------------------------------------------------------------------------------


def _num(value: Any) -> float | None:
    if value is None or isinstance(value, str):
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if v != v else v


def _shown(fig: go.Figure) -> list:
    """The traces a reader sees in the legend (confidence bands and helper traces left out)."""
    return [tr for tr in fig.data if tr.visible is not False and tr.showlegend is not False]


def category_frame(fig: go.Figure, category: str, value: str) -> pd.DataFrame:
    """Bar and line figures over categories: one row per category, one column per trace.

    When every trace is one bar at its own category (one bar per funder), one value column instead.
    """
    traces = [tr for tr in _shown(fig) if tr.type in ("bar", "scatter")]
    if not traces:
        return pd.DataFrame(columns=[category, value])

    def axes(tr) -> tuple[list, list]:
        if tr.type == "bar" and tr.orientation == "h":
            return list(tr.y or []), list(tr.x or [])
        return list(tr.x or []), list(tr.y or [])

    pairs = [axes(tr) for tr in traces]
    cats: list = []
    for xs, _ in pairs:
        cats += [c for c in xs if c not in cats]
    if all(tr.type == "bar" and tr.orientation == "h" for tr in traces):
        cats.reverse()  # plotly draws the first category at the bottom: the table reads top-down, as the chart
    if len(traces) > 1 and all(len(xs) == 1 for xs, _ in pairs) and len(cats) == len(traces):
        return pd.DataFrame([[xs[0], _num(ys[0])] for xs, ys in pairs], columns=[category, value])
    if len(traces) == 1 and not traces[0].name:
        columns = [value]
    else:
        columns = [tr.name or value for tr in traces]
    rows = []
    for c in cats:
        row = [c]
        for xs, ys in pairs:
            lookup = dict(zip(xs, ys, strict=False))
            row.append(_num(lookup.get(c)))
        rows.append(row)
    return pd.DataFrame(rows, columns=[category, *columns])


def km_frame(fig: go.Figure, lang: str) -> pd.DataFrame:
    """Kaplan–Meier figure: per group and step, the share still active with its 95 % band."""
    columns = [t("sv_col_group", lang), t("sv_x_title", lang), t("sv_share_active", lang),
               t("ci_lower", lang), t("ci_upper", lang)]  # fmt: skip
    groups: dict[str, dict[str, Any]] = {}
    for tr in fig.data:
        if tr.type != "scatter" or not tr.legendgroup:
            continue
        g = groups.setdefault(tr.legendgroup, {})
        if tr.showlegend is False:
            g["lower" if tr.fill == "tonexty" else "upper"] = list(tr.y)
        else:
            g["name"], g["x"], g["y"] = tr.name, list(tr.x), list(tr.y)
    rows = []
    for g in groups.values():
        if "x" not in g:
            continue
        for i, x in enumerate(g["x"]):
            lower = g.get("lower", [])
            upper = g.get("upper", [])
            rows.append([g["name"], _num(x), _num(g["y"][i]),
                         _num(lower[i]) if i < len(lower) else None,
                         _num(upper[i]) if i < len(upper) else None])  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def heatmap_frame(fig: go.Figure, corner: str) -> pd.DataFrame:
    heat = [tr for tr in fig.data if tr.type == "heatmap"]
    if not heat:
        return pd.DataFrame(columns=[corner])
    tr = heat[0]
    rows = [[y, *[_num(v) for v in row]] for y, row in zip(tr.y, tr.z, strict=True)]
    return pd.DataFrame(rows, columns=[corner, *list(tr.x)])


def sankey_frame(fig: go.Figure, lang: str) -> pd.DataFrame:
    columns = [t("ex_from", lang), t("ex_to", lang), t("ex_amount", lang)]
    sankeys = [tr for tr in fig.data if tr.type == "sankey"]
    if not sankeys:
        return pd.DataFrame(columns=columns)
    tr = sankeys[0]
    labels = list(tr.node.label)
    link = tr.link
    rows = [
        [labels[s], labels[d], _num(v)] for s, d, v in zip(link.source, link.target, link.value, strict=True)
    ]
    return pd.DataFrame(rows, columns=columns)


def points_frame(fig: go.Figure, columns: list[str], with_trace: bool = False) -> pd.DataFrame:
    """Marker scatter: one row per point: (trace name,) label (customdata[0]), x, y."""
    rows = []
    for tr in _shown(fig):
        if tr.type != "scatter":
            continue
        for cd, x, y in zip(tr.customdata, tr.x, tr.y, strict=True):
            rows.append(([tr.name] if with_trace else []) + [cd[0], _num(x), _num(y)])
    return pd.DataFrame(rows, columns=columns)


# -- summaries --------------------------------------------------------------------------------------


def frame_summary(
    title: str,
    frame: pd.DataFrame,
    lang: str,
    text: Callable[[Any], str] | None = None,
    columns: list[str] | None = None,
) -> str:
    """'Titel: 6 rijen. Hoogste waarde: € 12.000 (Groen, Fonds A).' — short, for everyone.

    The highest value is looked for in `columns` (default: all but the first), all shown with `text`;
    `columns=[]` gives only the row count.
    """
    if frame.empty:
        return f"{title}: {t('no_data', lang)}"
    parts = [t("summary_rows", lang).format(title=title, n=len(frame))]
    best: tuple[float, str, str] | None = None
    for col in frame.columns[1:] if columns is None else columns:
        for label, v in zip(frame[frame.columns[0]], frame[col], strict=True):
            if isinstance(v, float) and v == v and (best is None or v > best[0]):
                best = (v, str(label), str(col))
    if best is not None:
        value = (text or fmt.auto_number)(best[0])
        where = best[1] if len(frame.columns) == 2 else f"{best[1]}, {best[2]}"
        parts.append(t("summary_highest", lang).format(value=value, where=where))
    return " ".join(parts)


# -- metadata ---------------------------------------------------------------------------------------


def _meta(repo: Repository, lang: str, title: str, selection: str, entities: tuple[str, ...],
          gemeente: str | None = None, country: bool = False) -> ExportMeta:  # fmt: skip
    """Export metadata; the sources are the batches with rows about `gemeente` (all without one)."""
    dataset = repo.dataset()
    sources = repo.sources(entities, gemeente, country)
    protection = overview.protection_of(repo)
    note = protection_note(protection, lang)
    return ExportMeta(title=title, selection=selection, source=source_text(sources, lang),
                      data_date=data_date_text(dataset, lang), fictional=bool(dataset.get("is_fictional")),
                      protection=note, lang=lang)  # fmt: skip


def _chart(repo: Repository, name: str, lang: str, title: str, selection: str, entities: tuple[str, ...],
           figure: go.Figure, frame: pd.DataFrame, summary: str = "",
           formatters: Mapping[str, Callable[[Any], str]] | None = None, gemeente: str | None = None,
           country: bool = False) -> Chart:  # fmt: skip
    data = ChartData(name, _meta(repo, lang, title, selection, entities, gemeente, country), frame)
    data.extra["formatters"] = dict(formatters or {})
    data.summary = summary or frame_summary(title, frame, lang, next(iter((formatters or {}).values()), None))
    data.summary = data.summary if summary != "-" else frame_summary(title, frame, lang, columns=[])
    sources = repo.sources(entities, gemeente, country)
    return Chart(
        name=name,
        figure=figure,
        data=data,
        footnote=footnote_text(sources, repo.dataset(), lang, selection),
        sources=source_lines(sources, lang),
    )


# -- pages ------------------------------------------------------------------------------------------


def profile_charts(repo: Repository, query: Mapping[str, Any]) -> dict[str, Chart]:
    """The Buurtprofiel's trend chart for a query (?gemeente=..&buurt=..|wijk=..&cijfer=..&lang=..)."""
    filters = Filters.from_query(query)
    out = profile_view.render(repo, filters, profile_view.stat_param(query))
    f = out["filters"]
    lang = f.lang
    names = repo.area_names().set_index("code")
    code = profile_view.selected_code(f)
    area = names.at[code, "name"] if code in names.index else fmt.DASH
    if code in names.index and not pd.isna(names.at[code, "gemeente_name"]):
        area = f"{area} · {names.at[code, 'gemeente_name']}"
    fig = out["trend"]
    stat = out["stat"]
    defs = repo.stat_defs().set_index("code")
    stat_label = profile_view.stat_name(defs.loc[stat], lang) if stat in defs.index else t("statistic", lang)
    unit = defs.at[stat, "unit"] if stat in defs.index else None
    frame = category_frame(fig, t("year", lang), stat_label)
    formatters = {c: (lambda v, u=unit: profile_view.stat_text(v, u)) for c in frame.columns[1:]}
    title = f"{t('profile_trend', lang)}: {stat_label}"
    chart = _chart(repo, "trend", lang, title, area, PROFILE_ENTITIES, fig, frame, out["summary"], formatters,
                   gemeente=f.gemeente, country=True)  # fmt: skip
    return {"trend": chart}


def need_charts(repo: Repository, query: Mapping[str, Any]) -> dict[str, Chart]:
    """Behoefte en aanbod: the bivariate map and the need/coverage quadrant chart."""
    state = need_view.NeedState.from_query(query)
    out = need_view.render(repo, state, None)
    f = overview.resolve(repo, state.filters)
    lang = f.lang
    selection = overview.selection_text(repo, f)
    labels = need_view._labels(lang, state.coverage)
    coverage = t(f"coverage_{state.coverage}", lang)
    df = out.get("frame", pd.DataFrame())
    # The map: one row per buurt of the geometry, in the map's order, with the class it is coloured by.
    fig_map = out["map"]
    cols = [
        t("col_buurt_code", lang),
        t("buurt", lang),
        t("need_index", lang),
        coverage,
        t("need_class", lang),
    ]
    rows = []
    classes = [tr for tr in getattr(fig_map, "data", []) if tr.type == "choroplethmap"]
    if len(classes) == 2:
        tr = classes[1]
        for code, cd, z in zip(tr.locations, tr.customdata, tr.z, strict=True):
            r = df.loc[code] if code in df.index else None
            has = z is not None and r is not None
            rows.append([code, cd[0], _num(r["need"]) if has else None, _num(r["coverage"]) if has else None,
                         class_text(z, lang) if z is not None else None])  # fmt: skip
    map_frame = pd.DataFrame(rows, columns=cols)
    if classes:  # the slide and the PNG carry the page's 3 × 3 key and what the index is made of
        defs = repo.stat_defs().set_index("code")
        fig_map = need_view.map_with_legend(
            fig_map, df.reset_index() if "bivariate" in df else df, state, defs, lang
        )
    charts = {
        "kaart": _chart(repo, "kaart", lang, t("need_map_title", lang), selection, NEED_ENTITIES, fig_map,
                        map_frame, out["map_summary"],
                        {cols[2]: lambda v: fmt.number(v, 2), cols[3]: lambda v: fmt.number(v, 1)},
                        gemeente=f.gemeente),
    }  # fmt: skip
    fig_q = out["scatter"]
    q_cols = [t("buurt", lang), labels["need_axis"], labels["coverage_axis"]]
    q_frame = points_frame(fig_q, q_cols)
    charts["kwadrant"] = _chart(repo, "kwadrant", lang, t("need_scatter_title", lang), selection, NEED_ENTITIES,
                                fig_q, q_frame, out["scatter_summary"],
                                {q_cols[1]: lambda v: fmt.number(v, 2), q_cols[2]: lambda v: fmt.number(v, 1)},
                                gemeente=f.gemeente)  # fmt: skip
    return charts


def class_text(bivariate: Any, lang: str) -> str:
    """Bivariate class 0..8 as 'behoefte hoog, dekking laag' (the legend's words)."""
    level = (t("low", lang), t("middle", lang), t("high", lang))
    b = int(bivariate)
    return f"{t('need', lang)} {level[b // 3]}, {t('coverage', lang)} {level[b % 3]}".lower()


def portfolio_charts(repo: Repository, query: Mapping[str, Any]) -> dict[str, Chart]:
    """Portefeuilles: money per theme, wijk and year, cost per outcome, overlap, risk and the flows."""
    out = portfolio_view.render(repo, portfolio_view.PortfolioState.from_query(dict(query)))
    state = out["state"]
    lang = state.lang
    funders = repo.all_funders()
    names = dict(zip(funders["code"], funders["name"], strict=True))
    period = fmt.period_label(*state.filters.period) if state.filters.period else ""
    selection = " · ".join(
        x for x in (overview.selection_text(repo, state.filters.with_(funders=(), year_from=None, year_to=None)),
                    ", ".join(names.get(c, c) for c in state.filters.funders), period) if x
    )  # fmt: skip
    entities = ENTITIES["portfolio"]
    money = t("pf_money_axis", lang)
    charts = {}
    for name in PAGE_CHARTS["portfolio"]:
        fig = out[PORTFOLIO_OUTPUT[name]]
        title = t(PORTFOLIO_TITLES[name], lang)
        formatters: dict[str, Callable[[Any], str]] = {}
        if name in ("thema", "wijk", "jaar"):
            category = {"thema": t("pf_theme", lang), "wijk": t("wijk", lang), "jaar": t("pf_year", lang)}[
                name
            ]
            frame = category_frame(fig, category, money)
            formatters = {c: fmt.euro for c in frame.columns[1:]}
        elif name == "kosten":
            frame = category_frame(fig, t("pf_funder", lang), _axis_title(fig, "yaxis") or money)
            formatters = {c: fmt.euro for c in frame.columns[1:]}
        elif name == "overlap":
            frame = heatmap_frame(fig, f"{t('pf_funder', lang)} × {t('pf_cofunder', lang)}")
        elif name == "risico":
            frame = risk_frame(fig, lang)
            formatters = {frame.columns[2]: lambda v: fmt.percent(v, 0)}
            if not _by_direction(fig):
                formatters[frame.columns[3]] = lambda v: fmt.number(v, 1)
        else:
            frame = sankey_frame(fig, lang)
            formatters = {frame.columns[2]: fmt.euro}
        summary = ""
        if name == "overlap":
            summary = "-"  # the largest cell is a funder's own grantees (the diagonal): only the size
        elif name == "risico":
            share, trend = frame.columns[2], frame.columns[3]
            fell = frame[trend] == t("pf_fell", lang) if _by_direction(fig) else frame[trend] < 0
            zone = frame[(frame[share] >= pf.RISK_SHARE) & fell]
            summary = (
                frame_summary(title, frame, lang, columns=[])
                + " "
                + t("summary_risk", lang).format(n=len(zone), share=fmt.percent(pf.RISK_SHARE, 0))
            )
        elif name == "stromen" and not frame.empty:
            top = frame.loc[frame[frame.columns[2]].astype(float).idxmax()]
            summary = (
                frame_summary(title, frame, lang, columns=[])
                + " "
                + t("summary_highest", lang).format(
                    value=fmt.euro(top.iloc[2]), where=f"{top.iloc[0]} → {top.iloc[1]}"
                )
            )
        charts[name] = _chart(repo, name, lang, title, selection, entities, fig, frame, summary, formatters)
    return charts


def _by_direction(fig: go.Figure) -> bool:
    """The risk chart in public mode: its vertical axis is the direction (daalt/gelijk/stijgt), no numbers."""
    return fig.layout.yaxis.tickvals is not None


def risk_frame(fig: go.Figure, lang: str) -> pd.DataFrame:
    """The risk chart's points: funder, initiative, share, and the volunteer change in % (internal) or, in
    public mode, only its direction as text ('daalt'), as the hover shows it."""
    by_direction = _by_direction(fig)
    trend = t("pf_direction_axis" if by_direction else "pf_trend_axis", lang)
    columns = [t("pf_funder", lang), t("pf_col_initiative", lang), t("pf_share_axis", lang), trend]
    frame = points_frame(fig, columns, with_trace=True)
    if by_direction:
        texts = [cd[2] for tr in _shown(fig) if tr.type == "scatter" for cd in tr.customdata]
        frame[trend] = pd.Series(texts, index=frame.index, dtype=object)
    return frame


def _axis_title(fig: go.Figure, axis: str) -> str:
    title = getattr(getattr(fig.layout, axis), "title", None)
    return (getattr(title, "text", None) or "") if title is not None else ""


def survival_charts(repo: Repository, query: Mapping[str, Any]) -> dict[str, Chart]:
    """Overleving: the Kaplan–Meier curves, with the stopped rule and grouping in the selection."""
    state = survival_view.resolve(repo, survival_view.SurvivalState.from_query(dict(query)))
    out = survival_view.render(repo, state)
    lang = state.lang
    selection = " · ".join(x for x in (
        overview.selection_text(repo, state.filters),
        f"{t('sv_group_by', lang)}: {t('sv_group_' + state.group, lang)}",
        out["rule"],
    ) if x)  # fmt: skip
    fig = out["figure"]
    frame = km_frame(fig, lang)
    percent = {c: (lambda v: fmt.percent(v, 1)) for c in frame.columns[2:]}
    formatters = {frame.columns[1]: lambda v: fmt.number(v, 2)} | percent
    title = t("sv_chart_title", lang)
    summary = survival_summary(frame, title, lang)
    chart = _chart(
        repo,
        "overleving",
        lang,
        title,
        selection,
        ENTITIES["survival"],
        fig,
        frame,
        summary,
        formatters,
        gemeente=state.filters.gemeente,
    )
    return {"overleving": chart}


def survival_summary(frame: pd.DataFrame, title: str, lang: str) -> str:
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


BUILDERS: dict[str, Callable[[Repository, Mapping[str, Any]], dict[str, Chart]]] = {
    "profile": profile_charts,
    "need": need_charts,
    "portfolio": portfolio_charts,
    "survival": survival_charts,
}


# -- tables (CSV and Excel downloads, no PNG and no slide) ------------------------------------------

PAGE_TABLES: dict[str, tuple[str, ...]] = {
    "profile": ("cijfers", "initiatieven", "uitkomsten"),
    "need": ("tekorten",),
    "portfolio": ("vergelijking", "risicotabel"),
    "survival": ("at-risk", "samenvatting"),
}


def need_tables(repo: Repository, query: Mapping[str, Any]) -> dict[str, ChartData]:
    """The high-need, low-coverage buurten, as the table under the map shows them (numbers as numbers)."""
    state = need_view.NeedState.from_query(query)
    out = need_view.render(repo, state, None)
    f = overview.resolve(repo, state.filters)
    lang = f.lang
    defs = repo.stat_defs().set_index("code")
    stats = [*state.higher, *state.lower]
    label = overview.protection_of(repo).label
    columns = [t("col_buurt_code", lang), t("buurt", lang), t("wijk", lang), t("need_index", lang),
               t(f"coverage_{state.coverage}", lang), t("residents", lang), t("col_initiatives", lang),
               t("col_participants", lang)]  # fmt: skip
    columns += [profile_view.stat_name(defs.loc[s], lang) if s in defs.index else s for s in stats]
    rows = []
    df = out.get("frame")
    gaps = need_view.gap_rows(df) if df is not None else pd.DataFrame()
    for code, r in gaps.iterrows():
        hidden = bool(r.get("suppressed", False))
        rows.append([code, r["buurt_name"], r["wijk_name"], _num(r["need"]), _num(r["coverage"]),
                     _num(r["residents"]), _num(r["initiatives"]),
                     label if hidden else _num(r["participants"]),
                     *[_num(r[f"stat:{s}"]) for s in stats]])  # fmt: skip
    title = t("need_gaps_title", lang)
    data = ChartData("tekorten", _meta(repo, lang, title, overview.selection_text(repo, f), NEED_ENTITIES, f.gemeente),
                     pd.DataFrame(rows, columns=columns))  # fmt: skip
    return {"tekorten": data}


def portfolio_tables(repo: Repository, query: Mapping[str, Any]) -> dict[str, ChartData]:
    """The side-by-side comparison (as on the page) and the grantees at risk (numbers as numbers)."""
    state = portfolio_view.resolve(repo, portfolio_view.PortfolioState.from_query(dict(query)))
    lang = state.lang
    data = portfolio_view.load(repo, state)
    outcome_name, _ = portfolio_view.indicator_label(repo, state.outcome, lang)
    dep = portfolio_view.dependency_of(data)  # public mode: directions only, no counts per initiative
    names, rows = portfolio_view.summary_rows(data, outcome_name, lang, dep)
    period = fmt.period_label(*state.filters.period) if state.filters.period else ""
    selection = " · ".join(x for x in (", ".join(names), period) if x)
    entities = ENTITIES["portfolio"]
    gemeente = state.filters.gemeente
    compare = pd.DataFrame(rows, columns=[t("pf_measure", lang), *names])
    at_risk = dep[dep["at_risk"]].sort_values(
        ["share", "trend"], ascending=[False, True], na_position="first"
    )
    by_direction = portfolio_view.directions_only(dep)
    risk_cols = [t("pf_col_initiative", lang), t("pf_funder", lang), t("pf_col_share", lang),
                 t("pf_col_income", lang), t("pf_direction_axis" if by_direction else "pf_volunteer_trend", lang)]  # fmt: skip
    risk = pd.DataFrame(
        [[r.name, data.funder_names.get(r.funder_code, r.funder_code), _num(r.share), _num(r.income),
          portfolio_view.trend_text(r, lang) if by_direction else (None if pd.isna(r.trend) else _num(r.trend * 100))]
         for r in at_risk.itertuples(index=False)],
        columns=risk_cols,
    )  # fmt: skip
    return {
        "vergelijking": ChartData(
            "vergelijking",
            _meta(repo, lang, t("pf_summary_title", lang), selection, entities, gemeente),
            compare,
        ),
        "risicotabel": ChartData(
            "risicotabel", _meta(repo, lang, t("pf_risk_table", lang), selection, entities, gemeente), risk
        ),
    }


def survival_tables(repo: Repository, query: Mapping[str, Any]) -> dict[str, ChartData]:
    """Number at risk per whole year and the per-group summary (initiatives, stopped, median, 3 years)."""
    state = survival_view.resolve(repo, survival_view.SurvivalState.from_query(dict(query)))
    lang = state.lang
    _, curves, _, data_date = survival_view.compute(repo, state)
    labels = survival_view.group_labels(repo, state.group, state.filters.gemeente, lang)
    selection = " · ".join(x for x in (
        overview.selection_text(repo, state.filters),
        f"{t('sv_group_by', lang)}: {t('sv_group_' + state.group, lang)}",
        survival_view.rule_text(state.rule, data_date, lang),
    ) if x)  # fmt: skip
    times, rows = survival_view.at_risk_rows(curves, labels)
    at_risk = pd.DataFrame(rows, columns=[t("sv_at_risk_group", lang), *[str(y) for y in times]])
    summary = pd.DataFrame(
        [[c.key and labels.get(c.key, c.key), c.n, c.events,
          None if c.median is None or c.median != c.median or c.median == float("inf") else float(c.median),
          _num(c.at_horizon), *(list(c.at_horizon_ci) if c.at_horizon_ci else [None, None])] for c in curves],
        columns=[t("sv_col_group", lang), t("sv_col_n", lang), t("sv_col_stopped", lang),
                 t("sv_col_median", lang) + f" ({t('sv_years', lang)})", t("sv_col_horizon", lang),
                 t("ci_lower", lang), t("ci_upper", lang)],
    )  # fmt: skip
    entities = ENTITIES["survival"]
    return {
        "at-risk": ChartData("at-risk", _meta(repo, lang, t("sv_at_risk_title", lang), selection, entities, state.filters.gemeente), at_risk),
        "samenvatting": ChartData(
            "samenvatting", _meta(repo, lang, t("sv_summary_title", lang), selection, entities, state.filters.gemeente), summary
        ),
    }  # fmt: skip


def profile_tables(repo: Repository, query: Mapping[str, Any]) -> dict[str, ChartData]:
    """The profile's statistics (latest year of the area, with its wijk, gemeente and country in that same
    year, as the table on the page) and its initiatives, numbers as numbers, hidden counts as '< k'."""
    f = profile_view.resolve_area(repo, Filters.from_query(query))
    lang = f.lang
    code = profile_view.selected_code(f)
    names = repo.area_names().set_index("code")
    if code is None or code not in names.index:
        empty = ChartData("cijfers", _meta(repo, lang, t("profile_stats", lang), fmt.DASH, PROFILE_ENTITIES),
                          pd.DataFrame())  # fmt: skip
        return {"cijfers": empty, "initiatieven": empty, "uitkomsten": empty}
    selection = f"{names.at[code, 'name']} · {names.at[code, 'gemeente_name']}"
    codes = [code, f.gemeente] + (["WK" + code[2:8]] if f.buurt else [])
    stats = repo.area_stats(codes)
    areas = [(code, names.at[code, "name"])]
    if f.buurt and "WK" + code[2:8] in names.index:
        areas.append(("WK" + code[2:8], names.at["WK" + code[2:8], "name"]))
    areas.append((f.gemeente, names.at[f.gemeente, "name"] if f.gemeente in names.index else f.gemeente))
    national = sorted(c for c in stats["area_code"].unique() if str(c).startswith("NL"))
    areas += [(c, t("country", lang)) for c in national[:1]]
    label = overview.protection_of(repo).label
    rows = []
    for _stat, row, year, cells in profile_view.stat_cells(stats, code, [area for area, _ in areas]):
        values = [label if hidden else (None if value is None else _num(value)) for value, hidden in cells]
        rows.append([profile_view.stat_name(row, lang), row["unit"], year, *values])
    columns = [t("statistic", lang), t("unit", lang), t("year", lang), *[n for _, n in areas]]
    stats_frame = pd.DataFrame(rows, columns=columns)
    parent = overview.resolve(repo, f)
    period = parent.period or (profile_view.MAX_YEAR, profile_view.MAX_YEAR)
    df = repo.area_initiatives(f, period)
    en = lang == "en"
    init_rows = [
        [r.name, r.organisation_name or None, (r.themes_en if en else r.themes_nl) or None,
         (r.status_en if en else r.status_nl) or None, _plain_date(r.start_date), _plain_date(r.end_date),
         t("yes", lang) if r.active else t("no", lang)]
        for r in df.itertuples(index=False)
    ]  # fmt: skip
    init_cols = [t(k, lang) for k in ("col_name", "col_organisation", "col_themes", "col_status", "col_start",
                                      "col_end")] + [t("active_in", lang).format(year=period[1] if parent.period else "")]  # fmt: skip
    entities = ("gebieden", "gebiedscijfers", "initiatieven")
    outcomes = repo.area_outcomes(f)
    years = sorted(int(y) for y in outcomes["year"].unique()) if not outcomes.empty else []
    out_rows = []
    for _, part in outcomes.groupby("indicator_code", sort=False) if not outcomes.empty else []:
        first = part.iloc[0]
        by_year = {int(r.year): r for r in part.itertuples(index=False)}
        cells = [first["name_en"] if en else first["name_nl"], first["unit"], first["toc_level"]]
        for year in years:
            r = by_year.get(year)
            cells.append(None if r is None else (label if r.suppressed else _num(r.value)))
        out_rows.append(cells)
    out_cols = [t("indicator", lang), t("unit", lang), t("toc_level", lang), *[str(y) for y in years]]
    outcome_entities = ("gebieden", "initiatieven", "indicatoren", "waarnemingen")
    return {
        "uitkomsten": ChartData("uitkomsten", _meta(repo, lang, t("profile_outcomes", lang), selection,
                                                    outcome_entities, f.gemeente),
                                pd.DataFrame(out_rows, columns=out_cols)),
        "cijfers": ChartData("cijfers", _meta(repo, lang, t("profile_stats", lang), selection, PROFILE_ENTITIES,
                                              f.gemeente, country=True), stats_frame),
        "initiatieven": ChartData("initiatieven", _meta(repo, lang, t("profile_initiatives", lang), selection,
                                                        entities, f.gemeente),
                                  pd.DataFrame(init_rows, columns=init_cols)),
    }  # fmt: skip


def _plain_date(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


TABLE_BUILDERS: dict[str, Callable[[Repository, Mapping[str, Any]], dict[str, ChartData]]] = {
    "profile": profile_tables,
    "need": need_tables,
    "portfolio": portfolio_tables,
    "survival": survival_tables,
}
