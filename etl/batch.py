"""What a load and the register formats share: the record of one part, its rejects, and its batch rules.

etl.loader and etl.registers both build on this module; it imports neither, so imports flow one way:
loader -> registers -> batch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from etl.validate import TABLE_KEYS

# The tables an entity's rows live in, when that is more than the first table of its key
# (etl.validate.TABLE_KEYS): a newer version of a source removes its rows from each of them.
ENTITY_TABLES: dict[str, tuple[str, ...]] = {
    "initiatieven": ("initiative", "initiative_theme", "initiative_buurt", "initiative_sdg"),
    # external registers (etl/registers); the funders they added are removed there once unreferenced
    "amsterdam-subsidies": ("register_grant", "register_grant_location", "register_text_repair"),
    "360giving": ("register_grant", "register_grant_location", "register_text_repair"),
}
Progress = Callable[[str, int], None]  # (what is happening, rows processed so far)


@dataclass
class Reject:
    file_name: str
    sheet: str | None
    line: int | None
    column: str | None
    value: str | None
    reason: str


@dataclass(frozen=True)
class Replaces:
    """The earlier sources a part replaces besides its own earlier versions: the template files
    `wijkwaarde cbs` wrote from an earlier file of the same year and kind (etl/cbs/pipeline.py).

    A source whose gemeenten this part all covers makes way whole (`whole`); a source that also holds
    other gemeenten keeps those, and only its rows of `gemeenten` make way (`partly`, see take_over)."""

    whole: tuple[str, ...] = ()
    partly: tuple[str, ...] = ()
    gemeenten: frozenset[str] = frozenset()
    # Sources of another kind that may hold some of the same figures (a KWB file and woonikveilig.nl's
    # copy of it): the figures both hold make way for this part's, the rest stay (see share_over).
    shared: tuple[str, ...] = ()


@dataclass
class PartResult:
    """The outcome for one table of one file (a CSV, or one sheet of an XLSX)."""

    path: Path
    source_name: str
    sha256: str
    sheet: str | None = None
    entity: str | None = None
    file_format: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    decimal_style: str | None = None
    rows_in: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    status: str = "afgewezen"
    message: str = ""
    notes: list[str] = field(default_factory=list)  # what the user should know although nothing failed
    batch_id: int | None = None
    superseded: list[int] = field(default_factory=list)
    taken_from: list[int] = field(default_factory=list)  # batches whose rows of some gemeenten it took over
    origin: str | None = None  # the user's file this generated template was made from (etl/cbs)
    rejects: list[Reject] = field(default_factory=list)
    started_at: datetime = field(default_factory=datetime.now)
    finished_at: datetime | None = None
    refused: bool = False  # the file as a whole could not be read
    fast_path: bool = False  # DuckDB's read_csv parsed the rows (etl.fastpath), not Python's csv
    lines_table: str | None = field(default=None, repr=False)
    # Other sources this part replaces besides its own earlier versions (see supersede and take_over): a
    # CBS template of a gemeente that a newer one of more gemeenten covers (etl/cbs/pipeline.py).
    replaces: Replaces = field(default_factory=Replaces)

    @property
    def skipped(self) -> bool:
        return self.status == "ongewijzigd"

    @classmethod
    def of(cls, path: Path, name: str, sha: str, source, sheet: str | None, **more) -> PartResult:
        """The part of `path` read from `source` (a template file or a register source), with its format."""
        return cls(
            path, name, sha, sheet=sheet, file_format=source.file_format, encoding=source.encoding,
            delimiter=source.delimiter, decimal_style=source.decimal_style, **more,
        )  # fmt: skip


@dataclass
class LoadReport:
    parts: list[PartResult]
    published: bool
    ok: bool
    load_id: int | None
    version: Path | None
    problems: list[str] = field(default_factory=list)
    unsupported: list[Path] = field(default_factory=list)  # files in a folder in a format we do not read
    dry_run: bool = False  # found out without copying the database (see DRY_RUN_MIN_MB)

    @property
    def rejects(self) -> list[Reject]:
        return [r for p in self.parts for r in p.rejects]


def sha256(path: Path) -> str:
    """The file's SHA-256 (hex): an unchanged file is skipped."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# The file formats a source may change between versions: `subsidies.csv` and the corrected `subsidies.xlsx`
