"""The portfolio page's content: page state, data for the chosen funders, and every figure and table."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import numpy as np
import pandas as pd
from dash import html

from dashboard import figure_text, figures
from dashboard import formatting as fmt
from dashboard import portfolio as pf
from dashboard import protection as prot
from dashboard.components.footnote import footnote
from dashboard.filters import CODE_RE, Filters
from dashboard.i18n import column, t
from dashboard.repository import ENTITIES, Repository

# One colour per compared funder (dark enough for 3:1 against white, distinguishable for colour blindness).
COLOURS = ["#0b4f8a", "#b8440f", "#00735a", "#a1367f", "#4d4d4d", "#7a5a00"]
MAX_FUNDERS = 6
REACH = "deelnemers"
OUTCOME_RE = re.compile(CODE_RE.pattern)


@dataclass(frozen=True)
class PortfolioState:
    """What the portfolio page shows: funders (URL 'financier'), gemeente, period, outcome indicator."""

    filters: Filters
    outcome: str | None = None

    @classmethod
    def from_query(cls, query: dict[str, Any] | None) -> PortfolioState:
        q = query or {}
        keys = ("gemeente", "financier", "funders", "van", "tot", "year_from", "year_to", "lang")
        filters = Filters.from_query({k: q[k] for k in keys if k in q})
        outcome = q.get("uitkomst")
        outcome = outcome[0] if isinstance(outcome, (list, tuple)) and outcome else outcome
        ok = isinstance(outcome, str) and OUTCOME_RE.fullmatch(outcome)
        return cls(filters=filters, outcome=outcome if ok else None)

    @property
    def lang(self) -> str:
        return self.filters.lang

    def to_search(self) -> str:
        query = self.filters.to_query()
        if self.outcome:
            query["uitkomst"] = self.outcome
        return "?" + urlencode(query, safe=",") if query else ""


def default_funders(funders: pd.DataFrame) -> tuple[str, ...]:
    """Without a choice: the largest municipal funder and the largest fund (else the two largest funders)."""
    picks = []
    for kind in ("gemeente", "fonds"):
        match = funders[funders["funder_type"] == kind]
        if not match.empty:
            picks.append(match["code"].iloc[0])
    if len(picks) < 2:
        picks += [c for c in funders["code"] if c not in picks][: 2 - len(picks)]
    return tuple(picks)


def nav_filters(repo: Repository, filters: Filters) -> Filters:
    """The selection other pages get: known funders only, and none when they are just the default
    comparison (a default should not become a funder filter on the other pages)."""
    funders = repo.all_funders()
    chosen = tuple(c for c in filters.funders if c in set(funders["code"]))
    return filters.with_(funders=() if chosen == default_funders(funders) else chosen)


def resolve(repo: Repository, state: PortfolioState) -> PortfolioState:
    """Allow-list the funders against v_funder and the outcome against the flow indicators; fill defaults."""
    f = state.filters
    changes: dict[str, Any] = {}
    if f.gemeente is None:
        gemeenten = repo.gemeenten()
        if not gemeenten.empty:
            changes["gemeente"] = gemeenten["code"].iloc[0]
    funders = repo.all_funders()
    known = set(funders["code"])
    chosen = tuple(c for c in f.funders if c in known)[:MAX_FUNDERS]
    changes["funders"] = chosen or default_funders(funders)
    if f.year_from is None or f.year_to is None:
        years = repo.year_range()
        first, last = years.get("first_year"), years.get("last_year")
        if f.period is not None:
            changes["year_from"], changes["year_to"] = f.period
        elif first and last:
            changes["year_from"], changes["year_to"] = first, last
    outcomes = repo.outcome_indicators()
    codes = outcomes["code"].tolist()
    outcome = state.outcome if state.outcome in codes else (codes[0] if codes else None)
    return replace(state, filters=f.with_(**changes), outcome=outcome)


# -- data -------------------------------------------------------------------------------------------


@dataclass
class PortfolioData:
    state: PortfolioState
    flows: pd.DataFrame
    grantees: pd.DataFrame
    overlap: pd.DataFrame
    recent_period: tuple[int, int] | None  # the last RECENT_YEARS years of the period (dependency); None
    # without a period (no dated grants, initiatives or observations): not the last years of 1990-2100
    # per indicator (reach and the chosen outcome): attributed outcome and cost, protected (`suppressed`)
    outcomes: dict[str, pd.DataFrame] = field(default_factory=dict)
    dependency: pd.DataFrame = field(default_factory=pd.DataFrame)  # public mode: directions only
    funder_names: dict[str, str] = field(default_factory=dict)
    funder_order: list[str] = field(default_factory=list)
    k: int = 10  # the protection threshold: a hidden count says '< k' (below it) or 'afgeschermd'


def attributed(data: PortfolioData, indicator: str) -> pd.DataFrame:
    """pf.attributed_outcomes for `indicator`, as the repository protected it (Repository.portfolio_outcomes)."""
    return data.outcomes[indicator].copy()


def dependency_of(data: PortfolioData) -> pd.DataFrame:
    """pf.dependency (at_risk from the real trend), as the repository protected it: in public mode only the
    direction of each grantee's volunteer count (Repository.portfolio_dependency)."""
    return data.dependency


