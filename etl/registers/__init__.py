"""External grant registers (a municipal subsidy register, 360Giving files) loaded through etl.loader.

Each format opens a file into one or more record sources; etl.loader gives every source a batch,
skips unchanged files (sha256), records rejects and publishes atomically, exactly as for templates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl.loader import PartResult, Progress, Reject, _sha256
from etl.readers import FileRefused


@dataclass
class RecordSource:
    """The records of one file (or XLSX sheet): (line where the record starts, record as a dict)."""

    records: Iterator[tuple[int, object]]
    file_format: str
    encoding: str | None = None
    sheet: str | None = None
    delimiter: str | None = None
    decimal_style: str | None = None
    message: str = ""


@dataclass
class RegisterFormat:
    """A register file format: how to open a file, and how to load one of its sources into a build."""

    entity: str
    open: Callable[[Path], list[RecordSource]]
    load_source: Callable[[duckdb.DuckDBPyConnection, PartResult, RecordSource, Progress], None]
    description: str = ""
    suffixes: tuple[str, ...] = field(default_factory=tuple)

    def load(self, con: duckdb.DuckDBPyConnection, part: PartResult, source: RecordSource, progress) -> None:
        self.load_source(con, part, source, progress)


def formats() -> dict[str, RegisterFormat]:
    from etl.registers import amsterdam, giving360

    return {"amsterdam-subsidies": amsterdam.FORMAT, "360giving": giving360.FORMAT}


FORMAT_NAMES = ("amsterdam-subsidies", "360giving")


def _open(fmt: RegisterFormat, path: Path) -> list[RecordSource]:
    try:
        return fmt.open(path)
    except RecursionError:  # JSON nested too deep for the decoder
        raise FileRefused("bestand is te diep genest om te lezen") from None
    except MemoryError:
        raise FileRefused("bestand past niet in het geheugen (verklein het of splits het op)") from None


def open_parts(files: list[Path], name: str) -> list[tuple]:
    """(order, part, source, sheet, format) per file or sheet, the shape etl.loader iterates over."""
    fmt = formats()[name]
    opened = []
    for path in files:
        sha = _sha256(path) if path.exists() else ""
        try:
            if not path.exists():
                raise FileRefused("bestand bestaat niet")
            sources = _open(fmt, path)
        except FileRefused as exc:
            part = PartResult(path, path.name, sha, refused=True, message=str(exc), entity=fmt.entity)
            part.rejects.append(Reject(path.name, None, exc.line, None, None, str(exc)))
            opened.append((1, part, None, None, None))
            continue
        multi = len(sources) > 1
        for source in sources:
            part = PartResult(
                path,
                f"{path.name}#{source.sheet}" if multi else path.name,
                sha,
                sheet=source.sheet,
                file_format=source.file_format,
                encoding=source.encoding,
                delimiter=source.delimiter,
                decimal_style=source.decimal_style,
                message=source.message,
            )
            opened.append((0, part, source, None, fmt))
    return opened
