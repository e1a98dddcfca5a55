"""The warehouse on disk: versioned database files, one published through an atomically swapped symlink."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from etl import taxonomy as tx
from etl.contract import PUBLISHED_NAME, VERSION_RE, VERSIONS_DIR, published_path

LOCK_NAME = ".lock"  # flock(2)ed by a load (and a ship) for as long as it runs
BUILDING_SUFFIX = ".building"
KEEP_VERSIONS = 3  # published versions kept on disk, so readers that lag behind still work
SQL_DIR = Path(__file__).with_name("sql")


MIN_FREE_MB = 100  # default of WIJKWAARDE_MIN_FREE_MB: space left over after copying the database


class LoadInProgress(Exception):
    """Another load holds the warehouse lock."""


class NotEnoughSpace(Exception):
    """The disk holding the warehouse has too little room for a new version."""


def current_version(home: Path) -> Path | None:
    link = published_path(home)
    if not link.is_symlink() and not link.exists():
        return None
    return link.resolve()


def sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


@contextlib.contextmanager
def lock(home: Path, wait: float = 0) -> Iterator[None]:
    """One load at a time per warehouse; the lock dies with the process, even on SIGKILL.

    With `wait` > 0, wait up to that many seconds for a running load to finish.
    """
    home.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + max(wait, 0)
    with open(home / LOCK_NAME, "w") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    waited = f" (na {wait:g} s wachten)" if wait > 0 else ""
                    raise LoadInProgress(
                        f"er loopt al een load op dit warehouse{waited}; probeer het later opnieuw "
                        "of geef --wait SECONDEN op"
                    ) from None
                time.sleep(0.1)
        yield


def _versions(home: Path) -> list[tuple[int, Path]]:
    folder = home / VERSIONS_DIR
    if not folder.exists():
        return []
    found = []
    for path in folder.iterdir():
        match = VERSION_RE.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    return sorted(found)


def leftovers(home: Path) -> list[Path]:
    """Partial files a killed or failed load left behind (a build, its WAL, a half-made symlink)."""
    found = []
    folder = home / VERSIONS_DIR
    if folder.exists():
        found.extend(p for p in folder.iterdir() if BUILDING_SUFFIX in p.name)
    if home.exists():
        found.extend(
            p for p in home.iterdir() if p.name.startswith(f".{PUBLISHED_NAME}.") and p.name.endswith(".tmp")
        )
    return sorted(found)


def remove_build(build: Path) -> None:
    """Remove a build and the WAL file DuckDB may keep next to it."""
    for path in (build, build.with_name(build.name + ".wal")):
        path.unlink(missing_ok=True)


def clean_up(home: Path) -> list[Path]:
    """Remove what killed loads left behind and versions beyond the newest few. Call under lock."""
    removed = []
    for path in leftovers(home):
        path.unlink(missing_ok=True)
        removed.append(path)
    current = current_version(home)
    for _, path in _versions(home)[:-KEEP_VERSIONS]:
        if path != current:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def new_build(home: Path) -> Path:
    """A fresh working copy of the published database (or an empty one), not yet visible to anyone."""
    folder = home / VERSIONS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    versions = _versions(home)
    number = (versions[-1][0] + 1) if versions else 1
    build = folder / f"wijkwaarde-{number:06d}.duckdb{BUILDING_SUFFIX}"
    current = current_version(home)
    if current is not None and current.exists():
        check_free_space(folder, current.stat().st_size)
        try:
            shutil.copyfile(current, build)
        except BaseException:
            remove_build(build)
            raise
    return build


def disk_full(exc: BaseException) -> bool:
    """Whether `exc` (an OSError, or a DuckDB error wrapping one) means the disk is full."""
    return getattr(exc, "errno", None) == errno.ENOSPC or "No space left on device" in str(exc)


def check_free_space(folder: Path, needed: int) -> None:
    """Refuse before writing `needed` bytes when less than WIJKWAARDE_MIN_FREE_MB would be left."""
    margin = int(float(os.environ.get("WIJKWAARDE_MIN_FREE_MB", MIN_FREE_MB)) * (1 << 20))
    free = shutil.disk_usage(folder).free
    if free - needed < margin:
        raise NotEnoughSpace(
            f"te weinig vrije schijfruimte in {folder}: {free >> 20} MB vrij, nodig "
            f"{needed >> 20} MB voor de nieuwe versie plus {margin >> 20} MB marge (WIJKWAARDE_MIN_FREE_MB)"
        )


def prepare_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables, refresh the vocabularies and rebuild the views."""
    con.execute(sql("schema"))
    con.execute("DELETE FROM vocabulary")
    rows = []
    for name, vocab in (
        ("theme", tx.THEMES),
        ("form", tx.FORMS),
        ("status", tx.STATUSES),
        ("funder_type", tx.FUNDER_TYPES),
        ("toc_level", tx.TOC_LEVELS),
        ("direction", tx.DIRECTIONS),
        ("aggregation", tx.AGGREGATIONS),
        ("level", tx.LEVELS),
        ("stakeholder", tx.STAKEHOLDERS),
    ):
        for order, (code, (nl, en)) in enumerate(vocab.items()):
            rows.append((name, code, nl, en, order))
    con.executemany("INSERT INTO vocabulary VALUES (?, ?, ?, ?, ?)", rows)
    con.execute("DELETE FROM stat_def")
    con.executemany(
        "INSERT INTO stat_def VALUES (?, ?, ?, ?, ?)",
        [(s.code, s.name_nl, s.name_en, s.unit, s.is_count) for s in tx.STATISTICS.values()],
    )
    present = {
        row[0] for row in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall()
    }
    built = dict(con.execute("SELECT name, sql_hash FROM fact_build").fetchall())
    # A new warehouse, one published before (some of) the fact tables, or one whose fact tables an older
    # version of their SQL built (a column the queries now read may be missing): rebuild those.
    stale = [name for name in FACTS if f"f_{name}" not in present or built.get(name) != fact_hash(name)]
    if stale:
        build_facts(con, stale)
    con.execute(sql("views"))


