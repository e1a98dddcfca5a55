"""Uploads: the limits, one private folder per upload (its files and its state), one upload at a time.

gunicorn runs several workers and the browser's progress polls may reach any of them, so an upload's state is
a small JSON file (`job.json`) in `$WIJKWAARDE_HOME/uploads/<job>/` (0700), written whole and renamed into
place; the files are in `files/` beside it, the rejected rows in `rejects.json`. Job ids are random and
checked against a pattern before they touch a path.

Settings (environment, read per upload):
- WIJKWAARDE_UPLOAD_MAX_MB: total size of one upload (default 20);
- WIJKWAARDE_UPLOAD_MAX_FILES: files in one upload (default 10);
- WIJKWAARDE_UPLOAD_MAX_XML_MB: what the XML inside one XLSX may unpack to (default 200; a zip bomb is
  refused before anything reads it).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import time
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard.env import positive_int

JOB_RE = re.compile(r"^[0-9a-f]{32}$")
SUFFIXES = (".csv", ".txt", ".xlsx", ".geojson", ".json")
RUNNING = ("controleren", "publiceren")
STALE_SECONDS = 900  # a running upload whose state has not changed for this long died with its worker
KEEP_SECONDS = 7 * 24 * 3600  # finished uploads (and their files) are removed after a week
NAME_RE = re.compile(r"[^\w.\- ]+", re.UNICODE)
CHUNK = 1 << 16


class UploadRefused(ValueError):
    """An upload that is not taken in; the message says why (Dutch) and nothing was kept."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_files: int
    max_xml_bytes: int

    @classmethod
    def from_env(cls) -> Limits:
        mb = 1 << 20
        return cls(
            positive_int(os.environ, "WIJKWAARDE_UPLOAD_MAX_MB", 20) * mb,
            positive_int(os.environ, "WIJKWAARDE_UPLOAD_MAX_FILES", 10),
            positive_int(os.environ, "WIJKWAARDE_UPLOAD_MAX_XML_MB", 200) * mb,
        )


def root(home: Path) -> Path:
    folder = home / "uploads"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def job_dir(home: Path, job: str) -> Path | None:
    """The folder of upload `job`, None for anything that is not a job id we could have made."""
    if not isinstance(job, str) or not JOB_RE.match(job):
        return None
    return root(home) / job


def files_of(home: Path, job: str) -> list[Path]:
    folder = job_dir(home, job)
    if folder is None or not (folder / "files").is_dir():
        return []
    return sorted((folder / "files").iterdir())


def read(home: Path, job: str) -> dict[str, Any] | None:
    """The state of upload `job` as users see it: a running one whose worker died shows as failed."""
    state = _read_raw(home, job)
    if (
        state
        and state.get("state") in RUNNING
        and (time.time() - float(state.get("updated", 0)) > STALE_SECONDS or not _alive(state.get("pid")))
    ):
        state["state"], state["message"] = (
            "mislukt",
            "afgebroken: de verwerking stopte onverwacht; upload opnieuw",
        )
    return state


