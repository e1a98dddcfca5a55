"""Packs built in the background: a bounded queue per process with a fixed number of pack workers, a limit
of jobs in flight per client, a disk quota, and each job's progress in a small JSON file any worker can read.

gunicorn runs several worker processes, and the browser's progress polls may reach any of them, so the
state lives in files, not in a worker's memory: one private folder (0700) per warehouse,
`$WIJKWAARDE_HOME/packs` (or `WIJKWAARDE_PACK_DIR`), never a shared /tmp. Job ids are random and checked
against a pattern before they touch a path; the format read back from a job file is checked too.

Settings (environment, read per job):
- WIJKWAARDE_PACK_WORKERS: pack builds running at once per process (default 1);
- WIJKWAARDE_PACK_QUEUE: jobs waiting per process (default 4); more are refused at once ("druk");
- WIJKWAARDE_PACK_PER_CLIENT: jobs waiting or running per client (IP address), over all processes (default 1);
- WIJKWAARDE_PACK_QUOTA_MB: total size of the pack files kept (default 200); the oldest go first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import queue
import re
import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard.auth import session
from dashboard.env import positive_int
from dashboard.pack.build import build
from dashboard.repository import Repository, default_home

JOB_RE = re.compile(r"^[0-9a-f]{32}$")
KEEP_SECONDS = 3600  # finished packs and job files are removed after an hour
STALE_SECONDS = (
    600  # a waiting or running job whose file has not changed for this long is dead (killed worker)
)
MEDIA = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}
IN_FLIGHT = ("queued", "running")
log = logging.getLogger("wijkwaarde")


class Busy(Exception):
    """The pack was not started: the queue is full ('queue') or this client has a pack in flight ('client')."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Settings:
    workers: int = 1
    queue: int = 4
    per_client: int = 1
    quota_bytes: int = 200 * 1024 * 1024


