"""Who may see what: grants (subject, role, gemeente or funder) and the Scope a login gets from them.

A grant names a subject (the provider's `sub` or e-mail claim), one allow-listed role and, for gemeente and
fonds, the gemeente or funder it covers. A login's scope is the OR of all its grants; no grant is the public
view. The Scope is a frozen value: its `cache_key` is the `scope` part of the repository's cache key
(dashboard/repository/cache.py), so two scopes never share a cached answer.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard.auth import audit, store

ROLES = ("publiek", "gemeente", "fonds", "beheerder")
GEMEENTE = re.compile(r"^GM\d{4}$")
FUNDER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
SUBJECT = re.compile(r"^[^\s\x00-\x1f]{1,200}$")


class GrantError(ValueError):
    """A grant that may not be made; the message says why (Dutch)."""


@dataclass(frozen=True)
class Scope:
    """The rows a session may see beyond the public view: its roles, gemeenten and funders."""

    roles: frozenset[str] = frozenset()
    gemeenten: frozenset[str] = frozenset()
    funders: frozenset[str] = frozenset()

    @property
    def is_public(self) -> bool:
        return not (self.roles - {"publiek"})

    @property
    def cache_key(self) -> str:
        """A stable text for the repository cache key: equal scopes give equal keys, others never."""
        if self.is_public:
            return "publiek"
        roles = "+".join(sorted(self.roles - {"publiek"}))
        return f"r={roles};g={'+'.join(sorted(self.gemeenten))};f={'+'.join(sorted(self.funders))}"

    def __or__(self, other: Scope) -> Scope:
        return Scope(self.roles | other.roles, self.gemeenten | other.gemeenten, self.funders | other.funders)


PUBLIC = Scope()


@dataclass(frozen=True)
class Grant:
    subject: str
    role: str
    gemeente: str = ""
    funder: str = ""

    @property
    def scope(self) -> Scope:
        """What this one grant adds: a gemeente grant its gemeente, a fonds grant its funder."""
        if self.role == "publiek":
            return PUBLIC
        return Scope(
            frozenset({self.role}),
            frozenset({self.gemeente}) if self.gemeente else frozenset(),
            frozenset({self.funder}) if self.funder else frozenset(),
        )


def normal_subject(subject: str) -> str:
    return subject.strip().lower()


def validate(subject: str, role: str, gemeente: str = "", funder: str = "") -> Grant:
    """A checked grant: allow-listed role, GM code or funder code where the role needs one, nothing else."""
    subject = normal_subject(subject)
    if not SUBJECT.match(subject):
        raise GrantError("Ongeldig subject: 1-200 tekens zonder spaties.")
    if role not in ROLES:
        raise GrantError(f"Onbekende rol {role!r}; toegestaan: {', '.join(ROLES)}.")
    if gemeente and not GEMEENTE.match(gemeente):
        raise GrantError(f"Ongeldige gemeentecode {gemeente!r}: verwacht GM gevolgd door vier cijfers.")
    if funder and not FUNDER.match(funder):
        raise GrantError(f"Ongeldige financiercode {funder!r}: letters, cijfers, _ . - (max. 64).")
    if role == "gemeente" and (not gemeente or funder):
        raise GrantError("Rol gemeente hoort bij precies één --gemeente (en geen --funder).")
    if role == "fonds" and (not funder or gemeente):
        raise GrantError("Rol fonds hoort bij precies één --funder (en geen --gemeente).")
    if role in ("publiek", "beheerder") and (gemeente or funder):
        raise GrantError(f"Rol {role} geldt overal: geef geen --gemeente of --funder.")
    return Grant(subject, role, gemeente, funder)


def grant(grants: list[Grant], actor: str, home: Path | None = None) -> int:
    """Store `grants` (already validated); returns how many were new. Each change is in the audit log."""
    added = 0
    with store.connect(home) as con:
        for g in grants:
            cursor = con.execute(
                "INSERT OR IGNORE INTO access_grant (subject, role, gemeente, funder, granted_by) "
                "VALUES (?, ?, ?, ?, ?)",
                (g.subject, g.role, g.gemeente, g.funder, actor),
            )
            added += cursor.rowcount
    for g in grants:
        audit.record(actor, "grant", _describe(g), home=home)
    return added


def revoke(subject: str, role: str | None = None, actor: str = "", home: Path | None = None) -> int:
    """Remove the subject's grants (of `role` only, when given); returns how many were removed."""
    subject = normal_subject(subject)
    if role is not None and role not in ROLES:
        raise GrantError(f"Onbekende rol {role!r}; toegestaan: {', '.join(ROLES)}.")
    with store.connect(home) as con:
        removed = con.execute(
            "DELETE FROM access_grant WHERE subject = ? AND (? IS NULL OR role = ?)", (subject, role, role)
        ).rowcount
    audit.record(actor, "revoke", f"{subject} rol={role or 'alle'} ({removed} verwijderd)", home=home)
    return removed


