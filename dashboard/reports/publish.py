"""An accepted report into the warehouse: a file in the `waarnemingen` template, loaded as its own batch.

The file goes through the same loader as every upload (checks, batch record, audit line, atomic publish)
by running `wijkwaarde load` in a child process: the dashboard reads etl/ only through etl.contract
(tests/test_import_graph.py), and the web worker never holds a writing DuckDB connection. The file has a
name of its own (`waarnemingen-rapportage-<initiative>-<yyyy-mm>-<submission>.csv`), so it never replaces another
file's rows, and stays in the `rapportages` folder beside the warehouse as the source of that batch.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from etl.contract import default_home, published_path

FOLDER = "rapportages"
FILE_PREFIX = "waarnemingen-rapportage-"  # every accepted report's file (footnotes name them together)
HEADER = ("initiatiefcode", "indicatorcode", "buurtcode", "periode_start", "periode_eind", "waarde", "doel")
LOCK_WAIT = 60  # seconds to wait for another load to finish
TIMEOUT = 300


class PublishFailed(RuntimeError):
    """The loader refused the values; the message lists its reasons (Dutch)."""


@dataclass(frozen=True)
class Published:
    batch_id: int
    file: Path


def dutch_number(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def csv_text(
    initiative: str,
    start: date,
    end: date,
    values: Mapping[str, float],
    targets: Mapping[str, float | None],
) -> str:
    """The rows in the waarnemingen template (;-separated, decimal comma, dd-mm-jjjj); buurt empty = the
    initiative's main buurt, as the template says."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(HEADER)
    for code, value in values.items():
        writer.writerow(
            (
                initiative,
                code,
                "",
                start.strftime("%d-%m-%Y"),
                end.strftime("%d-%m-%Y"),
                dutch_number(value),
                dutch_number(targets.get(code)),
            )
        )
    return out.getvalue()


def _batch_of(home: Path, sha: str) -> int | None:
    """The published batch that loaded the file with this checksum."""
    con = duckdb.connect(str(published_path(home).resolve()), read_only=True)
    try:
        row = con.execute(
            "SELECT max(batch_id) FROM load_batch WHERE sha256 = ? AND status = 'gepubliceerd'", [sha]
        ).fetchone()
    finally:
        con.close()
    return None if row is None or row[0] is None else int(row[0])


def _plain(output: str) -> str:
    """The loader's console output as one line: table borders and repeated spaces dropped."""
    text = re.sub(r"[\u2500-\u257f]", " ", output)
    return re.sub(r"\s+", " ", text).strip()[-600:]


def publish(
    name: str,
    initiative: str,
    start: date,
    end: date,
    values: Mapping[str, float],
    targets: Mapping[str, float | None],
    home: Path | None = None,
) -> Published:
    """Load the values as one batch and publish a new warehouse version; PublishFailed when refused."""
    home = (home if home is not None else default_home()).resolve()
    folder = home / FOLDER
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / f"{FILE_PREFIX}{name}.csv"
    text = csv_text(initiative, start, end, values, targets)
    path.write_text(text, encoding="utf-8")
    rejects = folder / f".{path.stem}.afgekeurd.json"
    command = [sys.executable, "-m", "wijkwaarde", "--home", str(home), "load", "--entity", "waarnemingen",
               "--decimal", "komma", "--wait", str(LOCK_WAIT), "--afgekeurd-json", str(rejects), str(path)]  # fmt: skip
    env = os.environ | {"NO_COLOR": "1", "COLUMNS": "200", "TERM": "dumb"}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, env=env, check=False)
        batch = (
            _batch_of(home, hashlib.sha256(text.encode("utf-8")).hexdigest())
            if done.returncode == 0
            else None
        )
        if batch is None:
            path.unlink(missing_ok=True)
            raise PublishFailed(
                _reasons(rejects, text)
                or _plain(done.stdout + " " + done.stderr)
                or "de waarden konden niet geladen worden"
            )
    finally:
        rejects.unlink(missing_ok=True)
    return Published(batch, path)


def _reasons(rejects: Path, text: str) -> str:
    """Why the loader refused the values of the report's file (`text`), one clause per reason
    ('deelnemers, 01-01-2024: sleutel bestaat al: geladen uit waarnemingen.csv (batch 9)'), from the rows
    it wrote; '' when it wrote none (then its console output says what went wrong)."""
    try:
        rows = json.loads(rejects.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    lines = list(csv.reader(text.splitlines(), delimiter=";"))
    found = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict) or not row.get("reason"):
            continue
        line = row.get("line")
        cells = lines[line - 1] if isinstance(line, int) and 1 < line <= len(lines) else []
        where = f"{cells[1]}, {cells[3]}" if len(cells) > 3 else ""
        found.append(f"{where}: {row['reason']}" if where else str(row["reason"]))
    return "; ".join(dict.fromkeys(found))[:600]