REGISTERS = ("amsterdam-subsidies", "360giving")  # load_batch.entity of external register files
# The fact tables (etl/sql/facts/<name>.sql, table f_<name>) in build order, each with the loader
# entities whose tables it is built from: a load rebuilds only the facts of what it changed.
FACTS: dict[str, frozenset[str]] = {
    "initiative_buurt": frozenset({"gebieden", "initiatieven"}),
    "initiative": frozenset({"gebieden", "initiatieven", "organisaties"}),
    # registers add and remove funders (etl/registers): the facts that join funder follow them
    "initiative_funder": frozenset({"initiatieven", "financiers", "subsidies", *REGISTERS}),
    "area_stat": frozenset({"gebieden", "gebiedscijfers"}),
    "grant_buurt": frozenset({"gebieden", "initiatieven", "financiers", "subsidies", *REGISTERS}),
    "observation": frozenset({"gebieden", "initiatieven", "waarnemingen"}),
    "observation_year": frozenset({"gebieden", "initiatieven", "waarnemingen"}),
}


def facts_for(entities: set[str] | None) -> list[str]:
    """The fact tables to rebuild after a load of `entities` (None: all of them), in build order."""
    return [name for name, sources in FACTS.items() if entities is None or sources & entities]


def _fact_sql(name: str) -> str:
    return (SQL_DIR / "facts" / f"{name}.sql").read_text(encoding="utf-8")


def fact_hash(name: str) -> str:
    """Which version of a fact table's SQL built it (kept in fact_build)."""
    return hashlib.sha256(_fact_sql(name).encode()).hexdigest()[:16]


