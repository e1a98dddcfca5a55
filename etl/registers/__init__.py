"""External grant registers (a municipal subsidy register, 360Giving files) loaded through etl.loader.

Each format opens a file into one or more record sources; etl.loader gives every source a batch,
skips unchanged files (sha256), records rejects and publishes atomically, exactly as for templates.
"""

from __future__ import annotations

from pathlib import Path

from etl.batch import PartResult, Reject, sha256
from etl.readers import FileRefused
from etl.registers import amsterdam, giving360
from etl.registers.source import RecordSource, RegisterFormat

__all__ = ["FORMAT_NAMES", "RecordSource", "RegisterFormat", "formats", "open_parts"]


def formats() -> dict[str, RegisterFormat]:
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
        sha = sha256(path) if path.exists() else ""
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
            name = f"{path.name}#{source.sheet}" if multi else path.name
            part = PartResult.of(path, name, sha, source, source.sheet, message=source.message)
            if source.message:  # sheets left out (hidden, or without the register's columns): say so
                part.notes.append(source.message)
            opened.append((0, part, source, None, fmt))
    return opened
