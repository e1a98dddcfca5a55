"""The plain reader: the published DuckDB file, read-only, one SQL file per question, every value bound.

It returns what the SQL returns (DataFrames, a few small values) and knows nothing of protection: its
counts of people are exact. Only the protection wrapper (protected.py) may hand them to the dashboard.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dashboard.filters import Filters
from dashboard.repository.cells import Cells, QuarterCells, cell_totals, quarter_totals
from dashboard.repository.grant_set import GrantSet, whole_years
from dashboard.repository.initiative_set import CountryCells, InitiativeSet
from dashboard.repository.value_set import ValueSet
from etl.contract import PUBLISHED_NAME, default_home

SQL_DIR = Path(__file__).parent.parent / "sql"
PARAM_RE = re.compile(r"\$([a-z_]+)")
# Small reference queries nearly every callback asks (selectors, labels, footnotes): answered from memory
# once per published version and worker, since they only change with a publish. The names are both the
# SQL files and the reader's methods (the shared cache leaves them to this memory, cache.py).
CATALOGUE = frozenset({
    "gemeenten", "wijken", "buurten", "vocabulary", "funders", "all_funders", "indicators", "stat_defs",
    "year_range", "dataset", "sources", "batches", "area_names", "outcome_indicators", "data_date",
    "value_proxies", "batch_origins",
})  # fmt: skip
CATALOGUE_ENTRIES = 512
# Questions one page render asks more than once with the same values (the portfolio page's grantees: its
# money, its outcomes and its dependency all start from them), or every render of a gemeente alike (the
# profile's peer years: which years the areas of its level have): the last few answers, per version.
RECENT = frozenset({"portfolio_grantees", "profile_peer_years"})
RECENT_ENTRIES = 1024  # the memory budget below is what bounds them
# Memory of those recent answers and remembered frames, per worker: the least recently used go first. One
# frame may take a quarter of it (the national 'buurten zoals deze' matrix: 131,000 rows, about 9 MB).
RECENT_MB = float(os.environ.get("WIJKWAARDE_RECENT_MB", "64"))
# DuckDB settings of the read-only connection: memory for one query's work (worker RSS stays bounded;
# more spills to disk) and threads per query.
READER_MEMORY = os.environ.get("WIJKWAARDE_DUCKDB_MEMORY", "256MB")
READER_THREADS = os.environ.get("WIJKWAARDE_DUCKDB_THREADS", "")
# The map's queries per cell: the buurten of one gemeente, or the gemeenten (the national overview).
MAP_QUERIES = {
    "buurt_code": {"initiatives": "map_initiatives", "grants": "map_grants",
                   "indicator": "indicator_by_buurt", "stat": "map_stat"},
    "gemeente_code": {"initiatives": "map_gemeente_initiatives", "grants": "map_gemeente_grants",
                      "indicator": "indicator_by_gemeente", "stat": "map_gemeente_stat"},
}  # fmt: skip
# The overview of all gemeenten is answered from the initiatives kept in memory (initiative_set.py) up to this
# many initiatives in the warehouse (a province: about 7,000, 4 MB); beyond it (the whole country) by the SQL.
SET_MAX_INITIATIVES = 20_000
# The portfolio page's queries (dashboard/sql/portfolio_<name>.sql): the allow-list of names.
PORTFOLIO_QUERIES = ("flows", "grantees", "overlap", "outcomes", "volunteers")


class NoDatabase(Exception):
    """Nothing has been published yet."""


COMMENT_RE = re.compile(r"--[^\n]*")  # no SQL file has '--' inside a string


@cache
def _sql(name: str) -> tuple[str, frozenset[str]]:
    """The file's text and the parameters its SQL names (a $name in a comment is not one)."""
    text = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
    return text, frozenset(PARAM_RE.findall(COMMENT_RE.sub("", text)))


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


def selection_row(position: int, filters: Filters, bits: int) -> dict[str, Any]:
    """One selection of a many-selection query ($selections in indicator_totals.sql,
    indicator_by_quarter.sql and value_effect_totals.sql): its position in the answer, its filters inside
    the gemeente and `bits`, its themes as the bit mask f_initiative.theme_mask is tested with (what the
    theme_bits macro of views.sql gives; worked out here, as the macro's subquery per row cost DuckDB about
    1 ms of planning a query)."""
    return {
        "position": position,
        "statuses": list(filters.statuses),
        "themes": list(filters.themes),
        "bits": bits,
        "funders": list(filters.funders),
        "wijk": filters.wijk,
        "buurt": filters.buurt,
    }


