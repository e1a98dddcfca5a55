"""The peer pattern most Dash apps use: every table in pandas DataFrames in memory, filtered per callback.

Built for the overview's numbers (active initiatives KPI, initiatives per buurt for the map, an indicator
per quarter for the trend, the initiative list) with the same rules as the SQL files, so the harness can
check it gives the same numbers before timing it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

TABLES = {
    "initiative": "SELECT code, name, status, start_date, end_date FROM v_initiative",
    "theme": "SELECT initiative_code, theme_code FROM v_initiative_theme",
    "ib": "SELECT initiative_code, buurt_code, gemeente_code FROM v_initiative_buurt",
    "buurt": "SELECT buurt_code, gemeente_code FROM v_buurt",
    "observation": "SELECT initiative_code, indicator_code, gemeente_code, period_start, year, quarter, "
    "value FROM v_observation",
}


class PandasOverview:
    def __init__(self, database: Path) -> None:
        con = duckdb.connect(str(database), read_only=True)
        try:
            self.df = {name: con.execute(sql).df() for name, sql in TABLES.items()}
        finally:
            con.close()
        for name in ("initiative",):
            for col in ("start_date", "end_date"):
                self.df[name][col] = pd.to_datetime(self.df[name][col])
        self.df["observation"]["period_start"] = pd.to_datetime(self.df["observation"]["period_start"])

    def _matching(self, themes: list[str], statuses: list[str]) -> pd.Series:
        ini = self.df["initiative"]
        keep = ini["status"].isin(statuses) if statuses else pd.Series(True, index=ini.index)
        if themes:
            with_theme = self.df["theme"].loc[self.df["theme"]["theme_code"].isin(themes), "initiative_code"]
            keep &= ini["code"].isin(with_theme)
        return ini.loc[keep]

    def _alive(self, themes, statuses, start: date, end: date) -> pd.DataFrame:
        ini = self._matching(themes, statuses)
        alive = (ini["start_date"] <= pd.Timestamp(end)) & (
            ini["end_date"].isna() | (ini["end_date"] >= pd.Timestamp(start))
        )
        return ini.loc[alive]

    def kpi_active(self, gemeente, themes, statuses, start, end) -> int:
        codes = self._alive(themes, statuses, start, end)["code"]
        ib = self.df["ib"]
        ib = ib.loc[ib["initiative_code"].isin(codes)]
        if gemeente:
            ib = ib.loc[ib["gemeente_code"] == gemeente]
        return int(ib["initiative_code"].nunique())

    def map_values(self, gemeente, themes, statuses, start, end) -> dict[str, int]:
        codes = self._alive(themes, statuses, start, end)["code"]
        ib = self.df["ib"]
        ib = ib.loc[(ib["gemeente_code"] == gemeente) & ib["initiative_code"].isin(codes)]
        counts = ib.groupby("buurt_code")["initiative_code"].nunique()
        buurten = self.df["buurt"].loc[self.df["buurt"]["gemeente_code"] == gemeente, "buurt_code"]
        return {b: int(counts.get(b, 0)) for b in buurten}

    def trend(self, gemeente, themes, statuses, start, end, indicator) -> dict[tuple[int, int], float]:
        """Quarterly sum of an indicator whose aggregation is 'som' (as indicator_by_quarter.sql)."""
        codes = self._matching(themes, statuses)["code"]
        o = self.df["observation"]
        keep = (
            (o["indicator_code"] == indicator)
            & o["period_start"].between(pd.Timestamp(start), pd.Timestamp(end))
            & o["initiative_code"].isin(codes)
        )
        if gemeente:
            keep &= o["gemeente_code"] == gemeente
        sums = o.loc[keep].groupby(["year", "quarter"])["value"].sum()
        return {(int(y), int(q)): float(v) for (y, q), v in sums.items()}

    def table(self, gemeente, themes, statuses, start, end) -> list[dict]:
        alive = self._alive(themes, statuses, start, end)
        ib = self.df["ib"]
        if gemeente:
            alive = alive.loc[alive["code"].isin(ib.loc[ib["gemeente_code"] == gemeente, "initiative_code"])]
        return alive.sort_values("code").to_dict("records")
