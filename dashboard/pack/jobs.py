"""Packs built in the background: a thread per job, its progress in a small JSON file any worker can read.

gunicorn runs several worker processes, and the browser's progress polls may reach any of them, so the
state lives in files (one folder per machine, `WIJKWAARDE_PACK_DIR`), not in a worker's memory. Job ids
are random and checked against a pattern before they touch a path.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dashboard.pack.build import build
from dashboard.repository import Repository

JOB_RE = re.compile(r"^[0-9a-f]{32}$")
KEEP_SECONDS = 3600
MEDIA = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}
log = logging.getLogger("wijkwaarde")


def folder() -> Path:
    path = Path(os.environ.get("WIJKWAARDE_PACK_DIR") or Path(tempfile.gettempdir()) / "wijkwaarde-packs")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write(job: str, state: dict[str, Any]) -> None:
    target = folder() / f"{job}.json"
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(state), encoding="utf-8")
    os.replace(tmp, target)


def _cleanup() -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in folder().iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


def start(repo: Repository, urls: Sequence[str], fmt: str, lang: str) -> str:
    """Start building; returns the job id to poll with `status`."""
    if fmt not in MEDIA:
        raise ValueError(f"onbekend formaat {fmt!r}")
    _cleanup()
    job = uuid.uuid4().hex
    _write(job, {"state": "running", "done": 0, "total": max(len(urls), 1), "format": fmt})

    def run() -> None:
        try:
            (data,) = build(
                repo,
                list(urls),
                fmt,
                lang=lang,
                progress=lambda done, total: _write(
                    job, {"state": "running", "done": done, "total": total, "format": fmt}
                ),
            )
            (folder() / f"{job}.{fmt}").write_bytes(data)
            _write(job, {"state": "done", "done": 1, "total": 1, "format": fmt, "bytes": len(data)})
        except Exception:  # logged for the administrator; the page says it failed, without a traceback
            log.exception("raadspakket %s mislukt", job)
            _write(job, {"state": "failed", "done": 0, "total": 1, "format": fmt})

    threading.Thread(target=run, name=f"pack-{job}", daemon=True).start()
    return job


def status(job: Any) -> dict[str, Any] | None:
    if not isinstance(job, str) or not JOB_RE.match(job):
        return None
    path = folder() / f"{job}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def result(job: Any) -> Path | None:
    """The finished file of a job, or None (unknown, unfinished or malformed id)."""
    state = status(job)
    if not state or state.get("state") != "done":
        return None
    path = folder() / f"{job}.{state['format']}"
    return path if path.exists() else None
