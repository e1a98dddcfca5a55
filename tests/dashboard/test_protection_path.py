"""The protection wrapper is the only path from the reader's exact counts to the dashboard.

A reader whose every count of people is SMALL (below k) stands under the repository. For every method of
the Repository protocol: in public mode no such count comes out; in internal mode (protection off) they
do, so each check below would catch a method that went around protection.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from numbers import Number
from typing import Any

import pandas as pd
import pytest

from dashboard import protection as prot
from dashboard.filters import Filters
from dashboard.repository import STAT_BASES, DuckDBReader, ProtectedRepository, Repository

K = 10
SMALL = 3.0
F = Filters(gemeente="GM9999", year_from=2022, year_to=2024, indicator="deelnemers")


class SmallReader:
    """The Demostad reader, with every count of people in its answers replaced by SMALL."""

    def __init__(self, reader: DuckDBReader) -> None:
        self.reader = reader

    def __getattr__(self, name: str) -> Any:  # the questions without counts of people, as they are
        return getattr(self.reader, name)

    @staticmethod
    def _small(df: pd.DataFrame, *columns: str) -> pd.DataFrame:
        for col in columns:
            if col in df:
                df[col] = df[col].astype(float).where(df[col].isna(), SMALL)
        return df

    def indicator_totals(self, area, selections, indicator):
        return [SMALL for _ in self.reader.indicator_totals(area, selections, indicator)]

    def indicator_by_quarter(self, filters, selections):
        return self._small(self.reader.indicator_by_quarter(filters, selections), "value")

    def map_cells(self, filters, kind, code=None):
        counts = ("value",) if kind in ("indicator", "stat") else ()  # initiatives, grants: not people
        return self._small(self.reader.map_cells(filters, kind, code), "residents", *counts)

    def stat_bases(self, codes, stats):
        return self._small(self.reader.stat_bases(codes, stats), "base_value")

    def initiatives(self, filters, limit, with_people):
        return self._small(self.reader.initiatives(filters, limit, with_people), "participants")

    def area_stats(self, codes):
        return self._small(self.reader.area_stats(codes), "value")

    def stat_matrix(self, level, gemeente, year, stats=None):
        return self._small(self.reader.stat_matrix(level, gemeente, year, stats), "value")

    def area_outcomes(self, filters):
        return self._small(self.reader.area_outcomes(filters), "value")

    def need_coverage(self, gemeente, period):
        df = self._small(self.reader.need_coverage(gemeente, period), "residents")
        served = df["initiatives"] > 0  # a buurt no initiative serves has 0 participants, a known fact
        df["participants"] = (
            df["participants"].astype(float).where(~served | df["participants"].isna(), SMALL)
        )
        return df

    def value_effects(self, filters):
        df = self._small(self.reader.value_effects(filters), "units")
        return df.assign(value_low=df["units"] * df["proxy_low"], value_high=df["units"] * df["proxy_high"])

    def value_effect_totals(self, area, selections):  # each initiative's units SMALL, as value_effects
        return [{k: (SMALL * n, n) for k, (_, n) in found.items()}
                for found in self.reader.value_effect_totals(area, selections)]  # fmt: skip

    def initiative_quarters(self, code):
        return self._small(self.reader.initiative_quarters(code), "value", "target")

    def portfolio(self, name, params):
        df = self.reader.portfolio(name, params)
        if name == "outcomes":  # one grantee reported: its funders' attributed outcome is its own count
            funded = set(self.reader.portfolio("grantees", params)["initiative_code"])
            df = (
                df[df["initiative_code"].isin(funded)]
                .groupby("indicator_code")
                .head(1)
                .reset_index(drop=True)
            )
        return self._small(df, "value") if name in ("outcomes", "volunteers") else df


def small(values: Any) -> list[Any]:
    """The numbers below k among `values` (a hidden count is NaN, None or protection.Hidden)."""
    out = []
    for v in values:
        if isinstance(v, Number) and not isinstance(v, bool) and not math.isnan(float(v)) and float(v) < K:
            out.append(v)
    return out


@pytest.fixture(scope="module")
def setting(demo_home):
    reader = DuckDBReader(demo_home)
    people = set(reader.indicators().query("counts_people")["code"])
    stats = reader.stat_defs()
    counted = set(stats.loc[stats["is_count"].astype(bool), "code"]) | set(STAT_BASES)
    funders = reader.all_funders()["code"].head(3).tolist()
    pf_params = {
        "funders": funders,
        "gemeente": "GM9999",
        "start": date(2019, 1, 1),
        "end": date(2025, 12, 31),
    }
    table = reader.initiatives(F, None, True)
    code = next(c for c in table["code"] if set(reader.initiative_quarters(c)["indicator_code"]) & people)
    buurt = reader.buurten("GM9999")["buurt_code"].iloc[0]
    return {"people": people, "counted": counted, "pf": pf_params, "code": code, "buurt": buurt}


def leaks(repo: Repository, s: dict) -> dict[str, list[Any]]:
    """Per Repository method: the counts of people below k it hands out (a rate over a base below k counts
    as one too). Every method of the protocol has an entry; methods that answer without counts of people
    are listed in PEOPLE_FREE instead."""
    people, counted, code = s["people"], s["counted"], s["code"]
    out: dict[str, list[Any]] = {}
    out["indicator_total_each"] = small(
        repo.indicator_total_each(F, [(2024, 2024), (2023, 2023)], "deelnemers")
    )
    out["indicator_by_quarter"] = small(repo.indicator_by_quarter(F)["value"])
    maps = []
    for metric in ("deelnemers", "stat:inwoners"):
        maps += small(repo.map_values(F.with_(metric=metric))["value"])
    for metric in ("initiatieven_per_1000", "subsidie_per_inwoner", "stat:aandeel_65plus"):
        maps += repo.map_values(F.with_(metric=metric))["value"].dropna().tolist()  # every base is SMALL
    out["map_values"] = maps
    table = repo.initiatives(F)
    out["initiatives"] = small(table["participants"]) if "participants" in table else []
    for name, frame in (("area_stats", repo.area_stats([s["buurt"], "GM9999"])),
                        ("stat_matrix", repo.stat_matrix("buurt", "GM9999", 2024))):  # fmt: skip
        out[name] = frame.loc[frame["stat_code"].isin(counted), "value"].dropna().tolist()
    wide = repo.stat_wide("buurt", "GM9999", 2024)  # 'buurten zoals deze': a column per statistic
    out["stat_wide"] = [v for c in wide.columns if c in counted for v in wide[c].dropna()]
    outcomes = repo.area_outcomes(Filters(gemeente="GM9999", buurt=s["buurt"]))
    out["area_outcomes"] = small(outcomes.loc[outcomes["indicator_code"].isin(people), "value"])
    need = repo.need_coverage("GM9999", (2024, 2024))
    out["need_coverage"] = small(need.loc[need["initiatives"] > 0, "participants"]) + small(need["residents"])
    attributed = repo.portfolio_outcomes(s["pf"], ["deelnemers"])["deelnemers"]
    out["portfolio_outcomes"] = small(attributed["outcome"])
    dep = repo.portfolio_dependency(s["pf"] | {"start": date(2023, 1, 1)})
    out["portfolio_dependency"] = [*small(dep["latest"]), *small(dep["year_before"]), *dep["trend"].dropna()]
    effects = repo.value_effects(F)
    counts = effects[effects["indicator_code"].isin(people)]
    out["value_effects"] = small(counts["units"])
    quarters = repo.initiative_quarters(code)
    out["initiative_quarters"] = quarters.loc[quarters["indicator_code"].isin(people), "value"].tolist()
    withheld = repo.initiative_withheld(code)
    out["initiative_withheld"] = [
        c for c in withheld.columns if c not in ("indicator_code", "name_nl", "name_en")
    ]
    for name in ("outcomes", "volunteers"):  # counts of people per initiative: never through portfolio()
        try:
            out.setdefault("portfolio", []).append(repo.portfolio(name, s["pf"]))
        except ValueError:
            pass
    return out


# Methods that answer without any count of people (reference data, money, initiatives): passed through.
PEOPLE_FREE = {
    "available", "version", "dataset", "gemeenten", "wijken", "buurten", "buurt_geometry", "gemeente_geometry",
    "vocabulary", "funders", "indicators", "stat_defs", "year_range", "batches", "sources", "area_names",
    "all_funders", "outcome_indicators", "data_date", "indicator_catalogue", "value_proxies", "kpi_periods",
    "peer_years", "area_initiatives", "survival_initiatives", "value_initiatives", "value_funder_shares",
    "initiative_detail", "initiative_grants", "initiative_buurten",
}  # fmt: skip
# Checks that hold whatever the mode: names only, and no portfolio query with counts per initiative.
ANY_MODE = {"initiative_withheld", "portfolio"}


def protocol_methods() -> set[str]:
    return {n for n, v in vars(Repository).items() if not n.startswith("_") and isinstance(v, Callable)}


def test_every_method_of_the_interface_is_checked_or_declared_free_of_people(setting, demo_home):
    checked = set(leaks(ProtectedRepository(SmallReader(DuckDBReader(demo_home)), prot.INTERNAL), setting))
    assert protocol_methods() == checked | PEOPLE_FREE
    assert not checked & PEOPLE_FREE


def test_public_mode_hands_out_no_count_below_k_from_any_method(setting, demo_home):
    public = ProtectedRepository(SmallReader(DuckDBReader(demo_home)), prot.Protection(k=K))
    assert {name: found for name, found in leaks(public, setting).items() if found} == {}


def test_without_protection_the_same_checks_find_the_small_counts(setting, demo_home):
    internal = ProtectedRepository(SmallReader(DuckDBReader(demo_home)), prot.INTERNAL)
    found = leaks(internal, setting)
    assert [name for name, values in found.items() if not values and name not in ANY_MODE] == []


def test_the_repository_the_dashboard_builds_is_the_protected_one(demo_home):
    from dashboard.app import create_app
    from dashboard.repository import DuckDBRepository

    repo = DuckDBRepository(demo_home)
    assert isinstance(repo, ProtectedRepository) and isinstance(repo.reader, DuckDBReader)
    assert repo.protection == prot.from_env()
    app = create_app(repo)
    assert app.wijkwaarde_callbacks  # every callback was registered with this one repository
