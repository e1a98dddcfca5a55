"""The protection wrapper: the only way from the reader's exact numbers to the dashboard.

Every disclosure decision lives here: small-number suppression, complements, secondary suppression,
rounding, small CBS bases, rates over few residents, no counts of people per initiative, the portfolio's
attributed outcomes and dependency trends, public against internal mode. The rules themselves are pure
functions in dashboard/protection.py; this class decides which rule applies to which figure and fetches
the coarser selections the rules compare with. Questions without counts of people pass straight through.

Who sees what (issue 15) is decided here too, per question, from the request's scope (`scope`, given by
dashboard/auth/session.py: the server-side session, never the URL or callback inputs):
- no login configured (scope None): the deployment's mode decides, as before (public, or internal behind
  a login proxy);
- a scope: a question entirely inside it (its gemeente is one of the scope's gemeenten, or its funders
  are the scope's own) is answered exactly; any other is answered as for the public. Where rows of one
  answer differ (the portfolio's funders, the national statistics), each row is exact or public by the
  same rule.
The public answers, for everyone, hold against differencing with what somebody sees exactly (`known`: the
funders with a fonds grant, the gemeenten with a gemeente grant): a public figure minus a known portfolio
(or, nationally, a known gemeente) must not leave 1..k-1 people (protection.difference_mask), whoever asks:
a fund officer who logs out sees the same public figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dashboard import portfolio as pf
from dashboard import protection as prot
from dashboard.filters import Filters
from dashboard.repository.reader import DuckDBReader
from dashboard.similarity import wide_matrix
from etl.taxonomy import STATISTICS

# Context statistics that are shares, averages or rates, and the count each is taken over (rule 4).
STAT_BASES = {code: s.base for code, s in STATISTICS.items() if s.base}
# Public mode, value page: the pseudo-initiative that carries the total value of effects on people over
# the selection (not a valid initiative code, so it can never be chosen in the URL).
SHIELDED_CODE = "_afgeschermd"
SHIELDED_NAME = "Effecten op personen, samen (afgeschermd)"
# The portfolio queries without counts of people (money, grantees, co-funding): passed through as read.
PORTFOLIO_MONEY = ("flows", "grantees", "overlap")
# Every grant ever, for "the initiatives a fund has funded" (what it sees exactly on its own pages).
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)


def no_scope() -> None:
    """No per-user scope: the deployment's mode decides (no login configured, tests, the CLI as public)."""
    return None


@dataclass(frozen=True)
class Known:
    """What somebody sees exactly (the funders and gemeenten with grants): the public answers guard
    against differencing with each of them."""

    funders: frozenset[str] = frozenset()
    gemeenten: frozenset[str] = frozenset()


NOBODY = Known()


def nobody() -> Known:
    return NOBODY


def gemeente_of(filters: Filters) -> str | None:
    """The gemeente a selection lies in: its gemeente, or the one its buurt or wijk code names."""
    for code in (filters.buurt, filters.wijk):
        if code:
            return "GM" + code[2:6]
    return filters.gemeente


def within(scope: Any, gemeenten: Iterable[str | None] = (), funders: Iterable[str] = ()) -> bool:
    """Is a question entirely inside `scope` (a dashboard.auth.grants.Scope)? Its gemeenten are all the
    scope's (None = every gemeente: never), or it asks about funders that are all the scope's own."""
    places = list(gemeenten)
    if places and all(g is not None and g in scope.gemeenten for g in places):
        return True
    chosen = set(funders)
    return bool(chosen) and chosen <= set(scope.funders)


