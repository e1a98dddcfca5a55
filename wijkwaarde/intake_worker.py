"""The upload page's worker: `python -m wijkwaarde.intake_worker check|publish|rollback ...`.

The dashboard reads etl/ only through its contract, so an upload's check and publish run here, in a process
of their own that the upload route starts (dashboard/intake/routes.py): the same loader and rules as
`wijkwaarde load`, a crash or a kill of the load never takes a web worker with it, and the publish is the
loader's atomic swap under the load lock (a killed publish leaves the published data as it was).

- check JOB: etl.loader.check (publishes and records nothing), the rejects, and per faulty file its marked
  XLSX (etl/marked.py) in the upload's folder;
- publish JOB [--alleen-geldig]: etl.loader.load with the uploader as loaded_by and, for a fund, its
  Restriction; audited;
- rollback VERSION --door WHO: etl.rollback with the beheerder's name in the audit log.
State goes to the upload's job.json (dashboard/intake/uploads.py), which the page polls.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dashboard.auth import audit
from dashboard.intake import uploads
from etl import loader
from etl import warehouse as wh
from etl.batch import LoadReport, Reject
from etl.marked import marked_workbook
from etl.restriction import Restriction
from etl.rollback import rollback
from etl.ship import ShipRefused

log = logging.getLogger("wijkwaarde")
PROGRESS_SECONDS = 0.5  # the state file is rewritten at most this often while rows are read
LOAD_WAIT_SECONDS = 60  # a publish waits this long for a command-line load to finish
MAX_REJECTS_KEPT = 100_000  # in rejects.json for the grid; the marked files hold every one


def restriction_of(owner: dict[str, Any]) -> Restriction | None:
    """None for a beheerder (all templates); a fund's own funders otherwise (none: nothing may load)."""
    if "beheerder" in owner.get("roles", []):
        return None
    return Restriction.for_funders(frozenset(owner.get("funders", [])))


