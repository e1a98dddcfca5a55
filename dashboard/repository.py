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

from dashboard import protection as prot
from dashboard.filters import Filters
from etl.contract import PUBLISHED_NAME, default_home
from etl.taxonomy import STATISTICS

# Context statistics that are shares, averages or rates, and the count each is taken over (rule 4).
STAT_BASES = {code: s.base for code, s in STATISTICS.items() if s.base}
SQL_DIR = Path(__file__).with_name("sql")
PARAM_RE = re.compile(r"\$([a-z_]+)")

# The templates (loader entities) each figure is built from, for its source line.
ENTITIES = {
    "kpis": ("gebieden", "initiatieven", "subsidies", "waarnemingen"),
    "map": ("gebieden", "gebiedscijfers", "initiatieven", "subsidies", "waarnemingen"),
    "trend": ("gebieden", "initiatieven", "indicatoren", "waarnemingen"),
    "table": ("gebieden", "organisaties", "initiatieven", "subsidies", "waarnemingen"),
    "portfolio": ("gebieden", "initiatieven", "financiers", "subsidies", "indicatoren", "waarnemingen"),
    "survival": ("gebieden", "initiatieven", "financiers", "subsidies", "waarnemingen"),
}
# Small reference queries nearly every callback asks (selectors, labels, footnotes): answered from memory
# once per published version and worker, since they only change with a publish.
CATALOGUE = frozenset({
    "gemeenten", "wijken", "buurten", "vocabulary", "funders", "all_funders", "indicators", "stat_defs",
    "year_range", "dataset", "sources", "batches", "area_names", "outcome_indicators", "data_date",
})  # fmt: skip
CATALOGUE_ENTRIES = 512
# DuckDB settings of the read-only connection: memory for one query's work (worker RSS stays bounded;
# more spills to disk) and threads per query.
READER_MEMORY = os.environ.get("WIJKWAARDE_DUCKDB_MEMORY", "256MB")
# The map's queries per cell: the buurten of one gemeente, or the gemeenten (the national overview).
MAP_QUERIES = {
    "buurt_code": {"initiatives": "map_initiatives", "grants": "map_grants",
                   "indicator": "indicator_by_buurt", "stat": "map_stat"},
    "gemeente_code": {"initiatives": "map_gemeente_initiatives", "grants": "map_gemeente_grants",
                      "indicator": "indicator_by_gemeente", "stat": "map_gemeente_stat"},
}  # fmt: skip
# The portfolio page's queries (dashboard/sql/portfolio_<name>.sql): the allow-list of names.
PORTFOLIO_QUERIES = ("flows", "grantees", "overlap", "outcomes", "volunteers")
# Public mode, value page: the pseudo-initiative that carries the total value of effects on people over
# the selection (not a valid initiative code, so it can never be chosen in the URL).
SHIELDED_CODE = "_afgeschermd"
SHIELDED_NAME = "Effecten op personen, samen (afgeschermd)"


class NoDatabase(Exception):
    """Nothing has been published yet."""


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
        "first_year": start.year,
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


