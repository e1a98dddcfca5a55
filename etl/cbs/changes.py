"""Boundary changes between years: which codes of a new file do not match the years already loaded."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl import warehouse as wh


@dataclass
class CodeComparison:
    """Codes of one year against another: what only one of them has, per level."""

    year: int
    other_year: int
    only_new: list[str] = field(default_factory=list)
    only_other: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        if self.only_new:
            out.append(
                f"{len(self.only_new)} code(s) in {self.year} niet in {self.other_year}: "
                + ", ".join(self.only_new[:20])
                + (" …" if len(self.only_new) > 20 else "")
            )
        if self.only_other:
            out.append(
                f"{len(self.only_other)} code(s) in {self.other_year} niet in {self.year}: "
                + ", ".join(self.only_other[:20])
                + (" …" if len(self.only_other) > 20 else "")
            )
        return out


def compare(
    codes: set[str],
    year: int,
    existing: dict[int, set[str]],
    levels: tuple[str, ...] = ("GM", "WK", "BU"),
) -> list[CodeComparison]:
    """Compare `codes` (of `year`) with the codes of each other year, per gemeente present in both.

    Wijken and buurten are compared only within the gemeenten both years have: a file of one gemeente
    is not a mismatch against the rest of the warehouse. A gemeente code that only one year has is a
    change (a herindeling) only where that year's file covers the other's gemeenten: codes missing
    from `codes` count when this file has nearly all gemeenten of the other year (a national file after
    a national file), and new codes count when the other year has nearly all of this file's.
    """
    out = []
    for other_year, other in sorted(existing.items()):
        if other_year == year:
            continue
        common_levels = {c[:2] for c in codes} & {c[:2] for c in other} & set(levels)
        mine = {c for c in codes if c[:2] in common_levels}
        theirs = {c for c in other if c[:2] in common_levels}
        shared_gm = _gemeenten(mine) & _gemeenten(theirs)
        if not shared_gm:
            continue
        only_new = {c for c in mine - theirs if not c.startswith("GM") and c[2:6] in shared_gm}
        only_other = {c for c in theirs - mine if not c.startswith("GM") and c[2:6] in shared_gm}
        mine_gm = {c for c in mine if c.startswith("GM")}
        theirs_gm = {c for c in theirs if c.startswith("GM")}
        if _covers(mine_gm, theirs_gm):
            only_other |= theirs_gm - mine_gm
        if _covers(theirs_gm, mine_gm):
            only_new |= mine_gm - theirs_gm
        comparison = CodeComparison(year, other_year, sorted(only_new), sorted(only_other))
        if comparison.only_new or comparison.only_other:
            out.append(comparison)
    return out


# A file covers another year's gemeenten when it has at least this share of them: a national file
# after a national file, with a few gemeenten merged away.
COVERAGE = 0.9


def _gemeenten(codes: set[str]) -> set[str]:
    """The four gemeente digits of every code (GM, WK and BU codes all carry them)."""
    return {c[2:6] for c in codes}


def _covers(codes: set[str], other: set[str]) -> bool:
    return bool(other) and len(codes & other) >= COVERAGE * len(other)


def stat_codes_by_year(home: Path) -> dict[int, set[str]]:
    """Codes that have statistics, per year, in the published warehouse."""
    return _by_year(home, "SELECT DISTINCT year, area_code FROM area_stat")


def codes_by_year(home: Path) -> dict[int, set[str]]:
    """Codes per year, from boundaries and statistics alike."""
    merged = boundary_codes_by_year(home)
    for year, codes in stat_codes_by_year(home).items():
        merged.setdefault(year, set()).update(codes)
    return merged


def boundary_codes_by_year(home: Path) -> dict[int, set[str]]:
    """Codes of areas, per boundary year, in the published warehouse."""
    return _by_year(home, "SELECT DISTINCT boundary_year, code FROM area")


def _by_year(home: Path, query: str) -> dict[int, set[str]]:
    path = wh.published_path(home)
    if not path.exists():
        return {}
    con = duckdb.connect(str(path.resolve()), read_only=True)
    try:
        result: dict[int, set[str]] = {}
        for year, code in con.execute(query).fetchall():
            result.setdefault(year, set()).add(code)
        return result
    finally:
        con.close()