def _progress(home: Path, job: str) -> Callable[[str, int], None]:
    last = [0.0]

    def report(what: str, rows: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_SECONDS:
            last[0] = now
            uploads.update(home, job, progress=what, rows=rows)

    return report


def summary(report: LoadReport) -> list[dict[str, Any]]:
    return [
        {
            "file": p.source_name, "sheet": p.sheet, "entity": p.entity, "format": p.file_format,
            "sha256": p.sha256, "rows_in": p.rows_in, "rows_loaded": p.rows_loaded,
            "rows_rejected": p.rows_rejected, "status": p.status, "message": p.message, "batch": p.batch_id,
            "notes": p.notes,
        }
        for p in report.parts
    ]  # fmt: skip


def reject_rows(report: LoadReport) -> list[dict[str, Any]]:
    return [
        {"file": r.file_name, "sheet": r.sheet, "line": r.line, "column": r.column, "value": r.value, "reason": r.reason}
        for r in report.rejects[:MAX_REJECTS_KEPT]
    ]  # fmt: skip


def write_marked(home: Path, job: str, report: LoadReport) -> list[str]:
    """The marked XLSX of every uploaded file with a reject, as marked/<file name>.xlsx; their names."""
    folder = uploads.job_dir(home, job) / "marked"
    folder.mkdir(mode=0o700, exist_ok=True)
    written = []
    for path in uploads.files_of(home, job):
        parts = [p for p in report.parts if p.path.name == path.name]
        rejects: list[Reject] = [r for p in parts for r in p.rejects]
        if not rejects:
            continue
        formats = {p.file_format for p in parts}
        content = marked_workbook(path, rejects, "xlsx" if "xlsx" in formats else None)
        (folder / (path.name + ".xlsx")).write_bytes(content)
        written.append(path.name)
    return written


def check(home: Path, job: str) -> None:
    state = uploads.read(home, job) or {}
    report = loader.check(
        home,
        uploads.files_of(home, job),
        progress=_progress(home, job),
        restriction=restriction_of(state["owner"]),
    )
    uploads.write_rejects(home, job, reject_rows(report))
    marked = write_marked(home, job, report)
    active = [p for p in report.parts if not p.skipped]
    uploads.update(
        home, job, state="gecontroleerd", parts=summary(report), rejects=len(report.rejects), marked=marked,
        problems=report.problems, unchanged=not active,
        clean=bool(active) and not report.rejects and not report.problems,
        publishable=any(p.rows_loaded for p in active), progress="klaar",
    )  # fmt: skip


def publish(home: Path, job: str, only_valid: bool) -> None:
    state = uploads.read(home, job) or {}
    owner = state.get("owner", {})
    actor = owner.get("label") or owner.get("subject") or "onbekend"
    try:
        report = loader.load(
            home, uploads.files_of(home, job), allow_rejects=only_valid, progress=_progress(home, job),
            wait=LOAD_WAIT_SECONDS, restriction=restriction_of(owner), loaded_by=actor,
        )  # fmt: skip
    except wh.LoadInProgress:
        uploads.update(
            home, job, state="gecontroleerd", message="er liep een andere load: probeer het zo opnieuw"
        )
        return
    uploads.write_rejects(home, job, reject_rows(report))
    files = ", ".join(p.source_name for p in report.parts)[:200]
    loaded = sum(p.rows_loaded for p in report.parts if not p.skipped)
    if report.published:
        version = Path(str(report.version)).name if report.version else None
        outcome = f"gepubliceerd {version}" if version else "ongewijzigd"
        uploads.update(
            home, job, state="gepubliceerd", version=version, parts=summary(report), rejects=len(report.rejects),
            published_at=time.time(), progress="klaar", message="",
        )  # fmt: skip
    else:
        outcome = "niet gepubliceerd"
        uploads.update(
            home, job, state="niet_gepubliceerd", parts=summary(report), rejects=len(report.rejects),
            problems=report.problems, progress="klaar",
        )  # fmt: skip
    mode = "alleen geldige rijen" if only_valid else "alles"
    audit.record(
        actor, "publish", f"upload {job[:8]} ({mode}): {files}; {loaded} rijen; {outcome}",
        address=owner.get("address", ""), home=home,
    )  # fmt: skip


def roll_back(home: Path, version: str, actor: str, address: str) -> int:
    try:
        done = rollback(home, version, wait=30)
    except (ShipRefused, wh.LoadInProgress) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if done.changed:
        audit.record(actor, "publish", f"teruggezet naar {done.version} (was {done.previous})", address, home)
    print(done.version)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wijkwaarde.intake_worker")
    parser.add_argument("--home", type=Path, default=None)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check").add_argument("job")
    publish_args = sub.add_parser("publish")
    publish_args.add_argument("job")
    publish_args.add_argument("--alleen-geldig", action="store_true")
    back = sub.add_parser("rollback")
    back.add_argument("version")
    back.add_argument("--door", required=True)
    back.add_argument("--adres", default="")
    args = parser.parse_args(argv)
    from etl.contract import default_home

    home = args.home or default_home()
    if args.command == "rollback":
        return roll_back(home, args.version, args.door, args.adres)
    if uploads.job_dir(home, args.job) is None:
        print("geen geldige upload", file=sys.stderr)
        return 2
    uploads.update(home, args.job, pid=os.getpid())
    try:
        if args.command == "check":
            check(home, args.job)
        else:
            publish(home, args.job, args.alleen_geldig)
    except Exception:  # the user reads that it failed, in Dutch; the log (the upload's worker.log) why
        log.exception("upload %s: %s mislukt", args.job, args.command)
        what = "de controle" if args.command == "check" else "publiceren"
        uploads.update(
            home, args.job, state="mislukt",
            message=f"{what} is mislukt door een fout op de server (de beheerder vindt de oorzaak in worker.log "
            f"van upload {args.job[:8]}); de gepubliceerde gegevens zijn ongewijzigd",
        )  # fmt: skip
        return 1
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    sys.exit(main())