# (the marked file the upload page gives back, etl/marked.py) are versions of one source.
SOURCE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".geojson", ".json")


def source_stem(name: str) -> str:
    """A source's name without its format: 'subsidies.csv' and 'subsidies.xlsx' -> 'subsidies';
    'data.xlsx#Blad1' -> 'data#Blad1'. Case is kept (two files differing in case are two sources)."""
    file, sep, sheet = name.partition("#")
    for suffix in SOURCE_SUFFIXES:
        if file.lower().endswith(suffix) and len(file) > len(suffix):
            file = file[: -len(suffix)]
            break
    return file + sep + sheet


def file_stem(name: str, sheet: str | None) -> str:
    """The file a part was read from, without its format and without the sheet a workbook of several
    sheets adds to the name: 'data.xlsx#financiers' (sheet 'financiers'), 'data.xlsx' and 'data.csv' -> 'data'."""
    if sheet is not None and name.endswith("#" + sheet):
        name = name[: -len(sheet) - 1]
    for suffix in SOURCE_SUFFIXES:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def supersede(con: duckdb.DuckDBPyConnection, part: PartResult, entity: str) -> None:
    """Remove the rows of earlier published versions of the same source: the same file (in any format we
    read) and the same entity, whatever sheets it had (see file_stem), and the sources the part says it
    replaces (a CBS file of the same coverage under an older name); they keep their batch record.

    A workbook that gains or loses a sheet renames its parts ('data.xlsx' becomes 'data.xlsx#financiers'),
    but its financiers are still the ones its earlier version loaded: were they kept, every key would
    clash with itself ('sleutel bestaat al') and the user could not load the new version at all."""
    stems = {file_stem(part.source_name, part.sheet), *(file_stem(n, None) for n in part.replaces.whole)}
    previous = con.execute(
        "SELECT batch_id, source_name, sheet FROM load_batch WHERE entity = $entity AND status = 'gepubliceerd'",
        {"entity": entity},
    ).fetchall()
    part.superseded = [batch for batch, name, sheet in previous if file_stem(name, sheet) in stems]
    if not part.superseded:
        return
    tables = ENTITY_TABLES[entity] if entity in ENTITY_TABLES else (TABLE_KEYS[entity][0],)
    for table in tables:
        con.execute(
            f"DELETE FROM {table} WHERE list_contains($ids, batch_id)",  # noqa: S608
            {"ids": part.superseded},
        )


# The column of an area's code in the tables of the entities a part may take over from (see take_over).
AREA_CODE_COLUMNS = {"area": "code", "area_stat": "area_code"}


def take_over(con: duckdb.DuckDBPyConnection, part: PartResult, entity: str) -> None:
    """Remove the rows of `part.replaces.gemeenten` that earlier published sources in
    `part.replaces.partly` hold (a national CBS file, then one gemeente's newer file: the newer file's
    areas and figures replace those of its gemeenten, the other gemeenten stay). The batches keep their
    record, marked as partly replaced by the part once it publishes (then they are no longer "unchanged":
    loading their file again makes it the newest for all its gemeenten); the part's notes say what it
    took over, from which file."""
    take = part.replaces
    table = TABLE_KEYS[entity][0]
    if not take.partly or not take.gemeenten or table not in AREA_CODE_COLUMNS:
        return
    batches = con.execute(
        "SELECT batch_id, source_name FROM load_batch WHERE entity = $entity AND status = 'gepubliceerd' "
        "AND list_contains($names, source_name) AND NOT list_contains($gone, batch_id) ORDER BY batch_id",
        {"entity": entity, "names": list(take.partly), "gone": part.superseded},
    ).fetchall()
    if not batches:
        return
    column = AREA_CODE_COLUMNS[table]
    gemeenten = sorted(take.gemeenten)
    origin_of = origins(con)
    for batch, generated in batches:
        name = origin_of.get(batch, generated)  # the user's file, as the source lines name it
        (removed,) = con.execute(
            f"DELETE FROM {table} WHERE batch_id = $batch "  # noqa: S608 (names of our own schema)
            f"AND list_contains($gemeenten, 'GM' || substr({column}, 3, 4))",
            {"batch": batch, "gemeenten": gemeenten},
        ).fetchone()  # DuckDB answers a DELETE with the number of rows it removed
        if removed:
            part.taken_from.append(batch)
            listed = ", ".join(gemeenten[:4]) + (
                f" en {len(gemeenten) - 4} meer" if len(gemeenten) > 4 else ""
            )
            note = f"vervangt {removed} rij(en) van {listed} uit {name} (batch {batch}); de andere gemeenten daarin blijven staan"
            part.notes.append(note)
            part.message = "; ".join(filter(None, [part.message, note]))