class ProtectedRepository:
    """The Repository (dashboard/repository/interface.py) over a reader (a DuckDBReader, or the
    CachedReader in front of one, which answers the same methods), with small-number protection applied
    by `protection` (public or internal mode), per question narrowed or widened by the request's `scope`
    (see the module text). It asks the reader only, never SQL of its own."""

    def __init__(
        self,
        reader: DuckDBReader,
        protection: prot.Protection | None = None,
        scope: Callable[[], Any] = no_scope,
        known: Callable[[], Known] = nobody,
        guard: Known = NOBODY,
    ) -> None:
        self.reader = reader
        # Small-number protection (dashboard/protection.py), from WIJKWAARDE_PRIVACY_K / WIJKWAARDE_MODE.
        self.protection = protection if protection is not None else prot.from_env()
        self.scope = scope
        self.known = known  # who sees what exactly: the parts public answers guard against
        self.guard = guard  # in a view: the known parts its public answers guard against (differencing)
        self._people: tuple[str, dict[str, bool]] | None = None  # (version, counts_people per indicator)
        self._views: dict[tuple[str, Known], ProtectedRepository] = {}

    # -- the request's scope ------------------------------------------------------------------------

    def _view(self, gemeenten: Iterable[str | None] = (), funders: Iterable[str] = ()) -> ProtectedRepository:
        """The repository that answers a question about `gemeenten` and `funders` for this request: itself
        without a scope; with one, an exact view when the question is inside the scope, else the public
        view that knows what the viewer sees exactly (for the differencing guard)."""
        scope = self.scope()
        known = self.known()
        if scope is not None and within(scope, gemeenten, funders):
            mode, guard = "internal", NOBODY
        elif scope is not None or (self.protection.active and known != NOBODY):
            mode, guard = "public", known
        else:
            return self  # no login and nothing known exactly, or internal mode behind a proxy: as configured
        key = (mode, guard)
        view = self._views.get(key)
        if view is None:
            protection = replace(self.protection, mode=mode)
            view = self._views.setdefault(key, ProtectedRepository(self.reader, protection, guard=guard))
        return view

    @property
    def shown_protection(self) -> prot.Protection:
        """What notes and exports say for this request: the settings without a login; with one, public
        for a scope that sees nothing exactly, else mode 'scoped' (some figures exact: not to publish)."""
        scope = self.scope()
        if scope is None:
            return self.protection
        exact_somewhere = not scope.is_public and (scope.gemeenten or scope.funders)
        return replace(self.protection, mode="scoped" if exact_somewhere else "public")

    def protection_for(self, filters: Filters) -> prot.Protection:
        """The protection a selection is shown with for this request (footnotes, which columns exist)."""
        return self._view([gemeente_of(filters)], filters.funders).protection

    def _guard_funders(self, filters: Filters) -> list[str]:
        """The known portfolios inside a selection: each guarded funder its funder filter includes (all of
        them without one), except the selection that is that one portfolio itself (nothing left over)."""
        return [
            f for f in sorted(self.guard.funders)
            if (not filters.funders or f in filters.funders) and tuple(filters.funders) != (f,)
        ]  # fmt: skip

    def _additive(self, indicator: str | None) -> bool:
        """A difference of two totals is a count of people only for indicators that add up."""
        return self.reader.aggregation(indicator) in ("som", "laatste")

    # -- the published file -------------------------------------------------------------------------

    @property
    def home(self) -> Path:
        return self.reader.home

    def available(self) -> bool:
        return self.reader.available()

    def version(self) -> str:
        return self.reader.version()

    # -- reference data, money, initiatives: no counts of people, passed through -----------------------

    def dataset(self) -> dict[str, Any]:
        return self.reader.dataset()

    def gemeenten(self) -> pd.DataFrame:
        return self.reader.gemeenten()

    def wijken(self, gemeente: str | None) -> pd.DataFrame:
        return self.reader.wijken(gemeente)

    def buurten(self, gemeente: str | None) -> pd.DataFrame:
        return self.reader.buurten(gemeente)

    def buurt_geometry(self, gemeente: str | None) -> pd.DataFrame:
        return self.reader.buurt_geometry(gemeente)

    def gemeente_geometry(self) -> pd.DataFrame:
        return self.reader.gemeente_geometry()

    def vocabulary(self, name: str) -> pd.DataFrame:
        return self.reader.vocabulary(name)

    def funders(self, gemeente: str | None) -> pd.DataFrame:
        return self.reader.funders(gemeente)

    def indicators(self) -> pd.DataFrame:
        return self.reader.indicators()

    def stat_defs(self) -> pd.DataFrame:
        return self.reader.stat_defs()

    def year_range(self) -> dict[str, Any]:
        return self.reader.year_range()

    def batches(self) -> pd.DataFrame:
        return self.reader.batches()

    def sources(
        self, entities: tuple[str, ...], gemeente: str | None = None, country: bool = False
    ) -> pd.DataFrame:
        return self.reader.sources(entities, gemeente, country)

    def area_names(self) -> pd.DataFrame:
        return self.reader.area_names()

    def all_funders(self) -> pd.DataFrame:
        return self.reader.all_funders()

    def outcome_indicators(self) -> pd.DataFrame:
        return self.reader.outcome_indicators()

    def data_date(self) -> Any:
        return self.reader.data_date()

    def indicator_catalogue(self) -> pd.DataFrame:
        return self.reader.indicator_catalogue()

    def value_proxies(self) -> pd.DataFrame:
        return self.reader.value_proxies()

    def kpi_periods(self, filters: Filters, periods: list[tuple[int, int]]) -> list[dict[str, float | None]]:
        """Initiatives alive ('active') and grant money ('grants') for each period: no people counted."""
        return self.reader.kpi_periods(filters, periods)

    def peer_years(self, gemeente: str, level: str) -> pd.DataFrame:
        return self.reader.peer_years(gemeente, level)

    def area_initiatives(self, filters: Filters, period: tuple[int, int]) -> pd.DataFrame:
        return self.reader.area_initiatives(filters, period)

    def survival_initiatives(self, gemeente: str | None, wijk: str | None) -> pd.DataFrame:
        return self.reader.survival_initiatives(gemeente, wijk)

    def value_initiatives(self, filters: Filters) -> pd.DataFrame:
        return self.reader.value_initiatives(filters)

    def value_funder_shares(self, filters: Filters) -> pd.DataFrame:
        return self.reader.value_funder_shares(filters)

    def initiative_detail(self, code: str) -> pd.DataFrame:
        return self.reader.initiative_detail(code)

    def initiative_grants(self, code: str) -> pd.DataFrame:
        return self.reader.initiative_grants(code)

    def initiative_buurten(self, code: str) -> pd.DataFrame:
        return self.reader.initiative_buurten(code)

    def portfolio(self, name: str, params: dict[str, Any]) -> pd.DataFrame:
        """A portfolio query without counts of people: flows, grantees or overlap. The outcomes and the
        volunteers reach the page only through portfolio_outcomes and portfolio_dependency."""
        if name not in PORTFOLIO_MONEY:
            raise ValueError(f"unknown portfolio query {name!r}")
        return self.reader.portfolio(name, params)

    # -- which figures count people ---------------------------------------------------------------

    def _k(self) -> int | None:
        """The small-number threshold when protection is on (public mode), else None."""
        return self.protection.k if self.protection.active else None

    def _protects(self, indicator: str | None) -> bool:
        """Protection applies: public mode and the indicator counts people (v_indicator.counts_people).

        An indicator this warehouse does not know is protected too: the safe side.
        """
        if not self.protection.active:
            return False
        # The catalogue once per published version: every protected question asks, often per row.
        version = self.reader.version()
        if self._people is None or self._people[0] != version:
            ind = self.reader.indicators()
            self._people = (version, dict(zip(ind["code"], ind["counts_people"].astype(bool), strict=True)))
        return self._people[1].get(indicator, True)

    def _protects_each(self, indicators: pd.Series) -> pd.Series:
        """_protects for a column of indicator codes, the published version looked up once (not per row:
        each look-up reads the link to the published file)."""
        if not self.protection.active:
            return pd.Series(False, index=indicators.index, dtype=bool)
        self._protects(None)  # the catalogue of the current version
        people = self._people[1]
        return pd.Series([people.get(c, True) for c in indicators], index=indicators.index, dtype=bool)

    # -- overview: KPIs, trend, map, initiative table ----------------------------------------------

    def indicator_total_each(
        self, filters: Filters, periods: list[tuple[int, int]], indicator: str
    ) -> list[float | prot.Hidden | None]:
        """An indicator over the area for each period (the KPI's period and the one before), combined by
        its own aggregation rule, in one query.

        A count of people below k, or one that a coarser selection would reveal, comes back as
        protection.Hidden (shown as '< k'), never as the number. So is one whose rest outside the part the
        viewer sees exactly (its own portfolio, its own gemeente) is below k (the differencing guard).
        """
        view = self._view([gemeente_of(filters)], filters.funders)
        if view is not self:
            return view.indicator_total_each(filters, periods, indicator)
        if not self._protects(indicator):
            return self.reader.indicator_totals(filters, [(filters, p) for p in periods], indicator)
        # each total and every coarser selection protection compares it with (rule 2)
        selections: list[tuple[Filters, tuple[int, int]]] = []
        spans = []
        for period in periods:
            own = [(filters, period)]
            own += [(ref, period) for ref in prot.reference_selections(filters)]
            own += [(filters, shorter) for shorter in prot.reference_periods(period)]
            spans.append((len(selections), len(own)))
            selections += own
        found, reporting = self.reader.indicator_totals_reporting(filters, selections, indicator)
        k, base = self.protection.k, self.protection.base
        parts = self._guard_totals(filters, periods, indicator)
        return [
            prot.Hidden(k, prot.is_small(found[i], k)) if prot.difference_small(found[i], [p[j] for p in parts], k)
            else prot.protect_value(found[i], k, found[i + 1 : i + n], base, reporting[i])
            for j, (i, n) in enumerate(spans)
        ]  # fmt: skip

    def _guard_totals(
        self, filters: Filters, periods: list[tuple[int, int]], indicator: str
    ) -> list[list[float | None]]:
        """The differencing guard's parts of a public total, each per period: every known portfolio inside
        the selection (in one query), and on a national total every known gemeente."""
        if not self._additive(indicator):
            return []
        parts = []
        funders = self._guard_funders(filters)
        if funders:
            asked = [(filters.with_(funders=(f,)), p) for f in funders for p in periods]
            found = self.reader.indicator_totals(filters, asked, indicator)
            parts += [found[i : i + len(periods)] for i in range(0, len(found), len(periods))]
        if filters.gemeente is None:
            for code in sorted(self.guard.gemeenten):
                mine = filters.with_(gemeente=code)
                parts.append(self.reader.indicator_totals(mine, [(mine, p) for p in periods], indicator))
        return parts

    def indicator_by_quarter(self, filters: Filters) -> pd.DataFrame:
        """Columns year, quarter, value, target for the selected indicator.

        For a count of people also `suppressed`: hidden quarters have value NaN (rules in protection.py;
        the quarters of each year and of the whole period add up for a 'som' indicator).
        """
        view = self._view([gemeente_of(filters)], filters.funders)
        if view is not self:
            return view.indicator_by_quarter(filters)
        protects = self._protects(filters.indicator)
        selections = [filters, *prot.reference_selections(filters)] if protects else [filters]
        found = self.reader.indicator_by_quarter(filters, selections)
        position = found["position"].to_numpy()
        df = found[position == 0].drop(columns="position").reset_index(drop=True)
        if not protects:
            return df

        # One integer per quarter (year * 10 + quarter) as the index: the rules align the references and
        # look cells up by it, several times a request, much faster than on a (year, quarter) MultiIndex.
        def quarter_keys(frame: pd.DataFrame) -> np.ndarray:
            return frame["year"].to_numpy(dtype="int64") * 10 + frame["quarter"].to_numpy(dtype="int64")

        def by_quarter(part: pd.DataFrame) -> pd.Series:
            return pd.Series(part["value"].to_numpy(dtype=float), index=quarter_keys(part))

        keys = quarter_keys(found)
        values = found["value"].to_numpy(dtype=float, na_value=np.nan)
        references = [
            pd.Series(values[position == i], index=keys[position == i]) for i in range(1, len(selections))
        ]
        own = keys[position == 0]
        indexed = df.set_index(own)
        quarters_of: dict[int, list[int]] = {}  # the quarters of each year, in the selection's order
        for key in own.tolist():
            quarters_of.setdefault(key // 10, []).append(key)
        groups = [quarters_of[year] for year in sorted(quarters_of)]
        groups.append(own.tolist())
        parts = []
        funders = self._guard_funders(filters)
        if funders and self._additive(filters.indicator):  # the differencing guard: each known portfolio
            known = self.reader.indicator_by_quarter(filters, [filters.with_(funders=(f,)) for f in funders])
            parts = [by_quarter(part) for _, part in known.groupby("position")]
        protected = prot.protect_frame(
            indexed,
            self.protection.k,
            references=references,
            groups=groups,
            additive=self.reader.aggregation(filters.indicator) == "som",
            base=self.protection.base,
            parts=parts,
            reporting="reporting",
        )
        return protected.reset_index(drop=True)

    def map_values(self, filters: Filters) -> pd.DataFrame:
        """Per buurt of the gemeente: buurt_code, value (NaN = no data) and an optional year/residents.

        The map always shows the whole gemeente, so the wijk/buurt filters do not apply here; they are
        drawn as an outline instead. Without a gemeente (the national overview) the cells are the
        gemeenten: column gemeente_code instead of buurt_code, residents per gemeente being its own CBS
        row or the sum of its buurten.
        """
        view = self._view([filters.gemeente], filters.funders)
        if view is not self:
            return view.map_values(filters)
        whole = filters.with_(wijk=None, buurt=None)
        key = "buurt_code" if whole.gemeente else "gemeente_code"
        metric = filters.metric
        # Rates over fewer than k residents are not shown (protection rule 4; k = 1 when internal).
        min_residents = self.protection.k if self.protection.active else 1
        if metric == "initiatieven_per_1000":
            df = self.reader.map_cells(whole, "initiatives")
            df["value"] = prot.protect_rate(df["value"], df["residents"], min_residents, 1000)
        elif metric == "subsidie_per_inwoner":
            df = self.reader.map_cells(whole, "grants")
            df["value"] = prot.protect_rate(df["value"], df["residents"], min_residents)
        elif metric == "deelnemers":
            df = self.reader.map_cells(whole, "indicator", "deelnemers")
            if self._protects("deelnemers"):
                df = self._protect_map(df, whole, "deelnemers", key)
        elif metric.startswith("stat:"):
            code = metric.removeprefix("stat:")
            df = self._protect_stat_cells(self.reader.map_cells(whole, "stat", code), code, key)
        else:  # Filters only lets known metrics through; this is the allow-list's last line
            raise ValueError(f"unknown metric {metric!r}")
        return df

    def _protect_map(self, df: pd.DataFrame, filters: Filters, indicator: str, key: str) -> pd.DataFrame:
        """People counts per map cell: rules 1-3 and 5. Cells are the buurten of a gemeente (groups: the
        buurten of each wijk and all of them), or on the national map the gemeenten (one group: all)."""
        indexed = df.set_index(key)
        references = []
        if filters.themes or filters.statuses or filters.funders:
            whole = filters.with_(themes=(), statuses=(), funders=())
            references.append(self.reader.map_cells(whole, "indicator", indicator).set_index(key)["value"])
        groups = []
        if key == "buurt_code" and filters.gemeente:
            buurten = self.reader.buurten(filters.gemeente)
            wijk_of = dict(zip(buurten["buurt_code"], buurten["wijk_code"], strict=True))
            groups = [
                [b for b in indexed.index if wijk_of.get(b) == wijk] for wijk in sorted(set(wijk_of.values()))
            ]
        groups.append(list(indexed.index))
        parts = []
        if self._additive(indicator):  # the differencing guard: each known portfolio, per cell
            for funder in self._guard_funders(filters):
                mine = filters.with_(funders=(funder,))
                parts.append(self.reader.map_cells(mine, "indicator", indicator).set_index(key)["value"])
        return prot.protect_frame(
            indexed,
            self.protection.k,
            references=references,
            groups=groups,
            base=self.protection.base,
            parts=parts,
            reporting="reporting",
        ).reset_index()

    def _protect_stat_cells(self, df: pd.DataFrame, code: str, key: str) -> pd.DataFrame:
        """A context statistic that is a count at the source (residents, households): only rule 1 (CBS
        publishes no total here), and CBS's own figures are not rounded."""
        stats = self.reader.stat_defs()
        is_count = stats.loc[stats["code"] == code, "is_count"]
        if self.protection.active and (is_count.empty or bool(is_count.iloc[0])):
            return prot.protect_frame(df, self.protection.k, additive=False)
        if self.protection.active and code in STAT_BASES:
            df[prot.SUPPRESSED] = self._small_bases(df.assign(stat_code=code), key)
            df[prot.SMALL] = False  # a share over a small base: 'afgeschermd', never '< 10' (a percentage)
            df["value"] = df["value"].where(~df[prot.SUPPRESSED])
        return df

    def _small_bases(self, df: pd.DataFrame, area: str = "area_code") -> pd.Series:
        """Rule 4 for context statistics: True where a share, average or rate is taken over fewer than k
        residents, households or dwellings (their counts fetched for the areas in `df`)."""
        rated = df["stat_code"].isin(list(STAT_BASES)) & df["value"].notna()
        if not rated.any():
            return pd.Series(False, index=df.index)
        bases = self.reader.stat_bases(
            sorted(set(df.loc[rated, area])), sorted(set(STAT_BASES.values()) | {"inwoners"})
        )
        return prot.small_base_mask(df, bases, STAT_BASES, self.protection.k, area)

    def initiatives(self, filters: Filters, limit: int | None = None) -> pd.DataFrame:
        """The initiative table (at most `limit` rows, by name; `matching_rows` = how many match in all);
        participants use the `deelnemers` indicator's aggregation.

        In public mode there is no `participants` column at all: no counts of people per initiative.
        """
        view = self._view([gemeente_of(filters)], filters.funders)
        if view is not self:
            return view.initiatives(filters, limit)
        people = self.protection.initiative_counts
        df = self.reader.initiatives(filters, limit, people)
        if not people:
            df = df.drop(columns=["participants"], errors="ignore")
        return df

    # -- profile and need pages ---------------------------------------------------------------------

    def area_stats(self, codes: list[str]) -> pd.DataFrame:
        """All context statistics, all years, of `codes` plus any national (NL...) rows."""
        places = ["GM" + c[2:6] for c in codes if c[:2] in ("GM", "WK", "BU")]
        view = self._view(places)
        if view is not self:
            return view.area_stats(codes)
        return self.reader.remember(
            "area_stats",
            (id(self.reader), tuple(codes), self._k()),
            lambda: self._protect_stat_counts(self.reader.area_stats(codes)),
        )

    def stat_matrix(
        self, level: str, gemeente: str | None, year: int, stats: tuple[str, ...] | None = None
    ) -> pd.DataFrame:
        """Long form area_code, gemeente_code, stat_code, year, value: latest year up to `year` (of the
        statistics in `stats`, or all; each cell is protected on its own, so asking fewer changes none).
        Nationally, with a scope, the rows of the scope's own gemeenten are exact, the others public."""
        view = self._view([gemeente])
        if view is not self:
            scope = self.scope()
            if gemeente is None and scope is not None and scope.gemeenten:
                public = view.stat_matrix(level, gemeente, year, stats)
                exact = self._view(sorted(scope.gemeenten)).stat_matrix(level, gemeente, year, stats)
                mine = public["gemeente_code"].isin(list(scope.gemeenten))
                own = exact[exact["gemeente_code"].isin(list(scope.gemeenten))]
                return pd.concat([public[~mine], own], ignore_index=True)
            return view.stat_matrix(level, gemeente, year, stats)
        # The same for every render of the gemeente's areas: protected once per version (rule 4 alone cost
        # a query and a merge_asof over the whole matrix, 15 to 30 ms, twice a profile render).
        return self.reader.remember(
            "stat_matrix",
            (id(self.reader), level, gemeente, year, stats, self._k()),  # id: a test wraps one reader twice
            lambda: self._protect_stat_counts(self.reader.stat_matrix(level, gemeente, year, stats)),
        )

    def stat_wide(
        self, level: str, gemeente: str | None, year: int, stats: tuple[str, ...] | None = None
    ) -> pd.DataFrame:
        """stat_matrix as one row per area and one column per statistic (similarity.wide_matrix), protected
        as stat_matrix is: what 'buurten zoals deze' compares. Kept per version like the matrix (pivoting the
        national one cost 17 ms a profile render); with a scope's own gemeenten nationally, built each time."""
        view = self._view([gemeente])
        if view is not self:
            scope = self.scope()
            if gemeente is None and scope is not None and scope.gemeenten:
                return wide_matrix(self.stat_matrix(level, gemeente, year, stats), stats)
            return view.stat_wide(level, gemeente, year, stats)
        return self.reader.remember(
            "stat_wide",
            (id(self.reader), level, gemeente, year, stats, self._k()),
            lambda: wide_matrix(self.stat_matrix(level, gemeente, year, stats), stats),
        )

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
        stats = self.reader.stat_defs()
        counts = set(stats.loc[stats["is_count"].astype(bool), "code"])
        known = set(stats["code"])
        is_count = df["stat_code"].map(lambda c: c in counts or c not in known)
        below = is_count & df["value"].notna() & (df["value"] < k)  # '< k'; a small base: 'afgeschermd'
        small = below | self._small_bases(df)
        df["value"] = df["value"].where(~small)
        df["suppressed"] = small
        df[prot.SMALL] = below
        return df

    def area_outcomes(self, filters: Filters) -> pd.DataFrame:
        """Outcome and impact indicators per year in the selected buurt (or wijk).

        In public mode a value of an indicator that counts people below k is hidden (NaN, `suppressed`);
        so is one whose rest outside the viewer's own portfolio is below k (the differencing guard).
        The funder filter does not apply: the outcomes of a place are of every initiative there.
        """
        view = self._view([gemeente_of(filters)])
        if view is not self:
            return view.area_outcomes(filters)
        filters = filters.with_(funders=())
        df = self.reader.area_outcomes(filters)
        k = self._k()
        df["suppressed"] = False
        if k is not None and not df.empty:
            people = self.reader.indicators().set_index("code")["counts_people"].to_dict()
            counts = df["indicator_code"].map(lambda c: bool(people.get(c, True)))
            below = counts & df["value"].notna() & (df["value"] < k)
            small = below | (
                counts & prot.single_mask(df["value"], df["reporting"])
            )  # rule 6: one initiative
            small |= counts & self._outcome_siblings_hide(filters, df)
            small |= counts & self._outcome_rest_small(filters, df)
            df["suppressed"] = small
            df[prot.SMALL] = below
            values = df["value"].astype(float).where(~small)
            df["value"] = values.where(~counts, prot.round_series(values, self.protection.base))
        return df

    def _outcome_rest_small(self, filters: Filters, df: pd.DataFrame) -> pd.Series:
        """The differencing guard for the profile's outcomes: the same cells over each known portfolio
        (exact on its fund's pages); True where the rest is 1..k-1 (indicators that add up)."""
        keys = ["indicator_code", "year"]
        parts = []
        for funder in self._guard_funders(filters):
            mine = self.reader.area_outcomes(filters.with_(funders=(funder,)))
            part = df[keys].merge(mine[[*keys, "value"]], on=keys, how="left")["value"]
            part.index = df.index
            parts.append(part)
        adds_up = df["aggregation"].isin(["som", "laatste"])
        return adds_up & prot.difference_mask(df["value"].astype(float), parts, self.protection.k)

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
            areas = self.reader.buurten(gemeente)
            siblings = areas.loc[areas["wijk_code"] == parent, "buurt_code"].tolist()
            level = "buurt"
        elif filters.wijk:
            selected, level = filters.wijk, "wijk"
            siblings = self.reader.wijken("GM" + filters.wijk[2:6])["code"].tolist()
        else:
            return hide
        if selected not in siblings or len(siblings) < 2:
            return hide
        others = [code for code in siblings if code != selected]  # one query for all the siblings
        columns = ["indicator_code", "year", "aggregation", "value", "reporting", "area"]
        cells = pd.concat(
            [df.assign(area=selected)[columns], self.reader.area_outcomes_many(level, others)[columns]],
            ignore_index=True,
        )
        cells = cells[cells["aggregation"] != "gemiddelde"].set_index(["indicator_code", "year", "area"])
        if cells.empty:
            return hide
        groups = [list(g.index) for _, g in cells.groupby(level=["indicator_code", "year"])]
        protected = prot.protect_frame(
            cells, self._k() or prot.DEFAULT_K, groups=groups, reporting="reporting"
        )
        mine = protected[protected.index.get_level_values("area") == selected][prot.SUPPRESSED]
        hidden = {key[:2] for key, flag in mine.items() if flag}
        keys = zip(df["indicator_code"], df["year"], strict=True)
        return pd.Series([key in hidden for key in keys], index=df.index)

    def need_coverage(self, gemeente: str, period: tuple[int, int]) -> pd.DataFrame:
        """Per buurt: residents, initiatives alive in `period`, participants in `period`.

        In public mode participant counts below k (and the cells that would reveal them from the wijk and
        gemeente totals) are NaN with `suppressed` True; so are residents below k (`residents_suppressed`),
        which also leaves no rate over fewer than k residents (rule 4). With a scope, participants whose
        rest outside the viewer's own portfolio is below k are hidden as well (the differencing guard).
        """
        view = self._view([gemeente])
        if view is not self:
            return view.need_coverage(gemeente, period)
        df = self.reader.need_coverage(gemeente, period)
        df["suppressed"] = False
        df["residents_suppressed"] = False
        k = self._k()
        if k is not None and not df.empty:
            # residents below k: not shown either (rule 1; the rates over them are gone already, rule 4)
            few = df["residents"].notna() & (df["residents"] < k)
            df["residents"] = df["residents"].astype(float).where(~few)  # CBS's own figure: not rounded
            df["residents_suppressed"] = few
            # A buurt no initiative serves has no participants to protect: its 0 is a fact anyone can
            # read from the initiative count, shown as 0 (and it leaves the sums of the others alone).
            served = df["initiatives"] > 0
            indexed = df[served].set_index("buurt_code")
            groups = [list(g.index) for _, g in indexed.groupby("wijk_code")] + [list(indexed.index)]
            parts = []
            if self._additive("deelnemers"):  # the differencing guard: each known portfolio
                for funder in sorted(self.guard.funders):
                    mine = self.reader.need_coverage(gemeente, period, (funder,))
                    parts.append(mine.set_index("buurt_code")["participants"])
            protected = prot.protect_frame(
                indexed,
                k,
                value="participants",
                groups=groups,
                base=self.protection.base,
                parts=parts,
                reporting="reporting",
            )
            df = pd.concat([protected.reset_index(), df[~served]]).sort_values(
                "buurt_code", ignore_index=True
            )
            df["suppressed"] = df["suppressed"].fillna(False).astype(bool)
            df[prot.SMALL] = df[prot.SMALL].fillna(False).astype(bool)
        return df

    # -- portfolio page -----------------------------------------------------------------------------

    def portfolio_outcomes(self, params: dict[str, Any], indicators: list[str]) -> dict[str, pd.DataFrame]:
        """Per indicator: the outcome attributed to each funder and the cost per unit (pf.attributed_outcomes)
        over the grantees of `params` (portfolio_grantees.sql, portfolio_outcomes.sql).

        Always with `suppressed`; for a count of people in public mode a funder's outcome below k, or from
        fewer than two reporting initiatives, is NaN and so is its cost (protection.protect_attributed).
        With a scope, the rows of the viewer's own funders are exact next to the others' public ones.
        """
        view = self._view([params.get("gemeente")], params.get("funders") or ())
        if view is not self:
            out = view.portfolio_outcomes(params, indicators)
            scope = self.scope()
            if view.protection.active and scope is not None and scope.funders:
                exact = self._view(funders=sorted(scope.funders)).portfolio_outcomes(params, indicators)
                for indicator, frame in out.items():
                    mine = frame["funder_code"].isin(list(scope.funders))
                    out[indicator] = pd.concat(
                        [
                            frame[~mine],
                            exact[indicator][exact[indicator]["funder_code"].isin(list(scope.funders))],
                        ]
                    ).sort_values("funder_code", ignore_index=True)
            return out
        grantees = self.reader.portfolio("grantees", params)
        outcomes = self.reader.portfolio("outcomes", params | {"indicators": list(indicators)})
        out = {}
        for indicator in indicators:
            frame = pf.attributed_outcomes(grantees, outcomes, indicator)
            if self._protects(indicator):
                out[indicator] = prot.protect_attributed(frame, self.protection.k, base=self.protection.base)
                if self.guard.funders:
                    out[indicator] = self._attributed_rest_guard(
                        out[indicator], grantees, outcomes, indicator, params
                    )
            else:
                out[indicator] = frame.assign(**{prot.SUPPRESSED: False})
        return out

    def _attributed_rest_guard(
        self,
        shown: pd.DataFrame,
        grantees: pd.DataFrame,
        outcomes: pd.DataFrame,
        indicator: str,
        params: dict,
    ) -> pd.DataFrame:
        """The differencing guard for a funder's attributed outcome: a known fund knows its own grantees'
        counts exactly, so what it learns from another funder's row is the part from the other grantees. For
        each known fund that rest must be none, or at least k from at least two initiatives (as
        protect_attributed asks of a whole row)."""
        small = pd.Series(False, index=shown.index)
        for funder in sorted(self.guard.funders):
            everything = params | {"funders": [funder], "start": EARLIEST, "end": LATEST}
            known = set(self.reader.portfolio("grantees", everything)["initiative_code"])
            rest = pf.attributed_outcomes(
                grantees[~grantees["initiative_code"].isin(known)], outcomes, indicator
            )
            rest = rest.set_index("funder_code")
            outcome = shown["funder_code"].map(rest["outcome"]).astype(float).fillna(0)
            reporting = shown["funder_code"].map(rest["reporting"]).fillna(0)
            small |= (outcome > 0) & ((outcome < self.protection.k) | (reporting < prot.MIN_CONTRIBUTORS))
        out = shown.copy()
        out.loc[small, ["outcome", "cost"]] = float("nan")
        out[prot.SUPPRESSED] = out[prot.SUPPRESSED].astype(bool) | small
        return out

    def portfolio_dependency(self, params: dict[str, Any]) -> pd.DataFrame:
        """pf.dependency over the grantees and volunteers of `params` (the last years of the period), at
        risk from the real trend. Public mode: only the direction of each grantee's volunteer count stays
        (no counts of people per initiative, protection.direction_only). With a scope, the grantees of the
        viewer's own funders keep their counts (its own grantees' observations)."""
        view = self._view([params.get("gemeente")], params.get("funders") or ())
        if view is not self:
            dep = view.portfolio_dependency(params)
            scope = self.scope()
            if view.protection.active and scope is not None and scope.funders:
                exact = self._view(funders=sorted(scope.funders)).portfolio_dependency(params)
                own = set(exact.loc[exact["funder_code"].isin(list(scope.funders)), "initiative_code"])
                mine = dep["initiative_code"].isin(own)
                dep = pd.concat([dep[~mine], exact[exact["initiative_code"].isin(own)]], ignore_index=True)
                dep = dep.sort_values(["funder_code", "name", "initiative_code"], ignore_index=True)
            return dep
        grantees = self.reader.portfolio("grantees", params)
        volunteers = self.reader.portfolio("volunteers", params)
        dep = pf.dependency(grantees, volunteers, params["end"])
        return prot.direction_only(dep) if self.protection.active else dep

    # -- social value and initiative pages -----------------------------------------------------------

    def value_effects(self, filters: Filters) -> pd.DataFrame:
        """Per initiative, effect indicator and stakeholder: units measured in the selection, value low/high.

        Public mode, effects that count people (value / proxy = the count): the initiative's rows stay, so
        it still counts as measured, but units and values are NaN with `suppressed` True; one row per proxy
        with initiative_code SHIELDED_CODE carries the total over the selection, only when it holds at
        least k people from at least two initiatives and no coarser selection reveals fewer than k others,
        and (with a scope) its rest outside the viewer's own portfolio is k or more (the differencing guard).
        """
        view = self._view([gemeente_of(filters)], filters.funders)
        if view is not self:
            return view.value_effects(filters)
        df = self.reader.value_effects(filters)
        df["suppressed"] = False
        if not self.protection.active or df.empty:
            return df
        people = self._protects_each(df["indicator_code"])
        if not people.any():
            return df
        totals = self._shielded_totals(df)
        # the coarser selections and the known portfolios inside this one: their totals in one query
        # (value_effect_totals.sql adds up the rows value_effects.sql gives each, as _shielded_totals does)
        coarser = prot.reference_selections(filters)
        known = [filters.with_(funders=(f,)) for f in self._guard_funders(filters)]
        found = self.reader.value_effect_totals(filters, coarser + known)
        references, portfolios = found[: len(coarser)], found[len(coarser) :]
        aggregate = []
        for indicator, rows in df[people].groupby("indicator_code"):
            units, initiatives = totals[indicator]
            refs = [ref[indicator][0] for ref in references if indicator in ref]
            shown = prot.protect_value(units, self.protection.k, refs, self.protection.base)
            if initiatives < 2 or shown is None or isinstance(shown, prot.Hidden):
                continue  # one initiative's total would be its own count
            known = [mine.get(indicator, (0.0, 0)) for mine in portfolios]
            if any(
                own and (prot.difference_small(units, [own], self.protection.k) or initiatives - n < 2)
                for own, n in known
            ):
                continue  # total minus a known portfolio would isolate fewer than k people, or one initiative
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
        # Plain Python over three columns: a few hundred rows, where drop_duplicates and groupby on the
        # string columns cost 5 ms a call (asked for the selection and each of its references).
        units: dict[str, float] = {}
        initiatives: dict[str, set[str]] = {}
        for initiative, indicator, value in zip(
            effects["initiative_code"], effects["indicator_code"], effects["units"], strict=True
        ):
            reporting = initiatives.setdefault(indicator, set())
            if initiative in reporting:
                continue  # each initiative's units once (its first row), as drop_duplicates kept them
            reporting.add(initiative)
            units[indicator] = units.get(indicator, 0.0) + (0.0 if pd.isna(value) else float(value))
        return {code: (units[code], len(initiatives[code])) for code in sorted(initiatives)}

    def initiative_quarters(self, code: str) -> pd.DataFrame:
        """The initiative's indicators per quarter, buurten combined by each indicator's aggregation.

        In public mode the indicators that count people are left out entirely (values and targets): no
        counts of people per initiative. `initiative_withheld` names them, without any value.
        With a scope: exact for an initiative the viewer's funders fund, or that serves only its gemeenten.
        """
        view = self._initiative_view(code)
        if view is not self:
            return view.initiative_quarters(code)
        df = self.reader.initiative_quarters(code)
        if not self.protection.active or df.empty:
            return df
        people = self._protects_each(df["indicator_code"])
        return df[~people].reset_index(drop=True)

    def initiative_withheld(self, code: str) -> pd.DataFrame:
        """Public mode: the initiative's people-counting indicators left out of initiative_quarters.

        Columns indicator_code, name_nl, name_en: names only, never a value. Empty in internal mode.
        """
        view = self._initiative_view(code)
        if view is not self:
            return view.initiative_withheld(code)
        cols = ["indicator_code", "name_nl", "name_en"]
        if not self.protection.active:
            return pd.DataFrame(columns=cols)
        df = self.reader.initiative_quarters(code)
        if df.empty:
            return pd.DataFrame(columns=cols)
        people = self._protects_each(df["indicator_code"])
        return df.loc[people, cols].drop_duplicates().sort_values("name_nl").reset_index(drop=True)

    def _initiative_view(self, code: str) -> ProtectedRepository:
        """An initiative's view: exact when one of the scope's funders funds it, or every buurt it serves
        lies in the scope's gemeenten (initiative-level detail for its own gemeente); else public."""
        scope = self.scope()
        if scope is None:
            return self
        funders = set(self.reader.initiative_grants(code)["funder_code"]) & set(scope.funders)
        if funders:
            return self._view(funders=sorted(funders))
        buurten = self.reader.initiative_buurten(code)
        places = {"GM" + b[2:6] for b in buurten.loc[buurten["served"].astype(bool), "buurt_code"]}
        detail = self.reader.initiative_detail(code)
        places |= {g for g in detail.get("primary_gemeente_code", pd.Series(dtype=object)).dropna()}
        return self._view(sorted(places) or [None])
