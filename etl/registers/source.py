"""What a register format is: how it opens a file into record sources, and how it loads one source."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl.batch import PartResult, Progress


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
