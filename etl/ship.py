"""Ship a published version to another warehouse folder (a serving host) and publish it there.

A serving host never loads: it receives complete versions from the warehouse that loaded them. The copy
keeps the version's file name, because the shared Redis cache keys its entries by that name
(dashboard/repository/cache.py): the same name must mean the same bytes on every host. So a ship copies
the file next to the target's versions as a build (`*.duckdb.building`, what a killed load leaves too),
checks the copy's size and SHA-256 against the source, and only then swaps the target's symlink with the
same atomic publish a load uses (etl.warehouse.publish). Killed halfway, it leaves the published version
untouched and a build the next ship or load removes. Shipping a version the target already publishes
changes nothing; a version the target holds with other bytes is refused.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from etl import warehouse as wh
from etl.contract import PUBLISHED_NAME, published_path

CHUNK = 1 << 20  # bytes read and written at a time (and hashed on the way)
VERSION_NUMBER_RE = re.compile(r"^(?:wijkwaarde-)?0*(\d{1,6})(?:\.duckdb)?$")


class ShipRefused(Exception):
    """A ship that cannot be done as asked; the message says why (in Dutch)."""


@dataclass(frozen=True)
class Shipped:
    version: str  # the file name, e.g. wijkwaarde-000003.duckdb
    target: Path  # the target's published symlink
    size: int
    sha256: str
    copied: bool  # False: the target already had these bytes (only the symlink moved, or nothing)
    published: bool  # False: the target already published this version; nothing changed


def version_name(text: str) -> str:
    """`3`, `000003`, `wijkwaarde-000003` or `wijkwaarde-000003.duckdb` -> wijkwaarde-000003.duckdb."""
    match = VERSION_NUMBER_RE.match(text.strip())
    if not match:
        raise ShipRefused(
            f"'{text}' is geen versie; geef een nummer (bijv. 3) of een bestandsnaam als wijkwaarde-000003.duckdb"
        )
    return f"wijkwaarde-{int(match.group(1)):06d}.duckdb"


def source_version(home: Path, version: str | None) -> Path:
    """The published file of `home` to ship: the one its symlink points at, or the named one it kept."""
    if not published_path(home).exists():
        raise ShipRefused(f"in {home} is niets gepubliceerd; laad eerst gegevens met `wijkwaarde load`")
    if version is None:
        current = wh.current_version(home)
        assert current is not None  # the link exists
        return current
    path = home / wh.VERSIONS_DIR / version_name(version)
    if not path.is_file():
        kept = (
            ", ".join(sorted(p.name for p in (home / wh.VERSIONS_DIR).glob("wijkwaarde-*.duckdb"))) or "geen"
        )
        raise ShipRefused(
            f"versie {version_name(version)} is niet gepubliceerd in {home} (bewaarde versies: {kept})"
        )
    return path


def check_target(target: Path, source: Path) -> None:
    """Refuse a target that is not a warehouse folder: it must hold versions/, the published symlink or
    the load lock, or be an empty folder (a new serving host); never the source itself."""
    if not target.is_dir():
        raise ShipRefused(
            f"{target} is geen warehouse: de map bestaat niet (maak een lege map voor een nieuwe host)"
        )
    if target.resolve() == source.resolve():
        raise ShipRefused(f"{target} is hetzelfde warehouse als de bron")
    marks = (target / wh.VERSIONS_DIR, published_path(target), target / wh.LOCK_NAME)
    if not any(p.exists() or p.is_symlink() for p in marks) and any(target.iterdir()):
        raise ShipRefused(
            f"{target} is geen warehouse: er staat geen {wh.VERSIONS_DIR}/ of {PUBLISHED_NAME} in, "
            "maar wel andere bestanden (kies een warehouse-map of een lege map)"
        )


def file_digest(path: Path) -> tuple[int, str]:
    """(size, SHA-256 hex) of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def copy_file(source: Path, build: Path, progress: Callable[[int], None] | None = None) -> tuple[int, str]:
    """Copy `source` to `build` (fsynced), hashing the bytes read; returns (size, SHA-256) of the source."""
    digest = hashlib.sha256()
    size = 0
    with open(source, "rb") as src, open(build, "wb") as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            dst.write(chunk)
            size += len(chunk)
            if progress is not None:
                progress(size)
        dst.flush()
        os.fsync(dst.fileno())
    return size, digest.hexdigest()


def ship(
    source_home: Path,
    target_home: Path,
    version: str | None = None,
    wait: float = 0,
    progress: Callable[[int], None] | None = None,
) -> Shipped:
    """Copy a published version of `source_home` into `target_home` and publish it there atomically.

    Holds the target's load lock (one load or ship at a time per warehouse; `wait` as for a load).
    Raises ShipRefused (a sentence in Dutch), wh.LoadInProgress or wh.NotEnoughSpace.
    """
    source = source_version(source_home, version)
    check_target(target_home, source_home)
    with wh.lock(target_home, wait):
        wh.clean_up(target_home)  # builds a killed ship or load left behind
        folder = target_home / wh.VERSIONS_DIR
        final = folder / source.name
        link = published_path(target_home)
        if final.exists():
            size, sha = file_digest(source)
            if file_digest(final) != (size, sha):
                raise ShipRefused(
                    f"{target_home} heeft al een versie {source.name} met andere inhoud (geladen op die host "
                    "zelf?); een serving host krijgt zijn versies alleen via `wijkwaarde ship`"
                )
            if wh.current_version(target_home) == final.resolve():
                return Shipped(source.name, link, size, sha, copied=False, published=False)
            wh.point_at(target_home, final)
            return Shipped(source.name, link, size, sha, copied=False, published=True)
        folder.mkdir(parents=True, exist_ok=True)
        wh.check_free_space(folder, source.stat().st_size)
        build = folder / (source.name + wh.BUILDING_SUFFIX)
        try:
            size, sha = copy_file(source, build, progress)
            copied = file_digest(build)
            if copied != (size, sha):
                raise ShipRefused(
                    f"de kopie van {source.name} klopt niet ({copied[0]} bytes, sha256 {copied[1][:12]}…; "
                    f"verwacht {size} bytes, sha256 {sha[:12]}…); niets gepubliceerd"
                )
            wh.publish(target_home, build)
        except BaseException:
            wh.remove_build(build)
            raise
        wh.clean_up(target_home)  # versions beyond the newest few
        return Shipped(source.name, link, size, sha, copied=True, published=True)