def params(state: PortfolioState, period: tuple[int, int] | None = None) -> dict[str, Any]:
    start, end = period or state.filters.period or (1990, 2100)
    return {
        "funders": list(state.filters.funders),
        "gemeente": state.filters.gemeente,
        "start": date(start, 1, 1),
        "end": date(end, 12, 31),
    }


def load(repo: Repository, state: PortfolioState) -> PortfolioData:
    """Everything the page needs for a resolved state, from the portfolio queries."""
    p = params(state)
    period = state.filters.period
    recent_period = (max(period[0], period[1] - pf.RECENT_YEARS + 1), period[1]) if period else None
    indicators = [REACH] + ([state.outcome] if state.outcome and state.outcome != REACH else [])
    funders = repo.all_funders()
    return PortfolioData(
        state=state,
        flows=repo.portfolio("flows", p),
        grantees=repo.portfolio("grantees", p),
        overlap=repo.portfolio("overlap", p),
        recent_period=recent_period,
        outcomes=repo.portfolio_outcomes(p, indicators),
        dependency=repo.portfolio_dependency(params(state, recent_period)),
        funder_names=dict(zip(funders["code"], funders["name"], strict=True)),
        funder_order=funders["code"].tolist(),
        k=repo.protection.k,
    )


# -- labels -----------------------------------------------------------------------------------------


def _vocab(repo: Repository, name: str, lang: str) -> dict[str, str]:
    v = repo.vocabulary(name)
    return dict(zip(v["code"], v[column("label", lang)], strict=True))


def indicator_label(repo: Repository, code: str | None, lang: str) -> tuple[str, str]:
    ind = repo.indicators()
    row = ind[ind["code"] == code]
    if row.empty:
        return code or "", ""
    return row[column("name", lang)].iloc[0], fmt.unit(row["unit"].iloc[0])


# -- figures ----------------------------------------------------------------------------------------


def _colour(i: int) -> str:
    return COLOURS[i % len(COLOURS)]


def money_frame(
    table: pd.DataFrame, funders: list[str], names: dict[str, str], labels: dict, category: str, money: str,
    horizontal: bool = True,
) -> pd.DataFrame:  # fmt: skip
    """Money per category (rows, as the chart reads from the top: largest first, years in order) and funder
    (one column each, named): the frame money_bars draws."""
    if table.empty or float(table.to_numpy().sum()) == 0:
        return pd.DataFrame(columns=[category, money])
    order = table.sum(axis=1).sort_values().index[::-1] if horizontal else sorted(table.index)
    codes = [c for c in funders if c in table.columns]
    rows = [[labels.get(k, str(k)), *[float(table.at[k, c]) for c in codes]] for k in order]
    return pd.DataFrame(rows, columns=[category, *[names.get(c, c) for c in codes]])


