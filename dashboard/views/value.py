"""Social value: value per initiative, funder portfolio and stakeholder as low-high ranges, and who benefits.

The rule, written on the page as well: value = units of an effect measured in the selection (period, area,
filters) x euro per unit of each value proxy, low and high. Only measured units count; initiatives without
a measured effect are listed as "niet gemeten" and get no value and no value-to-grant ratio. A funder's
portfolio value is each initiative's value in proportion to the funder's share of that initiative's grant
money in the period.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard import figures
from dashboard import formatting as fmt
from dashboard.filters import Filters
from dashboard.i18n import column, t
from dashboard.repository import SHIELDED_CODE, Repository

TOP_INITIATIVES = 20  # bars in the per-initiative chart; the table below lists all
RANGE = "#2171b5"  # the low-high bar (5.5:1 on white)
RANGE_EDGE = "#08306b"
ENTITIES = (
    "gebieden",
    "initiatieven",
    "financiers",
    "subsidies",
    "indicatoren",
    "waarnemingen",
    "waardeproxies",
)


def _name(lang: str, nl: str, en: str) -> str:
    return en if lang == "en" else nl


# -- pure computations (DataFrames in, DataFrames out) ----------------------------------------------


def _published(effects: pd.DataFrame) -> pd.DataFrame:
    """The effect rows with a value: without the ones the repository protected (`suppressed`)."""
    if "suppressed" not in effects.columns or effects.empty:
        return effects
    return effects[~effects["suppressed"].astype(bool)]


def initiative_values(effects: pd.DataFrame, initiatives: pd.DataFrame) -> pd.DataFrame:
    """Per selected initiative: measured?, value low/high, grants, and value-to-grant ratio low/high.

    The ratio exists only where an effect was measured and grant money was paid in the period.
    """
    # min_count: an initiative whose only effects are protected (public mode, effects on people) stays
    # measured, with no value (NaN), never a value of 0
    per = (
        effects.groupby(["initiative_code"], as_index=False)[["value_low", "value_high"]].sum(min_count=1)
        if not effects.empty
        else pd.DataFrame(columns=["initiative_code", "value_low", "value_high"])
    )
    names = initiatives[["code", "name", "grants"]].rename(columns={"code": "initiative_code"})
    extra = effects[["initiative_code", "initiative_name"]].drop_duplicates() if not effects.empty else None
    if extra is not None:  # measured in the area but not in the initiative list: still shown
        missing = extra[~extra["initiative_code"].isin(names["initiative_code"])]
        missing = missing.rename(columns={"initiative_name": "name"}).assign(grants=float("nan"))
        names = pd.concat([names, missing], ignore_index=True) if not missing.empty else names
    out = names.merge(per, on="initiative_code", how="left")
    for col in ("grants", "value_low", "value_high"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype(float)
    out["measured"] = out["initiative_code"].isin(per["initiative_code"])
    paid = out["measured"] & (out["grants"].fillna(0) > 0)
    out["ratio_low"] = out["value_low"] / out["grants"].where(paid)
    out["ratio_high"] = out["value_high"] / out["grants"].where(paid)
    order = ["measured", "value_high", "name", "initiative_code"]  # the code: names repeat
    return out.sort_values(order, ascending=[False, False, True, True]).reset_index(drop=True)


def stakeholder_values(effects: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """Per stakeholder: value low/high over the selection, in the stakeholder vocabulary's order."""
    cols = ["stakeholder", "label", "value_low", "value_high"]
    effects = _published(effects)
    if effects.empty:
        return pd.DataFrame(columns=cols)
    label = column("stakeholder", lang)
    out = effects.groupby(["stakeholder_order", "stakeholder", label], as_index=False)[
        ["value_low", "value_high"]
    ].sum()
    return out.sort_values("stakeholder_order").rename(columns={label: "label"})[cols].reset_index(drop=True)