def selection_row(position: int, filters: Filters) -> dict[str, Any]:
    """One selection of a many-selection query ($selections in indicator_totals.sql and
    indicator_by_quarter.sql): its position in the answer and its filters inside the gemeente."""
    return {
        "position": position,
        "statuses": list(filters.statuses),
        "themes": list(filters.themes),
        "funders": list(filters.funders),
        "wijk": filters.wijk,
        "buurt": filters.buurt,
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
    def gemeente_geometry(self) -> pd.DataFrame: ...
    def vocabulary(self, name: str) -> pd.DataFrame: ...
    def funders(self, gemeente: str | None) -> pd.DataFrame: ...
    def indicators(self) -> pd.DataFrame: ...
    def stat_defs(self) -> pd.DataFrame: ...
    def year_range(self) -> dict[str, Any]: ...
    def kpi_active(self, filters: Filters, period: tuple[int, int]) -> float | None: ...
    def kpi_grants(self, filters: Filters, period: tuple[int, int]) -> float | None: ...
    def kpi_periods(
        self, filters: Filters, periods: list[tuple[int, int]]
    ) -> list[dict[str, float | None]]: ...
    def indicator_total(
        self, filters: Filters, period: tuple[int, int], indicator: str
    ) -> float | prot.Hidden | None: ...
    def indicator_total_each(
        self, filters: Filters, periods: list[tuple[int, int]], indicator: str
    ) -> list[float | prot.Hidden | None]: ...
    def indicator_by_quarter(self, filters: Filters) -> pd.DataFrame: ...
    def map_values(self, filters: Filters) -> pd.DataFrame: ...
    def initiatives(self, filters: Filters, limit: int | None = None) -> pd.DataFrame: ...
    def batches(self) -> pd.DataFrame: ...
    def sources(
        self, entities: tuple[str, ...], gemeente: str | None = None, country: bool = False
    ) -> pd.DataFrame: ...
    # portfolio and survival pages (dashboard/views/portfolio.py, survival.py)
    def all_funders(self) -> pd.DataFrame: ...
    def outcome_indicators(self) -> pd.DataFrame: ...
    def data_date(self) -> Any: ...
    def portfolio(self, name: str, params: dict[str, Any]) -> pd.DataFrame: ...
    def protects(self, indicator: str) -> bool: ...
    def survival_initiatives(self, gemeente: str | None, wijk: str | None) -> pd.DataFrame: ...
    def area_names(self) -> pd.DataFrame: ...
    def area_stats(self, codes: list[str]) -> pd.DataFrame: ...
    def peer_years(self, gemeente: str, level: str) -> pd.DataFrame: ...
    def stat_matrix(self, level: str, gemeente: str | None, year: int) -> pd.DataFrame: ...
    def area_initiatives(self, filters: Filters, period: tuple[int, int]) -> pd.DataFrame: ...
    def area_outcomes(self, filters: Filters) -> pd.DataFrame: ...
    def need_coverage(self, gemeente: str, period: tuple[int, int]) -> pd.DataFrame: ...
    # social value, initiative and indicator catalogue pages (dashboard/views/value.py, initiative.py)
    def value_proxies(self) -> pd.DataFrame: ...
    def value_effects(self, filters: Filters) -> pd.DataFrame: ...
    def value_initiatives(self, filters: Filters) -> pd.DataFrame: ...
    def value_funder_shares(self, filters: Filters) -> pd.DataFrame: ...
    def initiative_detail(self, code: str) -> pd.DataFrame: ...
    def initiative_quarters(self, code: str) -> pd.DataFrame: ...
    def initiative_withheld(self, code: str) -> pd.DataFrame: ...
    def initiative_grants(self, code: str) -> pd.DataFrame: ...
    def initiative_buurten(self, code: str) -> pd.DataFrame: ...
    def indicator_catalogue(self) -> pd.DataFrame: ...


class DuckDBRepository:
    """Reads the published database read-only; follows the symlink the loader swaps on every load.

    One connection is cached per resolved target file and reopened when the link moves, so a new load
    shows up on the next request without a restart. Each query takes its own cursor, because a DuckDB
    connection is not safe to share between threads.
    """

    def __init__(self, home: Path | str | None = None, protection: prot.Protection | None = None) -> None:
        self.home = Path(home) if home is not None else default_home()
        # Small-number protection (dashboard/protection.py), from WIJKWAARDE_PRIVACY_K / WIJKWAARDE_MODE.
        self.protection = protection if protection is not None else prot.from_env()
        self._lock = threading.Lock()
        self._target: Path | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._retired: deque[duckdb.DuckDBPyConnection] = deque()
        self._catalogue: dict[tuple[str, str, str], pd.DataFrame] = {}

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
        return self._open()[0]

    def _open(self) -> tuple[duckdb.DuckDBPyConnection, Path]:
        """The connection to the published file and that file (read together, under the lock)."""
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
                # A setting, not a connect config: other connections to the same file in this process
                # (CLI, tests) must be able to open it with the default configuration.
                self._con.execute("SET memory_limit = ?", [READER_MEMORY])
                self._target = target
                self._catalogue.clear()
            return self._con, target

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
        con, target = self._open()
        key = (str(target), name, repr(sorted(bound.items()))) if name in CATALOGUE else None
        if key is not None and key in self._catalogue:
            return self._catalogue[key].copy()  # callers may change the frame
        cursor = con.cursor()
        try:
            df = cursor.execute(text, bound).df()
        finally:
            cursor.close()
        if key is not None:
            with self._lock:
                if len(self._catalogue) >= CATALOGUE_ENTRIES:
                    self._catalogue.clear()
                self._catalogue[key] = df.copy()
        return df

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

    def sources(
        self, entities: tuple[str, ...], gemeente: str | None = None, country: bool = False
    ) -> pd.DataFrame:
        """The published batches of `entities` whose rows are in a figure about `gemeente` (all of them
        without one; `country`: national rows count too), with the publishers their files name."""
        return self._df("sources", {"entities": list(entities), "gemeente": gemeente, "country": country})

    # -- figures ----------------------------------------------------------------------------------

    def kpi_active(self, filters: Filters, period: tuple[int, int]) -> float | None:
        """Distinct initiatives alive in `period` in the selected area, matching the filters."""
        return self.kpi_periods(filters, [period])[0]["active"]

    def kpi_grants(self, filters: Filters, period: tuple[int, int]) -> float | None:
        """Grant money (EUR) of grants starting in `period`, the selected area's share."""
        return self.kpi_periods(filters, [period])[0]["grants"]

    def kpi_periods(self, filters: Filters, periods: list[tuple[int, int]]) -> list[dict[str, float | None]]:
        """{'active', 'grants'} (as kpi_active and kpi_grants) for each period, in one query."""
        rows = []
        for i, period in enumerate(periods):
            start, end = period_dates(period)
            rows.append({"position": i, "start": start, "end": end})
        df = self._df("kpi_periods", filter_params(filters) | {"periods": rows}).set_index("position")
        return [
            {k: None if pd.isna(df.at[i, k]) else float(df.at[i, k]) for k in ("active", "grants")}
            for i in range(len(periods))
        ]

    def indicator_total(
        self, filters: Filters, period: tuple[int, int], indicator: str
    ) -> float | prot.Hidden | None:
        """An indicator over the area and period, combined by its own aggregation rule.

        A count of people below k, or one that a coarser selection would reveal, comes back as
        protection.Hidden (shown as '< k'), never as the number.
        """
        return self.indicator_total_each(filters, [period], indicator)[0]

    def indicator_total_each(
        self, filters: Filters, periods: list[tuple[int, int]], indicator: str
    ) -> list[float | prot.Hidden | None]:
        """indicator_total for each period (the KPI's period and the one before), in one query."""
        if not self._protects(indicator):
            return self.indicator_totals(filters, [(filters, p) for p in periods], indicator)
        # each total and every coarser selection protection compares it with (rule 2)
        selections: list[tuple[Filters, tuple[int, int]]] = []
        spans = []
        for period in periods:
            own = [(filters, period)]
            own += [(ref, period) for ref in prot.reference_selections(filters)]
            own += [(filters, shorter) for shorter in prot.reference_periods(period)]
            spans.append((len(selections), len(own)))
            selections += own
        found = self.indicator_totals(filters, selections, indicator)
        k, base = self.protection.k, self.protection.base
        return [prot.protect_value(found[i], k, found[i + 1 : i + n], base) for i, n in spans]

    def indicator_totals(
        self, area: Filters, selections: list[tuple[Filters, tuple[int, int]]], indicator: str
    ) -> list[float | None]:
        """An indicator's total (unprotected) for each (filters, period) in `selections`, all inside
        `area`'s gemeente: one query (indicator_totals.sql). None where nothing was observed."""
        rows = [
            selection_row(i, f) | {"first_year": p[0], "last_year": p[1]}
            for i, (f, p) in enumerate(selections)
        ]
        first = min(p[0] for _, p in selections)
        last = max(p[1] for _, p in selections)
        params = {
            "selections": rows,
            "indicator": indicator,
            "aggregation": self._aggregation(indicator) or "som",
            "gemeente": area.gemeente,
            "first_year": first,
            "year": last,
        }
        found = self._df("indicator_totals", params).set_index("position")["value"]
        return [None if pd.isna(found.get(i)) else float(found.get(i)) for i in range(len(selections))]

    def indicator_by_quarter(self, filters: Filters) -> pd.DataFrame:
        """Columns year, quarter, value, target for the selected indicator.

        For a count of people also `suppressed`: hidden quarters have value NaN (rules in protection.py;
        the quarters of each year and of the whole period add up for a 'som' indicator).
        """
        protects = self._protects(filters.indicator)
        selections = [filters, *prot.reference_selections(filters)] if protects else [filters]
        rows = [selection_row(i, f) for i, f in enumerate(selections)]
        found = self._df("indicator_by_quarter", self._indicator_params(filters) | {"selections": rows})
        keys = ["year", "quarter"]
        by_position = {i: part.drop(columns="position") for i, part in found.groupby("position")}
        df = by_position.get(0, found.iloc[0:0].drop(columns="position")).reset_index(drop=True)
        if not protects:
            return df
        references = [
            by_position.get(i, df.iloc[0:0]).set_index(keys)["value"] for i in range(1, len(selections))
        ]
        indexed = df.set_index(keys)
        groups = [
            [i for i in indexed.index if i[0] == year]
            for year in sorted(set(indexed.index.get_level_values(0)))
        ]
        groups.append(list(indexed.index))
        protected = prot.protect_frame(
            indexed,
            self.protection.k,
            references=references,
            groups=groups,
            additive=self._aggregation(filters.indicator) == "som",
            base=self.protection.base,
        )
        return protected.reset_index()

    def _indicator_params(
        self, filters: Filters, period: tuple[int, int] | None = None, indicator: str | None = None
    ) -> dict[str, Any]:
        """filter_params plus the indicator and its aggregation rule (som when the indicator is unknown)."""
        code = indicator or filters.indicator
        return filter_params(filters, period) | {
            "indicator": code,
            "aggregation": self._aggregation(code) or "som",
        }

    # -- small-number protection ------------------------------------------------------------------

    def _indicator_row(self, indicator: str) -> dict[str, Any] | None:
        # The catalogue once per published version: every protected query asks for it.
        version = self.version()
        cached = getattr(self, "_indicator_cache", None)
        if cached is None or cached[0] != version:
            cached = (version, self.indicators())
            self._indicator_cache = cached
        df = cached[1]
        row = df[df["code"] == indicator]
        return None if row.empty else row.iloc[0].to_dict()

    def _aggregation(self, indicator: str) -> str | None:
        row = self._indicator_row(indicator)
        return None if row is None else row["aggregation"]

    def protects(self, indicator: str) -> bool:
        """Public: does small-number protection apply to this indicator (public mode, counts people)?"""
        return self._protects(indicator)

    def _protects(self, indicator: str) -> bool:
        """Protection applies: public mode and the indicator counts people (v_indicator.counts_people).

        An indicator this warehouse does not know is protected too: the safe side.
        """
        if not self.protection.active:
            return False
        row = self._indicator_row(indicator)
        return row is None or bool(row.get("counts_people", True))

    def _protect_map(
        self, df: pd.DataFrame, filters: Filters, sql: str, params: dict, key: str = "buurt_code"
    ) -> pd.DataFrame:
        """People counts per map cell: rules 1-3 and 5. Cells are the buurten of a gemeente (groups: the
        buurten of each wijk and all of them), or on the national map the gemeenten (one group: all)."""
        k = self.protection.k
        indexed = df.set_index(key)
        references = []
        if filters.themes or filters.statuses or filters.funders:
            whole = filters.with_(themes=(), statuses=(), funders=())
            ref = self._df(sql, self._indicator_params(whole, indicator=params["indicator"]))
            references.append(ref.set_index(key)["value"])
        groups = []
        if key == "buurt_code" and filters.gemeente:
            buurten = self.buurten(filters.gemeente)
            wijk_of = dict(zip(buurten["buurt_code"], buurten["wijk_code"], strict=True))
            groups = [
                [b for b in indexed.index if wijk_of.get(b) == wijk] for wijk in sorted(set(wijk_of.values()))
            ]
        groups.append(list(indexed.index))
        return prot.protect_frame(
            indexed, k, references=references, groups=groups, base=self.protection.base
        ).reset_index()

    def map_values(self, filters: Filters) -> pd.DataFrame:
        """Per buurt of the gemeente: buurt_code, value (NaN = no data) and an optional year/residents.

        The map always shows the whole gemeente, so the wijk/buurt filters do not apply here; they are
        drawn as an outline instead. Without a gemeente (the national overview) the cells are the
        gemeenten: column gemeente_code instead of buurt_code, residents per gemeente being its own CBS
        row or the sum of its buurten.
        """
        whole = filters.with_(wijk=None, buurt=None)
        key = "buurt_code" if whole.gemeente else "gemeente_code"
        queries = MAP_QUERIES[key]
        params = filter_params(whole)
        metric = filters.metric
        # Rates over fewer than k residents are not shown (protection rule 4; k = 1 when internal).
        min_residents = self.protection.k if self.protection.active else 1
        if metric == "initiatieven_per_1000":
            df = self._df(queries["initiatives"], params)
            df["value"] = prot.protect_rate(df["value"], df["residents"], min_residents, 1000)
        elif metric == "subsidie_per_inwoner":
            df = self._df(queries["grants"], params)
            df["value"] = prot.protect_rate(df["value"], df["residents"], min_residents)
        elif metric == "deelnemers":
            params = self._indicator_params(whole, indicator="deelnemers")
            df = self._df(queries["indicator"], params)
            if self._protects("deelnemers"):
                df = self._protect_map(df, whole, queries["indicator"], params, key=key)
        elif metric.startswith("stat:"):
            code = metric.removeprefix("stat:")
            df = self._protect_stat_cells(self._df(queries["stat"], params | {"stat": code}), code, key)
        else:  # Filters only lets known metrics through; this is the allow-list's last line
            raise ValueError(f"unknown metric {metric!r}")
        return df

    def _protect_stat_cells(self, df: pd.DataFrame, code: str, key: str) -> pd.DataFrame:
        """A context statistic that is a count at the source (residents, households): only rule 1 (CBS
        publishes no total here), and CBS's own figures are not rounded."""
        stats = self.stat_defs()
        is_count = stats.loc[stats["code"] == code, "is_count"]
        if self.protection.active and (is_count.empty or bool(is_count.iloc[0])):
            return prot.protect_frame(df, self.protection.k, additive=False)
        if self.protection.active and code in STAT_BASES:
            df[prot.SUPPRESSED] = self._small_bases(df.assign(stat_code=code), key)
            df["value"] = df["value"].where(~df[prot.SUPPRESSED])
        return df

    def _small_bases(self, df: pd.DataFrame, area: str = "area_code") -> pd.Series:
        """Rule 4 for context statistics: True where a share, average or rate is taken over fewer than k
        residents, households or dwellings (their counts fetched for the areas in `df`)."""
        rated = df["stat_code"].isin(list(STAT_BASES)) & df["value"].notna()
        if not rated.any():
            return pd.Series(False, index=df.index)
        bases = self._df(
            "stat_bases",
            {
                "codes": sorted(set(df.loc[rated, area])),
                "stats": sorted(set(STAT_BASES.values()) | {"inwoners"}),
            },
        )
        return prot.small_base_mask(df, bases, STAT_BASES, self.protection.k, area)

    def gemeente_geometry(self) -> pd.DataFrame:
        """Every gemeente's display geometry (GeoJSON, WGS84) for the national map."""
        return self._df("gemeente_geometry")

    def initiatives(self, filters: Filters, limit: int | None = None) -> pd.DataFrame:
        """The initiative table (at most `limit` rows, by name; `matching_rows` = how many match in all);
        participants use the `deelnemers` indicator's aggregation.

        In public mode there is no `participants` column at all: no counts of people per initiative.
        """
        people = self.protection.initiative_counts
        params = filter_params(filters) | {"indicator": "deelnemers", "with_people": people, "limit": limit}
        df = self._df("initiatives_table", params)
        if not people:
            df = df.drop(columns=["participants"])
        return df

    # -- profile and need pages (dashboard/views/profile.py, need.py) -------------------------------

    def _k(self) -> int | None:
        """The small-number threshold when protection is on (public mode), else None."""
        protection = getattr(self, "protection", None)
        return protection.k if protection is not None and protection.active else None

    def area_names(self) -> pd.DataFrame:
        """Every area with name, level, gemeente (code and name) and wijk."""
        return self._df("area_names")

    def area_stats(self, codes: list[str]) -> pd.DataFrame:
        """All context statistics, all years, of `codes` plus any national (NL...) rows."""
        return self._protect_stat_counts(self._df("profile_area_stats", {"codes": list(codes)}))

    def _protect_stat_counts(self, df: pd.DataFrame) -> pd.DataFrame:
        """Public mode: context statistics that count people or households (is_count) below k, and shares,
        averages and rates over fewer than k residents, households or dwellings (rule 4), become missing
        (NaN, `suppressed` True), as on the map (rule 1; CBS marks its own secret values NULL).
        Not rounded (rule 5 is for the product's own counts): CBS published them after its own
        disclosure control, and a user checks them against the CBS file."""
        k = self._k()
        df["suppressed"] = False
        if k is None or df.empty:
            return df
        stats = self.stat_defs()
        counts = set(stats.loc[stats["is_count"].astype(bool), "code"])
        known = set(stats["code"])
        is_count = df["stat_code"].map(lambda c: c in counts or c not in known)
        small = (is_count & df["value"].notna() & (df["value"] < k)) | self._small_bases(df)
        df["value"] = df["value"].where(~small)
        df["suppressed"] = small
        return df

    def peer_years(self, gemeente: str, level: str) -> pd.DataFrame:
        """Per statistic and year: how many areas of `level` in the gemeente have a row."""
        return self._df("profile_peer_years", {"gemeente": gemeente, "level": level})

    def stat_matrix(self, level: str, gemeente: str | None, year: int) -> pd.DataFrame:
        """Long form area_code, gemeente_code, stat_code, year, value: latest year up to `year`."""
        return self._protect_stat_counts(
            self._df("stat_matrix", {"level": level, "gemeente": gemeente, "year": year})
        )

    def area_initiatives(self, filters: Filters, period: tuple[int, int]) -> pd.DataFrame:
        """Initiatives serving the selected buurt (or wijk), with `active` in `period`."""
        return self._df("profile_initiatives", filter_params(filters, period))

    def area_outcomes(self, filters: Filters) -> pd.DataFrame:
        """Outcome and impact indicators per year in the selected buurt (or wijk).

        In public mode a value of an indicator that counts people below k is hidden (NaN, `suppressed`).
        """
        df = self._df("profile_outcomes", filter_params(filters))
        k = self._k()
        df["suppressed"] = False
        if k is not None and not df.empty:
            people = self.indicators().set_index("code")["counts_people"].to_dict()
            counts = df["indicator_code"].map(lambda c: bool(people.get(c, True)))
            small = counts & df["value"].notna() & (df["value"] < k)
            small |= counts & self._outcome_siblings_hide(filters, df)
            df["suppressed"] = small
            values = df["value"].astype(float).where(~small)
            df["value"] = values.where(~counts, prot.round_series(values, self.protection.base))
        return df

    def _outcome_siblings_hide(self, filters: Filters, df: pd.DataFrame) -> pd.Series:
        """Rules 2 and 3 for the profile's outcomes: the selected area among its siblings (the buurten of
        its wijk, or the wijken of its gemeente), whose values add up to the parent's for 'som' and
        'laatste' indicators. True where the selected area's cell must go so no difference reveals a
        hidden sibling (or the area itself). 'gemiddelde' (a mean) does not add up: rule 1 only.
        """
        hide = pd.Series(False, index=df.index)
        if filters.buurt:
            selected, parent = filters.buurt, "WK" + filters.buurt[2:8]
            gemeente = "GM" + filters.buurt[2:6]
            areas = self.buurten(gemeente)
            siblings = areas.loc[areas["wijk_code"] == parent, "buurt_code"].tolist()
            level = "buurt"
        elif filters.wijk:
            selected, level = filters.wijk, "wijk"
            siblings = self.wijken("GM" + filters.wijk[2:6])["code"].tolist()
        else:
            return hide
        if selected not in siblings or len(siblings) < 2:
            return hide
        frames = []
        for code in siblings:
            sib = (
                df
                if code == selected
                else self._df(
                    "profile_outcomes", filter_params(Filters(**{level: code, "gemeente": filters.gemeente}))
                )
            )
            frames.append(sib.assign(area=code)[["indicator_code", "year", "aggregation", "value", "area"]])
        cells = pd.concat(frames, ignore_index=True)
        cells = cells[cells["aggregation"] != "gemiddelde"].set_index(["indicator_code", "year", "area"])
        if cells.empty:
            return hide
        groups = [list(g.index) for _, g in cells.groupby(level=["indicator_code", "year"])]
        protected = prot.protect_frame(cells, self._k() or prot.DEFAULT_K, groups=groups)
        mine = protected[protected.index.get_level_values("area") == selected][prot.SUPPRESSED]
        hidden = {key[:2] for key, flag in mine.items() if flag}
        keys = zip(df["indicator_code"], df["year"], strict=True)
        return pd.Series([key in hidden for key in keys], index=df.index)

    def need_coverage(self, gemeente: str, period: tuple[int, int]) -> pd.DataFrame:
        """Per buurt: residents, initiatives alive in `period`, participants in `period`.

        In public mode participant counts below k (and the cells that would reveal them from the wijk and
        gemeente totals) are NaN with `suppressed` True.
        """
        start, end = period_dates(period)
        df = self._df("need_coverage", {"gemeente": gemeente, "start": start, "end": end, "year": end.year})
        df["suppressed"] = False
        df["residents_suppressed"] = False
        k = self._k()
        if k is not None and not df.empty:
            # residents below k: not shown either (rule 1; the rates over them are gone already, rule 4)
            few = df["residents"].notna() & (df["residents"] < k)
            base = self.protection.base
            df["residents"] = df["residents"].astype(float).where(~few)  # CBS's own figure: not rounded
            df["residents_suppressed"] = few
            # A buurt no initiative serves has no participants to protect: its 0 is a fact anyone can
            # read from the initiative count, shown as 0 (and it leaves the sums of the others alone).
            served = df["initiatives"] > 0
            indexed = df[served].set_index("buurt_code")
            groups = [list(g.index) for _, g in indexed.groupby("wijk_code")] + [list(indexed.index)]
            protected = prot.protect_frame(indexed, k, value="participants", groups=groups, base=base)
            df = pd.concat([protected.reset_index(), df[~served]]).sort_values(
                "buurt_code", ignore_index=True
            )
            df["suppressed"] = df["suppressed"].fillna(False).astype(bool)
        return df

    # -- portfolio and survival pages ---------------------------------------------------------------

    def all_funders(self) -> pd.DataFrame:
        """Every funder with its grant total, largest first: the portfolio choices and their allow-list."""
        return self._df("all_funders")

    def outcome_indicators(self) -> pd.DataFrame:
        """Flow indicators (aggregation 'som') at output or outcome level: what a cost per outcome can use."""
        return self._df("outcome_indicators")

    def data_date(self) -> Any:
        """The date the data runs to (latest observation end or grant start): where survival is censored."""
        df = self._df("data_date")
        return None if df.empty or pd.isna(df.iloc[0, 0]) else df.iloc[0, 0]

    def portfolio(self, name: str, params: dict[str, Any]) -> pd.DataFrame:
        """One of the portfolio queries (dashboard/sql/portfolio_<name>.sql); the name is allow-listed."""
        if name not in PORTFOLIO_QUERIES:
            raise ValueError(f"unknown portfolio query {name!r}")
        return self._df(f"portfolio_{name}", params)

    def survival_initiatives(self, gemeente: str | None, wijk: str | None) -> pd.DataFrame:
        """Per initiative: start, end, last sign of life and the grouping attributes (survival page)."""
        return self._df("survival_initiatives", {"gemeente": gemeente, "wijk": wijk})

    # -- social value, initiative and indicator catalogue pages -------------------------------------

    def value_proxies(self) -> pd.DataFrame:
        """The value proxies: euro per unit of an effect per stakeholder, low and high, source and year."""
        return self._df("value_proxies")

    def value_effects(self, filters: Filters) -> pd.DataFrame:
        """Per initiative, effect indicator and stakeholder: units measured in the selection, value low/high.

        Public mode, effects that count people (value / proxy = the count): the initiative's rows stay, so
        it still counts as measured, but units and values are NaN with `suppressed` True; one row per proxy
        with initiative_code SHIELDED_CODE carries the total over the selection, only when it holds at
        least k people from at least two initiatives and no coarser selection reveals fewer than k others.
        """
        df = self._df("value_effects", filter_params(filters))
        df["suppressed"] = False
        if not self.protection.active or df.empty:
            return df
        people = df["indicator_code"].map(self._protects)
        if not people.any():
            return df
        totals = self._shielded_totals(df)
        references = [self._shielded_totals(self._df("value_effects", filter_params(r)))
                      for r in prot.reference_selections(filters)]  # fmt: skip
        aggregate = []
        for indicator, rows in df[people].groupby("indicator_code"):
            units, initiatives = totals[indicator]
            refs = [ref[indicator][0] for ref in references if indicator in ref]
            shown = prot.protect_value(units, self.protection.k, refs, self.protection.base)
            if initiatives < 2 or shown is None or isinstance(shown, prot.Hidden):
                continue  # one initiative's total would be its own count
            units = shown  # rounded (rule 5): the values below are built on the shown count
            per_proxy = rows.drop_duplicates("proxy_code").copy()
            per_proxy["initiative_code"] = SHIELDED_CODE
            per_proxy["initiative_name"] = SHIELDED_NAME
            per_proxy["units"] = units
            per_proxy["observations"] = rows.drop_duplicates("initiative_code")["observations"].sum()
            per_proxy["value_low"] = units * per_proxy["proxy_low"]
            per_proxy["value_high"] = units * per_proxy["proxy_high"]
            aggregate.append(per_proxy)
        for col in ("units", "observations", "value_low", "value_high"):
            df[col] = df[col].astype(float).mask(people)
        df["suppressed"] = people
        return pd.concat([df, *aggregate], ignore_index=True) if aggregate else df

    @staticmethod
    def _shielded_totals(effects: pd.DataFrame) -> dict[str, tuple[float, int]]:
        """Per effect indicator: units over the selection (each initiative once) and initiatives reporting."""
        if effects.empty:
            return {}
        once = effects.drop_duplicates(["initiative_code", "indicator_code"])
        grouped = once.groupby("indicator_code").agg(units=("units", "sum"), n=("initiative_code", "nunique"))
        return {code: (float(r.units), int(r.n)) for code, r in grouped.iterrows()}

    def value_initiatives(self, filters: Filters) -> pd.DataFrame:
        """The selected initiatives with grant money in the period and whether an effect was measured."""
        return self._df("value_initiatives", filter_params(filters))

    def value_funder_shares(self, filters: Filters) -> pd.DataFrame:
        """Grant money per funder and initiative in the period, and the funder's share of the initiative's."""
        return self._df("value_funder_shares", filter_params(filters))

    def initiative_detail(self, code: str) -> pd.DataFrame:
        return self._df("initiative_detail", {"code": code})

    def initiative_quarters(self, code: str) -> pd.DataFrame:
        """The initiative's indicators per quarter, buurten combined by each indicator's aggregation.

        In public mode the indicators that count people are left out entirely (values and targets): no
        counts of people per initiative. `initiative_withheld` names them, without any value.
        """
        df = self._df("initiative_quarters", {"code": code})
        if not self.protection.active or df.empty:
            return df
        people = df["indicator_code"].map(self._protects)
        return df[~people].reset_index(drop=True)

    def initiative_withheld(self, code: str) -> pd.DataFrame:
        """Public mode: the initiative's people-counting indicators left out of initiative_quarters.

        Columns indicator_code, name_nl, name_en: names only, never a value. Empty in internal mode.
        """
        cols = ["indicator_code", "name_nl", "name_en"]
        if not self.protection.active:
            return pd.DataFrame(columns=cols)
        df = self._df("initiative_quarters", {"code": code})
        if df.empty:
            return pd.DataFrame(columns=cols)
        people = df["indicator_code"].map(self._protects)
        return df.loc[people, cols].drop_duplicates().sort_values("name_nl").reset_index(drop=True)

    def initiative_grants(self, code: str) -> pd.DataFrame:
        return self._df("initiative_grants", {"code": code})

    def initiative_buurten(self, code: str) -> pd.DataFrame:
        """Buurten of the initiative's gemeente(n) with geometry and a served / main-buurt flag."""
        return self._df("initiative_buurten", {"code": code})

    def indicator_catalogue(self) -> pd.DataFrame:
        return self._df("indicator_catalogue")
