"""Portfolio arithmetic (pure functions on DataFrames): money per theme/wijk/year, cost per outcome,
co-funding overlap, dependency risk and the funder → theme → wijk flow.

Counting rules, each written on its chart as well:
- Money is assigned to the buurten an initiative serves in equal shares (v_grant_buurt), never to the
  address of the organisation, and in equal shares over the initiative's themes; so the totals per theme,
  per wijk, per year and the Sankey all add up to the same grant total.
- Cost per outcome attributes an initiative's outcome to a funder in proportion to the funder's share of the
  initiative's income in the period (all funders, own revenue included), and counts only grantees that
  reported the indicator in the period: cost = Σ money / Σ (money / income × outcome).
- Dependency: a funder's share of an initiative's income over the last (up to) three years of the period.
  At risk: still active, at least RISK_SHARE of its income from this funder, and its volunteers fell (latest
  quarter against four quarters earlier) or are not reported. Own revenue is not a dependency.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

RISK_SHARE = 0.5
RECENT_YEARS = 3
OWN_REVENUE = "eigen_inkomsten"


# The frames are a selection's grantees and flows: tens to a few thousand rows, where each pandas groupby or
# merge costs about a millisecond. The sums below run in plain Python over the columns they need and build
# each result frame once (the portfolio callback: docs/performance.md).


def _missing(value: Any) -> bool:
    """None, NaN or NaT: a value pandas' groupby and sum leave out."""
    return value is None or value is pd.NaT or (isinstance(value, float) and value != value)


def _columns(frame: pd.DataFrame, *names: str) -> zip:
    """The frame's rows as tuples of these columns (plain Python values)."""
    return zip(*(frame[c].tolist() for c in names), strict=True)


def _sum(values: list[float]) -> float:
    """The sum of the present values (pandas' sum: missing ones left out, none gives 0)."""
    return math.fsum(v for v in values if not _missing(v))


def money_by(flows: pd.DataFrame, column: str) -> pd.DataFrame:
    """Money per `column` (theme_code, wijk_code or year) and funder: index = column values, one column per funder."""
    if flows.empty:
        return pd.DataFrame()
    # the pivot_table result: sorted index and columns, 0 where a funder gave nothing
    cells: dict[tuple[Any, str], list[float]] = {}
    for key, funder, amount in _columns(flows, column, "funder_code", "amount"):
        key = "?" if column != "year" and _missing(key) else key
        if not _missing(key) and not _missing(funder):
            cells.setdefault((key, funder), []).append(amount)
    keys = sorted({k for k, _ in cells})
    funders = sorted({f for _, f in cells})
    totals = {cell: _sum(values) for cell, values in cells.items()}
    rows = [[totals.get((k, f), 0.0) for f in funders] for k in keys]
    return pd.DataFrame(
        rows, index=pd.Index(keys, name=column), columns=pd.Index(funders, name="funder_code"), dtype=float
    )


def funded_initiatives(grantees: pd.DataFrame) -> pd.Series:
    """Distinct initiatives funded per funder."""
    if grantees.empty:
        return pd.Series(dtype=int)
    funded: dict[str, set] = {}
    for funder, code in _columns(grantees, "funder_code", "initiative_code"):
        if not _missing(funder):
            funded.setdefault(funder, set()).update(() if _missing(code) else (code,))
    order = sorted(funded)
    return pd.Series([len(funded[f]) for f in order], index=pd.Index(order, name="funder_code"),
                     name="initiative_code", dtype="int64")  # fmt: skip


