"""Survival of initiatives: the 'stopped' rule, durations and Kaplan–Meier estimates (pure functions).

The rule that decides when an initiative stopped is explicit and configurable:
- ``einddatum``: stopped on its end date (an end date after the data date does not count yet);
- ``stilte``: stopped on its last sign of life (an observation period's end or a grant's start, never
  before its start) when that lies more than N months before the data date;
- ``beide`` (default): the end date when there is one, otherwise the no-sign-of-life rule.
Everyone else is censored at the data date: still active as far as the data can tell.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

RULES = ("beide", "einddatum", "stilte")
DEFAULT_RULE = "beide"
DEFAULT_MONTHS = 12
MONTH_CHOICES = (6, 12, 18, 24, 36)
GROUPS = ("geen", "thema", "financier", "mix", "vorm", "wijk")
DEFAULT_GROUP = "geen"
DAYS_PER_YEAR = 365.25
HORIZON_YEARS = 3.0  # "share still active after 3 years"
MAX_GROUPS = 8  # curves on one chart; the largest groups are shown
MIN_GROUP = 3  # fewer initiatives than this give no meaningful curve


@dataclass(frozen=True)
class Rule:
    """The 'stopped' rule: which evidence counts, and how many months of silence mean stopped."""

    kind: str = DEFAULT_RULE
    months: int = DEFAULT_MONTHS

    @classmethod
    def from_query(cls, kind: Any, months: Any) -> Rule:
        """Validated: an unknown rule or month count falls back to the default."""
        kind = kind[0] if isinstance(kind, (list, tuple)) and kind else kind
        months = months[0] if isinstance(months, (list, tuple)) and months else months
        k = kind if isinstance(kind, str) and kind in RULES else DEFAULT_RULE
        try:
            m = int(str(months)) if months is not None and not isinstance(months, bool) else DEFAULT_MONTHS
        except ValueError:
            m = DEFAULT_MONTHS
        return cls(k, m if m in MONTH_CHOICES else DEFAULT_MONTHS)


def valid_group(value: Any) -> str:
    value = value[0] if isinstance(value, (list, tuple)) and value else value
    return value if isinstance(value, str) and value in GROUPS else DEFAULT_GROUP


def _ts(value: Any) -> pd.Timestamp | None:
    if value is None or (not isinstance(value, (date, pd.Timestamp)) and pd.isna(value)):
        return None
    ts = pd.Timestamp(value)
    return None if pd.isna(ts) else ts.normalize()


def durations(rows: pd.DataFrame, data_date: Any, rule: Rule) -> pd.DataFrame:
    """Per initiative: years from start to stop (event) or to the data date (censored).

    `rows` has columns code, start_date, end_date, last_observation, last_grant (as from
    survival_initiatives.sql). Initiatives starting after the data date are left out. Returns the rows with
    extra columns last_sign, stop_date (NaT when censored), stopped (bool) and years (float >= 0).
    """
    cutoff = _ts(data_date)
    out = rows.copy()
    if out.empty or cutoff is None:
        return out.assign(last_sign=pd.NaT, stop_date=pd.NaT, stopped=False, years=0.0).iloc[0:0]
    start = pd.to_datetime(out["start_date"]).dt.normalize()
    end = pd.to_datetime(out["end_date"]).dt.normalize()
    signs = pd.concat(
        [start, pd.to_datetime(out["last_observation"]), pd.to_datetime(out["last_grant"])], axis=1
    )
    last_sign = signs.max(axis=1).dt.normalize().clip(upper=cutoff)
    silent = last_sign < cutoff - pd.DateOffset(months=rule.months)
    ended = end.notna() & (end <= cutoff)
    if rule.kind == "einddatum":
        stopped, stop = ended, end
    elif rule.kind == "stilte":
        stopped, stop = silent, last_sign
    else:  # beide: an end date is the firmer evidence; silence decides only where there is none
        stopped = ended | (end.isna() & silent)
        stop = end.where(ended, last_sign)
    stop_date = stop.where(stopped)
    until = stop_date.fillna(cutoff)
    years = ((until - start).dt.days / DAYS_PER_YEAR).clip(lower=0.0)
    out = out.assign(last_sign=last_sign, stop_date=stop_date, stopped=stopped.astype(bool), years=years)
    return out[start <= cutoff].reset_index(drop=True)


def mix_label(external: int, own_revenue: bool) -> str:
    """The funding-mix group key: 'geen', 'een' or 'meer' external funders, with or without own revenue."""
    count = "geen" if external <= 0 else ("een" if external == 1 else "meer")
    return f"{count}|{'eigen' if own_revenue else 'zonder'}"


def memberships(df: pd.DataFrame, group: str) -> pd.DataFrame:
    """(code, key) pairs: the group(s) each initiative belongs to. Themes and funders can be several."""
    if df.empty:
        return pd.DataFrame(columns=["code", "key"])
    if group == "thema":
        pairs = [(c, t) for c, ts in zip(df["code"], df["themes"], strict=True) for t in list(ts) or ["?"]]
    elif group == "financier":
        pairs = [(c, f) for c, fs in zip(df["code"], df["funders"], strict=True) for f in list(fs) or ["-"]]
    elif group == "mix":
        pairs = [
            (c, mix_label(int(e), bool(o)))
            for c, e, o in zip(df["code"], df["external_funders"], df["own_revenue"], strict=True)
        ]
    elif group == "vorm":
        pairs = list(zip(df["code"], df["form"], strict=True))
    elif group == "wijk":
        pairs = [
            (c, w if isinstance(w, str) else "?") for c, w in zip(df["code"], df["wijk_code"], strict=True)
        ]
    else:
        pairs = [(c, "alle") for c in df["code"]]
    return pd.DataFrame(pairs, columns=["code", "key"])


@dataclass
class Curve:
    """One group's Kaplan–Meier estimate and the figures shown for it."""

    key: str
    n: int
    events: int
    times: np.ndarray
    survival: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    median: float  # inf when the curve never falls to 50 %
    at_horizon: (
        float | None
    )  # share still active after HORIZON_YEARS; None when nobody was followed that long
    at_horizon_ci: tuple[float, float] | None
    durations: np.ndarray
    observed: np.ndarray

    def at_risk(self, t: float) -> int:
        """Initiatives still followed at time t: not stopped and not censored before t."""
        return int((self.durations >= t).sum())


