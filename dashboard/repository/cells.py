"""An indicator's total for many selections from its cells (dashboard/sql/indicator_cells.sql): the
observations added up per year, status, theme bits, wijk and buurt, kept by the reader per published
version. The same rule as the `by_cell` part of indicator_totals.sql, for selections without a funder
filter (tests/dashboard/test_cells.py compares the two on every aggregation).

som: the sum of the values; gemiddelde: the sum over the number of values; laatste: per initiative and
buurt the latest value in the period, summed (a cell's `latest` counts when its next year with data lies
after the period). None where no observation falls in the selection.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd


class Codes:
    """A text column as integer codes (small and quick to compare), with the code of each text."""

    def __init__(self, column: pd.Series) -> None:
        codes, uniques = pd.factorize(column, use_na_sentinel=True)  # NULL: -1, equal to no text's code
        self.codes = codes.astype("int32")
        self.index = {str(text): i for i, text in enumerate(uniques)}

    def equal(self, text: str) -> np.ndarray:
        return self.codes == self.index.get(text, -2)

    def among(self, texts: Sequence[str]) -> np.ndarray:
        return np.isin(self.codes, [self.index.get(t, -2) for t in texts])

    @property
    def nbytes(self) -> int:
        return self.codes.nbytes + 100 * len(self.index)


class Reporting:
    """Which initiatives a cell's values come from: the first and the last initiative code with a value
    (first_initiative, last_initiative) as integer codes of one index (-1: no value in the cell)."""

    def __init__(self, df: pd.DataFrame) -> None:
        both = pd.concat([df["first_initiative"], df["last_initiative"]], ignore_index=True)
        codes, _ = pd.factorize(both, use_na_sentinel=True)
        self.first = codes[: len(df)].astype("int64")
        self.last = codes[len(df) :].astype("int64")

    def count(self, mask: np.ndarray) -> int:
        """0, 1 or 2 (two or more) initiatives with a value in the cells of `mask`: more than one when a
        cell holds two (first != last) or two cells hold different ones."""
        first = self.first[mask]
        present = first >= 0
        if not present.any():
            return 0
        first, last = first[present], self.last[mask][present]
        return 2 if (first != last).any() or first.min() != first.max() else 1

    def count_per_slot(self, mask: np.ndarray, slot: np.ndarray, size: int) -> np.ndarray:
        """count() per slot (a quarter) of the cells of `mask`, whose slots are `slot`."""
        first, last = self.first[mask], self.last[mask]
        present = first >= 0
        first, last, slot = first[present], last[present], slot[present]
        counted = np.bincount(slot, minlength=size)
        several = np.bincount(slot, weights=(first != last), minlength=size) > 0
        low = np.full(size, np.iinfo("int64").max)
        high = np.full(size, -1)
        np.minimum.at(low, slot, first)
        np.maximum.at(high, slot, first)
        several |= (counted > 0) & (low != high)
        return np.where(counted == 0, 0, np.where(several, 2, 1))


class Cells:
    """The columns of an indicator's cells as arrays, to be masked per selection."""

    def __init__(self, df: pd.DataFrame) -> None:
        self.year = df["year"].to_numpy(dtype="int64", na_value=-1)
        self.status = Codes(df["status"])
        self.theme_mask = df["theme_mask"].to_numpy(dtype="int64", na_value=0)  # NULL matches no theme
        self.wijk = Codes(df["wijk_code"])
        self.buurt = Codes(df["buurt_code"])
        # no next year with data: after every period
        self.next_year = df["next_year"].to_numpy(dtype="float64", na_value=np.inf)
        self.total = df["total"].to_numpy(dtype="float64", na_value=np.nan)
        self.n = df["n"].to_numpy(dtype="float64", na_value=np.nan)
        self.latest = df["latest"].to_numpy(dtype="float64", na_value=np.nan)
        self.reporting = Reporting(df)

    @property
    def nbytes(self) -> int:
        """Memory taken (the reader keeps cells within its budget)."""
        arrays = [v for v in vars(self).values() if isinstance(v, np.ndarray | Codes)]
        return sum(a.nbytes for a in arrays) + self.reporting.first.nbytes * 2

    def matching(self, s: dict[str, Any], base: np.ndarray) -> np.ndarray:
        """`base` narrowed to the cells of selection `s` (wijk, buurt, statuses, themes as bits)."""
        mask = base.copy()
        if s.get("wijk"):
            mask &= self.wijk.equal(s["wijk"])
        if s.get("buurt"):
            mask &= self.buurt.equal(s["buurt"])
        if s.get("statuses"):
            mask &= self.status.among(s["statuses"])
        if s.get("themes"):
            mask &= (self.theme_mask & int(s["bits"])) != 0
        return mask


def _sum(values: np.ndarray) -> float | None:
    """SQL's sum: None over no values or only NULLs."""
    present = values[~np.isnan(values)]
    return float(present.sum()) if present.size else None