def attributed_outcomes(grantees: pd.DataFrame, outcomes: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Per funder: money to grantees that reported `indicator`, their attributed outcome, cost per unit.

    Columns funder_code, money, outcome, cost, reporting (grantees that reported), grantees.
    """
    cols = ["funder_code", "money", "outcome", "cost", "reporting", "grantees"]
    if grantees.empty:
        return pd.DataFrame(columns=cols)
    reported: dict[str, list[float]] = {}  # initiative -> its values of the indicator
    for code, found, value in _columns(outcomes, "initiative_code", "indicator_code", "value"):
        if found == indicator and not _missing(value):
            reported.setdefault(code, []).append(float(value))
    per: dict[str, dict[str, Any]] = {}
    for funder, code, amount, income in _columns(
        grantees, "funder_code", "initiative_code", "amount", "income"
    ):
        if _missing(funder):
            continue
        mine = per.setdefault(funder, {"money": [], "outcome": [], "reporting": set(), "grantees": set()})
        if not _missing(code):
            mine["grantees"].add(code)
        if code not in reported or _missing(income) or not income > 0:
            continue  # not reported in the period, or no income to take a share of
        for value in reported[code]:
            mine["money"].append(amount)
            mine["outcome"].append(amount / income * value)
            mine["reporting"].add(code)
    rows = []
    for funder in sorted(per):
        mine = per[funder]
        reporting = bool(mine["reporting"])
        money = _sum(mine["money"]) if reporting else math.nan
        outcome = _sum(mine["outcome"]) if reporting else math.nan
        cost = money / outcome if outcome > 0 else math.nan
        rows.append((funder, money, outcome, cost, len(mine["reporting"]), len(mine["grantees"])))
    return pd.DataFrame(rows, columns=cols).astype({"reporting": "int64", "grantees": "int64"})


def volunteer_trend(volunteers: pd.DataFrame) -> pd.DataFrame:
    """Per initiative: latest quarter's volunteers, four quarters earlier, and the relative change (NaN if unknown)."""
    cols = ["initiative_code", "latest", "year_before", "trend"]
    if volunteers.empty:
        return pd.DataFrame(columns=cols)
    by_quarter: dict[str, dict[int, float]] = {}
    latest: dict[str, tuple[int, float]] = {}
    for code, year, quarter, value in _columns(volunteers, "initiative_code", "year", "quarter", "value"):
        if _missing(code):
            continue  # pandas' groupby leaves rows without a key out
        q = int(year) * 4 + int(quarter) - 1
        by_quarter.setdefault(code, {}).setdefault(q, value)
        if code not in latest or q > latest[code][0]:
            latest[code] = (q, value)  # the first row of the latest quarter
    rows = []
    for code in sorted(latest):
        q, value = latest[code]
        before = by_quarter[code].get(q - 4, math.nan)
        before = math.nan if _missing(before) else float(before)
        value = math.nan if _missing(value) else float(value)
        rows.append((code, value, before, (value - before) / before if before > 0 else math.nan))
    return pd.DataFrame(rows, columns=cols)


DEPENDENCY = ["funder_code", "funder_type", "initiative_code", "name", "amount", "income", "share", "latest",
              "year_before", "trend", "active", "at_risk"]  # fmt: skip


def dependency(grantees_recent: pd.DataFrame, volunteers: pd.DataFrame, period_end) -> pd.DataFrame:
    """Per funder and grantee (recent years): share of income from the funder, volunteer trend, at_risk.

    Columns funder_code, funder_type, initiative_code, name, amount, income, share, latest, year_before,
    trend, active, at_risk.
    """
    if grantees_recent.empty:
        # typed columns, so boolean masks on the empty frame stay masks (not column selections)
        return pd.DataFrame(
            {c: pd.Series(dtype=object) for c in ("funder_code", "funder_type", "initiative_code", "name")}
            | {
                c: pd.Series(dtype=float)
                for c in ("amount", "income", "share", "latest", "year_before", "trend")
            }
            | {c: pd.Series(dtype=bool) for c in ("active", "at_risk")}
        )
    trends = {row[0]: row[1:] for row in volunteer_trend(volunteers).itertuples(index=False, name=None)}
    end = pd.Timestamp(period_end)
    out: dict[str, list] = {c: [] for c in DEPENDENCY}
    for funder, kind, code, name, amount, income, ended in _columns(
        grantees_recent,
        "funder_code",
        "funder_type",
        "initiative_code",
        "name",
        "amount",
        "income",
        "end_date",
    ):
        share = amount / income if not _missing(income) and income > 0 else math.nan
        latest, before, trend = trends.get(code, (math.nan, math.nan, math.nan))
        active = _missing(ended) or pd.Timestamp(ended) > end
        falling = _missing(trend) or trend < 0
        at_risk = active and kind != OWN_REVENUE and share >= RISK_SHARE and falling
        for column, value in zip(DEPENDENCY, (funder, kind, code, name, amount, income, share, latest, before,
                                              trend, active, at_risk), strict=True):  # fmt: skip
            out[column].append(value)
    frame = pd.DataFrame(out, columns=DEPENDENCY)
    numbers = ("amount", "income", "share", "latest", "year_before", "trend")
    return frame.astype(dict.fromkeys(numbers, float) | {"active": bool, "at_risk": bool})


def overlap_matrix(overlap: pd.DataFrame, chosen: list[str], order: list[str]) -> pd.DataFrame:
    """Shared grantees: rows = chosen funders, columns = every funder sharing at least one (in `order`)."""
    if overlap.empty:
        return pd.DataFrame()
    shared: dict[tuple[str, str], float] = {}
    for funder, other, n in _columns(overlap, "funder_code", "other_code", "shared"):
        if not _missing(funder) and not _missing(other):
            shared[(funder, other)] = shared.get((funder, other), 0) + (0 if _missing(n) else n)
    present = {f for f, _ in shared}
    others = {o for _, o in shared}
    rows = [c for c in chosen if c in present]
    columns = [c for c in order if c in others]
    return pd.DataFrame(
        [[int(shared.get((r, c), 0)) for c in columns] for r in rows],
        index=pd.Index(rows, name="funder_code"),
        columns=pd.Index(columns, name="other_code"),
        dtype=int,
    )


@dataclass
class SankeyData:
    labels: list[str]
    kinds: list[str]  # funder, theme, wijk
    source: list[int]
    target: list[int]
    value: list[float]


def sankey_data(
    flows: pd.DataFrame,
    funder_names: dict[str, str],
    theme_names: dict[str, str],
    wijk_names: dict[str, str],
) -> SankeyData:
    """Nodes funders → themes → wijken; link values from the same split flows, so each column sums to the total."""
    if flows.empty:
        return SankeyData([], [], [], [], [])
    # The same selection draws the same chart whatever order the rows came in (a copied link reproduces it):
    # exact sums (math.fsum) and equal totals ordered by code.
    rows = [
        (f, "?" if _missing(t_) else t_, "?" if _missing(w) else w, a)
        for f, t_, w, a in _columns(flows, "funder_code", "theme_code", "wijk_code", "amount")
        if not _missing(f)
    ]

    def sums(*keys: int) -> dict[Any, float]:
        found: dict[Any, list[float]] = {}
        for row in rows:
            found.setdefault(tuple(row[k] for k in keys) if len(keys) > 1 else row[keys[0]], []).append(
                row[3]
            )
        return {key: _sum(values) for key, values in sorted(found.items())}

    def largest_first(position: int) -> list[str]:
        totals = {code: round(total, 2) for code, total in sums(position).items()}
        return sorted(totals, key=lambda code: (-totals[code], code))

    funders, themes, wijken = largest_first(0), largest_first(1), largest_first(2)
    labels = (
        [funder_names.get(c, c) for c in funders]
        + [theme_names.get(c, c) for c in themes]
        + [wijk_names.get(c, c) for c in wijken]
    )
    kinds = ["funder"] * len(funders) + ["theme"] * len(themes) + ["wijk"] * len(wijken)
    index = {("funder", c): i for i, c in enumerate(funders)}
    index |= {("theme", c): len(funders) + i for i, c in enumerate(themes)}
    index |= {("wijk", c): len(funders) + len(themes) + i for i, c in enumerate(wijken)}
    source, target, value = [], [], []
    for (fc, tc), amount in sums(0, 1).items():
        if amount > 0:
            source.append(index[("funder", fc)])
            target.append(index[("theme", tc)])
            value.append(round(float(amount), 2))
    for (tc, wc), amount in sums(1, 2).items():
        if amount > 0:
            source.append(index[("theme", tc)])
            target.append(index[("wijk", wc)])
            value.append(round(float(amount), 2))
    return SankeyData(labels, kinds, source, target, value)


def node_totals(data: SankeyData) -> dict[str, float]:
    """Money entering the flow (out of the funder nodes) and leaving it (into the wijk nodes)."""
    kinds = np.array(data.kinds) if data.kinds else np.array([], dtype=str)
    out_funders = sum(v for s, v in zip(data.source, data.value, strict=True) if kinds[s] == "funder")
    into_wijken = sum(v for t_, v in zip(data.target, data.value, strict=True) if kinds[t_] == "wijk")
    return {"funders": float(out_funders), "wijken": float(into_wijken)}
