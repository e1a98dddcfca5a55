"""Read access to the published warehouse: the Repository protocol and its read-only DuckDB implementation."""

from __future__ import annotations

import os
import re
import threading
from collections import deque
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import duckdb
import pandas as pd

from dashboard.filters import Filters

PUBLISHED_NAME = "wijkwaarde.duckdb"
SQL_DIR = Path(__file__).with_name("sql")
PARAM_RE = re.compile(r"\$([a-z_]+)")

# The templates (loader entities) each figure is built from, for its source line.
ENTITIES = {
    "kpis": ("gebieden", "initiatieven", "subsidies", "waarnemingen"),
    "map": ("gebieden", "gebiedscijfers", "initiatieven", "subsidies", "waarnemingen"),
    "trend": ("gebieden", "initiatieven", "indicatoren", "waarnemingen"),
    "table": ("gebieden", "organisaties", "initiatieven", "subsidies", "waarnemingen"),
}


class NoDatabase(Exception):
    """Nothing has been published yet."""


def default_home() -> Path:
    return Path(os.environ.get("WIJKWAARDE_HOME", "data/warehouse"))


@cache
def _sql(name: str) -> tuple[str, frozenset[str]]:
    text = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
    return text, frozenset(PARAM_RE.findall(text))


def period_dates(period: tuple[int, int]) -> tuple[date, date]:
    return date(period[0], 1, 1), date(period[1], 12, 31)


def filter_params(filters: Filters, period: tuple[int, int] | None = None) -> dict[str, Any]:
    """The SQL parameters of a selection: every value bound, never pasted into SQL text."""
    start, end = period_dates(period or filters.period or (1990, 2100))
    return {
        "gemeente": filters.gemeente,
        "wijk": filters.wijk,
        "buurt": filters.buurt,
        "themes": list(filters.themes),
        "statuses": list(filters.statuses),
        "funders": list(filters.funders),
        "start": start,
        "end": end,
        "year": end.year,
        "indicator": filters.indicator,
    }


class Repository(Protocol):
    """What the dashboard may ask of the data. Every method returns a DataFrame (or a small value)."""

    def available(self) -> bool: ...
    def version(self) -> str: ...
    def dataset(self) -> dict[str, Any]: ...
    def gemeenten(self) -> pd.DataFrame: ...
    def wijken(self, gemeente: str | None) -> pd.DataFrame: ...
    def buurten(self, gemeente: str | None) -> pd.DataFrame: ...
    def buurt_geometry(self, gemeente: str | None) -> pd.DataFrame: ...
    def vocabulary(self, name: str) -> pd.DataFrame: ...
    def funders(self, gemeente: str | None) -> pd.DataFrame: ...
    def indicators(self) -> pd.DataFrame: ...
    def stat_defs(self) -> pd.DataFrame: ...
    def year_range(self) -> dict[str, Any]: ...
    def kpi_active(self, filters: Filters, period: tuple[int, int]) -> float | None: ...
    def kpi_grants(self, filters: Filters, period: tuple[int, int]) -> float | None: ...
    def indicator_total(self, filters: Filters, period: tuple[int, int], indicator: str) -> float | None: ...
    def indicator_by_quarter(self, filters: Filters) -> pd.DataFrame: ...
    def map_values(self, filters: Filters) -> pd.DataFrame: ...
    def initiatives(self, filters: Filters) -> pd.DataFrame: ...
    def batches(self) -> pd.DataFrame: ...
    def sources(self, entities: tuple[str, ...]) -> pd.DataFrame: ...


