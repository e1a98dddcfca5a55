"""Loads files into a new warehouse version: read -> stage -> validate -> insert -> audit -> publish."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from etl import attempts, fastpath, registers
from etl import warehouse as wh
from etl.batch import (
    ENTITY_TABLES,
    LoadReport,
    PartResult,
    Progress,
    Reject,
    Replaces,
    sha256,
    share_over,
    supersede,
    take_over,
)
from etl.inputs import Inputs, collect
from etl.readers import (
    CellFault,
    CutRecord,
    DateCell,
    FileRefused,
    NumberCell,
    Sheet,
    SourceFile,
    YesNoCell,
    _normalise,
    open_source,
)
from etl.restriction import Restriction
from etl.templates import LOAD_ORDER, TEMPLATES, Template
from etl.validate import TABLE_KEYS, Stager, key_match, q

# Maps the rejects of one part to where they came from (see `load`).
Locate = Callable[[list[Reject]], list[Reject]]
CHUNK_ROWS = 100_000
EXTRA_PREFIX = "_extra_"  # extra (unknown) columns are staged as _extra_1, _extra_2, ...
# A refused load is first found out on the published database itself (read-only, the tables the load
# writes shadowed in memory: see Shadow), so it copies nothing to disk; worth it once copying the
# database costs more than reading the input twice. Default of WIJKWAARDE_DRY_RUN_MIN_MB.
DRY_RUN_MIN_MB = 64
DRY_RUN_INPUT_FACTOR = 4
# Statements that run before an entity's insert (after validation).
PRE_INSERTS: dict[str, tuple[str, ...]] = {"gebieden": ("replace_placeholder_areas",)}
EXTRA_INSERTS: dict[str, tuple[str, ...]] = {
    "initiatieven": (
        "insert_initiatieven_themas",
        "insert_initiatieven_buurten",
        "insert_initiatieven_sdgs",
    ),
}
KNOWN_HEADERS = {_normalise(n) for t in TEMPLATES.values() for c in t.columns for n in (c.name, c.alias)}
# The column the upload page adds to a marked file (etl/marked.py): its reasons are read by people, never
# loaded, so a fixed file goes back in as it is.
REASON_HEADER = "Wijkwaarde-fouten"
IGNORED = "_ignored"


def detect_template(sheet: Sheet, path: Path, forced: str | None) -> Template | str:
    """The template a table follows, or the reason none fits."""
    if forced:
        return TEMPLATES[forced]
    for name in ((sheet.name or ""), path.stem):
        key = _normalise(name)
        for template in TEMPLATES.values():
            if key and (key.startswith(template.entity) or key.startswith(template.alias)):
                return template
    header = {_normalise(h) for h in sheet.header}
    scores = []
    for template in TEMPLATES.values():
        names = {_normalise(n) for c in template.columns for n in (c.name, c.alias)}
        keys = {_normalise(n) for k in template.key for n in (k, template.column(k).alias)}
        if header & keys:
            scores.append((len(header & names) / len(template.columns), template))
    scores.sort(key=lambda s: -s[0])
    if not scores or scores[0][0] < 0.5:
        expected = ", ".join(t.entity for t in TEMPLATES.values())
        return f"kolomkoppen niet herkend als een Wijkwaarde-sjabloon ({expected})"
    if len(scores) > 1 and scores[1][0] == scores[0][0]:
        return "kolomkoppen passen bij meer dan één sjabloon: geef --entity op"
    return scores[0][1]


def map_header(header: list[str], template: Template) -> tuple[list[str], dict[str, str]] | str:
    """Column name per header cell, and the extra columns, or why the header cannot be read.

    A template column keeps its template name; any other column gets a generated name (`_extra_1`,
    ...), mapped to its header text: header text is file content and never becomes part of SQL.
    """
    lookup = {}
    for col in template.columns:
        lookup[_normalise(col.name)] = col.name
        lookup[_normalise(col.alias)] = col.name
    names: list[str] = []
    extras: dict[str, str] = {}  # generated name -> the header text as the file has it
    seen: set[str] = set()
    for index, cell in enumerate(header, start=1):
        if _normalise(cell) == _normalise(REASON_HEADER):
            names.append(IGNORED)
            continue
        name = lookup.get(_normalise(cell))
        label = cell.strip() or f"kolom {index} (zonder naam)"
        key = name or "extra:" + label
        if key in seen:
            return f"kolom '{label}' staat twee keer in de kop"
        seen.add(key)
        if name is None:
            name = f"{EXTRA_PREFIX}{len(extras) + 1}"
            extras[name] = label
        names.append(name)
    return names, extras


def _stage_raw(
    con: duckdb.DuckDBPyConnection,
    part: PartResult,
    sheet: Sheet,
    names: list[str],
    template: Template,
    extras: list[str],
    progress: Progress,
) -> None:
    # template column names and generated extra names only (see map_header)
    columns = ["_line"] + [c.name for c in template.columns] + extras
    con.execute(
        "CREATE OR REPLACE TEMP TABLE raw (_line BIGINT, "
        + ", ".join(f"{q(c)} VARCHAR" for c in columns[1:])
        + ")"
    )
    width = len(names)
    position = {name: i for i, name in enumerate(names)}
    buffer: dict[str, list] = {c: [] for c in columns}

    def flush() -> None:
        if not buffer["_line"]:
            return
        table = pa.table(
            {c: pa.array(v, type=pa.int64() if c == "_line" else pa.string()) for c, v in buffer.items()}
        )
        con.register("chunk", table)
        con.execute("INSERT INTO raw SELECT * FROM chunk")
        con.unregister("chunk")
        for values in buffer.values():
            values.clear()
        progress(part.source_name, part.rows_in)

    fields = sheet.fields
    for line, record in sheet.rows:
        part.rows_in += 1
        fault = _record_fault(sheet, template, names, record, width, fields)
        if fault is not None:
            column, value, reason = fault
            part.rejects.append(Reject(part.source_name, part.sheet, line, column, value, reason))
            continue
        buffer["_line"].append(line)
        for column in columns[1:]:
            i = position.get(column)
            buffer[column].append(record[i] if i is not None and i < len(record) else None)
        if len(buffer["_line"]) >= CHUNK_ROWS:
            flush()
    flush()


# Per template, the columns where an XLSX boolean cell is a fault, and what the column wants instead.
YES_NO_FAULTS = {
    t.entity: {
        c.name: {"int": "geheel getal", "decimal": "getal", "date": "datum"}[c.kind]
        for c in t.columns
        if c.kind in ("int", "decimal", "date")
    }
    for t in TEMPLATES.values()
}
# Per template, its columns of text (names, codes, choices, GeoJSON): a cell there loads as the text Excel
# shows, never as a value Excel made of what was typed (WAAR, a date from 1-2, 1234567 shown 01234567).
TEXT_KINDS = ("text", "code", "enum", "geometry")
TEXT_COLUMNS = {t.entity: {c.name for c in t.columns if c.kind in TEXT_KINDS} for t in TEMPLATES.values()}
AS_TEXT = "zet de cel op Tekst en typ de waarde opnieuw"


def _text_cell_fault(cell: str) -> str | None:
    """Why an XLSX cell cannot load into a text column as the text Excel shows; None when it can."""
    if isinstance(cell, YesNoCell):
        return (
            f"een ja/nee-waarde (WAAR/ONWAAR in Excel) in een tekstkolom: Excel maakte er een van; {AS_TEXT}"
        )
    if isinstance(cell, DateCell):
        return (
            "een datum (of tijd) in een tekstkolom: Excel maakte er een van (1-2 wordt 1 februari) en toont "
            f"hem in zijn eigen opmaak; {AS_TEXT}"
        )
    if isinstance(cell, NumberCell) and cell.shown is None:
        return f"{cell.reason} in een tekstkolom: de tekst die Excel toont is niet eenduidig; {AS_TEXT}"
    return None


def _record_fault(
    sheet: Sheet, template: Template, names: list[str], record: list[str], width: int, fields: int | None
) -> tuple[str | None, str | None, str] | None:
    """(column, value, reason) when a record cannot be staged as it is; None when it can.

    A CSV row with more fields than the header line is shifted, even when the surplus is empty (the
    header's own trailing empty cells, as Excel writes them, count as fields); the last row of a file
    that ends in the middle of it is cut off (etl.readers.CutRecord). A value right of the
    last named header cell belongs to no column. An XLSX cell may carry its own fault (a formula
    without a calculated value), be a ja/nee value where the column wants something else, or be a value
    Excel made of typed text in a text column. A number in a text column is replaced in `record` by the
    text Excel shows (a code 1234567 formatted 00000000 is 01234567).
    """
    if fields is not None and len(record) > fields:
        return None, None, f"regel heeft {len(record)} velden, de kop heeft er {fields}"
    if isinstance(record, CutRecord):
        return None, None, record.reason
    if len(record) > width:
        for index in range(width, len(record)):
            if record[index].strip():
                unknown = f"onbekende kolom: niet in het sjabloon '{template.entity}'"
                return f"kolom {index + 1} (zonder naam)", record[index], unknown
    if sheet.typed:
        text_columns = TEXT_COLUMNS.get(template.entity, set())
        for index, cell in enumerate(record[:width]):
            header = sheet.header[index].strip() or f"kolom {index + 1} (zonder naam)"
            if isinstance(cell, CellFault):
                return header, str(cell), cell.reason
            if isinstance(cell, YesNoCell) and names[index] in YES_NO_FAULTS.get(template.entity, {}):
                wanted = YES_NO_FAULTS[template.entity][names[index]]
                return header, str(cell), f"een ja/nee-waarde (WAAR/ONWAAR in Excel), geen {wanted}"
            if names[index] in text_columns:
                reason = _text_cell_fault(cell)
                if reason is not None:
                    return header, str(cell), reason
                if isinstance(cell, NumberCell):
                    record[index] = cell.shown
    return None


def _load_part(
    con: duckdb.DuckDBPyConnection,
    part: PartResult,
    source: SourceFile,
    sheet: Sheet,
    template: Template,
    progress: Progress,
    shadow: Shadow | None = None,
    restriction: Restriction | None = None,
) -> None:
    mapped = map_header(sheet.header, template)
    if isinstance(mapped, str):
        _refuse_rows(part, sheet, mapped)
        return
    names, labels = mapped
    extras = list(labels)
    if not part.fast_path and not {c.name for c in template.columns} & set(names):
        _refuse_headerless(part, sheet, template)  # a title above the header, or no header at all
        return
    if part.fast_path:
        columns = [c.name for c in template.columns] + extras
        con.execute("DROP TABLE IF EXISTS raw")
        part.rows_in = fastpath.stage_view(con, part.lines_table, names, columns)
    else:
        try:
            _stage_raw(con, part, sheet, names, template, extras, progress)
        except FileRefused as exc:  # the rows could not be read to the end (a truncated XLSX sheet)
            _refuse_part(part, str(exc))
            return
    # after staging: a file refused while reading must not have removed its earlier version
    supersede(con, part, template.entity)
    present = {n for n in names if not n.startswith(EXTRA_PREFIX)}
    stager = Stager(con, template, source.decimal_style, present, extras)
    stager.stage()
    if shadow is not None:
        shadow.fill(con, template, part.superseded)
    take_over(con, part, template.entity)  # after fill: a dry run's shadow holds the rows it removes
    share_over(con, part, template.entity)
    stager.column_rules()
    stager.extra_rules()
    stager.entity_rules()
    if restriction is not None:
        restriction.rules(stager)
    stager.key_rules(part.superseded)
    stager.collect()
    if part.fast_path:  # everything from here on reads staged: free the parsed lines before the insert
        con.execute("DROP VIEW raw")
        con.execute(f"DROP TABLE {part.lines_table}")
    for line, column, value, reason in con.execute(
        # value last: the faults of one list cell (same line, column and reason) in a fixed order
        "SELECT line, column_name, value, reason FROM rej ORDER BY line, column_name, reason, value"
    ).fetchall():
        # an extra column is named in SQL by its generated name: report the header text of the file
        part.rejects.append(
            Reject(part.source_name, part.sheet, line, labels.get(column, column), value, reason)
        )
    con.execute(
        "CREATE OR REPLACE TEMP VIEW ok AS SELECT * FROM staged "
        "WHERE _line NOT IN (SELECT line FROM rej WHERE line IS NOT NULL)"
    )
    part.rows_loaded = con.execute("SELECT count(*) FROM ok").fetchone()[0]
    part.rows_rejected = part.rows_in - part.rows_loaded
    for name in (
        *PRE_INSERTS.get(template.entity, ()),
        f"insert_{template.entity}",
        *EXTRA_INSERTS.get(template.entity, ()),
    ):
        statement = wh.sql(name)
        if "$batch_id" in statement:
            con.execute(statement, {"batch_id": part.batch_id})
        else:
            con.execute(statement)
    progress(part.source_name, part.rows_in)


def _read_fast(
    con: duckdb.DuckDBPyConnection,
    opened: list,
    entity: str | None,
    decimal_style: str | None,
    prefix: str = "",
) -> list:
    """Let DuckDB parse the files that qualify, before the load transaction (an error would abort it).

    A file DuckDB refuses is reopened with the Python reader, which then decides its encoding.
    """
    result = []
    for order, part, source, sheet, template in opened:
        if sheet is None or sheet.fast is None or not isinstance(template, Template):
            result.append((order, part, source, sheet, template))
            continue
        if _unchanged(con, part):
            result.append((order, part, source, sheet, template))  # skipped in the load loop
            continue
        part.lines_table = f"fast_lines_{len(result)}"
        try:
            fastpath.read_lines(con, part.lines_table, sheet.fast)
        except (duckdb.Error, fastpath.NotExact):
            con.execute(f"DROP TABLE IF EXISTS {part.lines_table}")
            result.extend(_open_parts([part.path], entity, decimal_style, fast=False, prefix=prefix))
            continue
        part.fast_path = True
        result.append((order, part, source, sheet, template))
    result.sort(key=lambda item: item[0])
    return result


def _unchanged(con: duckdb.DuckDBPyConnection, part: PartResult) -> tuple | None:
    return con.execute(
        # a batch another file partly replaced (etl.batch.take_over) no longer holds all of its file
        "SELECT batch_id FROM load_batch WHERE sha256 = $sha AND sheet IS NOT DISTINCT FROM $sheet "
        "AND status = 'gepubliceerd' AND superseded_by IS NULL",
        {"sha": part.sha256, "sheet": part.sheet},
    ).fetchone()


def _refuse_part(part: PartResult, reason: str) -> None:
    """A table that broke off while its rows were read: refused as a whole, with the reason."""
    part.rejects.clear()
    part.refused, part.message, part.rows_rejected, part.rows_loaded = True, reason, part.rows_in, 0
    part.rejects.append(Reject(part.source_name, part.sheet, None, None, None, reason))


def _refuse_headerless(part: PartResult, sheet: Sheet, template: Template) -> None:
    """Reject every row of a table whose first row names no column of `template`: saying on which row
    the header seems to be when one does (a title and empty rows above it)."""
    known = {_normalise(n) for c in template.columns for n in (c.name, c.alias)}
    rows = list(sheet.rows)
    found = next((line for line, record in rows[:20] if known & {_normalise(str(c)) for c in record}), None)
    reason = f"de eerste regel noemt geen kolom van het sjabloon '{template.entity}'"
    if found is not None:
        reason += f"; de kop lijkt op regel {found} te staan: verwijder de regels erboven"
    part.rows_in = part.rows_rejected = len(rows)
    part.message = reason
    part.rejects.extend(Reject(part.source_name, part.sheet, line, None, None, reason) for line, _ in rows)
    if not rows:
        part.rejects.append(Reject(part.source_name, part.sheet, None, None, None, reason))


def _refuse_rows(part: PartResult, sheet: Sheet, reason: str) -> None:
    """Reject every row of a table that cannot be read as a template, so none goes unaccounted."""
    lines = [line for line, _ in sheet.rows]
    part.rows_in = len(lines)
    part.rows_rejected = len(lines)
    part.message = reason
    if not lines:
        part.rejects.append(Reject(part.source_name, part.sheet, None, None, None, reason))
    for line in lines:
        part.rejects.append(Reject(part.source_name, part.sheet, line, None, None, reason))


def _record(
    con: duckdb.DuckDBPyConnection, parts: list[PartResult], load_id: int, loaded_by: str | None = None
) -> None:
    for part in parts:
        if part.skipped:
            continue
        con.execute(
            "INSERT INTO load_batch (batch_id, load_id, entity, source_name, file_path, sha256, file_format, "
            "encoding, delimiter, decimal_style, sheet, rows_in, rows_loaded, rows_rejected, status, message, "
            "superseded_by, started_at, finished_at, loaded_by, origin) VALUES ($batch_id, $load_id, $entity, "
            "$source_name, $file_path, $sha256, $file_format, $encoding, $delimiter, $decimal_style, $sheet, "
            "$rows_in, $rows_loaded, $rows_rejected, $status, $message, NULL, $started_at, $finished_at, "
            "$loaded_by, $origin)",
            {
                "batch_id": part.batch_id,
                "load_id": load_id,
                "entity": part.entity,
                "source_name": part.source_name,
                "file_path": str(part.path.resolve()),
                "sha256": part.sha256,
                "file_format": part.file_format,
                "encoding": part.encoding,
                "delimiter": part.delimiter,
                "decimal_style": part.decimal_style,
                "sheet": part.sheet,
                "rows_in": part.rows_in,
                "rows_loaded": part.rows_loaded,
                "rows_rejected": part.rows_rejected,
                "status": part.status,
                "message": part.message,
                "started_at": part.started_at,
                "finished_at": part.finished_at or datetime.now(),
                "loaded_by": loaded_by,
                "origin": part.origin,
            },
        )
        if part.status == "gepubliceerd" and part.superseded:
            con.execute(
                "UPDATE load_batch SET status = 'vervangen', superseded_by = $new "
                "WHERE list_contains($old, batch_id)",
                {"new": part.batch_id, "old": part.superseded},
            )
        if part.status == "gepubliceerd" and part.taken_from:
            # still published, for their other gemeenten; no longer all their file holds (see _unchanged)
            con.execute(
                "UPDATE load_batch SET superseded_by = $new, message = concat_ws('; ', nullif(message, ''), "
                "'deels vervangen door batch ' || $new) WHERE list_contains($old, batch_id)",
                {"new": part.batch_id, "old": part.taken_from},
            )
        if part.rejects:
            table = pa.table(
                {
                    "batch_id": pa.array([part.batch_id] * len(part.rejects), pa.int32()),
                    "file_name": [r.file_name for r in part.rejects],
                    "sheet": pa.array([r.sheet for r in part.rejects], pa.string()),
                    "line": pa.array([r.line for r in part.rejects], pa.int64()),
                    "column_name": pa.array([r.column for r in part.rejects], pa.string()),
                    "value": pa.array([r.value for r in part.rejects], pa.string()),
                    "reason": [r.reason for r in part.rejects],
                }
            )
            con.register("rejects_chunk", table)
            con.execute("INSERT INTO rejected_row SELECT * FROM rejects_chunk")
            con.unregister("rejects_chunk")


def audit(con: duckdb.DuckDBPyConnection, parts: Iterable[PartResult] = ()) -> list[str]:
    """Problems across files: references left dangling after a source was superseded, and (when `parts`
    load initiatives) observations that a new main buurt makes count twice."""
    rows = con.execute(wh.sql("audit_references")).fetchall()
    problems = [
        f"{table}: {count} rij(en) verwijzen naar een {what} dat niet meer bestaat"
        for table, what, count in rows
        if count
    ]
    # a blank buurt is the main buurt (etl.validate.MAIN_BUURT): only a new version of initiatieven moves it
    if any(p.entity == "initiatieven" and p.rows_loaded for p in parts):
        (twice,) = con.execute(wh.sql("audit_main_buurt")).fetchone()
        if twice:
            problems.append(
                f"waarnemingen: {twice} rij(en) met dezelfde sleutel: een lege buurtcode is de hoofdbuurt van "
                "het initiatief, en die komt ook met naam voor (laad de waarnemingen mee die dat herstellen)"
            )
    return problems


def load(
    home: Path,
    paths: Iterable[Path],
    allow_rejects: bool = False,
    entity: str | None = None,
    decimal_style: str | None = None,
    progress: Progress | None = None,
    file_format: str | None = None,
    wait: float = 0,
    restriction: Restriction | None = None,
    loaded_by: str | None = None,
    locate: Locate | None = None,
    replaces: dict[str, Replaces] | None = None,
    origins: dict[str, str] | None = None,
) -> LoadReport:
    """Load `paths` into a new version of the warehouse at `home` and publish it atomically.

    `file_format` names an external register format (etl/registers: amsterdam-subsidies, 360giving)
    instead of the product's templates; batches, rejects, audits and publishing stay the same.

    Without `allow_rejects`, a load with any rejected row publishes no data: only the record of
    the attempt (its batches and rejected rows, in etl.attempts), so `wijkwaarde rejects` can show
    what went wrong. Raises NothingToLoad when no path holds a file to load, LoadInProgress when
    another load still runs after `wait` seconds.

    `restriction` (etl/restriction.py) limits what the load may change (a fund's upload); `loaded_by` is
    recorded with every batch (load_batch.loaded_by: the upload page's user, or 'cli:<user>').

    `locate` turns the rejects of a file the caller generated (etl/cbs) into the places in the user's
    own file they came from, before they are reported and recorded. `replaces` names, per file name,
    the earlier sources that file replaces besides its own earlier versions, whole or for its gemeenten
    (etl.batch.Replaces). `origins` names, per generated file name, the user's own file it was made from
    (load_batch.origin: what the source line under a figure names).
    """
    progress = progress or (lambda what, rows: None)
    inputs = collect(paths)
    args = (inputs, allow_rejects, entity, decimal_style, progress, file_format)
    more = {"restriction": restriction, "loaded_by": loaded_by, "locate": locate, "replaces": replaces,
            "origins": origins}  # fmt: skip
    with wh.lock(home, wait):
        wh.clean_up(home)
        report = _dry_run(home, *args, **more) if _dry_run_pays(home, inputs) else None
        if report is not None and not report.ok:
            _record_attempt(home, report, loaded_by)
            return report
        build = wh.new_build(home)
        try:
            con = duckdb.connect(str(build))
            try:
                report = _load_into(con, *args, floor=attempts.last_ids(home), **more)
                if report.ok:  # a refused load was rolled back: nothing changed
                    _update_facts(con, report.parts, progress)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            if not report.ok:
                wh.remove_build(build)  # nothing to publish: keep only the record of the attempt
                _record_attempt(home, report, loaded_by)
                return report
            if not any(not p.skipped for p in report.parts):
                wh.remove_build(build)  # nothing new: what is published stays published
                report.published = True
                return report
            report.version = wh.publish(home, build)
        except BaseException as exc:
            wh.remove_build(build)
            if wh.disk_full(exc):
                raise wh.NotEnoughSpace(
                    f"schijf vol tijdens de load in {home}: de nieuwe versie is verwijderd, de gepubliceerde "
                    "gegevens zijn niet gewijzigd. Maak ruimte vrij en laad opnieuw."
                ) from exc
            raise
        report.published = True
        return report


CHECKED = "geldig"  # a part of a check (not published) that a publish would load


def check(
    home: Path,
    paths: Iterable[Path],
    entity: str | None = None,
    progress: Progress | None = None,
    restriction: Restriction | None = None,
) -> LoadReport:
    """What `load` would do with `paths` (the rows it would load, every rejected row with its reason),
    without publishing or recording anything: the upload page's check before "Publiceren".

    Runs on the published database read-only where it can (see `_dry_run`), else on a private copy that
    is removed afterwards. Takes no lock: a load may publish meanwhile; the publish decides again.
    """
    progress = progress or (lambda what, rows: None)
    inputs = collect(paths)
    args = (inputs, False, entity, None, progress, None)
    current = wh.current_version(home)
    report = (
        _dry_run(home, *args, restriction=restriction) if current is not None and current.exists() else None
    )
    if report is None:
        with tempfile.TemporaryDirectory(prefix="controle-", dir=home if home.exists() else None) as folder:
            copy = Path(folder) / "controle.duckdb"
            if current is not None and current.exists():
                wh.check_free_space(Path(folder), current.stat().st_size)
                shutil.copyfile(current, copy)
            con = duckdb.connect(str(copy))
            try:
                report = _load_into(
                    con, *args, floor=attempts.last_ids(home) if home.exists() else (0, 0),
                    restriction=restriction,
                )  # fmt: skip
            finally:
                con.close()
    for part in report.parts:
        if part.status in ("gepubliceerd", "niet gepubliceerd") and not part.rejects:
            part.status = CHECKED
    report.published = False
    return report


def _update_facts(con: duckdb.DuckDBPyConnection, parts: list[PartResult], progress: Progress) -> None:
    """Only what this load changed changes the facts: the entities of its published parts, and of any part
    that removed the rows of an earlier batch (with allow_rejects a part whose rows were all rejected still
    superseded its predecessor)."""
    published = [p for p in parts if p.status == "gepubliceerd" and p.entity]
    changed = {p.entity for p in published} | {p.entity for p in parts if p.superseded and p.entity}
    if changed:
        progress("feitentabellen bijwerken", 0)
        gone = sorted({batch for p in parts for batch in p.superseded})
        wh.update_facts(con, changed, [p.batch_id for p in published], gone)


def _dry_run_pays(home: Path, inputs: Inputs) -> bool:
    """Whether to find out a refusal on the published database before copying it (see DRY_RUN_MIN_MB)."""
    current = wh.current_version(home)
    if current is None or not current.exists():
        return False
    size = current.stat().st_size
    minimum = float(os.environ.get("WIJKWAARDE_DRY_RUN_MIN_MB", DRY_RUN_MIN_MB)) * (1 << 20)
    input_bytes = sum(path.stat().st_size for path in inputs.files)
    return size >= minimum and size >= DRY_RUN_INPUT_FACTOR * input_bytes


def _dry_run(home: Path, *args, **more) -> LoadReport | None:
    """The load run on the published database opened read-only, the tables it writes shadowed by
    temporary copies (see Shadow): the rejected rows the real load would find, without a copy of the
    database on disk.
    None when it cannot run there (say a schema change the load would make first)."""
    con = duckdb.connect(str(wh.current_version(home)), read_only=True)
    try:
        report = _load_into(con, *args, floor=attempts.last_ids(home), dry_run=True, **more)
    except Exception:  # only a shortcut: whatever stops it, the real load decides (and reports)
        return None
    finally:
        con.close()
    report.dry_run = True
    return report


def _record_attempt(home: Path, report: LoadReport, loaded_by: str | None = None) -> None:
    """Keep the batches and rejected rows of a refused load in the attempts database."""
    for part in report.parts:
        if part.status == "gepubliceerd":
            part.status = "niet gepubliceerd"
    attempts.record(home, lambda con: _record(con, report.parts, report.load_id, loaded_by))


WRITES = re.compile(r"\b(?:INSERT INTO|DELETE FROM|UPDATE)\s+(\w+)", re.IGNORECASE)


# Entities whose table no rule reads but the key rules ("sleutel bestaat al"): a dry run copies only
# the rows whose first key occurs in the file (see Shadow.fill), not the whole table (observation is
# most of a national warehouse).
KEYED_SHADOWS = ("waarnemingen", "subsidies", "gebiedscijfers")


@dataclass
class Shadow:
    """Temporary copies of the tables a dry run writes, in place of the published ones (read-only).

    Unqualified names resolve to temporary tables first. A table that rules look up (referenced
    tables, load_batch, the registers' tables) is copied whole; a table in KEYED_SHADOWS gets its rows
    per file, by key, once the file is staged; a table that is only written starts empty. A table
    missed here makes the write fail: then `_dry_run` gives way to the real load.
    """

    catalog: str
    keyed: set[str]
    gone: set[int] = field(default_factory=set)  # batches superseded so far in this load

    @classmethod
    def build(cls, con: duckdb.DuckDBPyConnection, opened: list) -> Shadow:
        # initiative_buurt: the main and served buurten observations are checked against (etl.validate)
        whole, written, keyed = {"load_batch", "initiative_buurt"}, set(), set()
        for template in TEMPLATES.values():
            whole.update(TABLE_KEYS[c.ref][0] for c in template.columns if c.ref)
        for _, _, _, _, template in opened:
            entity = getattr(template, "entity", None)
            if entity is None:
                continue
            own = ENTITY_TABLES.get(entity, (TABLE_KEYS[entity][0],) if entity in TABLE_KEYS else ())
            if isinstance(template, Template):
                written.update(own)
                for name in (
                    *PRE_INSERTS.get(entity, ()),
                    f"insert_{entity}",
                    *EXTRA_INSERTS.get(entity, ()),
                ):
                    written.update(WRITES.findall(wh.sql(name)))
                if entity in KEYED_SHADOWS:
                    keyed.add(TABLE_KEYS[entity][0])
                else:
                    whole.add(TABLE_KEYS[entity][0])
            else:  # an external register: its publish reads its tables and the funders
                whole.update(own)
                whole.add("funder")
        keyed -= whole
        catalog = con.execute("SELECT current_database()").fetchone()[0]
        for table, ddl in con.execute(
            "SELECT table_name, sql FROM duckdb_tables() WHERE NOT temporary AND database_name = $db "
            "AND list_contains($tables, table_name)",
            {"db": catalog, "tables": sorted(whole | written | keyed)},
        ).fetchall():
            con.execute(re.sub(r"^CREATE TABLE ", "CREATE TEMP TABLE ", ddl))
            if table in whole:
                # names from the catalogue of our own schema
                con.execute(f"INSERT INTO temp.main.{q(table)} SELECT * FROM {q(catalog)}.main.{q(table)}")  # noqa: S608
        return cls(catalog, keyed)

    def fill(self, con: duckdb.DuckDBPyConnection, template: Template, superseded: list[int]) -> None:
        """Copy the published rows the key rules of this (staged) file can meet into its table's shadow."""
        self.gone.update(superseded)
        table = TABLE_KEYS[template.entity][0]
        if table not in self.keyed:
            return
        published = f"{q(self.catalog)}.main.{q(table)}"
        # exactly the rows the rule 'sleutel bestaat al' joins (a new month of observations meets none);
        # a SEMI JOIN, which DuckDB hashes, where an EXISTS with these conditions is planned far slower
        con.execute(
            f"INSERT INTO temp.main.{q(table)} SELECT x.* FROM {published} x "  # noqa: S608 (names of our own schema)
            f"SEMI JOIN staged_all s ON {key_match(template, 'x', 's')} "
            f"WHERE NOT list_contains($gone, x.batch_id) EXCEPT SELECT * FROM temp.main.{q(table)}",
            {"gone": sorted(self.gone)},
        )


def _open_hashed(path: Path, decimal_style: str | None, fast: bool) -> tuple[str, SourceFile | FileRefused]:
    """Open `path` while hashing it in a thread (hashlib and file reads release the GIL)."""
    if not path.exists():
        return "", FileRefused("bestand bestaat niet")
    with ThreadPoolExecutor(max_workers=1) as pool:
        digest = pool.submit(sha256, path)
        try:
            source: SourceFile | FileRefused = open_source(path, KNOWN_HEADERS, decimal_style, fast=fast)
        except FileRefused as exc:
            source = exc
        except RecursionError:  # a structure nested too deep for any reader
            source = FileRefused("bestand is te diep genest om te lezen")
        except MemoryError:
            source = FileRefused("bestand past niet in het geheugen (verklein het of splits het op)")
        return digest.result(), source


def _open_parts(
    files: list[Path], entity: str | None, decimal_style: str | None, fast: bool = True, prefix: str = ""
):
    """Open every file; yield (part, source, sheet, template) in load order of the templates.

    `prefix` goes before every source name (a fund's uploads: see etl/restriction.py)."""
    opened = []
    for path in files:
        sha, source = _open_hashed(path, decimal_style, fast)
        if isinstance(source, FileRefused):
            exc = source
            part = PartResult(path, prefix + path.name, sha, refused=True, message=str(exc))
            part.rejects.append(Reject(prefix + path.name, None, exc.line, None, None, str(exc)))
            opened.append((len(LOAD_ORDER), part, None, None, None))
            continue
        multi = len(source.sheets) > 1
        for sheet in source.sheets:
            name = prefix + (f"{path.name}#{sheet.name}" if multi else path.name)
            part = PartResult.of(path, name, sha, source, sheet.name)
            template = detect_template(sheet, path, entity)
            order = LOAD_ORDER.index(template.entity) if isinstance(template, Template) else -1
            opened.append((order, part, source, sheet, template))
            if source.notes and sheet is source.sheets[0]:  # once per file: on its first table
                part.notes.extend(source.notes)
                part.message = "; ".join(source.notes)
    opened.sort(key=lambda item: item[0])
    return opened


def _load_into(
    con: duckdb.DuckDBPyConnection,
    inputs: Inputs,
    allow_rejects: bool,
    entity: str | None,
    decimal_style: str | None,
    progress: Progress,
    file_format: str | None = None,
    floor: tuple[int, int] = (0, 0),
    dry_run: bool = False,
    restriction: Restriction | None = None,
    loaded_by: str | None = None,
    locate: Locate | None = None,
    replaces: dict[str, Replaces] | None = None,
    origins: dict[str, str] | None = None,
) -> LoadReport:
    """Load the files into `con` in one transaction; record the batches there when they publish.

    `floor` is the highest batch and load number already used elsewhere (refused loads). With
    `dry_run`, `con` is the published database opened read-only (see `_dry_run`).
    """
    if not dry_run:
        wh.prepare_schema(con)
    batch_id, load_id = con.execute(
        "SELECT greatest(coalesce(max(batch_id), 0), $batch), greatest(coalesce(max(load_id), 0), $load) + 1 "
        "FROM load_batch",
        {"batch": floor[0], "load": floor[1]},
    ).fetchone()
    counter = iter(range(batch_id + 1, batch_id + 1_000_000))
    prefix = restriction.prefix if restriction else ""
    if file_format:
        opened = registers.open_parts(inputs.files, file_format)
    else:
        opened = _read_fast(
            con,
            _open_parts(inputs.files, entity, decimal_style, prefix=prefix),
            entity,
            decimal_style,
            prefix,
        )
    if restriction is not None:
        restriction.prepare(con)
    for _, part, *_rest in opened:
        part.replaces = (replaces or {}).get(part.source_name, Replaces())
        part.origin = (origins or {}).get(part.source_name)
    for path, reason in inputs.refused:  # never opened: not a regular file inside the input folder
        part = PartResult(path, path.name, "", refused=True, message=reason)
        part.rejects.append(Reject(path.name, None, None, None, None, reason))
        opened.append((len(LOAD_ORDER), part, None, None, None))
    shadow = Shadow.build(con, opened) if dry_run else None
    parts: list[PartResult] = []
    con.execute("BEGIN TRANSACTION")
    for _, part, source, sheet, template in opened:
        parts.append(part)
        if part.refused:
            part.batch_id = next(counter)
            part.finished_at = datetime.now()
            continue
        unchanged = _unchanged(con, part)
        if unchanged:
            part.status, part.batch_id = "ongewijzigd", unchanged[0]
            part.message = f"ongewijzigd: al geladen in batch {unchanged[0]}"
            continue
        part.batch_id = next(counter)
        _announce(con, part, load_id)
        if isinstance(template, str):
            _refuse_rows(part, sheet, template)
        elif restriction is not None and (
            not isinstance(template, Template) or restriction.refuses(template.entity)
        ):
            _refuse_rows(
                part, sheet, restriction.refuses(getattr(template, "entity", "")) or "formaat niet toegestaan"
            )
        elif not isinstance(template, Template):  # an external register format (etl/registers)
            part.entity = template.entity
            try:  # a register reads all its records before it inserts anything
                template.load(con, part, source, progress)
            except FileRefused as exc:  # the records could not be read to the end (a damaged XLSX sheet)
                _refuse_part(part, str(exc))
        else:
            part.entity = template.entity
            _load_part(con, part, source, sheet, template, progress, shadow, restriction)
        part.finished_at = datetime.now()

    if locate is not None:
        for part in parts:
            part.rejects = locate(part.rejects)
    for part in parts:
        if part.rows_in == 0 and not part.refused and not part.skipped and not part.rejects:
            empty = "bestand bevat geen gegevensregels"
            part.message = "; ".join([empty, *part.notes])
            part.rejects.append(Reject(part.source_name, part.sheet, None, None, None, empty))
    active = [p for p in parts if not p.skipped]
    unusable = [p for p in active if p.refused or p.rows_loaded == 0]
    failed = unusable if allow_rejects else unusable + [p for p in active if p.rows_rejected]
    # allow_rejects publishes the valid rows; when no file gave one there is nothing to publish, and a new
    # version without new data (exit 0, "Gepubliceerd") would hide that every file was refused.
    refused = bool(failed) and (not allow_rejects or len(failed) == len(active))
    # The audit reads the whole warehouse (a large part of a refusal's cost at national scale): it
    # decides only a load the rejected rows have not refused already. A dry run that finds no
    # rejected row is followed by the real load, which runs it.
    problems = [] if refused or dry_run else audit(con, active)
    ok = not problems and not refused
    for part in active:
        if part in failed:
            part.status = "afgewezen"
        else:
            part.status = "gepubliceerd" if ok else "niet gepubliceerd"
    if ok and not dry_run:
        con.execute("DELETE FROM load_batch WHERE status = $announced", {"announced": ANNOUNCED})
        _record(con, parts, load_id, loaded_by)
        con.execute("COMMIT")
    else:  # the caller records a refused load (etl.attempts); a dry run changes nothing
        con.execute("ROLLBACK")
    return LoadReport(
        parts, published=False, ok=ok, load_id=load_id, version=None, problems=problems,
        unsupported=inputs.unsupported,
    )  # fmt: skip


ANNOUNCED = "bezig"  # status of a batch while its load runs (replaced by its record at the end)


def _announce(con: duckdb.DuckDBPyConnection, part: PartResult, load_id: int) -> None:
    """Put the batch on record for the rest of this load, so a rule that names the file a key was
    loaded from finds the files of this very load too."""
    con.execute(
        "INSERT INTO load_batch (batch_id, load_id, source_name, file_path, sha256, rows_in, rows_loaded, "
        "rows_rejected, status, started_at, finished_at) "
        "VALUES ($batch_id, $load_id, $name, $path, $sha, 0, 0, 0, $status, $started, $started)",
        {
            "batch_id": part.batch_id,
            "load_id": load_id,
            "name": part.source_name,
            "path": str(part.path.resolve()),
            "sha": part.sha256,
            "status": ANNOUNCED,
            "started": part.started_at,
        },
    )


def refuse(
    home: Path, path: Path, rejects: list[Reject], entity: str, rows_in: int, wait: float = 0
) -> LoadReport:
    """Record a refused load of `path` whose rows its reader rejected before any template was written
    (`wijkwaarde cbs`: a bad code, a feature without geometry), as a refused load is recorded, so
    `status` and `rejects` show it too. Publishes nothing."""
    part = PartResult(path, path.name, sha256(path), entity=entity, refused=True)
    part.rejects = rejects
    part.rows_in, part.rows_rejected = rows_in, len({(r.line, r.column) for r in rejects})
    part.message = f"{len(rejects)} fout(en) bij het lezen; niets geladen"
    part.finished_at = datetime.now()
    with wh.lock(home, wait):
        batch_id, load_id = attempts.last_ids(home)
        current = wh.current_version(home)
        if current is not None and current.exists():
            con = duckdb.connect(str(current), read_only=True)
            try:
                published = con.execute(
                    "SELECT coalesce(max(batch_id), 0), coalesce(max(load_id), 0) FROM load_batch"
                ).fetchone()
            finally:
                con.close()
            batch_id, load_id = max(batch_id, published[0]), max(load_id, published[1])
        part.batch_id = batch_id + 1
        report = LoadReport([part], published=False, ok=False, load_id=load_id + 1, version=None)
        _record_attempt(home, report)
    return report
