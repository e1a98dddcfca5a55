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
#
# The frames are small (a gemeente's effects: a few hundred rows), where each pandas groupby, merge or
# pivot costs about a millisecond: the sums below run in plain Python over the columns they need, and
# each function builds its result frame once (the value page's render: 35 -> 9 ms, docs/performance.md).


def _missing(value: Any) -> bool:
    """None or NaN (a missing key or amount, as pandas' groupby and sum skip it)."""
    return value is None or (isinstance(value, float) and value != value)


def _add(total: float, value: Any) -> float:
    """A sum that skips missing values (pandas' sum); NaN stays NaN until a value arrives (min_count=1)."""
    if _missing(value):
        return total
    return float(value) if total != total else total + float(value)


NAN = float("nan")


def _published(effects: pd.DataFrame) -> pd.DataFrame:
    """The effect rows with a value: without the ones the repository protected (`suppressed`)."""
    if "suppressed" not in effects.columns or effects.empty:
        return effects
    return effects[~effects["suppressed"].astype(bool)]


def _rows(frame: pd.DataFrame, *columns: str) -> zip:
    """The frame's rows as tuples of these columns (plain Python values)."""
    return zip(*(frame[c].tolist() for c in columns), strict=True)


def initiative_values(effects: pd.DataFrame, initiatives: pd.DataFrame) -> pd.DataFrame:
    """Per selected initiative: measured?, value low/high, grants, and value-to-grant ratio low/high.

    The ratio exists only where an effect was measured and grant money was paid in the period.
    """
    # an initiative whose only effects are protected (public mode, effects on people) stays measured,
    # with no value (NaN), never a value of 0
    values: dict[str, list[float]] = {}
    names: dict[str, Any] = {}  # measured in the area but not in the initiative list: still shown
    if not effects.empty:
        for code, name, low, high in _rows(effects, "initiative_code", "initiative_name", "value_low",
                                           "value_high"):  # fmt: skip
            if _missing(code):
                continue
            total = values.setdefault(code, [NAN, NAN])
            total[0], total[1] = _add(total[0], low), _add(total[1], high)
            names.setdefault(code, name)
    rows = []
    listed = set()
    for code, name, grants in _rows(initiatives, "code", "name", "grants"):
        listed.add(code)
        rows.append((code, name, NAN if _missing(grants) else float(grants)))
    rows += [(code, name, NAN) for code, name in names.items() if code not in listed]
    out = []
    for code, name, grants in rows:
        measured = code in values
        low, high = values.get(code, (NAN, NAN))
        paid = measured and grants == grants and grants > 0
        out.append((code, name, grants, low, high, measured,
                    low / grants if paid else NAN, high / grants if paid else NAN))  # fmt: skip
    # measured first, highest value first (no value last), then by name and code (names repeat)
    out.sort(key=lambda r: (not r[5], r[4] != r[4], -r[4] if r[4] == r[4] else 0.0, _missing(r[1]),
                            "" if _missing(r[1]) else r[1], r[0]))  # fmt: skip
    columns = ["initiative_code", "name", "grants", "value_low", "value_high", "measured", "ratio_low",
               "ratio_high"]  # fmt: skip
    frame = pd.DataFrame(out, columns=columns)
    if frame.empty:  # the types a filled frame has
        numbers = ("grants", "value_low", "value_high", "ratio_low", "ratio_high")
        frame = frame.astype({"measured": bool} | dict.fromkeys(numbers, float))
    return frame


