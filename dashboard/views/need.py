"""Need vs coverage: a need index composed from context statistics against initiatives per 1,000 residents."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import Patch, dcc, html

from dashboard import figures
from dashboard import formatting as fmt
from dashboard import protection as prot
from dashboard.components.footnote import footnote
from dashboard.filters import Filters, capped
from dashboard.i18n import t
from dashboard.repository import Repository
from dashboard.views import overview
from dashboard.views import profile as pv
from etl import taxonomy as tx

# Defaults, documented on the page and in docs/need-coverage.md: more elderly, lower income per resident
# and fewer residents in good health mean more need.
DEFAULT_HIGHER = ("aandeel_65plus",)
DEFAULT_LOWER = ("inkomen_per_inwoner", "aandeel_goede_gezondheid")
# Only statistics that describe a buurt regardless of its size can be need components (no counts).
NEED_STATS = tuple(code for code, s in tx.STATISTICS.items() if not s.is_count)
COVERAGES = ("initiatieven", "deelnemers")  # per 1,000 residents
MIN_SHARE = 0.5  # a buurt needs at least half of the chosen statistics for an index
URL_HIGHER, URL_LOWER, URL_COVERAGE = "hoog", "laag", "dekking"

# Bivariate palette (Joshua Stevens' purple-blue scheme): PALETTE[need class][coverage class], class 0 = low.
# High need with low coverage is the saturated pink-purple; every polygon also has a dark outline (#495057,
# 8:1 on white), so even the light classes are told apart from the background.
PALETTE = (
    ("#e8e8e8", "#ace4e4", "#5ac8c8"),
    ("#dfb0d6", "#a5add3", "#5698b9"),
    ("#be64ac", "#8c62aa", "#3b4994"),
)
OUTLINE = "#495057"
MISSING = "#ffffff"


# -- state ------------------------------------------------------------------------------------------


def _stats(value: Any) -> tuple[str, ...]:
    out: list[str] = []
    for item in capped(value, len(NEED_STATS)):  # cut to the catalogue's size before looking at any
        if isinstance(item, str) and item.strip() in NEED_STATS and item.strip() not in out:
            out.append(item.strip())
    return tuple(out)


@dataclass(frozen=True)
class NeedState:
    """The page state: gemeente/period/language (Filters) plus the composed index and coverage measure."""

    filters: Filters
    higher: tuple[str, ...] = DEFAULT_HIGHER
    lower: tuple[str, ...] = DEFAULT_LOWER
    coverage: str = "initiatieven"

    @classmethod
    def from_query(cls, query: Mapping[str, Any] | None) -> NeedState:
        """Validate URL parameters or control values; unknown statistics are dropped, never put in SQL."""
        q = dict(query or {})
        filters = Filters.from_query(q)
        if URL_HIGHER not in q and URL_LOWER not in q:
            higher, lower = DEFAULT_HIGHER, DEFAULT_LOWER
        else:
            higher = _stats(q.get(URL_HIGHER))
            lower = tuple(s for s in _stats(q.get(URL_LOWER)) if s not in higher)
        coverage = q.get(URL_COVERAGE)
        return cls(filters, higher, lower, coverage if coverage in COVERAGES else "initiatieven")

    def to_search(self) -> str:
        query = {k: v for k, v in self.filters.to_query().items() if k in ("gemeente", "tot", "lang")}
        query[URL_HIGHER] = ",".join(self.higher)
        query[URL_LOWER] = ",".join(self.lower)
        if self.coverage != "initiatieven":
            query[URL_COVERAGE] = self.coverage
        return "?" + urlencode(query, safe=",")


# -- pure computations ------------------------------------------------------------------------------


def need_index(
    wide: pd.DataFrame, higher: Sequence[str], lower: Sequence[str], min_share: float = MIN_SHARE
) -> pd.DataFrame:
    """Per area: `need` = mean of the signed z-scores, `components` = how many statistics it used.

    z = (x − mean) / standard deviation (ddof 0) over the areas given; sign +1 for `higher` (a higher
    value means more need), −1 for `lower`. Statistics without spread are left out. An area with fewer
    than `min_share` of the usable statistics gets no index (NaN).
    """
    chosen = [s for s in (*higher, *lower) if s in wide.columns]
    out = pd.DataFrame(index=wide.index, data={"need": float("nan"), "components": 0})
    if not chosen:
        return out
    z = pv.zscores(wide[chosen])
    if z.empty or not len(z.columns):
        return out
    signs = pd.Series({s: (1.0 if s in higher else -1.0) for s in z.columns})
    signed = z * signs
    components = signed.notna().sum(axis=1)
    enough = components >= max(1, math.ceil(min_share * len(z.columns)))
    out["need"] = signed.mean(axis=1, skipna=True).where(enough)
    out["components"] = components
    return out


def per_thousand(count: pd.Series, residents: pd.Series) -> pd.Series:
    """1,000 × count / residents; NaN where residents are missing (public mode: also below k) or zero."""
    ok = residents.notna() & (residents > 0)
    return count / residents.where(ok) * 1000


def tertile_class(values: pd.Series) -> pd.Series:
    """0, 1 or 2: at or below the 33rd percentile, up to the 67th, above it (linear interpolation)."""
    valid = values.dropna()
    if valid.empty:
        return pd.Series(float("nan"), index=values.index)
    q1, q2 = valid.quantile(1 / 3), valid.quantile(2 / 3)
    classes = (values > q1).astype(float) + (values > q2).astype(float)
    return classes.where(values.notna())


def quadrant(need: pd.Series, coverage: pd.Series) -> pd.Series:
    """'hoog-laag' etc.: need above its median = high; coverage above its median = high (else low)."""
    both = need.notna() & coverage.notna()
    n_med, c_med = need[both].median(), coverage[both].median()
    labels = pd.Series(None, index=need.index, dtype=object)
    high_need = need > n_med
    high_cov = coverage > c_med
    for hn, hc in ((True, True), (True, False), (False, True), (False, False)):
        mask = both & (high_need == hn) & (high_cov == hc)
        labels[mask] = f"{'hoog' if hn else 'laag'}-{'hoog' if hc else 'laag'}"
    return labels


def compute(wide: pd.DataFrame, counts: pd.DataFrame, state: NeedState) -> pd.DataFrame:
    """One row per buurt: counts, coverage, need, classes, quadrant and the raw statistics used."""
    df = counts.set_index("buurt_code").copy()
    matrix = wide.reindex(df.index)
    index = need_index(matrix, state.higher, state.lower)
    df["need"] = index["need"]
    df["components"] = index["components"]
    count = df["initiatives"] if state.coverage == "initiatieven" else df["participants"]
    df["coverage"] = per_thousand(count.astype(float), df["residents"].astype(float))
    usable = df["need"].notna() & df["coverage"].notna()
    df["need_class"] = tertile_class(df["need"].where(usable))
    df["coverage_class"] = tertile_class(df["coverage"].where(usable))
    df["bivariate"] = (df["need_class"] * 3 + df["coverage_class"]).where(usable)
    df["quadrant"] = quadrant(df["need"].where(usable), df["coverage"].where(usable))
    for stat in (*state.higher, *state.lower):
        df[f"stat:{stat}"] = matrix[stat] if stat in matrix.columns else float("nan")
    return df


def gap_rows(df: pd.DataFrame) -> pd.DataFrame:
    """The high-need, low-coverage buurten, highest need first."""
    return df[df["quadrant"] == "hoog-laag"].sort_values(["need"], ascending=False)


# -- figures ----------------------------------------------------------------------------------------


def colour_of(bivariate: Any) -> str:
    if bivariate is None or pd.isna(bivariate):
        return MISSING
    b = int(bivariate)
    return PALETTE[b // 3][b % 3]


def discrete_scale() -> list:
    colours = [c for row in PALETTE for c in row]
    scale = []
    for i, colour in enumerate(colours):
        scale += [[i / 9, colour], [(i + 1) / 9, colour]]
    return scale


def map_arrays(geometry: pd.DataFrame, df: pd.DataFrame, labels: dict[str, str]) -> dict[str, list]:
    """What a recolour changes, in the order of the geometry: class per buurt (None = no index), hover."""
    codes = geometry["buurt_code"].tolist()
    rows = df.reindex(codes)
    hover = []
    for code, name in zip(codes, geometry["buurt_name"], strict=True):
        r = rows.loc[code]
        if pd.isna(r["bivariate"]):
            hover.append([name, labels["no_value"], ""])
        else:
            hover.append(
                [
                    name,
                    f"{labels['need']}: {fmt.number(r['need'], 2)}",
                    f"{labels['coverage']}: {fmt.number(r['coverage'], 1)}",
                ]
            )
    return {"z": [None if pd.isna(v) else int(v) for v in rows["bivariate"]], "hover": hover}


def map_patch(arrays: dict[str, list]) -> Patch:
    """Recolour the map in the browser: classes and hover travel, the geometry stays where it is."""
    patch = Patch()
    patch["data"][0]["customdata"] = arrays["hover"]
    patch["data"][1]["customdata"] = arrays["hover"]
    patch["data"][1]["z"] = arrays["z"]
    return patch


def bivariate_map(geometry: pd.DataFrame, arrays: dict[str, list], labels: dict[str, str]) -> go.Figure:
    """Every buurt outlined (white = no index); the classes coloured by the 3 × 3 palette."""
    geojson = figures.buurt_geojson(geometry)
    codes = geometry["buurt_code"].tolist()
    hover, z = arrays["hover"], arrays["z"]
    line = {"width": 0.7, "color": OUTLINE}
    base = go.Choroplethmap(
        geojson=geojson,
        featureidkey="id",
        locations=codes,
        z=[0] * len(codes),
        colorscale=[[0, MISSING], [1, MISSING]],
        showscale=False,
        marker={"line": line},
        customdata=hover,
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        name=labels["no_value"],
    )
    classes = go.Choroplethmap(
        geojson=geojson,
        featureidkey="id",
        locations=codes,
        z=z,
        zmin=-0.5,
        zmax=8.5,
        colorscale=discrete_scale(),
        showscale=False,
        marker={"line": line, "opacity": 1},
        customdata=hover,
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
        name=labels["title"],
    )
    fig = go.Figure([base, classes])
    box = figures.bounds(geojson)
    view = figures.fit_view(box) if box else {"center": {"lon": 5.3, "lat": 52.1}, "zoom": 6}
    fig.update_layout(map={"style": "white-bg", **view}, showlegend=False, uirevision="need-map")
    figures.style(fig, height=figures.MAP_SIZE[1])
    fig.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0})
    return fig


QUADRANT_LABEL_DROP = 52  # px below the plot area: under the x-axis tick labels and title


def quadrant_figure(df: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """Need (x) against coverage (y), one dot per buurt in its map colour, dashed median lines."""
    d = df[df["need"].notna() & df["coverage"].notna()]
    if d.empty:
        return figures.empty_figure(labels["no_data"])
    fig = go.Figure(
        go.Scatter(
            x=d["need"].tolist(),
            y=d["coverage"].tolist(),
            mode="markers",
            marker={
                "size": 11,
                "color": [colour_of(b) for b in d["bivariate"]],
                "line": {"width": 1, "color": "#212529"},
            },
            customdata=[
                [r.buurt_name, fmt.number(r.need, 2), fmt.number(r.coverage, 1)] for r in d.itertuples()
            ],
            hovertemplate="<b>%{customdata[0]}</b><br>"
            + labels["need"]
            + ": %{customdata[1]}<br>"
            + labels["coverage"]
            + ": %{customdata[2]}<extra></extra>",
            name=labels["buurten"],
        )
    )
    n_med, c_med = d["need"].median(), d["coverage"].median()
    dash = {"color": "#495057", "width": 1.5, "dash": "dash"}
    fig.add_vline(x=n_med, line=dash)
    fig.add_hline(y=c_med, line=dash)
    # The quadrant names sit in the margins, above and below the plot, never over the axes or the dots:
    # the top two name the quadrants above the coverage median, the bottom two those below it.
    grey, red = {"size": 12, "color": "#495057"}, {"size": 12, "color": "#842029"}
    place = {"xref": "paper", "yref": "paper", "showarrow": False}
    for key, x, top, font in (("q_extra", 0, True, grey), ("q_served", 1, True, grey),
                              ("q_low", 0, False, grey), ("q_gap", 1, False, red)):  # fmt: skip
        fig.add_annotation(
            text=("▲ " if top else "▼ ") + labels[key],
            x=x,
            y=1 if top else 0,
            xanchor="left" if x == 0 else "right",
            yanchor="bottom" if top else "top",
            yshift=4 if top else -QUADRANT_LABEL_DROP,
            font=font,
            **place,
        )
    figures.style(fig, height=440)
    fig.update_layout(showlegend=False, margin={"t": 30, "b": QUADRANT_LABEL_DROP + 28})
    fig.update_xaxes(title=labels["need_axis"], gridcolor=figures.GRID, zeroline=False)
    fig.update_yaxes(
        title=labels["coverage_axis"], gridcolor=figures.GRID, zeroline=False, rangemode="tozero"
    )
    return fig


def legend(df: pd.DataFrame, lang: str) -> html.Table:
    """The 3 × 3 key: need down (high on top), coverage across; each cell coloured, with its count."""
    counts = df["bivariate"].value_counts()
    level = (t("low", lang), t("middle", lang), t("high", lang))
    header = html.Tr(
        [html.Th(f"{t('need', lang)} ↓ / {t('coverage', lang)} →", scope="col", className="small")]
        + [html.Th(level[c], scope="col", className="small text-center") for c in range(3)]
    )
    rows = [header]
    for n in (2, 1, 0):
        cells = [html.Th(level[n], scope="row", className="small")]
        for c in range(3):
            colour = PALETTE[n][c]
            dark = colour in ("#be64ac", "#8c62aa", "#3b4994", "#5698b9")
            cells.append(
                html.Td(
                    fmt.number(counts.get(n * 3 + c, 0)),
                    className="text-center small fw-semibold",
                    style={
                        "backgroundColor": colour,
                        "color": "#ffffff" if dark else "#212529",
                        "border": f"1px solid {OUTLINE}",
                        "width": "3.2rem",
                    },
                    title=f"{t('need', lang)} {level[n]}, {t('coverage', lang)} {level[c]}",
                )
            )
        rows.append(html.Tr(cells))
    return html.Table(html.Tbody(rows), className="need-legend", id="need-legend-table")


def map_with_legend(
    fig: go.Figure, df: pd.DataFrame, state: NeedState, defs: pd.DataFrame, lang: str
) -> go.Figure:
    """The bivariate map as a slide or PNG shows it: the page's 3 × 3 key (counts per class) and the
    statistics the need index is composed of drawn into the figure, the map beside them."""
    out = go.Figure(fig)
    share = 0.58  # of the width for the map, zoomed out a little so every buurt stays in view
    zoom = (out.layout.map.zoom or 10) + math.log2(share) / 2
    out.update_layout(map={"domain": {"x": [0, share], "y": [0, 1]}, "zoom": zoom},
                      margin={"l": 0, "r": 8, "t": 8, "b": 8})  # fmt: skip
    counts = df["bivariate"].value_counts() if "bivariate" in df else pd.Series(dtype=int)
    level = (t("low", lang), t("middle", lang), t("high", lang))
    x0, width, top, height = 0.72, 0.075, 0.92, 0.09
    shapes, notes = [], []
    for n in (2, 1, 0):  # need: high on top
        y1 = top - (2 - n) * height
        notes.append({"x": x0 - 0.005, "y": y1 - height / 2, "text": level[n], "xanchor": "right"})
        for c in range(3):
            colour = PALETTE[n][c]
            left = x0 + c * width
            shapes.append(
                {
                    "type": "rect",
                    "xref": "paper",
                    "yref": "paper",
                    "x0": left,
                    "x1": left + width,
                    "y0": y1 - height,
                    "y1": y1,
                    "fillcolor": colour,
                    "line": {"color": OUTLINE, "width": 1},
                }
            )
            dark = colour in ("#be64ac", "#8c62aa", "#3b4994", "#5698b9")
            notes.append(
                {
                    "x": left + width / 2,
                    "y": y1 - height / 2,
                    "text": fmt.number(counts.get(n * 3 + c, 0)),
                    "font": {"color": "#ffffff" if dark else "#212529", "size": 12},
                }
            )
    bottom = top - 3 * height
    for c in range(3):
        notes.append({"x": x0 + (c + 0.5) * width, "y": bottom - 0.03, "text": level[c]})
    notes.append({"x": x0 + 1.5 * width, "y": bottom - 0.09, "text": f"{t('coverage', lang)} →"})
    notes.append({"x": x0 - 0.005, "y": top + 0.04, "text": f"{t('need', lang)} ↓", "xanchor": "right"})

    def names(stats: Sequence[str]) -> str:
        return (
            "<br>".join(pv.stat_name(defs.loc[s], lang) if s in defs.index else s for s in stats) or fmt.DASH
        )

    composed = (f"<b>{t('higher_more_need', lang)}</b>:<br>{names(state.higher)}<br>"
                f"<b>{t('lower_more_need', lang)}</b>:<br>{names(state.lower)}")  # fmt: skip
    notes.append({"x": share + 0.02, "y": bottom - 0.16, "text": composed, "xanchor": "left", "yanchor": "top",
                  "align": "left", "font": {"size": 11}})  # fmt: skip
    base = {"xref": "paper", "yref": "paper", "showarrow": False, "xanchor": "center", "yanchor": "middle",
            "font": {"size": 11, "color": "#212529"}}  # fmt: skip
    out.update_layout(shapes=shapes, annotations=[base | note for note in notes])
    return out


def gap_table(df: pd.DataFrame, state: NeedState, defs: pd.DataFrame, lang: str, k: int) -> html.Div:
    """The high-need, low-coverage buurten; a count protection hid says '< k' or 'afgeschermd'."""
    gaps = gap_rows(df)
    if gaps.empty:
        return html.P(t("need_no_gaps", lang), className="text-muted")
    stats = [*state.higher, *state.lower]
    names = {s: pv.stat_name(defs.loc[s], lang) if s in defs.index else s for s in stats}
    units = {s: defs.at[s, "unit"] if s in defs.index else None for s in stats}
    head = html.Thead(
        html.Tr(
            [html.Th(t(k, lang), scope="col") for k in ("buurt", "wijk")]
            + [
                html.Th(t(k, lang), scope="col", className="text-end")
                for k in (
                    "need_index",
                    f"coverage_{state.coverage}",
                    "residents",
                    "col_initiatives",
                    "col_participants",
                )
            ]  # fmt: skip
            + [html.Th(names[s], scope="col", className="text-end") for s in stats]
        )
    )
    rows = []
    for code, r in gaps.iterrows():
        participants = (
            prot.hidden_text(k, bool(r.get("small", False)), lang)
            if r.get("suppressed", False)
            else fmt.number(r["participants"])
        )
        rows.append(
            html.Tr(
                [
                    html.Td(dcc.Link(r["buurt_name"], href=pv.profile_href(code, "GM" + code[2:6], lang))),
                    html.Td(r["wijk_name"]),
                    html.Td(fmt.number(r["need"], 2), className="text-end"),
                    html.Td(fmt.number(r["coverage"], 1), className="text-end"),
                    html.Td(
                        prot.hidden_text(k, True, lang)  # residents below k (rule 1)
                        if r.get("residents_suppressed", False)
                        else fmt.number(r["residents"]),
                        className="text-end",
                    ),
                    html.Td(fmt.number(r["initiatives"]), className="text-end"),
                    html.Td(participants, className="text-end"),
                    *[html.Td(pv.stat_text(r[f"stat:{s}"], units[s]), className="text-end") for s in stats],
                ],
                **{"data-code": code},
            )
        )
    return dbc.Table([head, html.Tbody(rows)], size="sm", striped=True, responsive=True)


def absent_stats(state: NeedState, df: pd.DataFrame | None) -> list[str]:
    """The chosen statistics without a value in any buurt (CBS publishes income later; health only from
    another source): an index 'of' them is an index of the others."""
    if df is None or df.empty:
        return []
    return [s for s in (*state.higher, *state.lower) if df[f"stat:{s}"].isna().all()]


def formula(state: NeedState, defs: pd.DataFrame, lang: str, df: pd.DataFrame | None = None) -> html.Div:
    """The index in words and symbols, with the statistics actually chosen; `df` (compute): the chosen
    statistics no buurt of the gemeente has a value for, which the index cannot contain, are named."""

    def names(stats: Sequence[str]) -> str:
        return ", ".join(pv.stat_name(defs.loc[s], lang) if s in defs.index else s for s in stats) or fmt.DASH

    return html.Div(
        [
            html.P(
                html.Code(t("formula_symbols", lang)),
                className="mb-1",
            ),  # fmt: skip
            html.P(t("formula_words", lang), className="small mb-1"),
            html.P(
                [html.Strong(t("higher_more_need", lang) + ": "), names(state.higher)], className="small mb-0"
            ),
            html.P(
                [html.Strong(t("lower_more_need", lang) + ": "), names(state.lower)], className="small mb-0"
            ),
            *(
                [
                    html.P(
                        [html.Strong(t("need_stats_absent", lang) + ": "), names(absent)],
                        className="small mb-0",
                    )
                ]
                if (absent := absent_stats(state, df))
                else []
            ),
        ],
        id="need-formula",
    )


def _labels(lang: str, coverage: str) -> dict[str, str]:
    keys = ("no_data", "no_value", "need", "q_gap", "q_served", "q_low", "q_extra", "buurten", "need_axis")
    out = {k: t(k, lang) for k in keys}
    out["coverage"] = t(f"coverage_{coverage}", lang)
    out["coverage_axis"] = t(f"coverage_{coverage}", lang)
    out["title"] = t("need_map_title", lang)
    return out


@dataclass
class Context:
    """A resolved state with its per-buurt frame (need, coverage, class) and the gemeente's buurt outlines:
    what the page's map, quadrant chart and tables are built from."""

    repo: Repository
    state: NeedState
    labels: dict[str, str]
    defs: pd.DataFrame
    df: pd.DataFrame | None = None  # compute(): one row per buurt, None without a gemeente
    geometry: pd.DataFrame | None = None
    period: tuple[int, int] = (pv.MAX_YEAR, pv.MAX_YEAR)
    memo: dict = field(default_factory=dict, repr=False)  # per render: what all charts ask alike

    @property
    def filters(self) -> Filters:
        return self.state.filters

    @property
    def lang(self) -> str:
        return self.state.filters.lang

    @property
    def has_map(self) -> bool:
        return self.df is not None and not self.geometry.empty and bool(self.df["bivariate"].notna().any())

    def map_key(self) -> str | None:
        """Which geometry the browser holds: the warehouse version, gemeente and language."""
        f = self.filters
        return f"{self.repo.version()}|{f.gemeente}|{f.lang}" if self.has_map else None


