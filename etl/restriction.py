"""What a load from the upload page may change: a fund loads only its own grants and the reports of its
grantees; every other row is rejected with the reason, like any other fault.

The command line and a beheerder load without a Restriction. A fund's files also get their own source
names (`prefix`), so a fund's `subsidies.csv` never supersedes the beheerder's file of that name or
another fund's: it supersedes only its own earlier upload.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from etl.validate import Stager, q

FUND_ENTITIES = ("subsidies", "waarnemingen")


@dataclass(frozen=True)
class Restriction:
    funders: frozenset[str]
    entities: tuple[str, ...] = FUND_ENTITIES
    prefix: str = ""

    @classmethod
    def for_funders(cls, funders: frozenset[str]) -> Restriction:
        return cls(frozenset(funders), FUND_ENTITIES, "fonds " + "+".join(sorted(funders)) + ": ")

    def refuses(self, entity: str) -> str | None:
        """Why a table of `entity` may not be loaded under this restriction (None: it may)."""
        if entity in self.entities:
            return None
        return f"een fonds laadt hier alleen {' en '.join(self.entities)}, geen {entity}"

    def prepare(self, con: duckdb.DuckDBPyConnection) -> None:
        """The allowed funder codes as a temporary table the row rules read (bound values, never SQL text)."""
        con.execute("CREATE OR REPLACE TEMP TABLE allowed_funder (code VARCHAR)")
        if self.funders:
            con.executemany(
                "INSERT INTO allowed_funder VALUES (?)", [(code,) for code in sorted(self.funders)]
            )

    def rules(self, s: Stager) -> None:
        """Reject the rows outside the fund's own: grants of another funder, reports of an initiative that
        none of its funders supports (grants in this same load count)."""
        names = ", ".join(sorted(self.funders)) or "geen"
        if s.t.entity == "subsidies" and "financiercode" in s.present:
            s.fault(
                '"p_financiercode" IS NOT NULL AND "p_financiercode" NOT IN (SELECT code FROM allowed_funder)',
                "financiercode",
                q("v_financiercode"),
                f"financier valt buiten uw toegang (u laadt alleen voor {names})",
            )
        if s.t.entity == "waarnemingen" and "initiatiefcode" in s.present:
            s.fault(
                '"p_initiatiefcode" IS NOT NULL AND "p_initiatiefcode" NOT IN (SELECT initiative_code '
                "FROM grant_award WHERE funder_code IN (SELECT code FROM allowed_funder))",
                "initiatiefcode",
                q("v_initiatiefcode"),
                f"initiatief heeft geen subsidie van {names}: u rapporteert alleen voor uw eigen subsidies",
            )
