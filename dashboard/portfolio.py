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

from dataclasses import dataclass

import numpy as np
import pandas as pd

RISK_SHARE = 0.5
RECENT_YEARS = 3
OWN_REVENUE = "eigen_inkomsten"


def money_by(flows: pd.DataFrame, column: str) -> pd.DataFrame:
    """Money per `column` (theme_code, wijk_code or year) and funder: index = column values, one column per funder."""
    if flows.empty:
        return pd.DataFrame()
    keyed = flows.assign(**{column: flows[column].fillna("?")}) if column != "year" else flows
    # groupby + unstack: the pivot_table result (sorted index and columns, 0 where a funder gave nothing)
    # at a third of its cost on these small frames
    return keyed.groupby([column, "funder_code"])["amount"].sum().unstack("funder_code", fill_value=0.0)


def funded_initiatives(grantees: pd.DataFrame) -> pd.Series:
    """Distinct initiatives funded per funder."""
    if grantees.empty:
        return pd.Series(dtype=int)
    return grantees.groupby("funder_code")["initiative_code"].nunique()


def attributed_outcomes(grantees: pd.DataFrame, outcomes: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Per funder: money to grantees that reported `indicator`, their attributed outcome, cost per unit.

    Columns funder_code, money, outcome, cost, reporting (grantees that reported), grantees.
    """
    cols = ["funder_code", "money", "outcome", "cost", "reporting", "grantees"]
    if grantees.empty:
        return pd.DataFrame(columns=cols)
    values = outcomes[outcomes["indicator_code"] == indicator][["initiative_code", "value"]]
    g = grantees.merge(values, on="initiative_code", how="left")
    reported = g[g["value"].notna() & (g["income"] > 0)]
    share = reported["amount"] / reported["income"]
    per = (
        reported.assign(attributed=share * reported["value"])
        .groupby("funder_code")
        .agg(money=("amount", "sum"), outcome=("attributed", "sum"), reporting=("initiative_code", "nunique"))
    )
    out = pd.DataFrame(index=pd.Index(sorted(grantees["funder_code"].unique()), name="funder_code"))
    out = out.join(per)
    out["grantees"] = grantees.groupby("funder_code")["initiative_code"].nunique()
    out["reporting"] = out["reporting"].fillna(0).astype(int)
    out["cost"] = out["money"] / out["outcome"].where(out["outcome"] > 0)
    return out.reset_index()[cols]


def volunteer_trend(volunteers: pd.DataFrame) -> pd.DataFrame:
    """Per initiative: latest quarter's volunteers, four quarters earlier, and the relative change (NaN if unknown)."""
    cols = ["initiative_code", "latest", "year_before", "trend"]
    if volunteers.empty:
        return pd.DataFrame(columns=cols)
    v = volunteers.assign(q=volunteers["year"].astype(int) * 4 + volunteers["quarter"].astype(int) - 1)
    last = v.loc[v.groupby("initiative_code")["q"].idxmax(), ["initiative_code", "q", "value"]]
    before = v[["initiative_code", "q", "value"]].assign(q=lambda d: d["q"] + 4)
    both = last.merge(before, on=["initiative_code", "q"], how="left", suffixes=("", "_before"))
    both = both.rename(columns={"value": "latest", "value_before": "year_before"})
    both["trend"] = (both["latest"] - both["year_before"]) / both["year_before"].where(
        both["year_before"] > 0
    )
    return both[cols]


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
    d = grantees_recent.copy()
    d["share"] = d["amount"] / d["income"].where(d["income"] > 0)
    d = d.merge(volunteer_trend(volunteers), on="initiative_code", how="left")
    end = pd.Timestamp(period_end)
    d["active"] = pd.to_datetime(d["end_date"]).isna() | (pd.to_datetime(d["end_date"]) > end)
    falling = d["trend"].isna() | (d["trend"] < 0)
    d["at_risk"] = d["active"] & (d["funder_type"] != OWN_REVENUE) & (d["share"] >= RISK_SHARE) & falling
    return d[
        ["funder_code", "funder_type", "initiative_code", "name", "amount", "income", "share", "latest",
         "year_before", "trend", "active", "at_risk"]
    ].reset_index(drop=True)  # fmt: skip


def overlap_matrix(overlap: pd.DataFrame, chosen: list[str], order: list[str]) -> pd.DataFrame:
    """Shared grantees: rows = chosen funders, columns = every funder sharing at least one (in `order`)."""
    if overlap.empty:
        return pd.DataFrame()
    m = overlap.groupby(["funder_code", "other_code"])["shared"].sum().unstack("other_code", fill_value=0)
    columns = [c for c in order if c in m.columns]
    rows = [c for c in chosen if c in m.index]
    return m.reindex(index=rows, columns=columns, fill_value=0).astype(int)


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
    f = flows.assign(theme_code=flows["theme_code"].fillna("?"), wijk_code=flows["wijk_code"].fillna("?"))
    # The same selection draws the same chart whatever order the rows came in (a copied link reproduces it):
    # rows in a fixed order, so sums add up identically, and equal totals ordered by code.
    f = f.sort_values(["funder_code", "theme_code", "wijk_code", "amount"], kind="stable")

    def largest_first(column: str) -> list[str]:
        totals = f.groupby(column)["amount"].sum().round(2)
        return sorted(totals.index, key=lambda code: (-totals[code], code))

    funders, themes, wijken = (
        largest_first("funder_code"),
        largest_first("theme_code"),
        largest_first("wijk_code"),
    )
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
    for (fc, tc), amount in f.groupby(["funder_code", "theme_code"])["amount"].sum().items():
        if amount > 0:
            source.append(index[("funder", fc)])
            target.append(index[("theme", tc)])
            value.append(round(float(amount), 2))
    for (tc, wc), amount in f.groupby(["theme_code", "wijk_code"])["amount"].sum().items():
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