def kaplan_meier(key: str, years: np.ndarray, stopped: np.ndarray, alpha: float = 0.05) -> Curve:
    """lifelines' KaplanMeierFitter on one group, evaluated at every event time and the horizon."""
    from lifelines import KaplanMeierFitter  # imported here: it loads scipy/matplotlib (about 1 s)

    years = np.asarray(years, dtype=float)
    stopped = np.asarray(stopped, dtype=bool)
    timeline = np.unique(np.concatenate([[0.0, HORIZON_YEARS], years]))
    kmf = KaplanMeierFitter(alpha=alpha)
    kmf.fit(years, event_observed=stopped, timeline=timeline, label=str(key))
    sf = kmf.survival_function_.iloc[:, 0].to_numpy()
    ci = kmf.confidence_interval_
    lower, upper = ci.iloc[:, 0].to_numpy(), ci.iloc[:, 1].to_numpy()
    followed = (years >= HORIZON_YEARS).any()
    at_h = ci_h = None
    if followed:
        i = int(np.searchsorted(timeline, HORIZON_YEARS))
        at_h = float(sf[i])
        ci_h = (float(lower[i]), float(upper[i]))
    return Curve(
        key=key,
        n=len(years),
        events=int(stopped.sum()),
        times=timeline,
        survival=sf,
        lower=lower,
        upper=upper,
        median=float(kmf.median_survival_time_),
        at_horizon=at_h,
        at_horizon_ci=ci_h,
        durations=years,
        observed=stopped,
    )


def curves(df: pd.DataFrame, group: str) -> tuple[list[Curve], list[str]]:
    """One curve per group (the MAX_GROUPS largest with at least MIN_GROUP initiatives), and the keys left out.

    `df` is the output of `durations`. An initiative with several themes or funders is in each of their groups.
    """
    if df.empty:
        return [], []
    members = memberships(df, group).merge(df[["code", "years", "stopped"]], on="code")
    sizes = members.groupby("key").size().sort_values(ascending=False, kind="stable")
    keep = [k for k in sizes.index if sizes[k] >= (MIN_GROUP if group != DEFAULT_GROUP else 1)][:MAX_GROUPS]
    left_out = [k for k in sizes.index if k not in keep]
    result = []
    for key in keep:
        part = members[members["key"] == key]
        result.append(kaplan_meier(key, part["years"].to_numpy(), part["stopped"].to_numpy()))
    return result, left_out