def origins(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """batch id -> the user's own file a generated batch was made from (load_batch.origin); none for a
    warehouse published before that column existed (a dry run reads it as it is, read-only)."""
    try:
        return dict(
            con.execute("SELECT batch_id, origin FROM load_batch WHERE origin IS NOT NULL").fetchall()
        )
    except duckdb.BinderException:
        return {}


# What a part shares with an earlier source of another kind: the same figure (area, year, statistic), or the
# same area (a boundary file of another year: the national gemeente map of 2022 and one gemeente's of 2024).
SHARED_ROWS = {
    "area_stat": "DELETE FROM area_stat WHERE batch_id = $batch AND EXISTS (SELECT 1 FROM staged_all s "
    "WHERE upper(trim(CAST(s.p_gebiedscode AS VARCHAR))) = area_stat.area_code "
    "AND TRY_CAST(s.p_jaar AS INTEGER) = area_stat.year "
    "AND trim(CAST(s.p_statistiek AS VARCHAR)) = area_stat.stat_code)",
    "area": "DELETE FROM area WHERE batch_id = $batch AND EXISTS (SELECT 1 FROM staged_all s "
    "WHERE upper(trim(CAST(s.p_gebiedscode AS VARCHAR))) = area.code)",
}
SHARED_WHAT = {"area_stat": ("waarde(n)", "cijfers"), "area": ("gebied(en)", "grenzen")}


def share_over(con: duckdb.DuckDBPyConnection, part: PartResult, entity: str) -> None:
    """Remove from the published sources in `part.replaces.shared` the area figures (area, year,
    statistic) this part holds too: the file loaded last supplies a figure two sources of another kind
    both hold (woonikveilig.nl's copy of the KWB and the KWB itself), missing or not; their other
    figures stay. Like take_over, the batches are marked as partly replaced (loading their file again
    makes it the newest for its figures), and the part's notes say how many values it replaced."""
    names = part.replaces.shared
    table = TABLE_KEYS[entity][0]
    if not names or table not in AREA_CODE_COLUMNS:
        return
    batches = con.execute(
        "SELECT batch_id, source_name FROM load_batch WHERE entity = $entity "
        "AND status = 'gepubliceerd' AND list_contains($names, source_name) "
        "AND NOT list_contains($gone, batch_id) ORDER BY batch_id",
        {"entity": entity, "names": list(names), "gone": part.superseded},
    ).fetchall()
    origin_of = origins(con)
    for batch, generated in batches:
        name = origin_of.get(batch, generated)  # the user's file, as the source lines name it
        (removed,) = con.execute(
            SHARED_ROWS[table],
            {"batch": batch},
        ).fetchone()
        if removed:
            part.taken_from.append(batch)
            rows, what = SHARED_WHAT[table]
            note = (
                f"vervangt {removed} {rows} die ook in {name} (batch {batch}) staan: dit bestand, als "
                f"laatste geladen, levert die {what}; de andere {what} daarin blijven staan"
            )
            part.notes.append(note)
            part.message = "; ".join(filter(None, [part.message, note]))
