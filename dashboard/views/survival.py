"""The survival page's content: page state from the URL, Kaplan–Meier chart, number at risk, summary table."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import numpy as np
import pandas as pd
from dash import html

from dashboard import figure_text, figures
from dashboard import formatting as fmt
from dashboard import survival as sv
from dashboard.components.footnote import footnote
from dashboard.filters import Filters
from dashboard.i18n import column, t
from dashboard.repository import ENTITIES, Repository

# Dark, colour-blind-distinguishable line colours (all at least 3:1 on white); bands use them at 15 %.
COLOURS = ["#0b4f8a", "#b8440f", "#00735a", "#a1367f", "#4d4d4d", "#7a5a00", "#5e3c99", "#01665e"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "solid", "dash", "dot"]


@dataclass(frozen=True)
class SurvivalState:
    """Everything the survival page shows, from the URL or the controls (validated)."""

    filters: Filters
    group: str = sv.DEFAULT_GROUP
    rule: sv.Rule = sv.Rule()

    @classmethod
    def from_query(cls, query: dict[str, Any] | None) -> SurvivalState:
        q = query or {}
        return cls(
            filters=Filters.from_query({k: q.get(k) for k in ("gemeente", "wijk", "lang") if k in q}),
            group=sv.valid_group(q.get("groep")),
            rule=sv.Rule.from_query(q.get("regel"), q.get("maanden")),
        )

    @property
    def lang(self) -> str:
        return self.filters.lang

    def to_search(self) -> str:
        """The address: the shared filters plus this page's own parameters (defaults left out)."""
        query = self.filters.to_query()
        if self.group != sv.DEFAULT_GROUP:
            query["groep"] = self.group
        if self.rule.kind != sv.DEFAULT_RULE:
            query["regel"] = self.rule.kind
        if self.rule.months != sv.DEFAULT_MONTHS:
            query["maanden"] = str(self.rule.months)
        return "?" + urlencode(query, safe=",") if query else ""


def resolve(repo: Repository, state: SurvivalState) -> SurvivalState:
    """The only/first gemeente when none was chosen."""
    if state.filters.gemeente is None:
        gemeenten = repo.gemeenten()
        if not gemeenten.empty:
            return SurvivalState(
                state.filters.with_(gemeente=gemeenten["code"].iloc[0]), state.group, state.rule
            )
    return state


# -- labels -----------------------------------------------------------------------------------------


def group_labels(repo: Repository, group: str, gemeente: str | None, lang: str) -> dict[str, str]:
    """Group key -> label in `lang`."""
    col = column("label", lang)
    if group == "thema":
        labels = dict(zip(*[repo.vocabulary("theme")[c] for c in ("code", col)], strict=True))
        return labels | {"?": t("sv_no_theme", lang)}
    if group == "vorm":
        return dict(zip(*[repo.vocabulary("form")[c] for c in ("code", col)], strict=True))
    if group == "financier":
        funders = repo.all_funders()
        return dict(zip(funders["code"], funders["name"], strict=True)) | {"-": t("sv_mix_geen", lang)}
    if group == "wijk":
        wijken = repo.wijken(gemeente)
        return dict(zip(wijken["code"], wijken["name"], strict=True)) | {"?": t("no_value", lang)}
    if group == "mix":
        out = {}
        for count in ("geen", "een", "meer"):
            for own in ("eigen", "zonder"):
                out[f"{count}|{own}"] = f"{t('sv_mix_' + count, lang)}, {t('sv_mix_' + own, lang)}"
        return out
    return {"alle": t("sv_all", lang)}


def rule_text(rule: sv.Rule, data_date: Any, lang: str) -> str:
    """The 'stopped' rule in words, with the data date: written on the page next to the chart."""
    # without observations or grants there is no data date: say so, not 'vóór de peildatum –'
    day = fmt.day(data_date) if data_date is not None else t("sv_no_data_date", lang)
    key = {
        "beide": "sv_rule_text_beide",
        "einddatum": "sv_rule_text_einddatum",
        "stilte": "sv_rule_text_stilte",
    }
    text = t(key[rule.kind], lang).format(months=rule.months, date=day)
    return text + " " + t("sv_censor_text", lang).format(date=day)


# -- figure and tables ------------------------------------------------------------------------------


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def curve_name(curve: sv.Curve, labels: dict[str, str]) -> str:
    """'Energie (n = 12)': a curve's name in the legend and in its table."""
    return f"{labels.get(curve.key, curve.key)} (n = {curve.n})"