def money_bars(frame: pd.DataFrame, note: str, lang: str, horizontal: bool = True) -> dict[str, Any]:
    """Grouped bars of money_frame, one colour per funder; the counting rule as a note under the chart
    (a figure dict, figures.styled)."""
    if frame.empty:
        return figures.blank(t("no_data", lang))
    axis_title, funders = frame.columns[0], list(frame.columns[1:])
    # plotly draws a horizontal chart's first category at the bottom: the frame reads from the top
    rows = frame.iloc[::-1] if horizontal else frame
    cats = rows[axis_title].tolist()
    cat_key, value_key = ("y", "x") if horizontal else ("x", "y")
    traces = []
    for i, name in enumerate(funders):
        values = rows[name].tolist()
        trace = {
            "type": "bar",
            cat_key: cats,
            value_key: values,
            "name": name,
            "marker": {"color": _colour(i)},
            "customdata": [fmt.euro(v) for v in values],
            "hovertemplate": f"{figure_text.text(name)}<br>%{{{cat_key}}}: %{{customdata}}<extra></extra>",
        }
        if horizontal:
            trace["orientation"] = "h"
        traces.append(trace)
    height = max(360, 28 * len(cats) * (1 + 0.25 * len(funders)) + 140) if horizontal else 380
    money_axis = {
        "automargin": not horizontal,  # the money axis: at the bottom (note below it) or on the left
        "title": {"text": t("pf_money_axis", lang)},
        "gridcolor": figures.GRID,
        "tickprefix": "€ ",
        "separatethousands": True,
    }
    cat_axis = {"title": {"text": axis_title, "standoff": 8}, "automargin": horizontal, "type": "category"}
    layout = figures.styled(int(height))
    layout |= {
        "xaxis": money_axis if horizontal else cat_axis,
        "yaxis": cat_axis if horizontal else money_axis,
        "barmode": "group",
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    }
    layout["margin"]["t"] = 40
    figures.note_below(layout, note, width=60 if horizontal else 80)
    return {"data": traces, "layout": layout}


def cost_rows(cost: pd.DataFrame, funders: list[str]) -> pd.DataFrame:
    """pf.attributed_outcomes by funder code, in the funders' order, only where there is a cost."""
    rows = cost.set_index("funder_code").reindex([c for c in funders if c in set(cost["funder_code"])])
    return rows[rows["cost"].notna()]


