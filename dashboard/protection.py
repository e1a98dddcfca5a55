"""Small-number protection: pure functions that hide counts of people below k, before anything is drawn.

The repository applies these to every figure that counts people (v_indicator.counts_people, and context
statistics that are counts), so figures, hover text, tables, exports and the raw callback response never
carry a hidden number. The rules, in the order they are applied:

1. **Primary**: a count of people below k (including 0) is hidden and shown as "< k".
2. **Complement**: a value shown next to a coarser selection (the same figure for the whole gemeente, the
   parent wijk, or without the theme/status/funder filters) is hidden when the difference, i.e. the people
   outside the selection, is between 1 and k-1: otherwise subtracting two views would reveal it.
3. **Secondary**: in a group of cells that add up to a published total (the buurten of a wijk or gemeente,
   the quarters of a year or period), a lone hidden cell, or hidden cells that add up to less than k, take
   the next-smallest cell with them until the hidden part can no longer be worked out from the total.
4. **Rates**: a rate whose denominator (residents) is below k is not shown; so is a CBS share, average or
   rate (a context statistic) whose base count (residents, households, dwellings) is below k.
5. **Rounding**: every count of people that is shown is rounded to a multiple of `round_to` (default 5,
   as CBS does with its own counts). Rules 2 and 3 look one step away (one filter value, one year, one
   area level); rounding closes the longer chains: the difference between any two shown counts is off
   by up to `round_to`, so a small group cannot be isolated exactly by combining three or more views.
6. **One initiative**: a count of people that fewer than MIN_CONTRIBUTORS (2) initiatives report is hidden
   like a small one (rule 1, and rule 3 takes a neighbour with it): filters that leave one initiative
   (a buurt, a theme and a status) would otherwise show that initiative's own count, which public mode
   does not publish.

What a hidden cell says: "< k" only where its own value was below k (rule 1, column SMALL beside SUPPRESSED,
`Hidden.small`); a cell hidden by rules 2, 3, 4 or 6 says "afgeschermd" / "protected" (`hidden_text`): a count
of 115 hidden to protect a neighbour is not "< 10", and a share over few residents is not "< 10 %".

Mode `public` (default) applies all of this and leaves out counts per initiative; mode `internal` turns
protection off for use behind a login only (see docs/export-and-protection.md).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dashboard.filters import Filters
from dashboard.i18n import t

DEFAULT_K = 10
DEFAULT_ROUND = 5
MODES = ("public", "internal")
SUPPRESSED = "suppressed"  # the boolean column a protected DataFrame carries next to its value column
SMALL = "small"  # beside SUPPRESSED: the hidden value itself was a count below k (rule 1), shown as '< k'
MIN_CONTRIBUTORS = 2  # a figure from one initiative alone would be that initiative's own count (rule 6)


@dataclass(frozen=True)
class Protection:
    """The protection settings: threshold k, rounding base and mode (public | internal)."""

    k: int = DEFAULT_K
    mode: str = "public"
    round_to: int = DEFAULT_ROUND

    @property
    def base(self) -> int:
        """The rounding base counts of people are shown with: `round_to` in public mode, 1 internally."""
        return self.round_to if self.active else 1

    @property
    def active(self) -> bool:
        return self.mode == "public"

    @property
    def initiative_counts(self) -> bool:
        """May counts of people per initiative be shown? Only internally."""
        return not self.active

    def hidden(self, small: bool, lang: str = "nl") -> str:
        """What a hidden cell says: '< k' where its own value was below k, else 'afgeschermd'."""
        return hidden_text(self.k, small, lang)


INTERNAL = Protection(mode="internal")


def from_env(environ: dict[str, str] | None = None) -> Protection:
    """Settings WIJKWAARDE_PRIVACY_K (default 10, at least 2), WIJKWAARDE_PRIVACY_ROUND (default 5,
    1 = no rounding, at most k) and WIJKWAARDE_MODE (public | internal).

    Anything unreadable falls back to the safe side: k = 10, rounding to 5, mode public.
    """
    env = os.environ if environ is None else environ
    try:
        k = int(env.get("WIJKWAARDE_PRIVACY_K", DEFAULT_K))
    except ValueError:
        k = DEFAULT_K
    if k < 2:
        k = DEFAULT_K
    try:
        base = int(env.get("WIJKWAARDE_PRIVACY_ROUND", DEFAULT_ROUND))
    except ValueError:
        base = DEFAULT_ROUND
    if not 1 <= base <= k:
        base = min(DEFAULT_ROUND, k)
    mode = env.get("WIJKWAARDE_MODE", "public").strip().lower()
    return Protection(k=k, mode=mode if mode in MODES else "public", round_to=base)


def hidden_text(k: int, small: bool, lang: str = "nl") -> str:
    """A hidden cell's text: '< k' when its own value was a count below k (rule 1); one hidden by another
    rule (a neighbour's protection, a coarser selection, one initiative, a share over a small base) says
    'afgeschermd' / 'protected': it may be any size, and '< 10' would be a wrong figure."""
    return f"< {k}" if small else t("hidden", lang)


@dataclass(frozen=True)
class Hidden:
    """A protected count: carries only the threshold and whether it was below it, never the number.
    text(lang) / str() give '< k' (small) or 'afgeschermd'."""

    k: int
    small: bool = True

    def text(self, lang: str = "nl") -> str:
        return hidden_text(self.k, self.small, lang)

    def __str__(self) -> str:
        return self.text()


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def is_small(value: Any, k: int) -> bool:
    """A present count below k (0 included: 'nobody' is a small number too)."""
    return not _missing(value) and float(value) < k


def complement_small(value: Any, references: Iterable[Any], k: int) -> bool:
    """True when this selection and a related one (coarser, or one filter value or year less) differ by
    between 1 and k-1 people (rule 2): showing both would reveal that small group."""
    if _missing(value):
        return False
    for ref in references:
        if _missing(ref) or isinstance(ref, Hidden):
            continue
        rest = abs(float(ref) - float(value))
        if 0 < rest < k:
            return True
    return False


def round_count(value: Any, base: int) -> Any:
    """Rule 5: a count rounded half up to a multiple of `base` (12 -> 10, 13 -> 15); missing stays missing."""
    if base <= 1 or _missing(value):
        return value
    return float(math.floor(float(value) / base + 0.5) * base)


def round_series(values: pd.Series, base: int) -> pd.Series:
    """round_count on every cell (NaN stays NaN)."""
    if base <= 1:
        return values
    return np.floor(values.astype(float) / base + 0.5) * base


def protect_value(
    value: Any, k: int, references: Iterable[Any] = (), base: int = 1, reporting: int | None = None
) -> float | Hidden | None:
    """One total: None stays None (no data), small or complement-revealing becomes Hidden (rules 1, 2), so
    does one that fewer than two initiatives report (`reporting`, rule 6); what is shown is rounded to a
    multiple of `base` (rule 5)."""
    if _missing(value):
        return None
    small = is_small(value, k)
    if (
        small
        or complement_small(value, references, k)
        or (reporting is not None and reporting < MIN_CONTRIBUTORS)
    ):
        return Hidden(k, small)
    return round_count(float(value), base)


# The cell rules work on the values as float arrays (NaN = no data: every comparison with it is False): a
# trend's 32 quarters against four references cost pandas about a millisecond in Series operations alone.
def _floats(values: pd.Series) -> np.ndarray:
    return values.to_numpy(dtype=float, na_value=np.nan)


def single_mask(values: pd.Series, reporting: pd.Series) -> pd.Series:
    """Rule 6: present values that fewer than MIN_CONTRIBUTORS initiatives report."""
    few = reporting.to_numpy(dtype=float, na_value=0.0) < MIN_CONTRIBUTORS
    return pd.Series(~np.isnan(_floats(values)) & few, index=values.index)


def primary_mask(values: pd.Series, k: int) -> pd.Series:
    """Rule 1: present values below k."""
    return pd.Series(_floats(values) < k, index=values.index)


def complement_mask(values: pd.Series, references: Sequence[pd.Series], k: int) -> pd.Series:
    """Rule 2 cell by cell: `references` are the same cells (same index) for coarser selections."""
    own = _floats(values)
    mask = np.zeros(len(own), dtype=bool)
    for ref in references:
        rest = _floats(ref.reindex(values.index)) - own  # NaN where either is missing
        mask |= (rest > 0) & (rest < k)
    return pd.Series(mask, index=values.index)


def difference_mask(values: pd.Series, parts: Sequence[pd.Series], k: int) -> pd.Series:
    """The differencing guard cell by cell (issue 15): `parts` are the same cells over a part of the
    selection the viewer sees exactly elsewhere (a fund's own portfolio). A public cell minus that exact
    part is the rest of the selection; True where that rest is 1..k-1 people (it would isolate them).
    A cell without a part (NaN) has no exact part in it: nothing to subtract."""
    own = _floats(values)
    mask = np.zeros(len(own), dtype=bool)
    for part in parts:
        rest = own - np.nan_to_num(_floats(part.reindex(values.index)), nan=0.0)  # NaN where own is missing
        mask |= (rest > 0) & (rest < k)
    return pd.Series(mask, index=values.index)


def difference_small(value: Any, parts: Iterable[Any], k: int) -> bool:
    """difference_mask for one total: True when the total minus an exact part the viewer knows is 1..k-1."""
    if _missing(value) or isinstance(value, Hidden):
        return False
    for part in parts:
        rest = float(value) - (0.0 if _missing(part) else float(part))
        if 0 < rest < k:
            return True
    return False


def secondary_mask(
    values: pd.Series, mask: pd.Series, k: int, groups: Sequence[Sequence[Any]] | None = None
) -> pd.Series:
    """Rule 3: within each group (index labels adding up to a published total) hide more cells until
    either nothing is hidden, or at least two cells are hidden that together hold at least k people.

    The next cell to hide is always the smallest visible present one. Groups may nest (buurten of a wijk
    and of the gemeente), so the groups are revisited until nothing changes.
    """
    # plain dictionaries: many small groups (a year's quarters, a wijk's buurten) cost pandas more per
    # lookup than the rule costs itself
    value_of = {label: (None if pd.isna(v) else float(v)) for label, v in values.items()}
    hidden_of = {label: bool(flag) for label, flag in mask.items()}
    group_list = [list(values.index)] if groups is None else [list(g) for g in groups]
    changed = True
    while changed:
        changed = False
        for group in group_list:
            present = [label for label in group if value_of.get(label) is not None]
            while any(hidden_of.get(label, False) for label in group):
                shown = [label for label in present if hidden_of.get(label, False)]
                if len(shown) >= 2 and sum(value_of[label] for label in shown) >= k:
                    break
                visible = [label for label in present if not hidden_of.get(label, False)]
                if not visible:
                    break  # everything present is hidden: the total itself must be protected (rule 1)
                pick = min(visible, key=lambda label: value_of[label])  # the first smallest, as idxmin
                hidden_of[pick] = True
                changed = True
    mask = pd.Series([hidden_of.get(label, False) for label in mask.index], index=mask.index, dtype=bool)
    return mask


def protect_frame(
    df: pd.DataFrame,
    k: int,
    value: str = "value",
    references: Sequence[pd.Series] = (),
    groups: Sequence[Sequence[Any]] | None = None,
    additive: bool = True,
    base: int = 1,
    parts: Sequence[pd.Series] = (),
    reporting: str | None = None,
) -> pd.DataFrame:
    """A copy of `df` with the hidden cells of `value` set to NaN, a boolean `suppressed` column and beside
    it `small` (the hidden value itself was below k: shown as '< k', the others as 'afgeschermd').

    `references` and `groups` use df's index. `additive`: the cells add up to a published total (an
    indicator aggregated by 'som'), so rule 3 applies; otherwise only rules 1 and 2. `parts`: the same
    cells over a part of the selection the viewer sees exactly (a fund's own grantees, issue 15): a cell
    whose rest outside that part is 1..k-1 is hidden too (difference_mask). `reporting`: the column of
    how many initiatives report each cell; a present cell from fewer than two is hidden (rule 6). The cells
    left visible are rounded to a multiple of `base` (rule 5).
    """
    out = df.copy()
    values = pd.to_numeric(out[value], errors="coerce").astype(float)
    mask = (
        primary_mask(values, k) | complement_mask(values, references, k) | difference_mask(values, parts, k)
    )
    if reporting is not None:
        mask |= single_mask(values, out[reporting])
    if additive:
        mask = secondary_mask(values, mask, k, groups)
    out[value] = round_series(values.mask(mask), base)
    out[SUPPRESSED] = mask.astype(bool)
    out[SMALL] = mask.to_numpy(dtype=bool) & (_floats(values) < k)
    return out


def hidden_of(frame: pd.DataFrame, k: int, lang: str = "nl") -> list[str | None]:
    """Per row of a protected frame: its hidden text ('< k' or 'afgeschermd'), None where it is shown."""
    if SUPPRESSED not in frame.columns:
        return [None] * len(frame)
    gone = frame[SUPPRESSED].fillna(False).astype(bool).tolist()
    small = (
        frame[SMALL].fillna(False).astype(bool).tolist() if SMALL in frame.columns else [False] * len(gone)
    )
    return [hidden_text(k, s, lang) if g else None for g, s in zip(gone, small, strict=True)]


def protect_rate(numerator: pd.Series, denominator: pd.Series, k: int, scale: float = 1.0) -> pd.Series:
    """Rule 4: numerator / denominator * scale, NaN where the denominator is missing, zero or below k."""
    ok = denominator.notna() & (denominator >= k) & (denominator > 0)
    return (numerator / denominator.where(ok)) * scale


def small_base_mask(
    rows: pd.DataFrame, bases: pd.DataFrame, base_of: Mapping[str, str], k: int, area: str = "area_code"
) -> pd.Series:
    """Rule 4 for context statistics: True where a share, average or rate (`stat_code` in `base_of`) is
    taken over a base count (residents, households, dwellings) below k.

    `rows` has `area`, stat_code, year; `bases` has area_code, base, year, base_value (every year known).
    The base of the same year counts, else that of the nearest year (CBS may publish a share in a year
    without the count); an area without its own base falls back to its residents. An area with no base
    at all keeps CBS's value: CBS published it after its own disclosure control.
    """
    mask = pd.Series(False, index=rows.index)
    rated = rows["stat_code"].isin(list(base_of)) & rows["value"].notna()
    if not rated.any() or bases.empty:
        return mask
    left = rows.loc[rated, [area, "stat_code", "year"]].copy()
    left["year"] = left["year"].astype("int64")
    left["_row"] = left.index
    right = bases.rename(columns={"area_code": area})[[area, "base", "year", "base_value"]].copy()
    right["year"] = right["year"].astype("int64")
    right = right.sort_values("year")
    found = pd.Series(np.nan, index=left.index)
    for fallback in (False, True):
        todo = left[found.isna()].copy()
        if todo.empty:
            break
        todo["base"] = "inwoners" if fallback else todo["stat_code"].map(base_of)
        matched = pd.merge_asof(
            todo.sort_values("year"), right, on="year", by=[area, "base"], direction="nearest"
        ).set_index("_row")["base_value"]
        found.loc[matched.index] = found.loc[matched.index].fillna(matched)
    mask.loc[found.index] = (found < k).to_numpy()
    return mask


def reference_selections(filters: Filters) -> list[Filters]:
    """The coarser selections a user could subtract this one from (rule 2), without duplicates.

    The parent area (buurt -> its wijk, wijk -> the gemeente), the same area without the theme, status and
    funder filters, and the whole gemeente without any filter.
    """
    refs: list[Filters] = []
    if filters.buurt:
        refs.append(filters.with_(buurt=None, wijk="WK" + filters.buurt[2:8]))
    elif filters.wijk:
        refs.append(filters.with_(wijk=None))
    if filters.themes or filters.statuses or filters.funders:
        refs.append(filters.with_(themes=(), statuses=(), funders=()))
        if filters.buurt or filters.wijk:
            refs.append(filters.with_(themes=(), statuses=(), funders=(), buurt=None, wijk=None))
        if filters.buurt:
            refs.append(
                filters.with_(themes=(), statuses=(), funders=(), buurt=None, wijk="WK" + filters.buurt[2:8])
            )
    # Combining filters: the same view with one value of a multi-value filter left out, or with one of
    # several filters dropped, so the difference between two selections a user can make is checked too.
    fields = ("themes", "statuses", "funders")
    used = [name for name in fields if getattr(filters, name)]
    for name in used:
        values = getattr(filters, name)
        if len(values) > 1:
            refs += [
                filters.with_(**{name: tuple(v for v in values if v != left_out)}) for left_out in values
            ]
        if len(used) > 1:
            refs.append(filters.with_(**{name: ()}))
    seen: list[Filters] = []
    for ref in refs:
        if ref != filters and ref not in seen:
            seen.append(ref)
    return seen


def reference_periods(period: tuple[int, int]) -> list[tuple[int, int]]:
    """The shorter periods a user could subtract a multi-year total from: without its first or last year."""
    first, last = period
    return [(first + 1, last), (first, last - 1)] if last > first else []


def display(value: Any, formatter, lang: str = "nl") -> str:
    """Text for a protected value: '< k' or 'afgeschermd' for Hidden, else formatter(value)."""
    return value.text(lang) if isinstance(value, Hidden) else formatter(value)


# -- pages that attribute or compare counts per initiative (portfolio) ---------------------------------


def protect_attributed(
    frame: pd.DataFrame, k: int, value: str = "outcome", rate: str = "cost", base: int = 1
) -> pd.DataFrame:
    """Per funder: an attributed count of people (`value`) below k, or from fewer than two reporting
    initiatives (`reporting`), is NaN with `suppressed` True; so is the rate built on it (`rate`, e.g. euro per
    person: money / rate would give the count back). Shown counts are rounded to `base` (rule 5) and the
    rate is then money / the rounded count, so it gives back no more than the rounded count does.
    The input is left alone.
    """
    out = frame.copy()
    values = pd.to_numeric(out[value], errors="coerce").astype(float)
    few = out["reporting"].fillna(0) < MIN_CONTRIBUTORS if "reporting" in out else False
    mask = values.notna() & ((values < k) | few)
    out[value] = round_series(values.mask(mask), base)
    out[SMALL] = (mask & (values < k)).astype(bool)
    if rate in out:
        rates = pd.to_numeric(out[rate], errors="coerce").astype(float)
        if base > 1 and "money" in out:
            rates = pd.to_numeric(out["money"], errors="coerce").astype(float) / out[value]
        out[rate] = rates.mask(mask)
    out[SUPPRESSED] = mask.astype(bool)
    return out


def direction_only(
    frame: pd.DataFrame, before: str = "year_before", latest: str = "latest", trend: str = "trend"
) -> pd.DataFrame:
    """Per initiative, public mode: people counts a year apart (volunteers) and their relative change.

    Counts of people per initiative are not published in public mode (not even rounded: a change between
    two rounded counts gives their ratio back, and exact changes undo the rounding), so `before`, `latest`
    and `trend` all become NaN, with `before_suppressed` / `latest_suppressed` True where a count was there.
    Only the direction stays, in `direction` (-1 fell, 0 same, 1 rose; NaN unknown): it reveals no number.
    The input is left alone.
    """
    out = frame.copy()
    b = pd.to_numeric(out[before], errors="coerce").astype(float)
    last = pd.to_numeric(out[latest], errors="coerce").astype(float)
    change = pd.to_numeric(out[trend], errors="coerce").astype(float)
    out["direction"] = np.sign(change)  # NaN stays NaN
    out["before_suppressed"], out["latest_suppressed"] = b.notna(), last.notna()
    out[before] = out[latest] = out[trend] = math.nan
    return out