def _read_raw(home: Path, job: str) -> dict[str, Any] | None:
    folder = job_dir(home, job)
    if folder is None:
        return None
    try:
        state = json.loads((folder / "job.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def _alive(pid: object) -> bool:
    """Whether the worker process `pid` still runs (True while none was started yet, or on another host)."""
    if not isinstance(pid, int) or pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a finished worker its parent has not reaped yet is a zombie: not running
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


def write(home: Path, job: str, state: dict[str, Any]) -> None:
    """Replace the state of `job` at once (readers never see half a file)."""
    folder = job_dir(home, job)
    if folder is None:
        raise ValueError("geen geldige upload")
    state["updated"] = time.time()
    tmp = folder / f"job.json.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(state, ensure_ascii=False, default=str), encoding="utf-8")
    tmp.replace(folder / "job.json")


def update(home: Path, job: str, **changes: Any) -> dict[str, Any]:
    state = _read_raw(home, job) or {}
    state.update(changes)
    write(home, job, state)
    return state


def read_rejects(home: Path, job: str) -> list[dict[str, Any]]:
    folder = job_dir(home, job)
    if folder is None:
        return []
    try:
        rows = json.loads((folder / "rejects.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return rows if isinstance(rows, list) else []


def write_rejects(home: Path, job: str, rows: list[dict[str, Any]]) -> None:
    folder = job_dir(home, job)
    if folder is None:
        raise ValueError("geen geldige upload")
    tmp = folder / "rejects.json.tmp"
    tmp.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    tmp.replace(folder / "rejects.json")


@contextlib.contextmanager
def _locked(home: Path) -> Iterator[None]:
    """One process at a time decides whether an upload may start (two workers, two uploads at once)."""
    with open(root(home) / ".lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def running(home: Path) -> dict[str, Any] | None:
    """The upload that is being checked or published now, if any."""
    for folder in root(home).iterdir():
        if folder.is_dir() and JOB_RE.match(folder.name):
            state = read(home, folder.name)
            if state and state.get("state") in RUNNING:
                return state
    return None


def clean_up(home: Path, now: float | None = None) -> None:
    """Remove finished uploads older than KEEP_SECONDS (their files, rejects and state)."""
    now = now or time.time()
    for folder in root(home).iterdir():
        if not (folder.is_dir() and JOB_RE.match(folder.name)):
            continue
        state = read(home, folder.name)
        if state is None or (
            state.get("state") not in RUNNING and now - float(state.get("updated", 0)) > KEEP_SECONDS
        ):
            shutil.rmtree(folder, ignore_errors=True)


def safe_name(filename: str, taken: set[str]) -> str:
    """A file name safe to keep on disk and show: no folders, no control characters, our suffixes only."""
    name = Path(str(filename or "").replace("\\", "/")).name
    name = NAME_RE.sub("_", name).strip(" .")[:120]
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        allowed = ", ".join(SUFFIXES)
        raise UploadRefused(f"'{name or 'zonder naam'}' heeft geen bruikbaar bestandstype (alleen {allowed})")
    if not Path(name).stem:
        name = f"bestand{suffix}"
    base, number = Path(name).stem, 2
    while name.lower() in taken:
        name, number = f"{base}-{number}{suffix}", number + 1
    taken.add(name.lower())
    return name


def _check_xlsx(path: Path, limits: Limits, shown: str) -> None:
    """Refuse an XLSX whose declared parts would unpack to more than the limit (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadRefused(f"'{shown}' is geen leesbaar XLSX-bestand") from None
    if unpacked > limits.max_xml_bytes:
        raise UploadRefused(
            f"'{shown}' pakt uit tot {unpacked // (1 << 20)} MB, meer dan de grens van "
            f"{limits.max_xml_bytes // (1 << 20)} MB (mogelijk een zip-bom): niet in behandeling genomen"
        )


def receive(home: Path, files: Iterable[Any], owner: dict[str, Any], limits: Limits | None = None) -> str:
    """Take in uploaded files (werkzeug FileStorage: .filename, .stream) as a new upload; return its id.

    Refused as a whole (UploadRefused, nothing kept) when another upload runs, when there are no files or
    too many, when a name has a type we do not read, when together they exceed the size limit, or when an
    XLSX would unpack beyond its limit.
    """
    limits = limits or Limits.from_env()
    files = [f for f in files if getattr(f, "filename", "")]
    if not files:
        raise UploadRefused("kies eerst een of meer bestanden (CSV, XLSX of GeoJSON)")
    if len(files) > limits.max_files:
        raise UploadRefused(f"te veel bestanden tegelijk: {len(files)}, hoogstens {limits.max_files}")
    with _locked(home):
        busy = running(home)
        if busy is not None:
            raise UploadRefused(
                "er wordt al een upload gecontroleerd of gepubliceerd; wacht tot die klaar is en probeer het "
                "dan opnieuw (er is niets gewijzigd)"
            )
        clean_up(home)
        job = uuid.uuid4().hex
        folder = root(home) / job
        (folder / "files").mkdir(mode=0o700, parents=True)
        try:
            taken: set[str] = set()
            total = 0
            names = []
            for upload in files:
                name = safe_name(upload.filename, taken)
                target = folder / "files" / name
                with open(target, "wb") as out:
                    while block := upload.stream.read(CHUNK):
                        total += len(block)
                        if total > limits.max_bytes:
                            raise UploadRefused(
                                f"de upload is groter dan {limits.max_bytes // (1 << 20)} MB "
                                "(WIJKWAARDE_UPLOAD_MAX_MB): splits de bestanden op"
                            )
                        out.write(block)
                if target.stat().st_size == 0:
                    raise UploadRefused(f"'{name}' is leeg")
                if target.suffix.lower() == ".xlsx":
                    _check_xlsx(target, limits, name)
                names.append({"name": name, "bytes": target.stat().st_size})
            write(
                home,
                job,
                {"job": job, "state": "controleren", "owner": owner, "files": names, "created": time.time(),
                 "progress": "bestanden ontvangen", "rows": 0},
            )  # fmt: skip
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
    return job


def of_owner(home: Path, subject: str, limit: int = 10) -> list[dict[str, Any]]:
    """The newest uploads `subject` sent (their states), newest first."""
    found = []
    for folder in root(home).iterdir():
        if folder.is_dir() and JOB_RE.match(folder.name):
            state = read(home, folder.name)
            if state and state.get("owner", {}).get("subject") == subject:
                found.append(state)
    found.sort(key=lambda s: float(s.get("created", 0)), reverse=True)
    return found[:limit]
