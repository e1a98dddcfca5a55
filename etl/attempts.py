"""The record of refused loads: a small database beside the warehouse, so a refusal copies no data.

A refused load publishes nothing, so its batches and rejected rows are not written into a new copy of
the warehouse (gigabytes at national scale) but into `attempts.duckdb` next to it, with the same
`load_batch` and `rejected_row` tables. Batch and load numbers continue across both, and
`history()` shows the two together for `wijkwaarde status` and `wijkwaarde rejects`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb

from etl import warehouse as wh

ATTEMPTS_NAME = "attempts.duckdb"
HISTORY_TABLES = ("load_batch", "rejected_row")
T = TypeVar("T")


def attempts_path(home: Path) -> Path:
    return home / ATTEMPTS_NAME


def last_ids(home: Path) -> tuple[int, int]:
    """The highest batch and load number recorded for refused loads (0 when there are none)."""
    path = attempts_path(home)
    if not path.exists():
        return 0, 0
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            "SELECT coalesce(max(batch_id), 0), coalesce(max(load_id), 0) FROM load_batch"
        ).fetchone()
    finally:
        con.close()


def record(home: Path, write: Callable[[duckdb.DuckDBPyConnection], None]) -> None:
    """Let `write` insert a refused load's batches and rejected rows into the attempts database."""
    con = _connect_for_writing(attempts_path(home))
    try:
        con.execute(wh.sql("schema"))  # all tables, empty but the two kept here: a few kilobytes
        con.execute("BEGIN TRANSACTION")
        write(con)
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _retry(open_it: Callable[[], T], patience: float = 10.0) -> T:
    """Open a database file that a load writing (or a `status` reading) it holds for a moment only."""
    deadline = time.monotonic() + patience
    while True:
        try:
            return open_it()
        except duckdb.IOException:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.1)


def _connect_for_writing(path: Path) -> duckdb.DuckDBPyConnection:
    return _retry(lambda: duckdb.connect(str(path)))


def history(home: Path) -> duckdb.DuckDBPyConnection | None:
    """A connection whose `load_batch` and `rejected_row` hold published and refused loads together.

    None when neither the warehouse nor the attempts database exists yet.
    """
    sources = []
    published = wh.published_path(home)
    if published.exists():
        sources.append(published.resolve())
    if attempts_path(home).exists():
        sources.append(attempts_path(home))
    if not sources:
        return None
    con = duckdb.connect()
    for number, path in enumerate(sources):
        _retry(lambda: con.execute(f"ATTACH $path AS source_{number} (READ_ONLY)", {"path": str(path)}))  # noqa: B023 (called at once)
    for table in HISTORY_TABLES:
        # fixed names only: HISTORY_TABLES and the numbered aliases attached above
        selects = [f"SELECT * FROM source_{n}.main.{table}" for n in range(len(sources))]  # noqa: S608
        # BY NAME: a warehouse or attempts file from before a column was added (load_batch.loaded_by) has NULL
        con.execute(f"CREATE TEMP VIEW {table} AS {' UNION ALL BY NAME '.join(selects)}")
    return con