def end_logins(subject: str, actor: str, home: Path | None = None) -> None:
    """End every login of `subject` (its `sub` or e-mail) now: its next click is the public view until it logs
    in again. For a role a provider's role claim gave at the login (kept in the session until it expires):
    withdrawn in the provider, it counts from the user's next login, or at once after this."""
    subject = normal_subject(subject)
    if not SUBJECT.match(subject):
        raise GrantError("Ongeldig subject: 1-200 tekens zonder spaties.")
    with store.connect(home) as con:
        con.execute(
            "INSERT INTO ended_login (subject, before) VALUES (?, ?) "
            "ON CONFLICT (subject) DO UPDATE SET before = excluded.before",
            (subject, int(time.time()) + 1),
        )
    audit.record(actor, "logout", f"{subject}: alle sessies beëindigd", home=home)


def grants_of(subjects: list[str], home: Path | None = None) -> list[Grant]:
    wanted = sorted({normal_subject(s) for s in subjects if s and s.strip()})
    if not wanted:
        return []
    marks = ", ".join("?" for _ in wanted)
    with store.read(home) as con:
        rows = con.execute(
            f"SELECT subject, role, gemeente, funder FROM access_grant WHERE subject IN ({marks})",  # noqa: S608 - marks only
            wanted,
        ).fetchall()
    return [Grant(*row) for row in rows]


def all_grants(home: Path | None = None) -> list[tuple[str, str, str, str, str, str]]:
    """Every grant: (subject, role, gemeente, funder, granted by, granted at), by subject."""
    with store.connect(home) as con:
        return con.execute(
            "SELECT subject, role, gemeente, funder, granted_by, granted_at FROM access_grant "
            "ORDER BY subject, role, gemeente, funder"
        ).fetchall()


def subjects_of(claims: Mapping[str, Any]) -> list[str]:
    """The names a login is known by: its `sub`, and its e-mail unless the provider says it is unverified."""
    names = [str(claims.get("sub") or "")]
    if claims.get("email") and claims.get("email_verified", True) is not False:
        names.append(str(claims["email"]))
    return [n for n in names if n]


def claimed_scope(claims: Mapping[str, Any], role_claim: str) -> Scope:
    """Roles the provider itself asserts in `role_claim` (only for a provider trusted with it, see docs/login.md):
    `beheerder`, `gemeente:GM0363`, `fonds:CODE`. Anything else is ignored."""
    if not role_claim:
        return PUBLIC
    values = claims.get(role_claim) or []
    values = [values] if isinstance(values, str) else values
    scope = PUBLIC
    for value in values if isinstance(values, list) else []:
        role, _, target = str(value).partition(":")
        try:
            checked = validate(
                "claim", role, target if role == "gemeente" else "", target if role == "fonds" else ""
            )
        except GrantError:
            continue
        scope |= checked.scope
    return scope


def scope_for(subject_claims: Mapping[str, Any], role_claim: str = "", home: Path | None = None) -> Scope:
    """The scope of a login: the OR of the grants of its subject and e-mail (and of trusted role claims).
    No grant: PUBLIC."""
    scope = claimed_scope(subject_claims, role_claim)
    for g in grants_of(subjects_of(subject_claims), home):
        scope |= g.scope
    return scope


def exact_viewers(home: Path | None = None) -> tuple[frozenset[str], frozenset[str]]:
    """The funders and the gemeenten somebody may see exactly: every fonds and gemeente grant, and every one
    a trusted provider's role claim has brought to a login. The public answers guard against differencing
    with each (dashboard/repository/protected.py). No access database yet: nobody."""
    if not store.access_path(home).exists():
        return frozenset(), frozenset()
    with store.read(home) as con:
        rows = con.execute(
            "SELECT role, gemeente || funder FROM access_grant WHERE role IN ('fonds', 'gemeente') "
            "UNION SELECT role, target FROM claimed_scope"
        ).fetchall()
    funders = frozenset(t for role, t in rows if role == "fonds" and t)
    gemeenten = frozenset(t for role, t in rows if role == "gemeente" and t)
    return funders, gemeenten


def remember_claims(scope: Scope, home: Path | None = None) -> None:
    """A login's claimed gemeenten and funders, kept so the public answers guard against them from now on."""
    rows = [("gemeente", g) for g in scope.gemeenten] + [("fonds", f) for f in scope.funders]
    if not rows:
        return
    with store.connect(home) as con:
        con.executemany("INSERT OR IGNORE INTO claimed_scope (role, target) VALUES (?, ?)", rows)


def _describe(g: Grant) -> str:
    target = f" gemeente={g.gemeente}" if g.gemeente else f" financier={g.funder}" if g.funder else ""
    return f"{g.subject} rol={g.role}{target}"


def describe_scope(scope: Scope) -> str:
    """The scope in one Dutch line, for the header and the command line: 'gemeente GM0363 · fonds F1'."""
    if scope.is_public:
        return "publiek"
    parts = []
    for role in sorted(scope.roles - {"publiek"}):
        targets = scope.gemeenten if role == "gemeente" else scope.funders if role == "fonds" else ()
        parts.append(" ".join([role, ", ".join(sorted(targets))]).strip())
    return " · ".join(parts)