def km_figure(frame: pd.DataFrame, lang: str) -> dict:
    """Step curves of the share still active (km_frame), each with its 95 % confidence band, and a line
    at 3 years. A plain figure dict (dashboard/figures.py: go.Figure(d) gives what style() and the
    update_* calls gave; plotly validated every point of every curve, 20 to 60 ms for all gemeenten)."""
    if frame.empty:
        return figures.empty_figure(t("no_data", lang)).to_plotly_json()
    group, time, share_col, lower, upper = frame.columns
    share = t("sv_share_active", lang)
    traces = []
    for i, (name, c) in enumerate(frame.groupby(group, sort=False)):
        colour = COLOURS[i % len(COLOURS)]
        x = c[time].tolist()
        band = {"hoverinfo": "skip", "legendgroup": f"g{i}", "mode": "lines", "name": name, "showlegend": False,
                "type": "scatter", "x": x}  # fmt: skip
        traces.append(band | {"line": {"shape": "hv", "width": 0}, "y": c[upper].tolist()})
        traces.append(
            band | {"fill": "tonexty", "fillcolor": _rgba(colour, 0.15), "line": {"shape": "hv", "width": 0},
                    "y": c[lower].tolist()}
        )  # fmt: skip
        traces.append(
            {
                "customdata": [fmt.percent(v, 0) for v in c[share_col]],
                "hovertemplate": f"{figure_text.text(name)}<br>%{{x:.1f}} {t('sv_years', lang)}: "
                f"%{{customdata}} {share.lower()}<extra></extra>",
                "legendgroup": f"g{i}",
                "line": {"color": colour, "dash": DASHES[i % len(DASHES)], "shape": "hv", "width": 2.5},
                "mode": "lines",
                "name": name,
                "type": "scatter",
                "x": x,
                "y": c[share_col].tolist(),
            }
        )
    layout = figures.styled(460)
    layout["shapes"] = [
        {"line": {"color": "#6c757d", "dash": "dot", "width": 1}, "type": "line", "x0": sv.HORIZON_YEARS,
         "x1": sv.HORIZON_YEARS, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain"}
    ]  # fmt: skip
    layout["annotations"] = [
        {"font": {"color": "#495057", "size": 11}, "showarrow": False, "text": t("sv_three_years", lang),
         "x": sv.HORIZON_YEARS, "xanchor": "left", "y": 1.02, "yref": "y"}
    ]  # fmt: skip
    axis = {"gridcolor": figures.GRID, "zeroline": False}
    layout["xaxis"] = axis | {"rangemode": "tozero", "title": {"text": t("sv_x_title", lang)}}
    layout["yaxis"] = axis | {"range": [0, 1.05], "tickformat": ".0%", "title": {"text": share}}
    layout["legend"] = {"orientation": "h", "x": 0, "y": -0.2}
    layout["margin"] = layout["margin"] | {"b": 80}
    return {"data": traces, "layout": layout}


def risk_times(curves: list[sv.Curve]) -> list[int]:
    """Whole years from 0 to the longest follow-up (at most 10), for the number-at-risk table."""
    longest = max((float(c.durations.max()) for c in curves if c.n), default=0.0)
    return list(range(0, min(10, int(math.floor(longest))) + 1))


def at_risk_rows(curves: list[sv.Curve], labels: dict[str, str]) -> tuple[list[int], list[list]]:
    """(years, rows of [label, count at year 0, 1, …]): initiatives still followed at each whole year."""
    times = risk_times(curves)
    return times, [[labels.get(c.key, c.key), *[c.at_risk(y) for y in times]] for c in curves]


def at_risk_table(curves: list[sv.Curve], labels: dict[str, str], lang: str):
    if not curves:
        return None
    times, rows = at_risk_rows(curves, labels)
    head = html.Thead(
        html.Tr(
            [html.Th(t("sv_at_risk_group", lang), scope="col")]
            + [html.Th(str(y), scope="col", className="text-end") for y in times]
        )
    )
    body = html.Tbody(
        [
            html.Tr(
                [html.Th(r[0], scope="row", className="fw-normal")]
                + [html.Td(fmt.number(v), className="text-end") for v in r[1:]]
            )
            for r in rows
        ]
    )
    return html.Div(
        [
            html.H3(t("sv_at_risk_title", lang), className="h6 mt-2 mb-1"),
            dbc.Table(
                [head, body], size="sm", bordered=False, striped=True, responsive=True, className="mb-0 small"
            ),
        ],
        id="survival-at-risk-table",
    )


def median_text(value: float, lang: str) -> str:
    if value is None or math.isnan(value):
        return fmt.DASH
    if math.isinf(value):
        return t("sv_not_reached", lang)
    return f"{fmt.number(value, 1)} {t('sv_years', lang)}"


def summary_rows(curves: list[sv.Curve], labels: dict[str, str], lang: str) -> list[dict[str, Any]]:
    """Per group: initiatives, stopped, median survival, share still active after 3 years (95 % interval)."""
    rows = []
    for c in curves:
        if c.at_horizon is None:
            horizon = fmt.DASH
        else:
            lo, hi = c.at_horizon_ci or (np.nan, np.nan)
            horizon = f"{fmt.percent(c.at_horizon, 0)} ({fmt.percent(lo, 0)}–{fmt.percent(hi, 0)})"
        rows.append(
            {
                "group": labels.get(c.key, c.key),
                "n": c.n,
                "stopped": c.events,
                "median": median_text(c.median, lang),
                "horizon": horizon,
            }
        )
    return rows


def summary_table(curves: list[sv.Curve], labels: dict[str, str], lang: str):
    if not curves:
        return html.P(t("no_data", lang), className="text-muted")
    cols = [
        ("group", "sv_col_group", ""),
        ("n", "sv_col_n", "text-end"),
        ("stopped", "sv_col_stopped", "text-end"),
        ("median", "sv_col_median", "text-end"),
        ("horizon", "sv_col_horizon", "text-end"),
    ]
    head = html.Thead(html.Tr([html.Th(t(k, lang), scope="col", className=c) for _, k, c in cols]))
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(fmt.number(r[f]) if f in ("n", "stopped") else r[f], className=c)
                    for f, _, c in cols
                ]
            )
            for r in summary_rows(curves, labels, lang)
        ]
    )
    return dbc.Table([head, body], size="sm", striped=True, responsive=True, id="survival-summary-table")