def build_facts(con: duckdb.DuckDBPyConnection, names: list[str] | None = None) -> None:
    """Rebuild fact tables from the base tables (all, or `names`): at the end of every load, so the
    published version's v_* views read facts that match its data. Order matters: later facts read
    earlier ones (f_observation reads f_initiative)."""
    con.execute(_fact_sql("buurt"))
    for name in names if names is not None else list(FACTS):
        con.execute(_fact_sql(name))
        con.execute("INSERT OR REPLACE INTO fact_build VALUES (?, ?)", [name, fact_hash(name)])


# A load that changed only the observations extends f_observation and f_observation_year (etl/sql/facts/extend/):
# the rows of superseded batches leave, those of the new batches come in, and only the year cells they fall
# in are added up again. It rebuilds them instead when the change is a large share of what is there (the
# first load of observations, a whole file replaced): then a rebuild is cheaper and keeps one global sort.
EXTENDED_BY = "waarnemingen"
EXTEND_MAX_SHARE = 0.5  # rows gone plus rows new, as a share of the rows f_observation holds


def update_facts(
    con: duckdb.DuckDBPyConnection, changed: set[str], new: list[int], gone: list[int]
) -> list[str]:
    """Bring the fact tables up to date after a load that changed the entities `changed`, added the batches
    `new` and superseded the batches `gone`: extend the observation facts when only observations changed
    and the change is small next to what stays; rebuild the facts of `changed` otherwise. Returns the names
    of the fact tables rebuilt ([] when the observation facts were extended)."""
    names = facts_for(changed)
    if changed == {EXTENDED_BY} and _extension_pays(con, new, gone):
        extend_observation_facts(con, new, gone)
        return []
    if names:
        build_facts(con, names)
    return names


def _extension_pays(con: duckdb.DuckDBPyConnection, new: list[int], gone: list[int]) -> bool:
    # f_observation still holds the rows of the superseded batches here (they leave in the extension)
    held, leaving = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE list_contains($gone, batch_id)) FROM f_observation",
        {"gone": gone},
    ).fetchone()
    if held == 0:
        return False
    coming = con.execute(
        "SELECT count(*) FROM observation WHERE list_contains($new, batch_id)", {"new": new}
    ).fetchone()[0]
    return leaving + coming <= EXTEND_MAX_SHARE * held


def _extend_sql(name: str) -> str:
    return (SQL_DIR / "facts" / "extend" / f"{name}.sql").read_text(encoding="utf-8")


def extend_observation_facts(con: duckdb.DuckDBPyConnection, new: list[int], gone: list[int]) -> None:
    """f_observation and f_observation_year without the rows of the batches `gone`, with those of `new`:
    equal to a rebuild (tests/etl/test_fact_extension.py), at the cost of the change, not of the warehouse."""
    con.execute(_fact_sql("buurt"))
    con.execute(_extend_sql("touched"))
    con.execute(_extend_sql("touched_add"), {"batches": gone})  # before their rows leave
    con.execute(_extend_sql("observation_remove"), {"batches": gone})
    con.execute(_extend_sql("observation_add"), {"batches": new})
    con.execute(_extend_sql("touched_add"), {"batches": new})
    for name in ("observation_year_remove", "observation_year_add", "observation_year_next"):
        con.execute(_extend_sql(name))
    con.execute("DROP TABLE fact_touched")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(home: Path, build: Path) -> Path:
    """Make `build` the published database: rename it into place, then swap the symlink atomically."""
    final = build.with_name(build.name.removesuffix(BUILDING_SUFFIX))
    _fsync(build)
    os.replace(build, final)
    point_at(home, final)
    return final


def point_at(home: Path, final: Path) -> None:
    """Swap the published symlink to `final`, a complete version in versions/ (also `wijkwaarde ship`)."""
    link = published_path(home)
    tmp_link = home / f".{PUBLISHED_NAME}.{os.getpid()}.tmp"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(Path(VERSIONS_DIR) / final.name)
    os.replace(tmp_link, link)  # rename(2) is atomic: readers see the old or the new link
    _fsync(home)
