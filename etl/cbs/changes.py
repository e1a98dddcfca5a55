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
    """Compare `codes` (of `year`) with the codes of each other year, restricted to the same levels
    and, for wijken and buurten, to the gemeenten both years cover (a file of one gemeente is not a
    mismatch against the rest of the country)."""
    out = []
    for other_year, other in sorted(existing.items()):
        if other_year == year:
            continue
        common_levels = {c[:2] for c in codes} & {c[:2] for c in other} & set(levels)
        mine = {c for c in codes if c[:2] in common_levels}
        theirs = {c for c in other if c[:2] in common_levels}
        shared_gm = {c[2:6] for c in mine} & {c[2:6] for c in theirs}
        if not shared_gm and not (mine & theirs):
            continue
        mine = {c for c in mine if c.startswith("GM") or c[2:6] in shared_gm}
        theirs = {c for c in theirs if c.startswith("GM") or c[2:6] in shared_gm}
        comparison = CodeComparison(year, other_year, sorted(mine - theirs), sorted(theirs - mine))
        if comparison.only_new or comparison.only_other:
            out.append(comparison)
    return out


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
