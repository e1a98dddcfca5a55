"""What the reports need from the published warehouse: grants, initiatives, indicators, last values.

Read-only, one short connection per question (a publish swaps the file underneath). Values bound, never
formatted into the SQL.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from etl.contract import default_home, published_path


@dataclass(frozen=True)
class GrantInfo:
    code: str
    funder_code: str
    funder_name: str
    initiative_code: str
    initiative_name: str
    start_date: date
    end_date: date | None
    buurten: tuple[str, ...]  # the initiative's buurten, main buurt first

    @property
    def gemeenten(self) -> frozenset[str]:
        """The gemeenten of its buurten: GM + the four digits after BU (CBS codes nest)."""
        return frozenset("GM" + b[2:6] for b in self.buurten if b.startswith("BU") and len(b) >= 6)

    @property
    def main_buurt(self) -> str:
        return self.buurten[0] if self.buurten else ""


@contextmanager
def _connect(home: Path | None) -> Iterator[duckdb.DuckDBPyConnection | None]:
    link = published_path(home if home is not None else default_home())
    if not link.exists():
        yield None
        return
    con = duckdb.connect(str(link.resolve()), read_only=True)
    try:
        yield con
    finally:
        con.close()


GRANTS_SQL = """
SELECT g.code, g.funder_code, coalesce(f.name, g.funder_code), g.initiative_code, coalesce(i.name, g.initiative_code),
       g.start_date, g.end_date,
       coalesce((SELECT list(b.buurt_code ORDER BY b.is_primary DESC, b.buurt_code)
                 FROM initiative_buurt b WHERE b.initiative_code = g.initiative_code), [])
FROM grant_award g
LEFT JOIN funder f ON f.code = g.funder_code
LEFT JOIN initiative i ON i.code = g.initiative_code
ORDER BY g.funder_code, i.name, g.code
"""


def grants(home: Path | None = None) -> list[GrantInfo]:
    """Every grant of the register with its funder, initiative and buurten."""
    with _connect(home) as con:
        if con is None:
            return []
        rows = con.execute(GRANTS_SQL).fetchall()
    return [GrantInfo(*row[:7], tuple(row[7])) for row in rows]


def grant(code: str, home: Path | None = None) -> GrantInfo | None:
    return next((g for g in grants(home) if g.code == code), None)


def indicators(home: Path | None = None, lang: str = "nl") -> dict[str, tuple[str, str]]:
    """Indicator code -> (name, unit), in the catalogue's order; the English name when `lang` is 'en'."""
    name = "coalesce(name_en, name_nl)" if lang == "en" else "name_nl"
    with _connect(home) as con:
        if con is None:
            return {}
        rows = con.execute(f"SELECT code, {name}, unit FROM indicator ORDER BY name_nl").fetchall()  # noqa: S608
    return {code: (name, unit) for code, name, unit in rows}


def bounds(codes: Sequence[str], home: Path | None = None) -> dict[str, tuple[float | None, float | None]]:
    """Per indicator its plausible range (minimum, maximum; None where the catalogue gives none): the loader
    refuses a value outside it, so the grantee's form checks it before anything is sent."""
    if not codes:
        return {}
    with _connect(home) as con:
        if con is None:
            return {}
        rows = con.execute(
            "SELECT code, max(minimum), min(maximum) FROM indicator WHERE list_contains(?, code) GROUP BY code",
            [list(codes)],
        ).fetchall()
    return {code: (low, high) for code, low, high in rows}


def reported_indicators(initiative: str, home: Path | None = None) -> list[str]:
    """The indicators the initiative has reported before (the plan's template)."""
    with _connect(home) as con:
        if con is None:
            return []
        rows = con.execute(
            "SELECT DISTINCT indicator_code FROM observation WHERE initiative_code = ? ORDER BY 1",
            [initiative],
        ).fetchall()
    return [r[0] for r in rows]


def last_values(
    initiative: str, codes: Sequence[str], home: Path | None = None
) -> dict[str, tuple[float | None, float | None, date | None]]:
    """Per indicator the latest period's value and target (all buurten added up) and that period's end."""
    out: dict[str, tuple[float | None, float | None, date | None]] = {c: (None, None, None) for c in codes}
    if not codes:
        return out
    with _connect(home) as con:
        if con is None:
            return out
        rows = con.execute(
            "WITH per AS (SELECT indicator_code, period_start, max(period_end) AS period_end, sum(value) AS value, "
            "sum(target) AS target FROM observation WHERE initiative_code = ? AND list_contains(?, indicator_code) "
            "GROUP BY ALL) "
            "SELECT indicator_code, value, target, period_end FROM per "
            "QUALIFY row_number() OVER (PARTITION BY indicator_code ORDER BY period_start DESC) = 1",
            [initiative, list(codes)],
        ).fetchall()
    for code, value, target, end in rows:
        out[code] = (value, target, end)
    return out


def buurt_names(home: Path | None = None) -> dict[str, str]:
    with _connect(home) as con:
        if con is None:
            return {}
        rows = con.execute("SELECT code, name FROM area WHERE level = 'buurt'").fetchall()
    return dict(rows)
