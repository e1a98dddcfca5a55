"""A gemeente's measured effects (value_cells.sql: units per initiative, indicator, buurt and year of every
indicator with a value proxy), kept by the reader per published version and gemeente: the value page's
effects and the totals its protection compares them with are added up from it for any selection and whole
years, the same rows and order as value_effects.sql and value_effect_totals.sql give
(tests/dashboard/test_value_set.py compares them). Two of the page's four queries, about 45 ms at provincie
size, become a few milliseconds of Python.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

EFFECTS = ["initiative_code", "initiative_name", "indicator_code", "indicator_name_nl", "indicator_name_en",
           "unit", "proxy_code", "stakeholder", "stakeholder_nl", "stakeholder_en", "stakeholder_order", "units",
           "observations", "proxy_low", "proxy_high", "value_low", "value_high"]  # fmt: skip


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


class ValueSet:
    """The cells (initiative, indicator, wijk, buurt, year, units, n) and the initiatives' name, status,
    theme bits and funders."""

    def __init__(self, cells: pd.DataFrame, initiatives: pd.DataFrame) -> None:
        columns = ("initiative_code", "indicator_code", "wijk_code", "buurt_code", "year", "units", "n")
        self.cells = list(zip(*(cells[c].tolist() for c in columns), strict=True))
        self.name: dict[str, Any] = {}
        self.status: dict[str, Any] = {}
        self.mask: dict[str, int] = {}
        self.funders: dict[str, set[str]] = {}
        for code, name, status, mask, funder in zip(
            *(initiatives[c].tolist() for c in ("code", "name", "status", "theme_mask", "funder_code")),
            strict=True,
        ):
            self.name[code], self.status[code], self.mask[code] = name, status, int(mask)
            found = self.funders.setdefault(code, set())
            if not _missing(funder):
                found.add(funder)
        self.size = 8 * 7 * len(self.cells) + 200 * len(self.name)

    @property
    def nbytes(self) -> int:
        """About the memory taken (the reader keeps sets within its budget)."""
        return self.size

    def _matches(self, code: str, selection: dict[str, Any]) -> bool:
        """initiative_matches (views.sql): status, theme bits and funder filters; an empty one passes."""
        if code not in self.name:
            return False  # not an initiative of the warehouse (value_effects joins v_initiative)
        if selection["statuses"] and self.status[code] not in selection["statuses"]:
            return False
        if selection["themes"] and not self.mask[code] & selection["bits"]:
            return False
        return not selection["funders"] or bool(self.funders[code] & set(selection["funders"]))

    def units(self, selection: dict[str, Any], first: int, last: int) -> dict[tuple[str, str], list]:
        """(initiative, indicator) -> [units of the cells, observations] in the selection and years."""
        out: dict[tuple[str, str], list] = {}
        wijk, buurt = selection["wijk"], selection["buurt"]
        fits: dict[str, bool] = {}
        for code, indicator, w, b, year, units, n in self.cells:
            if (
                not first <= year <= last
                or (wijk is not None and w != wijk)
                or (buurt is not None and b != buurt)
            ):
                continue
            if code not in fits:
                fits[code] = self._matches(code, selection)
            if fits[code]:
                found = out.setdefault((code, indicator), [[], 0])
                found[0].append(units)
                found[1] += int(n)
        return out

    def effects(
        self, selection: dict[str, Any], first: int, last: int, proxies: pd.DataFrame
    ) -> pd.DataFrame:
        """value_effects.sql: per initiative, indicator and proxy the units measured and their value."""
        per_indicator: dict[str, list[tuple]] = {}
        columns = ("code", "indicator_code", "indicator_name_nl", "indicator_name_en", "unit", "stakeholder",
                   "stakeholder_nl", "stakeholder_en", "stakeholder_order", "value_low", "value_high")  # fmt: skip
        for row in zip(*(proxies[c].tolist() for c in columns), strict=True):
            per_indicator.setdefault(row[1], []).append(row)
        rows = []
        for (code, indicator), (units, n) in self.units(selection, first, last).items():
            total = _sum(units)
            for proxy, _, name_nl, name_en, unit, who, who_nl, who_en, order, low, high in per_indicator.get(
                indicator, ()
            ):
                rows.append((code, self.name[code], indicator, name_nl, name_en, unit, proxy, who, who_nl, who_en,
                             order, total, n, low, high, total * low, total * high))  # fmt: skip
        rows.sort(key=_effect_order)
        frame = pd.DataFrame(rows, columns=EFFECTS)
        return frame.astype(
            {"observations": "int64", "units": float, "value_low": float, "value_high": float}
        )

    def totals(
        self, selections: list[dict[str, Any]], first: int, last: int
    ) -> list[dict[str, tuple[float, int]]]:
        """value_effect_totals.sql: per selection and indicator the units (each initiative's once) and how many
        initiatives measured it."""
        out = []
        for selection in selections:
            per: dict[str, list] = {}
            for (_, indicator), (units, _n) in self.units(selection, first, last).items():
                found = per.setdefault(indicator, [[], 0])
                found[0].append(_sum(units))
                found[1] += 1
            out.append({k: (_sum(v) if not math.isnan(_sum(v)) else 0.0, n) for k, (v, n) in per.items()})
        return out


def _sum(values: list[float]) -> float:
    """SQL's sum: the present values exactly (math.fsum), NaN (NULL) for none."""
    present = [v for v in values if not _missing(v)]
    return math.fsum(present) if present else math.nan


def _effect_order(row: tuple) -> tuple:
    """value_effects.sql's ORDER BY initiative name, code, indicator, stakeholder order (NULLs last)."""
    name, order = row[1], row[10]
    return (
        _missing(name),
        "" if _missing(name) else name,
        row[0],
        row[2],
        _missing(order),
        0 if _missing(order) else order,
    )
