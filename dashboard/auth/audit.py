"""The audit log: logins, failed logins, access changes and (once the scope is enforced) loads and exports.

`record()` is the one way in; `entries()` reads it back for `wijkwaarde audit` and the beheerder.
"""

from __future__ import annotations

from pathlib import Path

from dashboard.auth import store

ACTIONS = (
    "login",
    "login_failed",
    "logout",
    "grant",
    "revoke",
    "load",
    "publish",
    "export",
    "refused",
    # grantee reports (dashboard/reports/): a plan saved, a link made, a report accepted or returned, a reminder
    "report_plan",
    "report_link",
    "report_accept",
    "report_return",
    "report_reminder",
)
MAX_DETAIL = 500


def printable(text: str) -> str:
    """`text` with every control or format character (line breaks, ESC, bidi overrides) written as its code,
    e.g. '\\x1b': details come from requests (a provider's error, a file name, a login's claims), and the
    log is read in a terminal (`wijkwaarde audit`) and a web page, where such characters would forge lines,
    colour or clear the screen, set the window title or turn text around."""
    return "".join(
        c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}" for c in text
    )


def record(actor: str, action: str, detail: str = "", address: str = "", home: Path | None = None) -> None:
    """Append who (`actor`) did what (`action`, allow-listed; `detail` free text, cut at 500 characters);
    control characters are kept as their codes (printable)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    with store.connect(home) as con:
        con.execute(
            "INSERT INTO audit_log (actor, action, detail, address) VALUES (?, ?, ?, ?)",
            (
                printable((actor or "anoniem")[:200]),
                action,
                printable(detail[:MAX_DETAIL]),
                printable(address[:64]),
            ),
        )


def entries(limit: int = 200, home: Path | None = None) -> list[tuple[str, str, str, str, str]]:
    """The newest `limit` entries, oldest first: (when, who, what, detail, address)."""
    with store.connect(home) as con:
        rows = con.execute(
            "SELECT at, actor, action, detail, address FROM audit_log ORDER BY id DESC LIMIT ?", (limit,)
        ).fetchall()
    return [tuple(printable(str(v)) for v in row) for row in rows[::-1]]  # also lines older than printable()
