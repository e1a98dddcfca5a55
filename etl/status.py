"""What `wijkwaarde status` and `wijkwaarde rejects` show: the batches, a batch's rejected rows, table sizes.

Each function takes a connection from etl.attempts.history (batches and rejected rows of published and
refused loads) or on the published database (table sizes); the SQL is in etl/sql/status/.
"""

from __future__ import annotations

import duckdb

from etl import warehouse as wh


def batches(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Every batch: number, load, file, template, rows in/loaded/rejected, status, time (dd-mm-jjjj)."""
    return con.execute(wh.sql("status/batches")).fetchall()


def batch(con: duckdb.DuckDBPyConnection, batch_id: int) -> tuple[str, str] | None:
    """(file, status) of one batch, or None when there is no such batch."""
    return con.execute(wh.sql("status/batch"), {"batch_id": batch_id}).fetchone()


def rejected_rows(con: duckdb.DuckDBPyConnection, batch_id: int) -> list[tuple]:
    """(file, sheet, line, column, value, reason) of each rejected row of a batch, in file order."""
    return con.execute(wh.sql("status/rejected_rows"), {"batch_id": batch_id}).fetchall()


def table_counts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """(table, rows) of the main tables of the published warehouse."""
    return con.execute(wh.sql("status/table_counts")).fetchall()
