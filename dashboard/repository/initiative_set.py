"""A gemeente's initiatives kept in memory (the reader fetches them once per published version and
gemeente), answering the overview's initiative questions for selections without a funder filter: the
initiative list (initiatives_table.sql, without the people column), the KPIs of active initiatives and
grant money (kpi_periods.sql) and the map of initiatives per buurt (map_initiatives.sql). The same rules
as those queries; tests/dashboard/test_initiative_set.py compares both paths on many selections.

A gemeente has a few hundred initiatives, their links to buurten and grants: masking them in numpy takes
tens of microseconds, where each query cost DuckDB 7 to 16 ms, most of it planning.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from dashboard.repository.cells import Codes

# The initiative list's columns, in initiatives_table.sql's order.
LIST_COLUMNS = [
    "code", "name", "organisation_name", "themes_nl", "themes_en", "form_nl", "form_en", "status_nl",
    "status_en", "start_date", "end_date", "main_buurt",
]  # fmt: skip


def _days(column: pd.Series) -> np.ndarray:
    """Dates as datetime64[D], NULL as NaT (which no comparison matches, as NULL in SQL)."""
    return pd.to_datetime(column).to_numpy(dtype="datetime64[D]")


def _day(value: date) -> np.datetime64:
    return np.datetime64(value, "D")


class _Filter:
    """The status and theme columns of rows (initiatives or grant money), masked per selection as
    initiative_matches() of views.sql does without funders: a NULL theme mask matches no theme."""

    def __init__(self, status: pd.Series, theme_mask: pd.Series) -> None:
        self.status = Codes(status)
        self.theme_mask = theme_mask.to_numpy(dtype="int64", na_value=0)

    def matches(self, s: dict[str, Any]) -> np.ndarray:
        """The rows matching selection `s` (its statuses, and its themes as `bits`)."""
        mask = np.ones(len(self.theme_mask), dtype=bool)
        if s["statuses"]:
            mask &= self.status.among(s["statuses"])
        if s["themes"]:  # themes none of which is known: bits 0, nothing matches
            mask &= (self.theme_mask & int(s["bits"])) != 0
        return mask


class InitiativeSet:
    """The initiatives serving a gemeente, their buurten, their grants and the gemeente's residents."""

    def __init__(
        self, initiatives: pd.DataFrame, links: pd.DataFrame, grants: pd.DataFrame,
        grant_buurten: pd.DataFrame, residents: pd.DataFrame,
    ) -> None:  # fmt: skip
        self.list = initiatives[LIST_COLUMNS].reset_index(drop=True)  # sorted by name and code (the SQL)
        self.filter = _Filter(initiatives["status"], initiatives["theme_mask"])
        self.start = _days(initiatives["start_date"])
        self.end = _days(initiatives["end_date"])
        position = {code: i for i, code in enumerate(initiatives["code"])}
        # links: each (initiative, buurt) once, the initiative as its row in the list
        links = links.drop_duplicates(["initiative_code", "buurt_code"])
        links = links[links["initiative_code"].isin(position)]
        self.link_initiative = links["initiative_code"].map(position).to_numpy(dtype="int64")
        self.link_wijk = Codes(links["wijk_code"])
        self.link_buurt = Codes(links["buurt_code"])
        # whole grants, per initiative row (a grant of an initiative outside the list cannot occur)
        self.grant_initiative = grants["initiative_code"].map(position).to_numpy(dtype="float64", na_value=-1)
        self.grant_start = _days(grants["start_date"])
        self.grant_amount = grants["amount"].to_numpy(dtype="float64", na_value=np.nan)
        # grant money per buurt of the gemeente, with its initiative's status and theme bits
        self.money_filter = _Filter(grant_buurten["status"], grant_buurten["theme_mask"])
        self.money_wijk = Codes(grant_buurten["wijk_code"])
        self.money_buurt = Codes(grant_buurten["buurt_code"])
        self.money_start = _days(grant_buurten["start_date"])
        self.money_amount = grant_buurten["amount"].to_numpy(dtype="float64", na_value=np.nan)
        # every buurt of the gemeente (sorted), its residents per year (sorted by buurt and year)
        self.buurten = residents["buurt_code"].drop_duplicates().reset_index(drop=True)
        self.resident_buurt = pd.Index(self.buurten).get_indexer(residents["buurt_code"])
        self.resident_year = residents["year"].to_numpy(dtype="float64", na_value=np.nan)
        self.resident_value = residents["residents"].to_numpy(dtype="float64", na_value=np.nan)
        self.link_in_map = pd.Index(self.buurten).get_indexer(links["buurt_code"])

    @property
    def nbytes(self) -> int:
        """Memory taken (the reader keeps sets within its budget)."""
        frames = int(self.list.memory_usage(deep=True).sum()) + int(self.buurten.memory_usage(deep=True))
        arrays = [v for v in vars(self).values() if isinstance(v, np.ndarray | Codes)]
        filters = self.filter.theme_mask.nbytes + self.money_filter.theme_mask.nbytes
        return frames + filters + sum(a.nbytes for a in arrays)

    # -- masks ------------------------------------------------------------------------------------

    def _in_area(self, wijk: str | None, buurt: str | None) -> np.ndarray:
        """Initiatives with a buurt in the selected wijk or buurt (every one in the gemeente without)."""
        if not wijk and not buurt:
            return np.ones(len(self.start), dtype=bool)
        links = np.ones(len(self.link_initiative), dtype=bool)
        if wijk:
            links &= self.link_wijk.equal(wijk)
        if buurt:
            links &= self.link_buurt.equal(buurt)
        mask = np.zeros(len(self.start), dtype=bool)
        mask[self.link_initiative[links]] = True
        return mask

    def _alive(self, start: date, end: date) -> np.ndarray:
        """Started by the period's end, and not ended before its start (no end: still running)."""
        return (self.start <= _day(end)) & (np.isnat(self.end) | (self.end >= _day(start)))

    def _selected(self, s: dict[str, Any], start: date, end: date) -> np.ndarray:
        return (
            self.filter.matches(s) & self._in_area(s["wijk"], s["buurt"])
            & self._alive(start, end)
        )  # fmt: skip

    # -- answers ----------------------------------------------------------------------------------

    def table(self, s: dict[str, Any], limit: int | None) -> pd.DataFrame:
        """initiatives_table.sql without people: the matching initiatives alive in the period, by name,
        at most `limit`, with their grant money starting in the period and how many match in all."""
        rows = np.flatnonzero(self._selected(s, s["start"], s["end"]))
        shown = rows if limit is None else rows[:limit]
        out = self.list.iloc[shown].reset_index(drop=True)
        in_period = (self.grant_start >= _day(s["start"])) & (self.grant_start <= _day(s["end"]))
        at = self.grant_initiative[in_period].astype("int64")
        amount = self.grant_amount[in_period]
        present = (at >= 0) & ~np.isnan(amount)
        total = np.bincount(at[present], weights=amount[present], minlength=len(self.start))
        out["grants"] = total[shown].astype(
            "float64"
        )  # no grant money starting in the period: 0, not missing
        out["participants"] = np.full(len(shown), np.nan)
        out["matching_rows"] = np.full(len(shown), len(rows), dtype="int64")
        return out

    def kpis(self, s: dict[str, Any], periods: Sequence[tuple[date, date]]) -> list[dict[str, float | None]]:
        """kpi_periods.sql: per period the matching initiatives alive in it that serve the area, and the
        grant money starting in it assigned to the area's buurten (None when there is none)."""
        initiatives = self.filter.matches(s) & self._in_area(s["wijk"], s["buurt"])
        money = self.money_filter.matches(s) & ~np.isnan(self.money_amount)
        if s["wijk"]:
            money &= self.money_wijk.equal(s["wijk"])
        if s["buurt"]:
            money &= self.money_buurt.equal(s["buurt"])
        out = []
        for start, end in periods:
            active = int((initiatives & self._alive(start, end)).sum())
            paid = money & (self.money_start >= _day(start)) & (self.money_start <= _day(end))
            out.append(
                {
                    "active": float(active),
                    "grants": float(self.money_amount[paid].sum()) if paid.any() else None,
                }
            )
        return out

    def map(self, s: dict[str, Any]) -> pd.DataFrame:
        """map_initiatives.sql: per buurt of the gemeente its residents (the latest year up to the period's
        end) and how many matching initiatives alive in the period serve it."""
        chosen = self.filter.matches(s) & self._alive(s["start"], s["end"])
        links = chosen[self.link_initiative] & (self.link_in_map >= 0)
        value = np.bincount(self.link_in_map[links], minlength=len(self.buurten))
        residents = np.full(len(self.buurten), np.nan)
        # rows sorted by buurt and year: the last row up to the period's end of each buurt is its latest
        rows = np.flatnonzero((self.resident_year <= s["year"]) & (self.resident_buurt >= 0))
        at = self.resident_buurt[rows]
        last = np.append(at[1:] != at[:-1], True) if len(at) else np.zeros(0, dtype=bool)
        residents[at[last]] = self.resident_value[rows[last]]
        return pd.DataFrame(
            {"buurt_code": self.buurten, "residents": residents, "value": value.astype("int64")}
        )


