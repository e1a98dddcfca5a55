"""`wijkwaarde rollback VERSION`: publish a version the warehouse kept again ("terugzetten").

The same atomic swap of the published symlink as a load or a ship (etl/warehouse.point_at), under the load
lock, so it never meets a running load. The version must be one of the kept files in versions/ (the newest
few, warehouse.KEEP_VERSIONS, and the published one) and open as a warehouse; the next load starts from the
version that is published then. Rolling back to the published version changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl import warehouse as wh
from etl.ship import ShipRefused, source_version


@dataclass(frozen=True)
class RolledBack:
    version: str
    previous: str | None
    changed: bool


def rollback(home: Path, version: str, wait: float = 0) -> RolledBack:
    """Make the kept `version` (a number or file name) the published one again."""
    with wh.lock(home, wait):
        target = source_version(home, version)
        current = wh.current_version(home)
        if current is not None and current.name == target.name:
            return RolledBack(target.name, current.name, changed=False)
        try:
            con = duckdb.connect(str(target), read_only=True)
            try:
                con.execute("SELECT count(*) FROM load_batch").fetchone()
            finally:
                con.close()
        except duckdb.Error as exc:
            raise ShipRefused(
                f"{target.name} is geen bruikbaar warehouse ({exc.__class__.__name__})"
            ) from None
        wh.point_at(home, target)
        return RolledBack(target.name, current.name if current else None, changed=True)