class DuckDBReader:
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
        self._catalogue: dict[tuple[str, str, str], pd.DataFrame] = {}
        self._recent: OrderedDict[tuple[str, str, str], Any] = OrderedDict()
        self._recent_bytes: dict[tuple[str, str, str], int] = {}  # what each kept frame takes
        self._per_version: dict[tuple[str, str], Any] = {}  # (version, name) -> value, see _derived

    # -- connection -------------------------------------------------------------------------------

    @property
    def link(self) -> Path:
        return self.home / PUBLISHED_NAME

    def _resolve(self) -> Path | None:
        """The published file: the link's target read with one readlink (every query asks, so not
        Path.resolve(), which stats each folder of the path: 0.15 ms a query)."""
        link = self.link
        try:
            target = link.parent / os.readlink(link)  # the loader's link is relative: versions/<name>
        except FileNotFoundError:
            return None
        except OSError:  # not a symlink: the file itself
            return link if link.exists() else None
        return target if target.exists() else None  # a dangling link: nothing published

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
                if READER_THREADS:
                    self._con.execute("SET threads = ?", [int(READER_THREADS)])
                self._target = target
                self._catalogue.clear()
                self._recent.clear()
                self._recent_bytes.clear()
                self._per_version.clear()
            return self._con, target

    def available(self) -> bool:
        return self._resolve() is not None

    def version(self) -> str:
        """The published file the next query reads (changes on every load)."""
        target = self._resolve()
        return target.name if target else ""

    def query(self, name: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """dashboard/sql/<name>.sql with `params` bound (the ones it names; a missing one is an error)."""
        text, names = _sql(name)
        bound = {k: v for k, v in (params or {}).items() if k in names}
        missing = names - bound.keys()
        if missing:
            raise ValueError(f"{name}.sql needs parameters {sorted(missing)}")
        con, target = self._open()
        key = (
            (str(target), name, repr(sorted(bound.items()))) if name in CATALOGUE or name in RECENT else None
        )
        if key is not None:
            with self._lock:
                found = self._catalogue.get(key) if name in CATALOGUE else self._recent.get(key)
                if name in RECENT and found is not None:
                    self._recent.move_to_end(key)
            if found is not None:
                return found.copy()  # callers may change the frame
        cursor = con.cursor()
        try:
            df = cursor.execute(text, bound).df()
        finally:
            cursor.close()
        if key is not None and name in RECENT:
            self._keep(key, df)
        elif key is not None:
            with self._lock:
                if len(self._catalogue) >= CATALOGUE_ENTRIES:
                    self._catalogue.clear()
                self._catalogue[key] = df.copy()
        return df

    # -- reference data ---------------------------------------------------------------------------

    def dataset(self) -> dict[str, Any]:
        return dict(self._derived("dataset", self._dataset))  # a copy: callers may add to it

    def _dataset(self) -> dict[str, Any]:
        df = self.query("dataset")
        return df.iloc[0].to_dict() if not df.empty else {}

    def gemeenten(self) -> pd.DataFrame:
        return self.query("gemeenten")

    def wijken(self, gemeente: str | None) -> pd.DataFrame:
        return self.query("wijken", {"gemeente": gemeente})

    def buurten(self, gemeente: str | None) -> pd.DataFrame:
        return self.query("buurten", {"gemeente": gemeente})

    def buurt_geometry(self, gemeente: str | None) -> pd.DataFrame:
        return self.query("buurt_geometry", {"gemeente": gemeente})

    def gemeente_geometry(self) -> pd.DataFrame:
        """Every gemeente's display geometry (GeoJSON, WGS84) for the national map."""
        return self.query("gemeente_geometry")

    def vocabulary(self, name: str) -> pd.DataFrame:
        return self.query("vocabulary", {"vocabulary": name})

    def funders(self, gemeente: str | None) -> pd.DataFrame:
        try:
            return self.query("funders", {"gemeente": gemeente})
        except duckdb.CatalogException:  # views from before the registers (no v_register_grant)
            return self.query("funders_before_registers", {"gemeente": gemeente})

    def indicators(self) -> pd.DataFrame:
        return self.query("indicators")

    def aggregation(self, indicator: str | None) -> str | None:
        """The indicator's aggregation rule (som / laatste / gemiddelde); None when it is unknown. Asked a
        few times an answer: the rules of a version are kept as a dict."""
        return self._derived("aggregations", self._aggregations).get(indicator)

    def theme_bits(self, themes: tuple[str, ...] | list[str]) -> int:
        """The theme filter as a bit mask: bit n for the theme with sort_order n (f_initiative.theme_mask;
        the theme_bits macro of views.sql). An unknown code adds no bit, so it matches nothing."""
        bit = self._derived("theme_bits", lambda: dict(self.query("theme_bits").itertuples(index=False)))
        mask = 0
        for code in themes:
            mask |= 1 << int(bit[code]) if code in bit else 0
        return mask

    def remember(self, name: str, key: tuple, build: Callable[[], Any]) -> Any:
        """A value that follows from this version's data and `key` alone (a protected answer that every render
        of the same area asks again, an indicator's cells), kept with the recent answers: built once, then a
        frame is given as a copy; any other value (with `nbytes`) as it is, which callers must not change.
        Values of more than a quarter of RECENT_MB are not kept."""
        full = (str(self._resolve()), name, repr(key))
        with self._lock:
            found = self._recent.get(full)
            if found is not None:
                self._recent.move_to_end(full)
        if found is not None:
            return found.copy() if isinstance(found, pd.DataFrame) else found
        value = build()
        self._keep(full, value)
        return value

    def _keep(self, key: tuple[str, str, str], value: Any) -> None:
        """Keep `value` (a frame: a copy) with the recent answers, within RECENT_ENTRIES and RECENT_MB (least
        recently used out); one over a quarter of RECENT_MB is not kept."""
        frame = isinstance(value, pd.DataFrame)
        size = int(value.memory_usage(deep=True).sum()) if frame else int(value.nbytes)
        if size > RECENT_MB * 2**20 / 4:
            return
        with self._lock:
            self._recent[key] = value.copy() if frame else value
            self._recent_bytes[key] = size
            while len(self._recent) > RECENT_ENTRIES or sum(self._recent_bytes.values()) > RECENT_MB * 2**20:
                old, _ = self._recent.popitem(last=False)
                self._recent_bytes.pop(old, None)

    def _aggregations(self) -> dict[str, str]:
        ind = self.indicators()
        return dict(zip(ind["code"], ind["aggregation"], strict=True))

    def _derived(self, name: str, build: Callable[[], Any]) -> Any:
        """A value computed from catalogue data, once per published version (asked several times an answer).
        Callers must not change it."""
        version = self.version()
        found = self._per_version.get((version, name))
        if found is None:
            found = build()
            with self._lock:
                if any(v != version for v, _ in self._per_version):
                    self._per_version.clear()
                self._per_version[(version, name)] = found
        return found

    def stat_defs(self) -> pd.DataFrame:
        return self.query("stat_defs")

    def year_range(self) -> dict[str, Any]:
        row = self.query("year_range").iloc[0]
        return {k: (None if pd.isna(v) else int(v)) for k, v in row.items()}

    def batches(self) -> pd.DataFrame:
        """The load history (v_load_history); for a warehouse whose views predate it, its published batches.
        `origin`: the user's own file a generated batch was made from (None for a file loaded as it is)."""
        try:
            df = self.query("batches")
        except duckdb.CatalogException:
            df = self.query("batches_before_history")
        return self._with_origins(df)

    def _with_origins(self, df: pd.DataFrame) -> pd.DataFrame:
        """`df` (with batch_id) plus `origin` from batch_origins.sql (a copy: answers are kept per version)."""
        try:
            found = self.query("batch_origins")
        except duckdb.BinderException:  # a warehouse published before load_batch.origin: none recorded
            found = pd.DataFrame(columns=["batch_id", "origin"])
        origin_of = dict(zip(found["batch_id"].astype(int), found["origin"], strict=True))
        return df.assign(origin=[origin_of.get(int(b)) for b in df["batch_id"]])

    def sources(
        self, entities: tuple[str, ...], gemeente: str | None = None, country: bool = False
    ) -> pd.DataFrame:
        """The published batches of `entities` whose rows are in a figure about `gemeente` (all of them
        without one; `country`: national rows count too), with the publishers their files name."""
        found = self.query("sources", {"entities": list(entities), "gemeente": gemeente, "country": country})
        return self._with_origins(found)

    def area_names(self) -> pd.DataFrame:
        """Every area with name, level, gemeente (code and name) and wijk."""
        return self.query("area_names")

    def all_funders(self) -> pd.DataFrame:
        """Every funder with its grant total, largest first: the portfolio choices and their allow-list (not a
        register-only funder whose grants are in another currency, all_funders.sql)."""
        try:
            return self.query("all_funders")
        except duckdb.CatalogException:  # views from before the registers (no v_register_grant)
            return self.query("all_funders_before_registers")

    def outcome_indicators(self) -> pd.DataFrame:
        """Flow indicators (aggregation 'som') at output or outcome level: what a cost per outcome can use."""
        return self.query("outcome_indicators")

    def data_date(self) -> Any:
        """The date the data runs to (latest observation end or grant start): where survival is censored."""
        df = self.query("data_date")
        return None if df.empty or pd.isna(df.iloc[0, 0]) else df.iloc[0, 0]

    def indicator_catalogue(self) -> pd.DataFrame:
        return self.query("indicator_catalogue")

    def value_proxies(self) -> pd.DataFrame:
        """The value proxies: euro per unit of an effect per stakeholder, low and high, source and year."""
        return self.query("value_proxies")

    # -- initiatives, money and areas (no counts of people) -----------------------------------------

    def kpi_periods(self, filters: Filters, periods: list[tuple[int, int]]) -> list[dict[str, float | None]]:
        """{'active': initiatives alive, 'grants': grant money (EUR) starting} in the selected area and
        matching the filters, for each period, in one query."""
        if (
            filters.gemeente is None and not filters.funders
        ):  # all gemeenten: counted per year, kept per version
            return self.country_cells().kpis(self._selection(filters), periods)
        kept = self._kept_set(filters)
        if kept is not None:  # from the area's initiatives, kept per version
            return kept.kpis(self._selection(filters), map(period_dates, periods))
        rows = []
        for i, period in enumerate(periods):
            start, end = period_dates(period)
            rows.append({"position": i, "start": start, "end": end})
        df = self.query("kpi_periods", filter_params(filters) | {"periods": rows}).set_index("position")
        return [
            {k: None if pd.isna(df.at[i, k]) else float(df.at[i, k]) for k in ("active", "grants")}
            for i in range(len(periods))
        ]

    def peer_years(self, gemeente: str, level: str) -> pd.DataFrame:
        """Per statistic and year: how many areas of `level` in the gemeente have a row."""
        return self.query("profile_peer_years", {"gemeente": gemeente, "level": level})

    def area_initiatives(self, filters: Filters, period: tuple[int, int]) -> pd.DataFrame:
        """Initiatives serving the selected buurt (or wijk), with `active` in `period`."""
        return self.query("profile_initiatives", filter_params(filters, period))

    def survival_initiatives(self, gemeente: str | None, wijk: str | None) -> pd.DataFrame:
        """Per initiative: start, end, last sign of life and the grouping attributes (survival page)."""
        return self.query("survival_initiatives", {"gemeente": gemeente, "wijk": wijk})

    def value_initiatives(self, filters: Filters) -> pd.DataFrame:
        """The selected initiatives with grant money in the period and whether an effect was measured."""
        return self.query("value_initiatives", filter_params(filters))

    def value_funder_shares(self, filters: Filters) -> pd.DataFrame:
        """Grant money per funder and initiative in the period, and the funder's share of the initiative's."""
        return self.query("value_funder_shares", filter_params(filters))

    def initiative_detail(self, code: str) -> pd.DataFrame:
        return self.query("initiative_detail", {"code": code})

    def initiative_grants(self, code: str) -> pd.DataFrame:
        return self.query("initiative_grants", {"code": code})

    def initiative_buurten(self, code: str) -> pd.DataFrame:
        """Buurten of the initiative's gemeente(n) with geometry and a served / main-buurt flag."""
        return self.query("initiative_buurten", {"code": code})

    def portfolio(self, name: str, params: dict[str, Any]) -> pd.DataFrame:
        """One of the portfolio queries (dashboard/sql/portfolio_<name>.sql); the name is allow-listed.
        'outcomes' and 'volunteers' hold exact counts of people per initiative."""
        if name not in PORTFOLIO_QUERIES:
            raise ValueError(f"unknown portfolio query {name!r}")
        if (
            name in ("grantees", "overlap")
            and params.get("gemeente")
            and whole_years(params["start"], params["end"])
        ):
            grants = self.grant_set(params["gemeente"])  # kept per version and gemeente (grant_set.py)
            return getattr(grants, name)(list(params["funders"]), params["start"], params["end"])
        return self.query(f"portfolio_{name}", params)

    def grant_set(self, gemeente: str) -> GrantSet:
        """The gemeente's grant money per funder, initiative and year (grant_set.py): fetched once per published
        version and gemeente, then kept with the recent answers."""
        ask = {"gemeente": gemeente}
        return self.remember(
            "grant_set", (gemeente,), lambda: GrantSet(self.query("portfolio_grants_set", ask))
        )

    # -- exact counts of people and context statistics (protected.py decides what is shown) ----------

    def indicator_totals(
        self, area: Filters, selections: list[tuple[Filters, tuple[int, int]]], indicator: str
    ) -> list[float | None]:
        """An indicator's exact total for each (filters, period) in `selections`, all inside `area`'s
        gemeente, combined by the indicator's aggregation: one query. None where nothing was observed."""
        return self._totals(area, selections, indicator, reporting=False)[0]

    def indicator_totals_reporting(
        self, area: Filters, selections: list[tuple[Filters, tuple[int, int]]], indicator: str
    ) -> tuple[list[float | None], list[int]]:
        """indicator_totals and, per selection, how many initiatives report it: 0, 1 or 2 (two or more)."""
        return self._totals(area, selections, indicator, reporting=True)

    def _totals(
        self,
        area: Filters,
        selections: list[tuple[Filters, tuple[int, int]]],
        indicator: str,
        reporting: bool,
    ) -> tuple[list[float | None], list[int]]:
        rows = [
            selection_row(i, f, self.theme_bits(f.themes)) | {"first_year": p[0], "last_year": p[1]}
            for i, (f, p) in enumerate(selections)
        ]
        aggregation = self.aggregation(indicator) or "som"
        if not any(f.funders for f, _ in selections):  # all from the indicator's cells, kept per version
            cells = self.indicator_cells(area.gemeente, indicator, aggregation)
            counts: list[int] = []
            totals = cell_totals(cells, rows, aggregation, counts if reporting else None)
            return totals, counts
        params = {
            "selections": rows,
            "indicator": indicator,
            "aggregation": aggregation,
            "gemeente": area.gemeente,
            "first_year": min(p[0] for _, p in selections),
            "year": max(p[1] for _, p in selections),
        }
        found = self.query("indicator_totals", params).set_index("position")
        values, counts = found["value"], found["reporting"]
        return (
            [None if pd.isna(values.get(i)) else float(values.get(i)) for i in range(len(selections))],
            [int(counts.get(i, 0)) for i in range(len(selections))] if reporting else [],
        )

    def indicator_cells(self, gemeente: str | None, indicator: str, aggregation: str) -> Cells:
        """The indicator's cells in the gemeente (all gemeenten: without wijk and buurt), every year
        (indicator_cells.sql): fetched once per published version, then kept with the recent answers."""
        key = (gemeente, indicator, aggregation)
        params = {"gemeente": gemeente, "indicator": indicator, "aggregation": aggregation}
        return self.remember("indicator_cells", key, lambda: Cells(self.query("indicator_cells", params)))

    def indicator_by_quarter(self, filters: Filters, selections: list[Filters]) -> pd.DataFrame:
        """filters.indicator per year and quarter (value, target) for each of `selections` inside the
        gemeente of `filters` and its period: column `position` says which selection a row is of."""
        rows = [selection_row(i, f, self.theme_bits(f.themes)) for i, f in enumerate(selections)]
        params = self._indicator_params(filters)
        if params["aggregation"] != "laatste" and not any(f.funders for f in selections):
            # from the indicator's quarter cells, kept per version (cells.py)
            key = (filters.gemeente, params["indicator"])
            ask = {"gemeente": filters.gemeente, "indicator": params["indicator"]}
            cells = self.remember(
                "quarter_cells", key, lambda: QuarterCells(self.query("indicator_quarter_cells", ask))
            )
            return quarter_totals(cells, rows, (params["first_year"], params["year"]), params["aggregation"])
        return self.query("indicator_by_quarter", params | {"selections": rows})

    def map_cells(self, filters: Filters, kind: str, code: str | None = None) -> pd.DataFrame:
        """The map's value per buurt of filters.gemeente (per gemeente without one): `kind` initiatives
        or grants (value and residents, for a rate), indicator (indicator `code`) or stat (statistic
        `code`). The wijk and buurt filters do not apply: the map shows the whole gemeente."""
        whole = filters.with_(wijk=None, buurt=None)
        query = MAP_QUERIES["buurt_code" if whole.gemeente else "gemeente_code"][kind]
        if kind == "indicator":
            return self.query(query, self._indicator_params(whole, indicator=code))
        if kind == "initiatives" and whole.gemeente and not whole.funders:
            return self.initiative_set(whole.gemeente).map(self._selection(whole))
        params = filter_params(whole) | ({"stat": code} if kind == "stat" else {})
        return self.query(query, params)

    def stat_bases(self, codes: list[str], stats: list[str]) -> pd.DataFrame:
        """The base counts (residents, households, dwellings: `stats`) of the areas `codes`, every year."""
        return self.query("stat_bases", {"codes": list(codes), "stats": list(stats)})

    def _kept_set(self, filters: Filters) -> InitiativeSet | None:
        """The initiatives in memory that answer `filters`: none for a funder selection, or for all gemeenten
        of a warehouse of more than SET_MAX_INITIATIVES initiatives."""
        if filters.funders:
            return None
        if filters.gemeente is None:
            count = self._derived("initiative_count", lambda: int(self.query("initiative_count").iloc[0, 0]))
            if count > SET_MAX_INITIATIVES:
                return None
        return self.initiative_set(filters.gemeente)

    def country_cells(self) -> CountryCells:
        """The initiatives and grant money of all gemeenten counted per year, status and theme bits
        (initiative_set.py): fetched once per published version, then kept with the recent answers."""
        return self.remember(
            "country_cells",
            (),
            lambda: CountryCells(self.query("country_initiative_cells"), self.query("country_grant_cells")),
        )

    def initiative_set(self, gemeente: str | None) -> InitiativeSet:
        """The initiatives serving `gemeente` (None: any) with their buurten and grants, and its buurten's
        residents (initiative_set.py): fetched once per published version, then kept with the recent answers."""

        def build() -> InitiativeSet:
            ask = {"gemeente": gemeente}
            return InitiativeSet(
                *(self.query(f"area_{name}", ask) for name in
                  ("initiatives_set", "initiatives_links", "initiatives_grants", "grant_buurten", "buurt_residents"))
            )  # fmt: skip

        return self.remember("initiative_set", (gemeente,), build)

    def _selection(self, filters: Filters) -> dict[str, Any]:
        """`filters` as initiative_set.py masks them: statuses, themes and their bits, wijk, buurt, period."""
        params = filter_params(filters)
        row = selection_row(0, filters, self.theme_bits(filters.themes))
        return row | {k: params[k] for k in ("start", "end", "year")}

    def initiatives(self, filters: Filters, limit: int | None, with_people: bool) -> pd.DataFrame:
        """The initiative table (at most `limit` rows, by name; `matching_rows` = how many match in all);
        with `with_people` also `participants` (the deelnemers indicator by its aggregation)."""
        kept = None if with_people else self._kept_set(filters)
        if kept is not None:  # from the area's initiatives, kept per version
            return kept.table(self._selection(filters), limit)
        params = filter_params(filters) | {
            "indicator": "deelnemers",
            "with_people": with_people,
            "limit": limit,
        }
        return self.query("initiatives_table", params)

    def area_stats(self, codes: list[str]) -> pd.DataFrame:
        """All context statistics, all years, of `codes` plus any national (NL...) rows."""
        return self.query("profile_area_stats", {"codes": list(codes)})

    def stat_matrix(
        self, level: str, gemeente: str | None, year: int, stats: tuple[str, ...] | None = None
    ) -> pd.DataFrame:
        """Long form area_code, gemeente_code, stat_code, year, value: latest year up to `year` (of the
        statistics in `stats`, or all)."""
        chosen = sorted(stats) if stats is not None else None
        return self.query(
            "stat_matrix", {"level": level, "gemeente": gemeente, "year": year, "stats": chosen}
        )

    def area_outcomes(self, filters: Filters) -> pd.DataFrame:
        """Outcome and impact indicators per year in the selected buurt (or wijk), by their aggregation
        (of the initiatives filters.funders fund, when given)."""
        return self.query("profile_outcomes", filter_params(filters))

    def area_outcomes_many(self, level: str, codes: list[str]) -> pd.DataFrame:
        """area_outcomes of many buurten (`level` 'buurt') or wijken at once: columns area, indicator_code,
        aggregation, year, value."""
        return self.query("profile_outcomes_areas", {"level": level, "codes": list(codes)})

    def need_coverage(
        self, gemeente: str, period: tuple[int, int], funders: tuple[str, ...] = ()
    ) -> pd.DataFrame:
        """Per buurt: residents, initiatives alive in `period`, participants in `period` (of the initiatives
        `funders` fund, when given: the differencing guard's part)."""
        start, end = period_dates(period)
        params = {
            "gemeente": gemeente,
            "start": start,
            "end": end,
            "year": end.year,
            "funders": list(funders),
        }
        return self.query("need_coverage", params)

    def value_effects(self, filters: Filters) -> pd.DataFrame:
        """Per initiative, effect indicator and stakeholder: units measured in the selection, value low/high.
        In a gemeente: from its value cells (value_set.py), else value_effects.sql."""
        params = filter_params(filters)
        if filters.gemeente:
            selection = selection_row(0, filters, self.theme_bits(filters.themes))
            found = self.value_set(filters.gemeente)
            return found.effects(selection, params["first_year"], params["year"], self.value_proxies())
        return self.query("value_effects", params)

    def value_set(self, gemeente: str) -> ValueSet:
        """The gemeente's measured effects per initiative, indicator, buurt and year (value_set.py): fetched
        once per published version and gemeente, then kept with the recent answers."""
        ask = {"gemeente": gemeente}
        return self.remember(
            "value_set",
            (gemeente,),
            lambda: ValueSet(self.query("value_cells", ask), self.query("value_cells_initiatives", ask)),
        )

    def value_effect_totals(
        self, area: Filters, selections: list[Filters]
    ) -> list[dict[str, tuple[float, int]]]:
        """For each selection (all in `area`'s gemeente and period): per effect indicator the units its
        value_effects rows hold (each initiative's once) and how many initiatives measured it; one query."""
        if not selections:
            return []
        rows = [selection_row(i, f, self.theme_bits(f.themes)) for i, f in enumerate(selections)]
        params = filter_params(area)
        if area.gemeente:  # from the gemeente's value cells (value_set.py)
            return self.value_set(area.gemeente).totals(rows, params["first_year"], params["year"])
        df = self.query("value_effect_totals", params | {"selections": rows})
        out: list[dict[str, tuple[float, int]]] = [{} for _ in selections]
        for position, indicator, units, n in zip(
            df["position"], df["indicator_code"], df["units"], df["initiatives"], strict=True
        ):
            out[int(position)][indicator] = (float(units), int(n))
        return out

    def initiative_quarters(self, code: str) -> pd.DataFrame:
        """The initiative's indicators per quarter, buurten combined by each indicator's aggregation."""
        return self.query("initiative_quarters", {"code": code})

    def _indicator_params(
        self, filters: Filters, period: tuple[int, int] | None = None, indicator: str | None = None
    ) -> dict[str, Any]:
        """filter_params plus the indicator and its aggregation rule (som when the indicator is unknown)."""
        code = indicator or filters.indicator
        return filter_params(filters, period) | {
            "indicator": code,
            "aggregation": self.aggregation(code) or "som",
        }