def context(repo: Repository, state: NeedState) -> Context:
    """Resolve the state and compute the need index and coverage per buurt once."""
    f = overview.resolve(repo, state.filters)
    state = NeedState(f, state.higher, state.lower, state.coverage)
    ctx = Context(repo, state, _labels(f.lang, state.coverage), repo.stat_defs().set_index("code"))
    if f.gemeente is None:
        return ctx
    ctx.period = f.period or (pv.MAX_YEAR, pv.MAX_YEAR)
    counts = repo.need_coverage(f.gemeente, ctx.period)
    wide = pv.wide_matrix(repo.stat_matrix("buurt", f.gemeente, ctx.period[1]), NEED_STATS)
    ctx.df = compute(wide, counts, state)  # residents below k are missing already (Repository.need_coverage)
    ctx.geometry = repo.buurt_geometry(f.gemeente)
    return ctx


def no_map_text(ctx: Context) -> str:
    """Why the map is empty: a gemeente with figures but no buurt outlines says how to load them (as the
    overview's map does); otherwise there is no data for the selection."""
    if ctx.df is not None and (ctx.geometry is None or ctx.geometry.empty):
        return overview.no_map_text(ctx.repo, ctx.filters)
    return ctx.labels["no_data"]


def page_map(ctx: Context, previous_key: str | None = None) -> go.Figure | Patch:
    """The map as the page draws it: a Patch (classes and hover only) when the browser already holds this
    gemeente's geometry of the same warehouse version and language (`previous_key` equals map_key())."""
    if not ctx.has_map:
        return figures.empty_figure(no_map_text(ctx))
    arrays = map_arrays(ctx.geometry, ctx.df, ctx.labels)
    if previous_key is not None and previous_key == ctx.map_key():
        return map_patch(arrays)
    return bivariate_map(ctx.geometry, arrays, ctx.labels)