def portfolio_values(
    effects: pd.DataFrame,
    initiatives: pd.DataFrame,
    shares: pd.DataFrame,
    funders: tuple[str, ...] = (),
    per: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per funder: value attributed by grant share, grants to measured and unmeasured initiatives, ratio.

    Only initiatives of the selection count. Value of initiatives without grant money in the period is
    attributed to no funder. `per`: initiative_values(effects, initiatives) when the caller has it already.
    """
    cols = [
        "funder_code", "funder_name", "value_low", "value_high", "grants_measured", "grants_unmeasured",
        "initiatives_measured", "initiatives_unmeasured", "ratio_low", "ratio_high",
    ]  # fmt: skip
    per = initiative_values(effects, initiatives) if per is None else per
    s = shares[shares["initiative_code"].isin(per["initiative_code"])]
    if funders:
        s = s[s["funder_code"].isin(funders)]
    if s.empty:
        return pd.DataFrame(columns=cols)
    s = s.merge(per[["initiative_code", "measured", "value_low", "value_high"]], on="initiative_code")
    s["att_low"] = (s["value_low"] * s["share"]).where(s["measured"], 0.0)
    s["att_high"] = (s["value_high"] * s["share"]).where(s["measured"], 0.0)
    s["paid_measured"] = s["amount"].where(s["measured"], 0.0)
    s["paid_unmeasured"] = s["amount"].where(~s["measured"], 0.0)
    out = s.groupby(["funder_code", "funder_name"], as_index=False).agg(
        value_low=("att_low", "sum"),
        value_high=("att_high", "sum"),
        grants_measured=("paid_measured", "sum"),
        grants_unmeasured=("paid_unmeasured", "sum"),
        initiatives_measured=("measured", "sum"),
        initiatives_unmeasured=("measured", lambda m: int((~m).sum())),
    )
    paid = out["grants_measured"].where(out["grants_measured"] > 0)
    out["ratio_low"] = out["value_low"] / paid
    out["ratio_high"] = out["value_high"] / paid
    return out.sort_values("value_high", ascending=False)[cols].reset_index(drop=True)


def benefit_matrix(effects: pd.DataFrame, lang: str = "nl", initiative: str | None = None) -> dict[str, Any]:
    """Stakeholders x effects (indicators): value low and high per cell, for one initiative or all.

    Returns {"stakeholders": [...labels], "effects": [...labels], "low": [[...]], "high": [[...]]};
    a cell without a proxy is None (nobody was assumed to gain there), not zero.
    """
    e = _published(effects)
    e = e if initiative is None else e[e["initiative_code"] == initiative]
    if e.empty:
        return {"stakeholders": [], "effects": [], "low": [], "high": []}
    sl = column("stakeholder", lang)
    il = column("indicator_name", lang)
    cells = e.groupby(["stakeholder_order", sl, il], as_index=False)[["value_low", "value_high"]].sum()
    stakeholders = cells.sort_values("stakeholder_order")[sl].drop_duplicates().tolist()
    effect_names = sorted(cells[il].unique().tolist())
    low = cells.pivot(index=sl, columns=il, values="value_low").reindex(
        index=stakeholders, columns=effect_names
    )
    high = cells.pivot(index=sl, columns=il, values="value_high").reindex(
        index=stakeholders, columns=effect_names
    )

    def grid(frame: pd.DataFrame) -> list[list[float | None]]:
        return [[None if pd.isna(v) else float(v) for v in row] for row in frame.to_numpy()]

    return {"stakeholders": stakeholders, "effects": effect_names, "low": grid(low), "high": grid(high)}


# -- figures ---------------------------------------------------------------------------------------


def unique_labels(names: list[str], codes: list[str]) -> list[str]:
    """Names as bar labels; a name two initiatives share gets its code, so their bars stay apart."""
    seen = pd.Series(names).value_counts()
    return [f"{n} ({c})" if seen[n] > 1 else n for n, c in zip(names, codes, strict=True)]


def euro_range(low: Any, high: Any) -> str:
    """'€ 1.200 – € 3.400' (one amount when low equals high)."""
    if pd.isna(low) or pd.isna(high):
        return fmt.DASH
    return fmt.euro(low) if round(low) == round(high) else f"{fmt.euro(low)} {fmt.DASH} {fmt.euro(high)}"


def range_figure(
    labels: list[str], low: list[float], high: list[float], axis_title: str, lang: str
) -> dict[str, Any]:
    """Horizontal low-high range bars (a floating bar from low to high, the low and high marked): a figure
    dict (figures.styled)."""
    if not labels:
        return figures.blank(t("no_data", lang))
    n = len(labels)
    spans = [max(h - lo, 0.0) for lo, h in zip(low, high, strict=True)]
    text = [euro_range(lo, h) for lo, h in zip(low, high, strict=True)]
    bars = {
        "type": "bar",
        "y": list(labels),
        "x": spans,
        "base": list(low),
        "orientation": "h",
        "marker": {"color": RANGE, "line": {"color": RANGE_EDGE, "width": 1}},
        "customdata": text,
        "hovertemplate": "<b>%{y}</b><br>%{customdata}<extra></extra>",
        "name": t("value_range", lang),
        "width": 0.55,
    }
    ends = {
        "type": "scatter",
        "y": list(labels),
        "x": list(high),
        "mode": "markers+text",
        "marker": {"color": RANGE_EDGE, "size": 8, "symbol": "line-ns-open", "line": {"width": 2}},
        "text": text,
        "textposition": "middle right",
        "textfont": {"size": 11},
        "hoverinfo": "skip",
        "showlegend": False,
        "cliponaxis": False,
    }
    layout = figures.styled(max(220, 34 * n + 90)) | {
        "showlegend": False,
        "margin": {"l": 8, "r": 150, "t": 8, "b": 48},
        "bargap": 0.35,
        "xaxis": {"title": {"text": axis_title}, "rangemode": "tozero", "gridcolor": figures.GRID,
                  "tickprefix": "€ ", "tickformat": ",.0f"},
        "yaxis": {"autorange": "reversed", "automargin": True},
    }  # fmt: skip
    return {"data": [bars, ends], "layout": layout}


def matrix_figure(matrix: dict[str, Any], lang: str) -> dict[str, Any]:
    """The 'wie profiteert' heatmap: stakeholders (rows) x effects (columns), colour = high value (a figure
    dict)."""
    if not matrix["stakeholders"]:
        return figures.blank(t("no_data", lang))
    text = [
        [t("no_proxy", lang) if lo is None else euro_range(lo, hi) for lo, hi in zip(lrow, hrow, strict=True)]
        for lrow, hrow in zip(matrix["low"], matrix["high"], strict=True)
    ]
    heat = {
        "type": "heatmap",
        "z": matrix["high"],
        "x": list(matrix["effects"]),
        "y": list(matrix["stakeholders"]),
        "text": text,
        "texttemplate": "%{text}",
        "textfont": {"size": 12},
        "colorscale": figures.BLUES,
        "zmin": 0,
        "colorbar": {
            "title": {"text": t("value_high_eur", lang), "side": "right"},
            "thickness": 12,
            "tickformat": ",.0f",
            "tickprefix": "€ ",
        },
        "hovertemplate": "<b>%{y}</b><br>%{x}<br>%{text}<extra></extra>",
        "xgap": 2,
        "ygap": 2,
    }
    layout = figures.styled(max(260, 46 * len(matrix["stakeholders"]) + 110)) | {
        "margin": {"l": 8, "r": 8, "t": 8, "b": 60},
        "xaxis": {"side": "bottom", "title": {"text": t("effect", lang)}, "automargin": True},
        "yaxis": {"autorange": "reversed", "automargin": True, "title": {"text": t("stakeholder", lang)}},
    }
    return {"data": [heat], "layout": layout}


# -- the page's content for a selection ------------------------------------------------------------


def withheld_note(effects: pd.DataFrame, lang: str, k: int) -> str | None:
    """Public mode: which initiatives' effects on people are protected (names only), else None."""
    if effects.empty or "suppressed" not in effects.columns or not effects["suppressed"].any():
        return None
    rows = effects[effects["suppressed"].astype(bool)]
    label = column("indicator_name", lang)
    return t("value_withheld", lang).format(
        effects=", ".join(sorted(rows[label].unique())),
        k=k,
        names=", ".join(sorted(rows["initiative_name"].unique())),
    )


def top_note(drawn: int, singles: int, lang: str) -> str | None:
    """What the per-initiative chart draws: the number of bars it really has."""
    if drawn == 0:
        return None
    if drawn < singles:
        return t("value_top_note", lang).format(n=drawn, total=singles)
    return t("value_all_note", lang).format(n=drawn)


def pooled_note(pooled: pd.DataFrame, lang: str) -> str | None:
    """The pooled protected total, shown beside the chart instead of as a bar that dwarfs all others."""
    if pooled.empty:
        return None
    row = pooled.iloc[0]
    return t("value_pooled_note", lang).format(
        name=row["name"], range=euro_range(row["value_low"], row["value_high"])
    )


class Rendered(Mapping):
    """Everything the value page shows for a selection (figures, tables' rows, the proxies used), each
    part computed when first asked: one chart's download asks only the questions that chart needs."""

    def __init__(self, repo: Repository, filters: Filters, initiative: str | None):
        self.repo, self.filters, self.initiative, self.lang = repo, filters, initiative, filters.lang
        self._memo: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key not in self._memo:
            if key not in KEYS:
                raise KeyError(key)
            self._memo[key] = getattr(self, f"_{key}")()
        return self._memo[key]

    def __iter__(self):
        return iter(KEYS)

    def __len__(self) -> int:
        return len(KEYS)

    def _effects(self) -> pd.DataFrame:
        effects = self.repo.value_effects(self.filters)
        shielded = effects["initiative_code"] == SHIELDED_CODE if not effects.empty else None
        if shielded is not None and shielded.any():  # public mode: the protected total's name, translated
            effects.loc[shielded, "initiative_name"] = t("value_shielded_total", self.lang)
        return effects

    def _initiatives(self) -> pd.DataFrame:
        return self.repo.value_initiatives(self.filters)

    def _per_initiative(self) -> pd.DataFrame:
        return initiative_values(self["effects"], self["initiatives"])

    def _measured(self) -> pd.DataFrame:
        per = self["per_initiative"]
        return per[per["measured"]]

    def _drawable(self) -> pd.DataFrame:
        measured = self["measured"]
        return measured[measured["value_high"].notna()]  # protected: no bar

    # The pooled total of protected effects on people adds up many initiatives: as one bar it would dwarf
    # every single initiative's, so it is told apart, under the chart (and in the table).
    def _singles(self) -> pd.DataFrame:
        drawable = self["drawable"]
        return drawable[drawable["initiative_code"] != SHIELDED_CODE]

    def _top(self) -> pd.DataFrame:
        """The initiatives with a bar in the per-initiative chart (value_charts)."""
        return self["singles"].head(TOP_INITIATIVES)

    def _top_note(self) -> str | None:
        return top_note(len(self["top"]), len(self["singles"]), self.lang)

    def _pooled_note(self) -> str | None:
        drawable = self["drawable"]
        return pooled_note(drawable[drawable["initiative_code"] == SHIELDED_CODE], self.lang)

    def _stakeholders(self) -> pd.DataFrame:
        return stakeholder_values(self["effects"], self.lang)

    def _portfolio(self) -> pd.DataFrame:
        shares = self.repo.value_funder_shares(self.filters)
        return portfolio_values(
            self["effects"], self["initiatives"], shares, self.filters.funders, self["per_initiative"]
        )

    def _matrix(self) -> dict[str, Any]:
        # nothing measured for the initiative: an empty matrix says so
        return benefit_matrix(self["effects"], self.lang, self.initiative)

    def _initiative_figure(self) -> dict[str, Any]:
        top = self["top"]
        labels = unique_labels(top["name"].tolist(), top["initiative_code"].tolist())
        return range_figure(
            labels, top["value_low"].tolist(), top["value_high"].tolist(), self._axis(), self.lang
        )

    def _stakeholder_figure(self) -> dict[str, Any]:
        stake = self["stakeholders"]
        return range_figure(stake["label"].tolist(), stake["value_low"].tolist(), stake["value_high"].tolist(),
                            self._axis(), self.lang)  # fmt: skip

    def _portfolio_figure(self) -> dict[str, Any]:
        port = self["portfolio"]
        return range_figure(port["funder_name"].tolist(), port["value_low"].tolist(),
                            port["value_high"].tolist(), self._axis(), self.lang)  # fmt: skip

    def _matrix_figure(self) -> dict[str, Any]:
        return matrix_figure(self["matrix"], self.lang)

    def _axis(self) -> str:
        return t("value_axis", self.lang)

    def _proxies(self) -> pd.DataFrame:
        return self.repo.value_proxies()

    def _measured_count(self) -> int:
        per = self["per_initiative"]
        return int((per["measured"] & (per["initiative_code"] != SHIELDED_CODE)).sum())

    def _withheld_note(self) -> str | None:
        k = getattr(getattr(self.repo, "protection", None), "k", 10)
        return withheld_note(self["effects"], self.lang, k)

    def _unmeasured_count(self) -> int:
        return int((~self["per_initiative"]["measured"]).sum())

    def _total_low(self) -> float | None:
        measured = self["measured"]
        return float(measured["value_low"].sum()) if not measured.empty else None

    def _total_high(self) -> float | None:
        measured = self["measured"]
        return float(measured["value_high"].sum()) if not measured.empty else None


KEYS = ("effects", "initiatives", "per_initiative", "measured", "drawable", "singles", "top", "top_note",
        "pooled_note", "stakeholders", "portfolio", "matrix", "initiative_figure", "stakeholder_figure",
        "portfolio_figure", "matrix_figure", "proxies", "measured_count", "withheld_note", "unmeasured_count",
        "total_low", "total_high")  # fmt: skip


def render(repo: Repository, filters: Filters, initiative: str | None) -> Rendered:
    """Everything the value page shows for a selection, each part computed when first asked."""
    return Rendered(repo, filters, initiative)
