"""The peer pattern most Dash apps use: every table in pandas DataFrames in memory, filtered per callback.

It computes the overview's four figures the way our callbacks give them in public mode, for a selection
of gemeente (or all of them), themes, statuses and years (no funder, wijk or buurt filter):
- the KPIs for the period and the one before: active initiatives, grant money, participants and
  volunteers, the counts of people protected against the coarser selections and shorter periods;
- the map: initiatives per 1000 residents per buurt (per gemeente nationally), no rate over few residents;
- the trend: participants per quarter, protected against the coarser selections (rules 1, 2, 3 and 5);
- the initiative list (public mode: no participants column; at most 500 rows nationally, by name).
The data work is pandas on the v_* views loaded at start; the disclosure rules are the product's own
functions (dashboard/protection.py), so the harness can check it gives the same figures before timing it.
Left out: the differencing guard against portfolios somebody sees exactly (access.sqlite beside the
warehouse; the bench warehouses have none, and the harness says so when one does); and what our callbacks
add to the numbers: the source footnotes, the figures, text summaries and data tables, the map's stories.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from dashboard import protection as prot
from dashboard.filters import Filters

TABLE_LIMIT = 500  # rows the national list sends (dashboard/views/overview.py TABLE_LIMIT)
KPI_INDICATORS = ("deelnemers", "vrijwilligers")
TREND_INDICATOR = "deelnemers"
FIGURES = ("kpis", "map", "trend", "table")
HIDDEN = "hidden"  # a protection.Hidden in the comparable form (JSON)

TABLES = {
    "initiative": "SELECT code, name, organisation_name, form, status, start_date, end_date, "
    "primary_buurt_code FROM v_initiative",
    "theme": "SELECT initiative_code, theme_code, label_nl FROM v_initiative_theme",
    "ib": "SELECT initiative_code, buurt_code, gemeente_code FROM v_initiative_buurt",
    "buurt": "SELECT buurt_code, buurt_name, gemeente_code FROM v_buurt",
    "gemeente": "SELECT code FROM v_area WHERE level = 'gemeente' ORDER BY code",
    # the map's denominator; the other context statistics are not in the overview's default figures
    "residents": "SELECT area_code, level, gemeente_code, year, value FROM v_area_stat "
    "WHERE stat_code = 'inwoners'",
    "vocabulary": "SELECT vocabulary, code, label_nl FROM v_vocabulary",
    "grant": "SELECT initiative_code, start_date, amount FROM v_grant",
    "grant_buurt": "SELECT initiative_code, gemeente_code, start_date, amount FROM v_grant_buurt",
    "indicator": "SELECT code, aggregation, counts_people FROM v_indicator",
}
# One frame per indicator (every figure asks for one); codes as categoricals: 10 million rows nationally.
OBSERVATIONS = (
    "SELECT initiative_code, buurt_code, gemeente_code, period_start, period_end, year, quarter, value, "
    "target FROM v_observation WHERE indicator_code = ?"
)
CODES = ("initiative_code", "buurt_code", "gemeente_code")


@dataclass
class Overview:
    """The four figures of one selection, in the shapes our repository gives them."""

    kpis: dict[str, tuple]  # key -> (this period, the period before), as views.overview.kpi_values
    map_key: str  # buurt_code, or gemeente_code on the national map
    map: pd.DataFrame  # map_key, residents, value (the protected rate; NaN = not shown)
    trend: pd.DataFrame  # year, quarter, value (NaN where hidden), target, suppressed
    table: list[dict]  # the grid's rows
    table_total: int  # how many initiatives match in all


class PandasOverview:
    """Every table the overview needs in DataFrames (loaded once), each figure filtered per call."""

    def __init__(self, database: Path, protection: prot.Protection | None = None) -> None:
        con = duckdb.connect(str(database), read_only=True)
        try:
            df = {name: con.execute(sql).df() for name, sql in TABLES.items()}
            obs = {code: con.execute(OBSERVATIONS, [code]).df() for code in df["indicator"]["code"]}
        finally:
            con.close()
        self.protection = protection if protection is not None else prot.from_env()
        ind = df["indicator"]
        self.aggregation = dict(zip(ind["code"], ind["aggregation"], strict=True))
        self.counts_people = dict(zip(ind["code"], ind["counts_people"].astype(bool), strict=True))

        # The initiative list's labels joined once: they do not depend on the selection.
        ini = df["initiative"]
        for col in ("start_date", "end_date"):
            ini[col] = pd.to_datetime(ini[col])
        theme = df["theme"]
        labels = theme.sort_values("label_nl").groupby("initiative_code")["label_nl"].agg(", ".join)
        label = {v: g.set_index("code")["label_nl"] for v, g in df["vocabulary"].groupby("vocabulary")}
        buurt = df["buurt"]
        ini["themes_nl"] = ini["code"].map(labels)
        ini["form_nl"] = ini["form"].map(label.get("form", pd.Series(dtype=object)))
        ini["status_nl"] = ini["status"].map(label.get("status", pd.Series(dtype=object)))
        ini["main_buurt"] = ini["primary_buurt_code"].map(buurt.set_index("buurt_code")["buurt_name"])

        # Codes as categoricals, one dtype per kind of code in every frame: the filters are isin between
        # them (fast on the category codes), and 10 million observation rows fit in memory.
        dtypes = {
            "initiative_code": pd.CategoricalDtype(sorted(ini["code"])),
            "buurt_code": pd.CategoricalDtype(sorted(buurt["buurt_code"])),
            "gemeente_code": pd.CategoricalDtype(sorted(df["gemeente"]["code"])),
        }

        def coded(frame: pd.DataFrame) -> pd.DataFrame:
            return frame.astype({col: dtypes[col] for col in CODES if col in frame})

        ini["code"] = ini["code"].astype(dtypes["initiative_code"])
        self.initiative = ini
        self.theme = coded(theme[["initiative_code", "theme_code"]])
        self.ib = coded(df["ib"])
        self.buurt = buurt[["buurt_code", "gemeente_code"]]
        self.gemeenten = df["gemeente"]["code"].tolist()
        self.residents = df["residents"]
        self.grant = coded(df["grant"]).assign(start_date=lambda g: pd.to_datetime(g["start_date"]))
        self.grant_buurt = coded(df["grant_buurt"]).assign(
            start_date=lambda g: pd.to_datetime(g["start_date"])
        )
        self.grants_loaded = not self.grant.empty  # no grant matching reads 0, no grants at all '-'
        self.obs = {}
        for code, frame in obs.items():
            frame = coded(frame)
            for col in ("period_start", "period_end"):
                frame[col] = pd.to_datetime(frame[col])
            self.obs[code] = frame.sort_values("period_end", kind="stable")  # 'laatste': the last row wins

    # -- the selection ------------------------------------------------------------------------------

    def resolve(self, filters: Filters) -> Filters:
        """As the overview does: a warehouse of one gemeente shows that gemeente (views.overview.resolve)."""
        if filters.gemeente is None and len(self.gemeenten) == 1:
            return filters.with_(gemeente=self.gemeenten[0])
        return filters

    def _matching(self, themes, statuses) -> pd.DataFrame:
        """The initiatives matching the theme and status filters (an empty filter keeps all)."""
        ini = self.initiative
        keep = np.ones(len(ini), dtype=bool)
        if statuses:
            keep &= ini["status"].isin(list(statuses)).to_numpy()
        if themes:
            with_theme = self.theme.loc[self.theme["theme_code"].isin(list(themes)), "initiative_code"]
            keep &= ini["code"].isin(with_theme).to_numpy()
        return ini.loc[keep]

    @staticmethod
    def _alive(ini: pd.DataFrame, period: tuple[int, int]) -> pd.DataFrame:
        start, end = _dates(period)
        return ini.loc[(ini["start_date"] <= end) & (ini["end_date"].isna() | (ini["end_date"] >= start))]

    def _ib(self, gemeente: str | None) -> pd.DataFrame:
        ib = self.ib
        return ib if gemeente is None else ib.loc[ib["gemeente_code"] == gemeente]

    # -- KPIs -----------------------------------------------------------------------------------------

    def kpis(self, f: Filters) -> dict[str, tuple]:
        """{kpi: (this period, the period before)} as views.overview.kpi_values gives them."""
        periods = [f.period, f.previous_period()]
        matching = self._matching(f.themes, f.statuses)
        ib = self._ib(f.gemeente)
        active = tuple(
            float(
                ib.loc[
                    ib["initiative_code"].isin(self._alive(matching, p)["code"]), "initiative_code"
                ].nunique()
            )
            for p in periods
        )
        money = self.grant_buurt
        if f.gemeente is not None:
            money = money.loc[money["gemeente_code"] == f.gemeente]
        money = money.loc[money["initiative_code"].isin(matching["code"])]
        grants = []
        for p in periods:
            start, end = _dates(p)
            total = money.loc[money["start_date"].between(start, end), "amount"].sum(min_count=1)
            grants.append(float(total) if pd.notna(total) else (0.0 if self.grants_loaded else None))
        values = {"active": active, "grants": tuple(grants)}
        for code in KPI_INDICATORS:
            values[code] = tuple(self.indicator_total_each(f, periods, code))
        return values

    def _totals(self, indicator: str, gemeente: str | None, selections: list) -> list[float | None]:
        """The indicator's total for each (filters, period) in `selections`, by its aggregation rule
        (indicator_totals.sql): som = the sum; laatste = per initiative and buurt its latest value in the
        period, summed; gemiddelde = the mean. None where nothing was observed."""
        return self._totals_reporting(indicator, gemeente, selections)[0]

    def _totals_reporting(self, indicator: str, gemeente: str | None, selections: list) -> tuple[list, list]:
        """_totals and how many initiatives report each total (protection rule 6)."""
        obs = self.obs.get(indicator)
        if obs is None:
            return [None] * len(selections), [0] * len(selections)
        aggregation = self.aggregation.get(indicator) or "som"
        first, last = min(p[0] for _, p in selections), max(p[1] for _, p in selections)
        keep = obs["year"].between(first, last)
        if gemeente is not None:
            keep &= obs["gemeente_code"] == gemeente
        scope = obs.loc[keep, ["initiative_code", "buurt_code", "year", "value"]]  # only what is used
        matching: dict[tuple, pd.Series] = {}
        out, reporting = [], []
        for s, (a, b) in selections:
            rows = scope.loc[scope["year"].between(a, b)]
            if s.themes or s.statuses:
                key = (s.themes, s.statuses)
                if key not in matching:
                    matching[key] = self._matching(s.themes, s.statuses)["code"]
                rows = rows.loc[rows["initiative_code"].isin(matching[key])]
            if aggregation == "laatste":
                values = rows.groupby(["initiative_code", "buurt_code"], observed=True)["value"].last()
                total = values.sum(min_count=1)
            elif aggregation == "gemiddelde":
                total = rows["value"].mean()
            else:
                total = rows["value"].sum(min_count=1)
            out.append(None if pd.isna(total) else float(total))
            reporting.append(rows.loc[rows["value"].notna(), "initiative_code"].nunique())
        return out, reporting

    def indicator_total_each(self, f: Filters, periods: list, indicator: str) -> list:
        """Each period's total, protected as ProtectedRepository.indicator_total_each: against the coarser
        selections (protection.reference_selections) and the shorter periods, then rounded."""
        if not (self.protection.active and self.counts_people.get(indicator, True)):
            return self._totals(indicator, f.gemeente, [(f, p) for p in periods])
        selections, spans = [], []
        for period in periods:
            own = [(f, period)]
            own += [(ref, period) for ref in prot.reference_selections(f)]
            own += [(f, shorter) for shorter in prot.reference_periods(period)]
            spans.append((len(selections), len(own)))
            selections += own
        found, reporting = self._totals_reporting(indicator, f.gemeente, selections)
        k, base = self.protection.k, self.protection.base
        return [prot.protect_value(found[i], k, found[i + 1 : i + n], base, reporting[i]) for i, n in spans]

    # -- map ------------------------------------------------------------------------------------------

    def map_counts(self, f: Filters) -> tuple[str, pd.DataFrame]:
        """(key, frame of key, residents, value): per buurt of the gemeente (per gemeente without one) the
        matching initiatives alive in the period that serve it, and its latest residents up to year_to
        (map_initiatives.sql, map_gemeente_initiatives.sql)."""
        alive = self._alive(self._matching(f.themes, f.statuses), f.period)["code"]
        year = f.period[1]
        res = self.residents.loc[self.residents["year"] <= year]
        if f.gemeente:
            ib = self._ib(f.gemeente)
            counts = (
                ib.loc[ib["initiative_code"].isin(alive)]
                .groupby("buurt_code", observed=True)["initiative_code"]
                .nunique()
            )
            res = res.loc[res["gemeente_code"] == f.gemeente].sort_values("year")
            latest = res.drop_duplicates("area_code", keep="last").set_index("area_code")["value"]
            cells = self.buurt.loc[self.buurt["gemeente_code"] == f.gemeente, ["buurt_code"]]
            key = "buurt_code"
        else:
            ib = self.ib.loc[self.ib["initiative_code"].isin(alive)]
            counts = ib.groupby("gemeente_code", observed=True)["initiative_code"].nunique()
            # gemeente_residents: the gemeente's own row, else the sum of its buurten's latest rows
            res = res.loc[res["level"].isin(["gemeente", "buurt"])].sort_values("year")
            res = res.drop_duplicates("area_code", keep="last")
            own = res.loc[res["level"] == "gemeente"].groupby("gemeente_code")["value"].max()
            summed = res.loc[res["level"] == "buurt"].groupby("gemeente_code")["value"].sum(min_count=1)
            latest = own.combine_first(summed)
            cells = pd.DataFrame({"gemeente_code": self.gemeenten})
            key = "gemeente_code"
        cells = cells.reset_index(drop=True)
        cells["residents"] = cells[key].map(latest).astype(float)
        cells["value"] = cells[key].map(counts.rename(index=str)).fillna(0).astype(float)
        return key, cells

    def map_rates(self, f: Filters) -> tuple[str, pd.DataFrame]:
        """Initiatives per 1000 residents, none over fewer than k residents (ProtectedRepository.map_values,
        metric initiatieven_per_1000: the overview's default)."""
        key, cells = self.map_counts(f)
        min_residents = self.protection.k if self.protection.active else 1
        cells["value"] = prot.protect_rate(cells["value"], cells["residents"], min_residents, 1000)
        return key, cells

    # -- trend ----------------------------------------------------------------------------------------

    def _quarters(self, indicator: str, f: Filters, selections: list[Filters]) -> list[pd.DataFrame]:
        """Per selection: year, quarter, value, target of the indicator in the period, each quarter
        combined by the indicator's aggregation (indicator_by_quarter.sql)."""
        obs = self.obs.get(indicator)
        empty = pd.DataFrame({"year": [], "quarter": [], "value": [], "target": [], "reporting": []})
        if obs is None:
            return [empty for _ in selections]
        aggregation = self.aggregation.get(indicator) or "som"
        start, end = _dates(f.period)
        keep = obs["period_start"].between(start, end)
        if f.gemeente is not None:
            keep &= obs["gemeente_code"] == f.gemeente
        scope = obs.loc[keep, ["initiative_code", "buurt_code", "year", "quarter", "value", "target"]]
        out = []
        for s in selections:
            rows = scope
            if s.themes or s.statuses:
                rows = rows.loc[rows["initiative_code"].isin(self._matching(s.themes, s.statuses)["code"])]
            if aggregation == "laatste":
                units = ["initiative_code", "buurt_code", "year", "quarter"]
                rows = rows.groupby(units, observed=True)[["value", "target"]].last().reset_index()
            grouped = rows.groupby(["year", "quarter"])[["value", "target"]]
            q = grouped.mean() if aggregation == "gemiddelde" else grouped.sum(min_count=1)
            reported = (
                rows.loc[rows["value"].notna()].groupby(["year", "quarter"])["initiative_code"].nunique()
            )
            q["reporting"] = reported.reindex(q.index).fillna(0).astype("int64")  # protection rule 6
            out.append(q.reset_index())
        return out

    def trend(self, f: Filters, indicator: str = TREND_INDICATOR) -> pd.DataFrame:
        """year, quarter, value, target (and suppressed), protected as ProtectedRepository.indicator_by_quarter:
        the quarters of each year and of the whole period add up (rule 3, 'som' only)."""
        protects = self.protection.active and self.counts_people.get(indicator, True)
        selections = [f, *prot.reference_selections(f)] if protects else [f]
        found = self._quarters(indicator, f, selections)
        df = found[0]
        if not protects:
            return df
        keys = ["year", "quarter"]
        references = [part.set_index(keys)["value"] for part in found[1:]]
        indexed = df.set_index(keys)
        years = sorted(set(indexed.index.get_level_values(0)))
        groups = [[i for i in indexed.index if i[0] == year] for year in years]
        groups.append(list(indexed.index))
        return prot.protect_frame(
            indexed,
            self.protection.k,
            references=references,
            groups=groups,
            additive=(self.aggregation.get(indicator) or "som") == "som",
            base=self.protection.base,
            reporting="reporting",
        ).reset_index()

    # -- initiative list ------------------------------------------------------------------------------

    def table_rows(self, f: Filters) -> tuple[list[dict], int]:
        """(the grid's rows, how many match): the matching initiatives alive in the period serving a buurt
        in the area, by name, with grant money starting in the period (initiatives_table.sql)."""
        alive = self._alive(self._matching(f.themes, f.statuses), f.period)
        alive = alive.loc[alive["code"].isin(self._ib(f.gemeente)["initiative_code"])]
        limit = None if f.gemeente else TABLE_LIMIT
        shown = (
            alive.sort_values(["name", "code"]).head(limit) if limit else alive.sort_values(["name", "code"])
        )
        start, end = _dates(f.period)
        g = self.grant
        money = g.loc[g["start_date"].between(start, end) & g["initiative_code"].isin(shown["code"])]
        money = money.groupby("initiative_code")["amount"].sum()
        rows = pd.DataFrame(
            {
                "code": shown["code"],
                "naam": shown["name"],
                "organisatie": shown["organisation_name"],
                "themas": shown["themes_nl"],
                "vorm": shown["form_nl"],
                "status": shown["status_nl"],
                "start": shown["start_date"].dt.strftime("%Y-%m-%d"),
                "einde": shown["end_date"].dt.strftime("%Y-%m-%d"),
                "hoofdbuurt": shown["main_buurt"],
                "subsidie": shown["code"].map(money).fillna(0.0),  # no money in the period: 0
            }
        )
        rows = rows.astype(object).where(rows.notna(), None)
        return rows.to_dict("records"), len(alive)

    # -- the whole overview ---------------------------------------------------------------------------

    def overview(self, filters: Filters) -> Overview:
        """The four figures of the overview for `filters` (gemeente or None, themes, statuses, period)."""
        f = self.resolve(filters)
        key, cells = self.map_rates(f)
        rows, total = self.table_rows(f)
        return Overview(self.kpis(f), key, cells, self.trend(f), rows, total)

    # -- the questions of the first baseline (tests/benchmarks/test_harness.py asks them) ---------------

    def kpi_active(self, gemeente, themes, statuses, start: date, end: date) -> int:
        """Active initiatives in the area (no protection: counts of initiatives, not of people)."""
        f = _filters(gemeente, themes, statuses, start, end)
        codes = self._alive(self._matching(f.themes, f.statuses), f.period)["code"]
        ib = self._ib(gemeente)
        return int(ib.loc[ib["initiative_code"].isin(codes), "initiative_code"].nunique())

    def map_values(self, gemeente, themes, statuses, start: date, end: date) -> dict[str, int]:
        """The map's raw counts per buurt (per gemeente without one), before the rate."""
        key, cells = self.map_counts(_filters(gemeente, themes, statuses, start, end))
        return {code: int(v) for code, v in zip(cells[key], cells["value"], strict=True)}


def _dates(period: tuple[int, int]) -> tuple[pd.Timestamp, pd.Timestamp]:
    return pd.Timestamp(period[0], 1, 1), pd.Timestamp(period[1], 12, 31)


def _filters(gemeente, themes, statuses, start: date, end: date) -> Filters:
    return Filters.from_query(
        {"gemeente": gemeente, "themes": themes, "statuses": statuses, "year_from": start.year,
         "year_to": end.year}
    )  # fmt: skip


# -- the figures in a comparable form (JSON), for ours and the baseline alike ---------------------------


def plain(value: Any) -> float | str | None:
    """A figure's value as JSON: Hidden -> 'hidden', missing -> None, else a float."""
    if isinstance(value, prot.Hidden):
        return HIDDEN
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def comparable(
    kpis: dict[str, tuple],
    map_key: str,
    cells: pd.DataFrame,
    trend: pd.DataFrame,
    table: list[tuple[str, Any]],
    total: int,
) -> dict:
    """The four figures as plain JSON: KPIs per key [now, before]; the map per cell; the trend per
    'year-quarter' [value or 'hidden', target]; the list's total and its rows as [code, grant money]."""
    suppressed = trend[prot.SUPPRESSED] if prot.SUPPRESSED in trend else pd.Series(False, index=trend.index)
    return {
        "kpis": {name: [plain(v) for v in pair] for name, pair in sorted(kpis.items())},
        "map": {str(code): plain(v) for code, v in zip(cells[map_key], cells["value"], strict=True)},
        "trend": {
            f"{int(y)}-{int(q)}": [HIDDEN if hidden else plain(v), plain(t)]
            for y, q, v, t, hidden in zip(
                trend["year"], trend["quarter"], trend["value"], trend["target"], suppressed, strict=True
            )
        },
        "table": {"total": int(total), "rows": [[str(code), plain(money)] for code, money in table]},
    }


def overview_json(o: Overview) -> dict:
    table = [(r["code"], r["subsidie"]) for r in o.table]
    return comparable(o.kpis, o.map_key, o.map, o.trend, table, o.table_total)


def same(want: Any, got: Any, rel: float = 1e-6) -> bool:
    """Equal figures: the same structure, numbers within `rel` (relative)."""
    if isinstance(want, dict) and isinstance(got, dict):
        return want.keys() == got.keys() and all(same(want[k], got[k], rel) for k in want)
    if isinstance(want, list) and isinstance(got, list):
        return len(want) == len(got) and all(same(a, b, rel) for a, b in zip(want, got, strict=True))
    if isinstance(want, int | float) and isinstance(got, int | float):
        return math.isclose(want, got, rel_tol=rel, abs_tol=1e-9)
    return want == got