def _selected(cells: Cells, s: dict[str, Any], aggregation: str) -> np.ndarray:
    first, last = s["first_year"], s["last_year"]
    period = (cells.year >= first) & (cells.year <= last)
    if aggregation == "laatste":
        period &= cells.next_year > last
    return cells.matching(s, period)


def cell_totals(
    cells: Cells, selections: Sequence[dict[str, Any]], aggregation: str, reporting: list[int] | None = None
) -> list[float | None]:
    """The total of each selection (a dict with first_year, last_year, statuses, bits (the themes' bit mask;
    themes empty = all), wijk, buurt), by `aggregation`. `reporting`: a list to append, per selection, how
    many initiatives report its total (0, 1 or 2 = two or more), from the same masks."""
    out: list[float | None] = []
    for s in selections:
        mask = _selected(cells, s, aggregation)
        if reporting is not None:
            reporting.append(cells.reporting.count(mask))
        if aggregation == "laatste":
            out.append(_sum(cells.latest[mask]))
        elif aggregation == "gemiddelde":
            total, n = _sum(cells.total[mask]), _sum(cells.n[mask])
            out.append(None if total is None or not n else total / n)
        else:
            out.append(_sum(cells.total[mask]))
    return out


class QuarterCells(Cells):
    """The cells of an indicator per year and quarter (indicator_quarter_cells.sql)."""

    def __init__(self, df: pd.DataFrame) -> None:
        self.year = df["year"].to_numpy(dtype="int64", na_value=-1)
        self.quarter = df["quarter"].to_numpy(dtype="int64", na_value=1)
        self.status = Codes(df["status"])
        self.theme_mask = df["theme_mask"].to_numpy(dtype="int64", na_value=0)  # NULL matches no theme
        self.wijk = Codes(df["wijk_code"])
        self.buurt = Codes(df["buurt_code"])
        self.total = df["total"].to_numpy(dtype="float64", na_value=np.nan)
        self.n = df["n"].to_numpy(dtype="float64", na_value=0)
        self.target_total = df["target_total"].to_numpy(dtype="float64", na_value=np.nan)
        self.target_n = df["target_n"].to_numpy(dtype="float64", na_value=0)
        self.reporting = Reporting(df)
        self.first = int(self.year.min()) if len(df) else 0
        self.slot = (self.year - self.first) * 4 + (self.quarter - 1)  # one number per quarter
        self.slots = int(self.slot.max()) + 1 if len(df) else 0


def _sums(slot: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """SQL's sum per slot: NaN where a slot has no value that is not NULL."""
    present = ~np.isnan(values)
    total = np.bincount(slot[present], weights=values[present], minlength=size)
    counted = np.bincount(slot[present], minlength=size)
    return np.where(counted > 0, total, np.nan)


def quarter_totals(
    cells: QuarterCells, selections: Sequence[dict[str, Any]], period: tuple[int, int], aggregation: str
) -> pd.DataFrame:
    """position, year, quarter, value, target, reporting of each selection (a dict with position, statuses,
    bits (themes empty = all), wijk, buurt) in the years `period`: a row per quarter with observations, 'som'
    or 'gemiddelde' (as indicator_by_quarter.sql's cells; 'laatste' goes per initiative there)."""
    first, last = period
    base = (cells.year >= first) & (cells.year <= last)
    positions, used_slots, values, targets, reporting = [], [], [], [], []
    for s in selections:
        mask = cells.matching(s, base)
        slot = cells.slot[mask]
        if not slot.size:
            continue
        size = cells.slots
        value = _sums(slot, cells.total[mask], size)
        target = _sums(slot, cells.target_total[mask], size)
        if aggregation == "gemiddelde":
            with np.errstate(divide="ignore", invalid="ignore"):
                value = value / np.bincount(slot, weights=cells.n[mask], minlength=size)
                counted = np.bincount(slot, weights=cells.target_n[mask], minlength=size)
                target = np.where(counted > 0, target / np.where(counted > 0, counted, 1), np.nan)
        used = np.flatnonzero(np.bincount(slot, minlength=size) > 0)
        positions.append(np.full(used.size, s["position"], dtype="int64"))
        used_slots.append(used)
        values.append(value[used])
        targets.append(target[used])
        reporting.append(cells.reporting.count_per_slot(mask, cells.slot[mask], size)[used])
    # one frame from the joined arrays (a frame per selection and pd.concat cost twice the arithmetic)
    used = np.concatenate(used_slots) if used_slots else np.zeros(0, dtype="int64")
    return pd.DataFrame(
        {
            "position": np.concatenate(positions) if positions else np.zeros(0, dtype="int64"),
            "year": (cells.first + used // 4).astype("int64"),
            "quarter": (used % 4 + 1).astype("int64"),
            "value": np.concatenate(values).astype("float64") if values else np.zeros(0),
            "target": np.concatenate(targets).astype("float64") if targets else np.zeros(0),
            "reporting": np.concatenate(reporting).astype("int64")
            if reporting
            else np.zeros(0, dtype="int64"),
        }
    )