def cost_figure(
    rows: pd.DataFrame, funders: list[str], names: dict[str, str], unit_label: str, rule: str, lang: str
) -> dict[str, Any]:
    """€ per unit of outcome per funder (cost_rows), with the counting rule on the chart (a figure dict)."""
    if rows.empty:
        return figures.blank(t("pf_no_outcome", lang))
    traces = []
    for i, (code, r) in enumerate(rows.iterrows()):
        name = names.get(code, code)
        detail = t("pf_cost_hover", lang).format(
            money=fmt.euro(r["money"]), outcome=fmt.auto_number(r["outcome"]), n=int(r["reporting"])
        )
        cost = fmt.euro(r["cost"])
        traces.append({
            "type": "bar", "orientation": "h", "y": [name], "x": [float(r["cost"])], "name": name,
            "marker": {"color": _colour(funders.index(code) if code in funders else i)},
            "text": [cost], "textposition": "outside", "cliponaxis": False, "customdata": [[cost, detail]],
            "hovertemplate": "%{y}<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        })  # fmt: skip
    # funders down the side: their names can be long, and across the bottom they would have to be turned
    layout = figures.styled(max(300, 56 * len(traces) + 210)) | {
        "xaxis": {"title": {"text": unit_label}, "gridcolor": figures.GRID, "tickprefix": "€ ",
                  "separatethousands": True, "rangemode": "tozero"},
        "yaxis": {"title": {"text": t("pf_funder", lang)}, "type": "category", "autorange": "reversed"},
        "showlegend": False,
    }  # fmt: skip
    layout["margin"] |= {"t": 16, "r": 90}  # the amounts are written after the bars
    figures.note_below(layout, rule)
    return {"data": traces, "layout": layout}


def overlap_figure(matrix: pd.DataFrame, names: dict[str, str], lang: str) -> dict[str, Any]:
    """Heatmap of shared grantees (counts written in the cells); the diagonal is each funder's own grantees
    (a figure dict)."""
    if matrix.empty:
        return figures.blank(t("no_data", lang))
    x = [names.get(c, c) for c in matrix.columns]
    y = [names.get(c, c) for c in matrix.index]
    z = matrix.to_numpy().tolist()
    heat = {
        "type": "heatmap", "z": z, "x": x, "y": y, "text": [[str(v) for v in row] for row in z],
        "texttemplate": "%{text}", "colorscale": figures.BLUES, "colorbar": {"title": {"text": t("pf_shared", lang)}},
        "hovertemplate": "%{y} × %{x}<br>" + t("pf_shared", lang) + ": %{z}<extra></extra>", "xgap": 2, "ygap": 2,
    }  # fmt: skip
    layout = figures.styled(max(320, 60 * len(y) + 280)) | {
        "xaxis": {"title": {"text": t("pf_cofunder", lang)}, "tickangle": -30, "automargin": True, "type": "category"},
        "yaxis": {"title": {"text": t("pf_funder", lang)}, "automargin": True, "autorange": "reversed",
                  "type": "category"},
    }  # fmt: skip
    layout["margin"] |= {"t": 16, "b": 40}
    return {"data": [heat], "layout": layout}


def directions_only(dep: pd.DataFrame) -> bool:
    """Whether `dep` went through prot.direction_only (public mode): the risk chart then plots directions."""
    return "direction" in dep and "before_suppressed" in dep and bool(dep["trend"].isna().all())


def risk_figure(
    dep: pd.DataFrame, funders: list[str], names: dict[str, str], rule: str, lang: str
) -> dict[str, Any]:
    """Each grantee: share of its income from the funder against its volunteer trend; the risk zone shaded
    (a figure dict).

    In public mode (only directions, prot.direction_only) the vertical axis is the direction: daalt, gelijk,
    stijgt, with the risk zone on 'daalt'.
    """
    d = dep[dep["active"] & (dep["funder_type"] != pf.OWN_REVENUE)]
    if d.empty:
        return figures.blank(t("no_data", lang))
    by_direction = directions_only(d)
    if by_direction:  # public mode: the direction only; unknown counts as at risk, drawn open in the zone
        y, rows, agrees = d["direction"].astype(float).fillna(-1.3), None, d["direction"].notna()
    else:
        y, rows, agrees = risk_positions(d)
    y0, y1 = (-1.5, -0.5) if by_direction else (rows["low"] - 10, 0)
    shapes = [{
        "type": "rect", "x0": pf.RISK_SHARE, "x1": 1.02, "y0": y0, "y1": y1, "xref": "x", "yref": "y",
        "layer": "below", "fillcolor": "rgba(166,54,3,0.08)", "line": {"width": 0},
    }]  # fmt: skip
    symbols = ["circle", "square", "diamond", "triangle-up", "x", "cross"]
    traces = []
    trend_label = t("pf_volunteer_trend", lang)
    for i, code in enumerate(funders):
        mine = (d["funder_code"] == code).to_numpy()
        if not mine.any():
            continue
        part = d[mine]
        name = names.get(code, code)
        open_ = ~agrees.to_numpy()[mine]  # no number or direction to show: drawn open, in a row of its own
        traces.append({
            "type": "scatter", "x": part["share"].tolist(), "y": y[mine].tolist(), "mode": "markers", "name": name,
            "marker": {"color": _colour(i), "size": 9, "line": {"width": 1.5, "color": _colour(i)},
                       "symbol": [symbols[i % 6] + ("-open" if o else "") for o in open_]},
            "customdata": [[r.name, fmt.percent(r.share, 0), trend_text(r, lang)] for r in part.itertuples(index=False)],
            "hovertemplate": "%{customdata[0]}<br>" + figure_text.text(name) + ": %{customdata[1]}<br>"
            + trend_label + ": %{customdata[2]}<extra></extra>",
        })  # fmt: skip
    annotations = []
    for key, row in (rows or {}).items():
        if key in ("low", "high") and ((y == row) & ~agrees).any():
            middle = (row + (-100 if key == "low" else rows["top"])) / 2
            shapes.append({"type": "line", "x0": 0, "x1": 1, "xref": "x domain", "y0": middle, "y1": middle,
                           "yref": "y", "line": {"color": "#adb5bd", "width": 1, "dash": "dot"}})  # fmt: skip
            annotations.append({"text": t(f"pf_risk_row_{key}", lang), "x": 1.02, "y": row, "xref": "x", "yref": "y",
                                "xanchor": "right", "yanchor": "bottom", "yshift": 6, "showarrow": False,
                                "font": {"size": 11, "color": "#495057"}})  # fmt: skip
    xaxis = {"title": {"text": t("pf_share_axis", lang)}, "tickformat": ".0%", "range": [0, 1.02],
             "gridcolor": figures.GRID, "automargin": False}  # fmt: skip
    if by_direction:
        yaxis = {
            "title": {"text": t("pf_direction_axis", lang)}, "tickvals": [-1, 0, 1], "range": [-1.6, 1.6],
            "gridcolor": figures.GRID, "ticktext": [t("pf_fell", lang), t("pf_same", lang), t("pf_rose", lang)],
            "zeroline": False,
        }  # fmt: skip
    else:
        yaxis = {"title": {"text": t("pf_trend_axis", lang)}, "ticksuffix": "%", "gridcolor": figures.GRID,
                 "zerolinecolor": "#adb5bd", "range": [rows["low"] - 12, rows["high"] + 12]}  # fmt: skip
    layout = figures.styled(420) | {
        "shapes": shapes, "annotations": annotations, "xaxis": xaxis, "yaxis": yaxis,
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    }  # fmt: skip
    layout["margin"]["t"] = 40
    note = t("pf_risk_zone_note", lang).format(share=fmt.percent(pf.RISK_SHARE, 0))
    figures.note_below(
        layout, note + (" " + t("pf_risk_direction_note", lang) if by_direction else ""), width=150
    )
    return {"data": traces, "layout": layout}


def risk_positions(d: pd.DataFrame) -> tuple[pd.Series, dict[str, float], pd.Series]:
    """Where each grantee sits on the risk chart's vertical axis, so the risk zone holds exactly the grantees
    pf.dependency counts as at risk (the table's rows): (y, the rows' heights, whether a % is shown).

    The volunteer trend in % where it is shown and agrees with the real direction. Without such a number
    (not reported, protected, or rounded to counts that hide a fall, e.g. 21 -> 19 shown as 20 -> 20), the
    grantee sits in a row below the axis when its count fell or is unknown (at risk, as the rule says) and
    in a row above it when it stayed the same or rose.
    """
    shown = (d["trend"] * 100).clip(-100, 200)
    real = d["direction"] if "direction" in d else np.sign(d["trend"])  # protected: the real direction
    agrees = shown.notna() & ~((real < 0) & (shown >= 0)) & ~((real >= 0) & (shown < 0))
    top = float(shown[agrees].max()) if agrees.any() else 0.0
    rows = {"low": -115.0, "top": max(top, 0.0), "high": max(top, 0.0) + 15}
    row = pd.Series(rows["low"], index=d.index).mask(real.notna() & (real >= 0), rows["high"])
    return shown.where(agrees, row).astype(float), rows, agrees


def sankey_figure(data: pf.SankeyData, note: str, lang: str) -> dict[str, Any]:
    """Money from funders through themes to wijken (a figure dict)."""
    if not data.value:
        return figures.blank(t("no_data", lang))
    colours = {"funder": "#0b4f8a", "theme": "#00735a", "wijk": "#7a5a00"}
    # hover texts written by the server in the page's notation ('€ 509.383', 'van ... naar ...'): plotly's own
    # sankey hover is English ('source:', 'incoming flow count') with English number notation
    into, out = [0.0] * len(data.labels), [0.0] * len(data.labels)
    for s, d, v in zip(data.source, data.target, data.value, strict=True):
        out[s] += v
        into[d] += v
    node_text = [fmt.euro(max(i, o)) for i, o in zip(into, out, strict=True)]
    link_text = [
        [fmt.euro(v), data.labels[s], data.labels[d]]
        for s, d, v in zip(data.source, data.target, data.value, strict=True)
    ]
    sankey = {
        "type": "sankey", "arrangement": "snap",
        "node": {"label": data.labels, "color": [colours[k] for k in data.kinds], "pad": 12, "thickness": 16,
                 "line": {"width": 0}, "customdata": node_text,
                 "hovertemplate": "<b>%{label}</b><br>%{customdata}<extra></extra>"},
        "link": {"source": data.source, "target": data.target, "value": data.value, "color": "rgba(11,79,138,0.18)",
                 "customdata": link_text,
                 "hovertemplate": f"{t('pf_sankey_from', lang)}: %{{customdata[1]}}<br>"
                                  f"{t('pf_sankey_to', lang)}: %{{customdata[2]}}<br>%{{customdata[0]}}<extra></extra>"},
    }  # fmt: skip
    layout = figures.styled(max(420, 22 * max(data.kinds.count("theme"), data.kinds.count("wijk")) + 160))
    layout["annotations"] = [
        {"text": f"<b>{t(key, lang)}</b>", "x": x, "y": 1.0, "xref": "paper", "yref": "paper", "yanchor": "bottom",
         "xanchor": {0: "left", 0.5: "center", 1: "right"}[x], "showarrow": False}
        for x, key in ((0, "pf_sankey_funders"), (0.5, "pf_sankey_themes"), (1, "pf_sankey_wijken"))
    ]  # fmt: skip
    layout["margin"] = {"t": 36, "b": 70, "l": 10, "r": 10}
    figures.note_below(layout, note, width=150, below=12)
    return {"data": [sankey], "layout": layout}


# -- tables -----------------------------------------------------------------------------------------


def summary_values(
    data: PortfolioData, outcome_label: str, lang: str, dep: pd.DataFrame | None = None
) -> tuple[list[str], list[tuple[str, list[Any], Callable[[Any], str]]]]:
    """(funder names, rows (measure, value per funder, formatter)): the side-by-side comparison, its values
    as numbers (the download) or the text '< k' / 'afgeschermd' where protection hid them."""
    funders = list(data.state.filters.funders)
    total = (
        data.flows.groupby("funder_code")["amount"].sum() if not data.flows.empty else pd.Series(dtype=float)
    )
    grants = (
        data.grantees.groupby("funder_code")["grants"].sum()
        if not data.grantees.empty
        else pd.Series(dtype=float)
    )
    funded = pf.funded_initiatives(data.grantees)
    reach = attributed(data, REACH).set_index("funder_code")
    if dep is None:
        dep = dependency_of(data)
    risk = dep[dep["at_risk"]].groupby("funder_code").size()

    def get(series, code, default=None):
        value = series.get(code, default) if hasattr(series, "get") else default
        return value.item() if hasattr(value, "item") else value

    rows: list[tuple[str, list[Any], Callable[[Any], str]]] = [
        (t("pf_total", lang), [get(total, c, 0.0) for c in funders], fmt.euro),
        (t("pf_grants", lang), [get(grants, c, 0) for c in funders], fmt.number),
        (t("pf_initiatives", lang), [get(funded, c, 0) for c in funders], fmt.number),
        (t("pf_reach", lang), [_value(reach, c, "outcome", data.k, lang) for c in funders], fmt.number),
        (
            t("pf_cost_reach", lang),
            [_value(reach, c, "cost", None, lang) for c in funders],
            lambda v: fmt.euro(v, 2),
        ),
    ]
    if data.state.outcome and data.state.outcome != REACH:
        out = attributed(data, data.state.outcome).set_index("funder_code")
        rows.append(
            (outcome_label, [_value(out, c, "outcome", data.k, lang) for c in funders], fmt.auto_number)
        )
        rows.append(
            (
                t("pf_cost_per", lang).format(what=outcome_label),
                [_value(out, c, "cost", None, lang) for c in funders],
                fmt.euro,
            )
        )
    rows.append((t("pf_at_risk_count", lang), [get(risk, c, 0) for c in funders], fmt.number))
    return [data.funder_names.get(c, c) for c in funders], rows


def summary_rows(
    data: PortfolioData, outcome_label: str, lang: str, dep: pd.DataFrame | None = None
) -> tuple[list[str], list[list[str]]]:
    """(funder names, rows [measure, value per funder]): the side-by-side comparison as the page shows it."""
    names, rows = summary_values(data, outcome_label, lang, dep)
    return names, [
        [label] + [v if isinstance(v, str) else text(v) for v in values] for label, values, text in rows
    ]


def _value(frame: pd.DataFrame, code: str, column: str, k: int | None, lang: str) -> Any:
    """A funder's cell: when protection hid it '< k' (a count below k) or 'afgeschermd' (any other count,
    and a rate, `k` None: '< 10' would read as less than € 10), else the number (None: none)."""
    if bool(frame[prot.SUPPRESSED].get(code, False)):
        small = k is not None and prot.SMALL in frame.columns and bool(frame[prot.SMALL].get(code, False))
        return prot.hidden_text(k or 0, small, lang)
    value = frame[column].get(code)
    if value is None or value != value:
        return None
    return value.item() if hasattr(value, "item") else value


def summary_table(data: PortfolioData, outcome_label: str, lang: str, dep: pd.DataFrame | None = None):
    names, rows = summary_rows(data, outcome_label, lang, dep)
    head = html.Thead(
        html.Tr(
            [html.Th(t("pf_measure", lang), scope="col")]
            + [html.Th(n, scope="col", className="text-end") for n in names]
        )
    )
    body = html.Tbody(
        [
            html.Tr(
                [html.Th(r[0], scope="row", className="fw-normal")]
                + [html.Td(v, className="text-end") for v in r[1:]]
            )
            for r in rows
        ]
    )
    return dbc.Table(
        [head, body], size="sm", striped=True, responsive=True, id="portfolio-summary-table", className="mb-1"
    )


def risk_rows(dep: pd.DataFrame, names: dict[str, str], lang: str) -> list[dict[str, str]]:
    at_risk = dep[dep["at_risk"]].sort_values(
        ["share", "trend"], ascending=[False, True], na_position="first"
    )
    return [
        {
            "initiative": r.name,
            "code": r.initiative_code,
            "funder": names.get(r.funder_code, r.funder_code),
            "share": fmt.percent(r.share, 0),
            "income": fmt.euro(r.income),
            "trend": trend_text(r, lang),
        }
        | ({} if directions_only(dep) else {"volunteers": f"{_count(r.year_before)} → {_count(r.latest)}"})
        for r in at_risk.itertuples(index=False)
    ]


def _count(value: Any) -> str:
    """A volunteer count of one grantee (internal mode only: public mode has none, prot.direction_only)."""
    return fmt.DASH if pd.isna(value) else fmt.number(value)


def trend_text(row: Any, lang: str) -> str:
    """'-25%'; only the direction in public mode ('daalt'); 'onbekend' without a year earlier."""
    if not pd.isna(row.trend):
        return fmt.signed(row.trend * 100) + "%"
    direction = getattr(row, "direction", float("nan"))
    if pd.isna(direction):
        return t("pf_unknown", lang)
    return t({-1.0: "pf_fell", 0.0: "pf_same", 1.0: "pf_rose"}[float(direction)], lang)


def risk_table(dep: pd.DataFrame, names: dict[str, str], lang: str):
    rows = risk_rows(dep, names, lang)
    if not rows:
        return html.P(t("pf_no_risk", lang), className="text-muted small")
    cols = [("initiative", "pf_col_initiative", ""), ("funder", "pf_funder", ""), ("share", "pf_col_share", "text-end"),
            ("income", "pf_col_income", "text-end"), ("volunteers", "pf_col_volunteers", "text-end"),
            ("trend", "pf_volunteer_trend", "text-end")]  # fmt: skip
    cols = [c for c in cols if c[0] in rows[0]]  # public mode: no volunteer counts per initiative
    head = html.Thead(html.Tr([html.Th(t(k, lang), scope="col", className=c) for _, k, c in cols]))
    body = html.Tbody([html.Tr([html.Td(r[f], className=c) for f, _, c in cols]) for r in rows])
    return dbc.Table([head, body], size="sm", striped=True, responsive=True, id="portfolio-risk-rows")


# -- render -----------------------------------------------------------------------------------------


@dataclass
class Context:
    """A resolved state with its data and labels: what every chart and table of the page is built from."""

    repo: Repository
    state: PortfolioState
    data: PortfolioData
    dep: pd.DataFrame
    themes: dict[str, str]
    wijken: dict[str, str]
    outcome_name: str
    outcome_unit: str
    memo: dict = field(default_factory=dict, repr=False)  # per render: what all charts ask alike

    @property
    def lang(self) -> str:
        return self.state.lang

    @property
    def funders(self) -> list[str]:
        return list(self.state.filters.funders)

    @property
    def period(self) -> str:
        return fmt.period_label(*self.state.filters.period) if self.state.filters.period else ""

    def risk_rule(self) -> str:
        recent = self.data.recent_period
        period = (
            fmt.period_label(*recent) if recent else t("pf_recent_years", self.lang).format(n=pf.RECENT_YEARS)
        )
        return t("pf_risk_rule", self.lang).format(share=fmt.percent(pf.RISK_SHARE, 0), period=period)


def context(repo: Repository, state: PortfolioState) -> Context:
    """Resolve the state and load its data once (the page's SQL)."""
    state = resolve(repo, state)
    lang = state.lang
    data = load(repo, state)
    themes = _vocab(repo, "theme", lang) | {"?": t("sv_no_theme", lang)}
    wijken = dict(zip(*[repo.wijken(state.filters.gemeente)[c] for c in ("code", "name")], strict=True))
    wijken |= {"?": t("no_value", lang)}
    outcome_name, outcome_unit = indicator_label(repo, state.outcome, lang)
    return Context(repo, state, data, dependency_of(data), themes, wijken, outcome_name, outcome_unit)


def render(ctx: Context) -> dict[str, Any]:
    """The page's outputs besides its charts (dashboard/charts/portfolio.py): comparison, risk table,
    footnote and the URL query."""
    repo, state, lang, names = ctx.repo, ctx.state, ctx.lang, ctx.data.funder_names
    selection = " · ".join([", ".join(names.get(c, c) for c in ctx.funders), ctx.period])
    sources = repo.sources(ENTITIES["portfolio"], state.filters.gemeente)
    return {
        "summary": summary_table(ctx.data, ctx.outcome_name, lang, ctx.dep),
        "risk_table": [html.P(ctx.risk_rule(), className="small"), risk_table(ctx.dep, names, lang)],
        "footnote": footnote(sources, repo.dataset(), lang, selection, repo.protection),
        "search": state.to_search(),
        "state": state,
    }
