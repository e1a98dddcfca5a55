"""One SQLite transaction on a small store of the dashboard's own (access grants and audit log, grantee reports).

WAL, so readers never wait for the writer; the store's tables created when missing; BEGIN IMMEDIATE, so two
workers that write take turns instead of failing halfway; committed on success, rolled back on any error.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def transaction(
    path: Path, schema: str, *, rows: bool = False, foreign_keys: bool = False
) -> Iterator[sqlite3.Connection]:
    """A connection to the store at `path` in one transaction, `schema` (CREATE ... IF NOT EXISTS) applied.
    `rows`: rows as sqlite3.Row; `foreign_keys`: the store's REFERENCES enforced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=10, isolation_level=None)
    if rows:
        con.row_factory = sqlite3.Row
    try:
        con.execute("PRAGMA journal_mode=WAL")
        if foreign_keys:
            con.execute("PRAGMA foreign_keys=ON")
        con.executescript(schema)
        con.execute("BEGIN IMMEDIATE")
        yield con
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
    finally:
        con.close()