class DuckDBRepository:
    """Reads the published database read-only; follows the symlink the loader swaps on every load.

    One connection is cached per resolved target file and reopened when the link moves, so a new load
    shows up on the next request without a restart. Each query takes its own cursor, because a DuckDB
    connection is not safe to share between threads.
    """

    def __init__(self, home: Path | str | None = None) -> None:
        self.home = Path(home) if home is not None else default_home()
        self._lock = threading.Lock()
        self._target: Path | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._retired: deque[duckdb.DuckDBPyConnection] = deque()

    # -- connection -------------------------------------------------------------------------------

    @property
    def link(self) -> Path:
        return self.home / PUBLISHED_NAME

    def _resolve(self) -> Path | None:
        link = self.link
        if not link.exists():  # also False for a dangling symlink
            return None
        return link.resolve()

    def _connection(self) -> duckdb.DuckDBPyConnection:
        target = self._resolve()
        if target is None:
            raise NoDatabase(str(self.link))
        with self._lock:
            if self._con is None or target != self._target:
                if self._con is not None:
                    # Closing a connection also closes its cursors, so requests still running on the
                    # previous version finish first: retire it and close it only two swaps later.
                    self._retired.append(self._con)
                    while len(self._retired) > 2:
                        self._retired.popleft().close()
                self._con = duckdb.connect(str(target), read_only=True)
                self._target = target
            return self._con

    def available(self) -> bool:
        return self._resolve() is not None

    def version(self) -> str:
        """The published file the next query reads (changes on every load)."""
        target = self._resolve()
        return target.name if target else ""

    def _df(self, name: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        text, names = _sql(name)
        bound = {k: v for k, v in (params or {}).items() if k in names}
        missing = names - bound.keys()
        if missing:
            raise ValueError(f"{name}.sql needs parameters {sorted(missing)}")
        cursor = self._connection().cursor()
        try:
            return cursor.execute(text, bound).df()
        finally:
            cursor.close()

    def _value(self, name: str, params: dict[str, Any]) -> float | None:
        df = self._df(name, params)
        if df.empty or pd.isna(df.iloc[0, 0]):
            return None
        return float(df.iloc[0, 0])

    # -- reference data ---------------------------------------------------------------------------

    def dataset(self) -> dict[str, Any]:
        df = self._df("dataset")
        return df.iloc[0].to_dict() if not df.empty else {}

    def gemeenten(self) -> pd.DataFrame:
        return self._df("gemeenten")

    def wijken(self, gemeente: str | None) -> pd.DataFrame:
        return self._df("wijken", {"gemeente": gemeente})

    def buurten(self, gemeente: str | None) -> pd.DataFrame:
        return self._df("buurten", {"gemeente": gemeente})

    def buurt_geometry(self, gemeente: str | None) -> pd.DataFrame:
        return self._df("buurt_geometry", {"gemeente": gemeente})

    def vocabulary(self, name: str) -> pd.DataFrame:
        return self._df("vocabulary", {"vocabulary": name})

    def funders(self, gemeente: str | None) -> pd.DataFrame:
        return self._df("funders", {"gemeente": gemeente})

    def indicators(self) -> pd.DataFrame:
        return self._df("indicators")

    def stat_defs(self) -> pd.DataFrame:
        return self._df("stat_defs")

    def year_range(self) -> dict[str, Any]:
        row = self._df("year_range").iloc[0]
        return {k: (None if pd.isna(v) else int(v)) for k, v in row.items()}

    def batches(self) -> pd.DataFrame:
        return self._df("batches")

    def sources(self, entities: tuple[str, ...]) -> pd.DataFrame:
        return self._df("sources", {"entities": list(entities)})

    # -- figures ----------------------------------------------------------------------------------

    def kpi_active(self, filters: Filters, period: tuple[int, int]) -> float | None:
        """Distinct initiatives alive in `period` in the selected area, matching the filters."""
        return self._value("kpi_active", filter_params(filters, period))

    def kpi_grants(self, filters: Filters, period: tuple[int, int]) -> float | None:
        """Grant money (EUR) of grants starting in `period`, the selected area's share."""
        return self._value("kpi_grants", filter_params(filters, period))

    def indicator_total(self, filters: Filters, period: tuple[int, int], indicator: str) -> float | None:
        """An indicator over the area and period, combined by its own aggregation rule."""
        params = filter_params(filters, period) | {"indicator": indicator}
        return self._value("indicator_total", params)

    def indicator_by_quarter(self, filters: Filters) -> pd.DataFrame:
        """Columns year, quarter, value, target for the selected indicator."""
        return self._df("indicator_by_quarter", filter_params(filters))

    def map_values(self, filters: Filters) -> pd.DataFrame:
        """Per buurt of the gemeente: buurt_code, value (NaN = no data) and an optional year/residents.

        The map always shows the whole gemeente, so the wijk/buurt filters do not apply here; they are
        drawn as an outline instead.
        """
        whole = filters.with_(wijk=None, buurt=None)
        params = filter_params(whole)
        metric = filters.metric
        if metric == "initiatieven_per_1000":
            df = self._df("map_initiatives", params)
            df["value"] = df["value"] / df["residents"].where(df["residents"] > 0) * 1000
        elif metric == "subsidie_per_inwoner":
            df = self._df("map_grants", params)
            df["value"] = df["value"] / df["residents"].where(df["residents"] > 0)
        elif metric == "deelnemers":
            df = self._df("indicator_by_buurt", params | {"indicator": "deelnemers"})
        elif metric.startswith("stat:"):
            df = self._df("map_stat", params | {"stat": metric.removeprefix("stat:")})
        else:  # Filters only lets known metrics through; this is the allow-list's last line
            raise ValueError(f"unknown metric {metric!r}")
        return df

    def initiatives(self, filters: Filters) -> pd.DataFrame:
        """The initiative table; participants use the `deelnemers` indicator's aggregation."""
        return self._df("initiatives_table", filter_params(filters) | {"indicator": "deelnemers"})
