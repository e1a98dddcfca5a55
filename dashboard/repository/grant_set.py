"""A gemeente's grant money per funder, initiative and year (portfolio_grants_set.sql), kept by the reader per
published version and gemeente: the portfolio page's grantees and co-funding overlap for any funders and
whole years are added up from it in plain Python (a few thousand rows), the same rows and order as
portfolio_grantees.sql and portfolio_overlap.sql give (tests/dashboard/test_grant_set.py compares them).
Two queries of every portfolio render, 10 to 25 ms each, become about a millisecond each.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

GRANTEES = ["funder_code", "funder_type", "initiative_code", "name", "status", "start_date", "end_date",
            "amount", "grants", "income"]  # fmt: skip
OVERLAP = ["funder_code", "other_code", "shared"]
ABOUT = ["funder_type", "name", "status", "start_date", "end_date"]  # of a (funder, initiative) pair


def whole_years(start: date, end: date) -> bool:
    """The period is whole years (1 January .. 31 December), as the portfolio page always asks."""
    return (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)


class GrantSet:
    """Rows (funder, initiative, year): amount and number of grants, with the pair's funder type and the
    initiative's name, status, start and end."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame.reset_index(drop=True)
        self.rows = list(zip(*(self.frame[c].tolist() for c in ("funder_code", "initiative_code", "year",
                                                                 "amount", "grants")), strict=True))  # fmt: skip
        self.names = self.frame["name"].tolist()
        self.first = {}  # (funder, initiative) -> its first row (what the pair's columns are read from)
        for i, (funder, initiative, *_rest) in enumerate(self.rows):
            self.first.setdefault((funder, initiative), i)

    @property
    def nbytes(self) -> int:
        """Memory taken (the reader keeps sets within its budget): the frame, and about as much in rows."""
        return 2 * int(self.frame.memory_usage(deep=True).sum())

    def _in_period(self, first: int, last: int) -> dict[tuple[str, str], list]:
        """(funder, initiative) -> [amounts, number of grants] of the years first..last."""
        pairs: dict[tuple[str, str], list] = {}
        for funder, initiative, year, amount, grants in self.rows:
            if first <= year <= last:
                found = pairs.setdefault((funder, initiative), [[], 0])
                found[0].append(amount)
                found[1] += grants
        return pairs

    def grantees(self, funders: list[str], start: date, end: date) -> pd.DataFrame:
        """portfolio_grantees.sql: the funders' grantees with the funder's money in the period and the
        initiative's income from all funders in it."""
        pairs = self._in_period(start.year, end.year)
        income: dict[str, list[float]] = {}
        for (_, initiative), (amounts, _) in pairs.items():
            income.setdefault(initiative, []).extend(amounts)
        income_of = {initiative: _sum(amounts) for initiative, amounts in income.items()}
        chosen = set(funders)
        keys = sorted((k for k in pairs if k[0] in chosen), key=self._order)
        positions = [self.first[k] for k in keys]
        out = self.frame.iloc[positions][["funder_code", *ABOUT[:1], "initiative_code", *ABOUT[1:]]]
        out = out.reset_index(drop=True)
        out["amount"] = [_sum(pairs[k][0]) for k in keys]
        out["grants"] = pd.Series([pairs[k][1] for k in keys], dtype="int64")
        out["income"] = [income_of[k[1]] for k in keys]
        return out[GRANTEES]

    def overlap(self, funders: list[str], start: date, end: date) -> pd.DataFrame:
        """portfolio_overlap.sql: per chosen funder and every funder, the initiatives funded by both."""
        pairs = self._in_period(start.year, end.year)
        by_initiative: dict[str, list[str]] = {}
        for funder, initiative in pairs:
            by_initiative.setdefault(initiative, []).append(funder)
        chosen = set(funders)
        shared: dict[tuple[str, str], int] = {}
        for together in by_initiative.values():
            for a in together:
                if a in chosen:
                    for b in together:
                        shared[(a, b)] = shared.get((a, b), 0) + 1
        rows = [(a, b, n) for (a, b), n in sorted(shared.items())]
        return pd.DataFrame(rows, columns=OVERLAP).astype({"shared": "int64"})

    def _order(self, key: tuple[str, str]) -> tuple:
        """By funder, the initiative's name (none last, as SQL sorts NULL) and code."""
        name = self.names[self.first[key]]
        missing = name is None or (isinstance(name, float) and math.isnan(name))
        return (key[0], missing, "" if missing else name, key[1])


def _sum(values: list[float]) -> float:
    """The exact sum of the present amounts (None for none: SQL's sum of NULLs)."""
    present = [v for v in values if v is not None and v == v]
    return math.fsum(present) if present else math.nan