# -- render -----------------------------------------------------------------------------------------


def compute(repo: Repository, state: SurvivalState) -> tuple[pd.DataFrame, list[sv.Curve], list[str], Any]:
    """(durations, curves, groups left out, data date) for a state."""
    data_date = repo.data_date()
    rows = repo.survival_initiatives(state.filters.gemeente, state.filters.wijk)
    df = sv.durations(rows, data_date, state.rule)
    curves, left_out = sv.curves(df, state.group)
    return df, curves, left_out, data_date


@dataclass
class Context:
    """A resolved state with its curves and labels: what the page's chart and tables are built from."""

    repo: Repository
    state: SurvivalState
    durations: pd.DataFrame
    curves: list[sv.Curve]
    left_out: list[str]
    data_date: Any
    labels: dict[str, str]
    memo: dict = field(default_factory=dict, repr=False)  # per render: what all charts ask alike

    @property
    def lang(self) -> str:
        return self.state.lang

    def rule(self) -> str:
        return rule_text(self.state.rule, self.data_date, self.lang)


def context(repo: Repository, state: SurvivalState) -> Context:
    """Resolve the state and compute its curves once."""
    state = resolve(repo, state)
    df, curves, left_out, data_date = compute(repo, state)
    labels = group_labels(repo, state.group, state.filters.gemeente, state.lang)
    return Context(repo, state, df, curves, left_out, data_date, labels)


def render(ctx: Context) -> dict[str, Any]:
    """The page's outputs besides its chart (dashboard/charts/survival.py), keyed by what they are."""
    repo, state, lang, curves, labels = ctx.repo, ctx.state, ctx.lang, ctx.curves, ctx.labels
    notes = []
    if state.group in ("thema", "financier"):
        notes.append(t("sv_note_multi", lang))
    if state.group == "mix":
        notes.append(t("sv_note_mix", lang))
    if ctx.left_out:
        names = ", ".join(labels.get(k, k) for k in ctx.left_out)
        notes.append(t("sv_note_left_out", lang).format(n=sv.MAX_GROUPS, min=sv.MIN_GROUP, names=names))
    dataset = repo.dataset()
    selection = f"{t('sv_group_by', lang)}: {t('sv_group_' + state.group, lang)}"
    return {
        "at_risk": at_risk_table(curves, labels, lang),
        "summary": summary_table(curves, labels, lang),
        "rule": ctx.rule(),
        "notes": [html.Li(n) for n in notes],
        "footnote": footnote(
            repo.sources(ENTITIES["survival"], state.filters.gemeente), dataset, lang, selection
        ),
        "search": state.to_search(),
        "count": len(ctx.durations),
    }
