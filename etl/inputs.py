"""Which paths a load may read: regular files inside the folders given, within the size limit.

A device, FIFO or socket is never opened (reading /dev/zero never ends, a FIFO blocks), and a
symbolic link is followed only when it stays inside the folder it was found in: a link to
/etc/passwd in an input folder is refused by name, its content never read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

INPUT_SUFFIXES = (".csv", ".txt", ".xlsx", ".geojson", ".json")
MAX_FILE_MB = 2048  # default of WIJKWAARDE_MAX_FILE_MB


class NothingToLoad(Exception):
    """No file among the paths given can be loaded."""


@dataclass
class Inputs:
    files: list[Path] = field(default_factory=list)  # safe to open
    refused: list[tuple[Path, str]] = field(default_factory=list)  # not opened, with the reason
    unsupported: list[Path] = field(default_factory=list)  # in a folder, but not a format we read


def max_file_bytes() -> int:
    return int(float(os.environ.get("WIJKWAARDE_MAX_FILE_MB", MAX_FILE_MB)) * (1 << 20))


def check(path: Path, folder: Path) -> str | None:
    """Why `path` (found in `folder`) must not be opened, or None when it is a regular file to read."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return "bestand bestaat niet"
    except OSError as exc:
        return f"bestand niet leesbaar ({exc.strerror})"
    if stat.S_ISLNK(info.st_mode):
        target = path.resolve()
        if not target.is_relative_to(folder.resolve()):
            return f"koppeling (symlink) naar {target} buiten de invoermap: niet gelezen"
        try:
            info = os.stat(path)
        except OSError:
            return "koppeling (symlink) naar een bestand dat niet bestaat"
    if not stat.S_ISREG(info.st_mode):
        return "geen gewoon bestand (map, apparaat, FIFO of socket): niet gelezen"
    limit = max_file_bytes()
    if info.st_size > limit:
        return (
            f"bestand is {info.st_size >> 20} MB, groter dan de limiet van {limit >> 20} MB "
            "(WIJKWAARDE_MAX_FILE_MB)"
        )
    return None


def collect(paths: Iterable[Path]) -> Inputs:
    """The files to load: the paths given, with folders expanded to the input files inside them."""
    found = Inputs()
    seen: set[Path] = set()

    def add(path: Path, folder: Path) -> None:
        if path in seen:
            return
        seen.add(path)
        reason = check(path, folder)
        if reason:
            found.refused.append((path, reason))
        else:
            found.files.append(path)

    for path in paths:
        if path.is_dir():
            for entry in sorted(path.iterdir()):
                if entry.suffix.lower() in INPUT_SUFFIXES:
                    add(entry, path)
                elif not entry.name.startswith(".") and not entry.is_dir():
                    found.unsupported.append(entry)
        else:
            add(path, path.parent)
    if not found.files and not found.refused:
        given = ", ".join(str(p) for p in paths) or "(niets opgegeven)"
        message = f"niets te laden: geen CSV-, XLSX- of GeoJSON-bestand gevonden in {given}"
        if found.unsupported:
            names = ", ".join(p.name for p in found.unsupported[:10])
            more = f" en nog {len(found.unsupported) - 10}" if len(found.unsupported) > 10 else ""
            message += f". Niet ondersteund: {names}{more} (sla ze op als CSV (puntkomma), XLSX of GeoJSON)"
        raise NothingToLoad(message)
    return found