class CountryCells:
    """The KPIs of active initiatives and grant money for the overview of all gemeenten, from the
    initiatives counted per start year, end year, status and theme bits and the grant money added up per
    year, status and theme bits (country_initiative_cells.sql, country_grant_cells.sql): a few thousand
    rows even for the whole country, where kpi_periods.sql cost about 45 ms nationally."""

    def __init__(self, initiatives: pd.DataFrame, grants: pd.DataFrame) -> None:
        self.filter = _Filter(initiatives["status"], initiatives["theme_mask"])
        self.start_year = initiatives["start_year"].to_numpy(dtype="int64")
        self.end_year = initiatives["end_year"].to_numpy(dtype="float64", na_value=np.inf)  # NULL: running
        self.n = initiatives["n"].to_numpy(dtype="int64")
        self.money_filter = _Filter(grants["status"], grants["theme_mask"])
        self.money_year = grants["year"].to_numpy(dtype="int64")
        self.money_amount = grants["amount"].to_numpy(dtype="float64", na_value=0.0)
        self.money_n = grants["n"].to_numpy(dtype="int64")

    @property
    def nbytes(self) -> int:
        arrays = [v for v in vars(self).values() if isinstance(v, np.ndarray)]
        filters = [
            self.filter.status,
            self.filter.theme_mask,
            self.money_filter.status,
            self.money_filter.theme_mask,
        ]
        return sum(a.nbytes for a in arrays) + sum(f.nbytes for f in filters)

    def kpis(self, s: dict[str, Any], periods: Sequence[tuple[int, int]]) -> list[dict[str, float | None]]:
        """kpi_periods.sql without a gemeente (and so without wijk and buurt) for the periods of years."""
        initiatives = self.filter.matches(s)
        money = self.money_filter.matches(s) & (self.money_n > 0)
        out = []
        for first, last in periods:
            alive = initiatives & (self.start_year <= last) & (self.end_year >= first)
            paid = money & (self.money_year >= first) & (self.money_year <= last)
            grants = float(self.money_amount[paid].sum()) if paid.any() else None
            out.append({"active": float(self.n[alive].sum()), "grants": grants})
        return out
