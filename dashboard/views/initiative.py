"""One initiative: its Theory-of-Change chain with latest values against target, funding, buurten and trends.

The chain binds each link (input, activiteit, output, outcome, impact) to the indicators the initiative
reports at that level. "Latest" is the initiative's most recent period for that indicator, its buurten
combined by the indicator's own aggregation (som and laatste add up, gemiddelde takes the mean); the target
is combined the same way. A link without any reported indicator says "nog geen gegevens".
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import figure_text, figures
from dashboard import formatting as fmt
from dashboard.i18n import local, t
from etl import taxonomy as tx

TOC_ORDER = tuple(tx.TOC_LEVELS)  # input, activiteit, output, outcome, impact
# Funders in the timeline: a colour-blind safe qualitative set, all at least 3:1 on white.
FUNDER_COLOURS = ["#08519c", "#a63603", "#006d2c", "#6a51a3", "#7f2704", "#252525", "#b30059", "#2b8cbe"]
SERVED_COLOURS = [[0.0, figures.MISSING], [0.5, "#6baed6"], [1.0, "#08306b"]]


def latest(quarters: pd.DataFrame) -> pd.DataFrame:
    """Per indicator the most recent period's row: value, target and share of target reached."""
    if quarters.empty:
        return quarters.assign(share_of_target=pd.Series(dtype=float))
    rows = quarters.sort_values("period_start").groupby("indicator_code", as_index=False).tail(1)
    share = rows["value"] / rows["target"].where(rows["target"] > 0)
    return rows.assign(share_of_target=share).reset_index(drop=True)


def toc_chain(quarters: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The latest row of every reported indicator, grouped by Theory-of-Change level (all five present)."""
    last = latest(quarters)
    return {
        level: last[last["toc_level"] == level].sort_values("name_nl").reset_index(drop=True)
        for level in TOC_ORDER
    }


def value_line(row: Any, lang: str) -> str:
    """'42 personen (2025-K4) · 84% van doel', or 'geen doel'."""
    text = f"{fmt.auto_number(row.value)} {fmt.unit(row.unit)} ({fmt.quarter_label(row.year, row.quarter)})"
    if pd.isna(row.target):
        return f"{text} · {t('no_target', lang)}"
    share = row.share_of_target
    reached = f"{fmt.number(share * 100)}% {t('of_target', lang)}" if not pd.isna(share) else ""
    return f"{text} · {t('target', lang).lower()} {fmt.auto_number(row.target)}" + (
        f" ({reached})" if reached else ""
    )


def funding_figure(grants: pd.DataFrame, lang: str) -> go.Figure:
    """Grant money per year (of the grant's start), stacked by funder."""
    if grants.empty:
        return figures.empty_figure(t("no_data", lang), height=300)
    years = list(range(int(grants["year"].min()), int(grants["year"].max()) + 1))
    by = grants.groupby(["funder_name", "year"], as_index=False)["amount"].sum()
    order = by.groupby("funder_name")["amount"].sum().sort_values(ascending=False).index.tolist()
    fig = go.Figure()
    for i, name in enumerate(order):
        rows = by[by["funder_name"] == name].set_index("year")["amount"]
        y = [float(rows.get(year, 0.0)) for year in years]
        fig.add_trace(
            go.Bar(
                x=[str(year) for year in years],
                y=y,
                name=name,
                marker={"color": FUNDER_COLOURS[i % len(FUNDER_COLOURS)]},
                customdata=[fmt.euro(v) for v in y],
                hovertemplate=f"<b>{figure_text.text(name)}</b><br>%{{x}}: %{{customdata}}<extra></extra>",
            )
        )
    figures.style(fig, height=320)
    fig.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.25, "x": 0})
    fig.update_xaxes(type="category", title=t("year", lang))
    fig.update_yaxes(title=t("amount_eur", lang), gridcolor=figures.GRID, tickprefix="€ ", rangemode="tozero")
    return fig


def buurten_map(buurten: pd.DataFrame, lang: str) -> go.Figure:
    """The gemeente's buurten, the served ones coloured (the main buurt darkest); no tiles, no CDN."""
    if buurten.empty or not buurten["served"].any():
        return figures.empty_figure(t("no_data", lang), height=300)
    geojson = figures.buurt_geojson(buurten)
    z = [2 if r.is_primary else (1 if r.served else 0) for r in buurten.itertuples(index=False)]
    status = [
        t("served_main", lang) if r.is_primary else t("served" if r.served else "not_served", lang)
        for r in buurten.itertuples(index=False)
    ]
    fig = go.Figure(
        go.Choroplethmap(
            geojson=geojson,
            featureidkey="id",
            locations=buurten["buurt_code"].tolist(),
            z=z,
            zmin=0,
            zmax=2,
            colorscale=SERVED_COLOURS,
            showscale=False,
            marker={"line": {"width": 0.8, "color": figures.OUTLINE}, "opacity": 0.95},
            customdata=[[n, s] for n, s in zip(buurten["buurt_name"], status, strict=True)],
            hovertemplate=figures.HOVER,
            name=t("buurten_title", lang),
        )
    )
    box = figures.bounds(geojson)
    size = (420, 300)
    view = figures.fit_view(box, size) if box else {"center": {"lon": 5.3, "lat": 52.1}, "zoom": 6}
    fig.update_layout(map={"style": "white-bg", **view}, showlegend=False)
    figures.style(fig, height=size[1])
    fig.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0})
    return fig


def trend_figures(quarters: pd.DataFrame, lang: str) -> list[tuple[str, str, go.Figure]]:
    """(indicator code, title, figure) per reported indicator, over the initiative's own years."""
    if quarters.empty:
        return []
    period = (int(quarters["year"].min()), int(quarters["year"].max()))
    labels = {k: t(k, lang) for k in ("no_data", "realised", "target", "quarter")}
    out = []
    order = quarters[["indicator_code", "toc_level", "name_nl", "name_en", "unit"]].drop_duplicates()
    order = order.assign(rank=order["toc_level"].map({lv: i for i, lv in enumerate(TOC_ORDER)}))
    for r in order.sort_values(["rank", "name_nl"]).itertuples(index=False):
        name = local(r, "name", lang)
        df = quarters[quarters["indicator_code"] == r.indicator_code][["year", "quarter", "value", "target"]]
        fig = go.Figure(figures.trend_figure(df, period, r.unit, labels))  # the name is the heading above
        # Small multiples: legend above, slanted quarter labels with room below.
        fig.update_layout(height=320, legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
        fig.update_layout(margin={"l": 56, "r": 16, "t": 36, "b": 16})
        fig.update_xaxes(tickangle=-60, automargin=True)
        fig.update_yaxes(automargin=True)
        out.append((r.indicator_code, name, fig))
    return out


def initiative_link(code: str, lang: str, search: str = "") -> str:
    """A Markdown link to the initiative page, for the overview grid's 'Details' column. `search`: the overview's
    filters ('?gemeente=...&thema=...'), carried along so the page's link back to the overview reopens them."""
    rest = search.lstrip("?") if search.startswith("?") else ("lang=en" if lang == "en" else "")
    return f"[{t('details', lang)}](/initiatief?code={code}{'&' + rest if rest else ''})"