def settings(environ: Mapping[str, str] | None = None) -> Settings:
    """The limits from the environment; anything unreadable or below 1 falls back to the default."""
    env = os.environ if environ is None else environ
    d = Settings()
    return Settings(
        workers=positive_int(env, "WIJKWAARDE_PACK_WORKERS", d.workers),
        queue=positive_int(env, "WIJKWAARDE_PACK_QUEUE", d.queue),
        per_client=positive_int(env, "WIJKWAARDE_PACK_PER_CLIENT", d.per_client),
        quota_bytes=positive_int(env, "WIJKWAARDE_PACK_QUOTA_MB", d.quota_bytes // 2**20) * 2**20,
    )


def folder() -> Path:
    """The private pack folder (created 0700; an existing one is made 0700); refused when it is a link or
    belongs to someone else, as a shared folder could."""
    path = Path(os.environ.get("WIJKWAARDE_PACK_DIR") or default_home() / "packs")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.is_symlink() or not path.is_dir():
        raise RuntimeError(f"pakketmap {path} is geen gewone map")
    info = path.stat()
    if info.st_uid != os.getuid():
        raise RuntimeError(f"pakketmap {path} is niet van deze gebruiker")
    if info.st_mode & 0o077:
        path.chmod(0o700)
    return path


def _write_private(target: Path, data: bytes) -> None:
    """Write `data` to `target` atomically, readable by this user only."""
    tmp = target.with_name(target.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, target)


def _write(job: str, state: dict[str, Any]) -> None:
    _write_private(folder() / f"{job}.json", json.dumps(state).encode("utf-8"))


def client_key(address: str | None) -> str:
    """A client as the job files keep it: a hash of its address (no IP address on disk)."""
    return hashlib.sha256((address or "-").encode("utf-8")).hexdigest()[:16]


def _jobs() -> list[tuple[Path, dict[str, Any], float]]:
    out = []
    for path in folder().glob("*.json"):
        try:
            out.append((path, json.loads(path.read_text(encoding="utf-8")), path.stat().st_mtime))
        except (OSError, ValueError):
            continue
    return out


def in_flight(client: str) -> int:
    """Jobs of `client` waiting or running, in every process on this machine (from the job files)."""
    now = time.time()
    return sum(
        1
        for _, state, mtime in _jobs()
        if state.get("client") == client and state.get("state") in IN_FLIGHT and now - mtime < STALE_SECONDS
    )


def _cleanup() -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in folder().iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


def _make_room(size: int, quota: int) -> bool:
    """Remove the oldest finished packs until `size` more bytes fit in the quota; False if it never fits."""
    if size > quota:
        return False
    packs = sorted(
        (p for p in folder().iterdir() if p.suffix.lstrip(".") in MEDIA and JOB_RE.match(p.stem)),
        key=lambda p: p.stat().st_mtime,
    )
    total = sum(p.stat().st_size for p in packs)
    while packs and total + size > quota:
        oldest = packs.pop(0)
        total -= oldest.stat().st_size
        oldest.unlink(missing_ok=True)
    return True


# -- the queue and its workers (per process) ---------------------------------------------------------------

_queue: queue.Queue | None = None
_queue_limits: tuple[int, int] | None = None
_lock = threading.Lock()


def _run(job: str, repo: Repository, urls: list[str], fmt: str, lang: str, client: str, scope: Any) -> None:
    owner = _owner(scope)

    def progress(done: int, total: int) -> None:
        _write(job, {"state": "running", "done": done, "total": total, "format": fmt, "client": client,
                     "owner": owner})  # fmt: skip

    try:
        progress(0, max(len(urls), 1))
        # the pack shows what the asker may see: its request's scope, in this worker thread too
        with session.acting_as(scope) if scope is not None else contextlib.nullcontext():
            (data,) = build(repo, urls, fmt, lang=lang, progress=progress)
        if not _make_room(len(data), settings().quota_bytes):
            raise RuntimeError(f"pakket van {len(data)} bytes past niet in WIJKWAARDE_PACK_QUOTA_MB")
        _write_private(folder() / f"{job}.{fmt}", data)
        _write(
            job, {"state": "done", "done": 1, "total": 1, "format": fmt, "bytes": len(data), "owner": owner}
        )
    except Exception:  # logged for the administrator; the page says it failed, without a traceback
        log.exception("raadspakket %s mislukt", job)
        _write(job, {"state": "failed", "done": 0, "total": 1, "format": fmt, "owner": owner})


def _owner(scope: Any) -> str:
    """Whose pack a job is: the cache key of the scope it was built with (session.scope_key's text)."""
    return "all" if scope is None else scope.cache_key


def _worker(jobs_queue: queue.Queue) -> None:
    while True:
        task = jobs_queue.get()
        try:
            _run(*task)
        finally:
            jobs_queue.task_done()


def _ensure_queue() -> queue.Queue:
    """The process's queue and its fixed number of worker threads, made on first use (and again when the
    settings change, for tests: the old workers finish the old queue)."""
    global _queue, _queue_limits
    limits = settings()
    if _queue is None or _queue_limits != (limits.workers, limits.queue):
        _queue, _queue_limits = queue.Queue(maxsize=limits.queue), (limits.workers, limits.queue)
        for n in range(limits.workers):
            threading.Thread(target=_worker, args=(_queue,), name=f"pack-worker-{n}", daemon=True).start()
    return _queue


def start(repo: Repository, urls: Sequence[str], fmt: str, lang: str, client: str = "-") -> str:
    """Queue a pack; returns the job id to poll with `status`. Raises Busy when the queue is full or the
    client (client_key of its address) already has WIJKWAARDE_PACK_PER_CLIENT packs in flight."""
    if fmt not in MEDIA:
        raise ValueError(f"onbekend formaat {fmt!r}")
    with _lock:
        jobs_queue = _ensure_queue()
        _cleanup()
        if in_flight(client) >= settings().per_client:
            raise Busy("client")
        job = uuid.uuid4().hex
        scope = session.request_scope()
        _write(job, {"state": "queued", "done": 0, "total": max(len(urls), 1), "format": fmt, "client": client,
                     "owner": _owner(scope)})  # fmt: skip
        try:
            jobs_queue.put_nowait((job, repo, list(urls), fmt, lang, client, scope))
        except queue.Full:
            (folder() / f"{job}.json").unlink(missing_ok=True)
            raise Busy("queue") from None
    return job


def status(job: Any) -> dict[str, Any] | None:
    """A job's state, for the scope that asked for it only (another session, even with the job's id, gets
    None: a fund's pack of exact figures is nobody else's)."""
    if not isinstance(job, str) or not JOB_RE.match(job):
        return None
    path = folder() / f"{job}.json"
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("format") not in MEDIA:
        return None  # a job file is data from disk: only the formats we write are believed
    if state.get("owner") != session.scope_key():
        return None
    return state


def result(job: Any) -> Path | None:
    """The finished file of a job, or None (unknown, unfinished or malformed id or job file)."""
    state = status(job)
    if not state or state.get("state") != "done":
        return None
    path = folder() / f"{job}.{state['format']}"
    return path if path.is_file() and not path.is_symlink() else None
