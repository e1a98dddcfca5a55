"""The access database: grants and the audit log in `access.sqlite` beside the warehouse, never in a version.

A publish swaps the warehouse file and never touches this one, so loading data never changes who sees what.
SQLite rather than DuckDB: every gunicorn worker appends to the audit log, and SQLite lets several processes
write one file in turn (DuckDB lets one process hold it). WIJKWAARDE_ACCESS_DB names another file (for a
read-only warehouse folder).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from dashboard.sqlite_tx import transaction
from etl.contract import default_home

ACCESS_NAME = "access.sqlite"
PATH_ENV = "WIJKWAARDE_ACCESS_DB"
SCHEMA = """
CREATE TABLE IF NOT EXISTS access_grant (
    subject  TEXT NOT NULL,            -- the provider's `sub` or e-mail claim, lower case
    role     TEXT NOT NULL,
    gemeente TEXT NOT NULL DEFAULT '', -- GM code, '' = none
    funder   TEXT NOT NULL DEFAULT '', -- funder code, '' = none
    granted_by TEXT NOT NULL,
    granted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (subject, role, gemeente, funder)
);
CREATE TABLE IF NOT EXISTS claimed_scope (
    role     TEXT NOT NULL,            -- gemeente or fonds, as a trusted provider's role claim said at a login
    target   TEXT NOT NULL,            -- the GM code or funder code
    seen_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (role, target)
);
CREATE TABLE IF NOT EXISTS ended_session (
    sid      TEXT PRIMARY KEY,         -- the random id a login put in its cookie, ended by a logout
    ended_at INTEGER NOT NULL          -- unix time; kept as long as such a cookie could still be valid
);
CREATE TABLE IF NOT EXISTS ended_login (
    subject  TEXT PRIMARY KEY,         -- a subject or e-mail (lower case) whose logins an operator ended
    before   INTEGER NOT NULL          -- unix time: a login of this subject from before it is no login
);
CREATE TABLE IF NOT EXISTS audit_log (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    actor   TEXT NOT NULL,             -- who: a subject, 'cli:<user>' or 'anoniem'
    action  TEXT NOT NULL,             -- what: login, login_failed, grant, revoke, load, export, ...
    detail  TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT ''   -- the client's address for requests, '' for the command line
);
"""


def access_path(home: Path | None = None) -> Path:
    explicit = os.environ.get(PATH_ENV, "").strip()
    if explicit:
        return Path(explicit)
    return (home if home is not None else default_home()) / ACCESS_NAME


def connect(home: Path | None = None) -> AbstractContextManager[sqlite3.Connection]:
    """A connection in one transaction (committed on success), the tables created when missing."""
    return transaction(access_path(home), SCHEMA)


@contextmanager
def read(home: Path | None = None) -> Iterator[sqlite3.Connection]:
    """A connection for questions only (every request asks the grants): no write lock, no schema work.
    A database made by an older version (a table missing) gets its tables through connect() first."""
    path = access_path(home)
    if not path.exists():
        with connect(home):
            pass
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"access_grant", "claimed_scope", "ended_session", "ended_login", "audit_log"} <= tables:
            con.close()
            with connect(home):
                pass
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        yield con
    finally:
        con.close()