def stakeholder_values(effects: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """Per stakeholder: value low/high over the selection, in the stakeholder vocabulary's order."""
    cols = ["stakeholder", "label", "value_low", "value_high"]
    effects = _published(effects)
    if effects.empty:
        return pd.DataFrame(columns=cols)
    sums: dict[tuple, list[float]] = {}
    label = column("stakeholder", lang)
    for order, code, name, low, high in _rows(effects, "stakeholder_order", "stakeholder", label,
                                              "value_low", "value_high"):  # fmt: skip
        if _missing(order) or _missing(code) or _missing(name):
            continue  # pandas' groupby leaves rows without a key out
        total = sums.setdefault((order, code, name), [0.0, 0.0])
        total[0], total[1] = _add(total[0], low), _add(total[1], high)
    rows = [(code, name, low, high) for (_, code, name), (low, high) in sorted(sums.items(), key=_key_order)]
    return pd.DataFrame(rows, columns=cols)


def _key_order(item: tuple) -> tuple:
    """(stakeholder_order, code, label) keys in the vocabulary's order, then by code and label."""
    order, code, name = item[0]
    return (order, str(code), str(name))


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
    valued = {code: (measured, low, high)
              for code, measured, low, high in _rows(per, "initiative_code", "measured", "value_low", "value_high")}  # fmt: skip
    wanted = set(funders)
    sums: dict[tuple[str, str], list[float]] = {}
    for funder, name, code, amount, share in _rows(shares, "funder_code", "funder_name", "initiative_code",
                                                   "amount", "share"):  # fmt: skip
        if code not in valued or (wanted and funder not in wanted) or _missing(funder) or _missing(name):
            continue
        measured, low, high = valued[code]
        # value low, value high, grants measured, grants unmeasured, initiatives measured, unmeasured
        total = sums.setdefault((funder, name), [0.0, 0.0, 0.0, 0.0, 0, 0])
        if measured:
            total[0] = _add(total[0], _times(low, share))
            total[1] = _add(total[1], _times(high, share))
            total[2] = _add(total[2], amount)
            total[4] += 1
        else:
            total[3] = _add(total[3], amount)
            total[5] += 1
    if not sums:
        return pd.DataFrame(columns=cols)
    rows = []
    for (funder, name), (low, high, paid, unpaid, n_measured, n_unmeasured) in sums.items():
        ratio = paid > 0
        rows.append((funder, name, low, high, paid, unpaid, n_measured, n_unmeasured,
                     low / paid if ratio else NAN, high / paid if ratio else NAN))  # fmt: skip
    rows.sort(key=lambda r: (-r[3], r[1], r[0]))  # highest value first, then by name and code
    return pd.DataFrame(rows, columns=cols)


def _times(value: Any, share: Any) -> float:
    return NAN if _missing(value) or _missing(share) else float(value) * float(share)


def benefit_matrix(effects: pd.DataFrame, lang: str = "nl", initiative: str | None = None) -> dict[str, Any]:
    """Stakeholders x effects (indicators): value low and high per cell, for one initiative or all.

    Returns {"stakeholders": [...labels], "effects": [...labels], "low": [[...]], "high": [[...]]};
    a cell without a proxy is None (nobody was assumed to gain there), not zero.
    """
    e = _published(effects)
    e = e if initiative is None else e[e["initiative_code"] == initiative]
    if e.empty:
        return {"stakeholders": [], "effects": [], "low": [], "high": []}
    cells: dict[tuple[str, str], list[float]] = {}
    orders: dict[str, Any] = {}
    for order, who, what, low, high in _rows(e, "stakeholder_order", column("stakeholder", lang),
                                             column("indicator_name", lang), "value_low", "value_high"):  # fmt: skip
        if _missing(order) or _missing(who) or _missing(what):
            continue  # pandas' groupby leaves rows without a key out
        orders.setdefault(who, order)
        total = cells.setdefault((who, what), [0.0, 0.0])
        total[0], total[1] = _add(total[0], low), _add(total[1], high)
    stakeholders = sorted(orders, key=lambda who: (orders[who], who))
    effect_names = sorted({what for _, what in cells})

    def grid(i: int) -> list[list[float | None]]:
        return [[cells[(s, e)][i] if (s, e) in cells else None for e in effect_names] for s in stakeholders]

    return {"stakeholders": stakeholders, "effects": effect_names, "low": grid(0), "high": grid(1)}


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