def map_summary(ctx: Context) -> str:
    if ctx.df is None:
        return ctx.labels["no_data"]
    gaps = gap_rows(ctx.df)
    names = ", ".join(gaps["buurt_name"].head(5)) + (" …" if len(gaps) > 5 else "")
    usable = int(ctx.df["bivariate"].notna().sum())
    return t("need_map_summary", ctx.lang).format(
        n=fmt.number(usable),
        total=fmt.number(len(ctx.df)),
        gaps=fmt.number(len(gaps)),
        names=names or fmt.DASH,
    )


def scatter_summary(ctx: Context) -> str:
    if ctx.df is None:
        return ctx.labels["no_data"]
    df = ctx.df
    both = df[df["need"].notna() & df["coverage"].notna()]
    if both.empty:
        return ctx.labels["no_data"]
    return t("need_scatter_summary", ctx.lang).format(
        need=fmt.number(both["need"].median(), 2),
        coverage=fmt.number(both["coverage"].median(), 1),
        measure=ctx.labels["coverage"].lower(),
        gaps=fmt.number(len(gap_rows(df))),
    )


def render(ctx: Context) -> dict[str, Any]:
    """Legend, gap table, summary, footnote and formula for one validated state (the map and the quadrant
    chart: dashboard/charts/need.py)."""
    repo, state, lang, f, df = ctx.repo, ctx.state, ctx.lang, ctx.filters, ctx.df
    if df is None:
        return {"legend": None, "table": None, "summary": None, "footnote": None, "formula": None,
                "search": state.to_search(), "map_key": None}  # fmt: skip
    sources = repo.sources(("gebieden", "gebiedscijfers", "initiatieven", "waarnemingen"), f.gemeente)
    usable = int(df["bivariate"].notna().sum())
    summary = t("need_summary", lang).format(
        n=fmt.number(usable), total=fmt.number(len(df)), gaps=fmt.number(len(gap_rows(df))),
        year=fmt.period_label(*ctx.period) if f.period else t("no_data_period", lang),  # not '(–)'
    )  # fmt: skip
    protection = overview.protection_of(repo)
    if state.coverage == "deelnemers" and protection.active:  # the note under the figure, not a decision
        summary += " " + t("need_protected", lang).format(k=protection.k)
    selection = " · ".join(x for x in (overview.selection_text(repo, f),) if x)
    return {
        "map_key": ctx.map_key(),
        "legend": legend(df, lang),
        "table": gap_table(df, state, ctx.defs, lang, overview.protection_of(repo).k),
        "summary": summary,
        "footnote": footnote(sources, repo.dataset(), lang, selection, overview.protection_of(repo)),
        "formula": formula(state, ctx.defs, lang, ctx.df),
        "search": state.to_search(),
    }


def stat_options(repo: Repository, lang: str) -> list[dict]:
    """The statistics a user can compose the index from: those in the warehouse that are not counts."""
    return [
        {"label": pv.stat_name(r._asdict(), lang), "value": r.code}
        for r in repo.stat_defs().itertuples(index=False)
        if r.code in NEED_STATS
    ]
