"""The reports database: plans, report requests and submissions in `reports.sqlite` beside the warehouse.

Like the access database (dashboard/auth/store.py) it lives outside the versions: a publish never touches
it, and SQLite lets every worker write in turn. WIJKWAARDE_REPORTS_DB names another file.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import AbstractContextManager
from pathlib import Path

from dashboard.sqlite_tx import transaction
from etl.contract import default_home

REPORTS_NAME = "reports.sqlite"
PATH_ENV = "WIJKWAARDE_REPORTS_DB"
STATUSES = ("open", "ingediend", "geaccepteerd", "teruggestuurd")
SCHEMA = """
CREATE TABLE IF NOT EXISTS report_plan (
    grant_code      TEXT PRIMARY KEY,       -- grant_award.code in the warehouse
    funder_code     TEXT NOT NULL,
    initiative_code TEXT NOT NULL,
    indicators      TEXT NOT NULL,          -- indicator codes, comma-separated, in the form's order
    changed_by      TEXT NOT NULL,
    changed_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE IF NOT EXISTS report_period (
    grant_code   TEXT NOT NULL REFERENCES report_plan (grant_code) ON DELETE CASCADE,
    period_start TEXT NOT NULL,             -- ISO dates
    period_end   TEXT NOT NULL,
    due_date     TEXT NOT NULL,
    PRIMARY KEY (grant_code, period_start)
);
CREATE TABLE IF NOT EXISTS report_request (
    id              TEXT PRIMARY KEY,       -- random; the signed link carries it
    grant_code      TEXT NOT NULL,
    funder_code     TEXT NOT NULL,
    initiative_code TEXT NOT NULL,
    indicators      TEXT NOT NULL,          -- the plan's indicators when the link was made
    period_start    TEXT NOT NULL,
    period_end      TEXT NOT NULL,
    due_date        TEXT NOT NULL,
    recipient       TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'open',  -- open, ingediend, geaccepteerd, teruggestuurd
    note            TEXT NOT NULL DEFAULT '',      -- the reviewer's note when returned
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    reminded_at     TEXT NOT NULL DEFAULT '',
    UNIQUE (grant_code, period_start)
);
CREATE TABLE IF NOT EXISTS submission (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id    TEXT NOT NULL REFERENCES report_request (id),
    reporter      TEXT NOT NULL,            -- the name the initiative gave
    vals          TEXT NOT NULL,            -- JSON: indicator code -> number
    story         TEXT NOT NULL DEFAULT '', -- plain text, escaped wherever it is shown
    photo         TEXT NOT NULL DEFAULT '', -- file name in the photo folder, '' = none
    consent       INTEGER NOT NULL DEFAULT 0,  -- 1: story and photo may be shown to the public
    buurt_code    TEXT NOT NULL DEFAULT '', -- the story's place: the initiative's main buurt, never an address
    submitted_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    decision      TEXT NOT NULL DEFAULT '', -- '', geaccepteerd, teruggestuurd
    reviewer      TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    decided_at    TEXT NOT NULL DEFAULT '',
    batch_id      INTEGER,                  -- the load batch the values were published in
    provenance    TEXT NOT NULL DEFAULT ''  -- 'gerapporteerd door ..., geaccepteerd door ... op ...'
);
CREATE TABLE IF NOT EXISTS change_counter (
    what TEXT PRIMARY KEY,                  -- 'stories': what the public and the map may show changed
    n    INTEGER NOT NULL
);
"""
STORIES = "stories"


def reports_path(home: Path | None = None) -> Path:
    explicit = os.environ.get(PATH_ENV, "").strip()
    if explicit:
        return Path(explicit)
    return (home if home is not None else default_home()) / REPORTS_NAME


def connect(home: Path | None = None) -> AbstractContextManager[sqlite3.Connection]:
    """A connection in one transaction (committed on success), the tables created when missing."""
    return transaction(reports_path(home), SCHEMA, rows=True, foreign_keys=True)


def bump(con: sqlite3.Connection, what: str = STORIES) -> None:
    """Count a change of `what` inside the caller's transaction (the output cache keys on the count)."""
    con.execute(
        "INSERT INTO change_counter VALUES (?, 1) ON CONFLICT (what) DO UPDATE SET n = n + 1", (what,)
    )


def changes(what: str = STORIES, home: Path | None = None) -> int:
    """How often `what` changed: a read-only look, no lock and no file made (0 without a database).

    Asked on every map callback, cached or not, so it must cost well under a millisecond."""
    path = reports_path(home)
    if not path.exists():
        return 0
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
    except sqlite3.Error:
        return 0
    try:
        row = con.execute("SELECT n FROM change_counter WHERE what = ?", (what,)).fetchone()
    except sqlite3.Error:  # a database from before the counter: no story was accepted since
        return 0
    finally:
        con.close()
    return int(row[0]) if row else 0
