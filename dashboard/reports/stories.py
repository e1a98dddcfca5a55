"""Accepted stories for the dashboard: the initiative page, the map layer and the council pack.

The public sees a story and its photo only with the initiative's consent; a session whose scope may review
the grant (its fund, its gemeente, a beheerder) sees the others too. Photos are served by one route that
applies the same rule.
"""

from __future__ import annotations

from pathlib import Path

from flask import abort, send_file

from dashboard.auth import session
from dashboard.auth.grants import Scope
from dashboard.reports import access, photos, register, store, workflow

PHOTO_PREFIX = "/rapportage-foto/"
PACK_NAME = "verhalen"  # the council pack's Verhalen slide: /initiatief?code=...&grafiek=verhalen


def visible(scope: Scope | None, home: Path | None = None) -> list[workflow.Story]:
    """The accepted stories `scope` may see (None: no login in this app, so the public rule)."""
    if not store.reports_path(home).exists():
        return []
    found = workflow.stories(home)
    if scope is None or scope.is_public:
        return [s for s in found if s.consent]
    grants = {g.initiative_code: g for g in register.grants(home) if access.can_review(scope, g)}
    by_funder = {(g.initiative_code, g.funder_code) for g in grants.values()}
    return [s for s in found if s.consent or (s.initiative_code, s.funder_code) in by_funder]


def for_initiative(code: str, scope: Scope | None, home: Path | None = None) -> list[workflow.Story]:
    return [s for s in visible(scope, home) if s.initiative_code == code]


def per_buurt(scope: Scope | None, home: Path | None = None) -> dict[str, int]:
    """How many stories each buurt has (the map layer)."""
    counts: dict[str, int] = {}
    for s in visible(scope, home):
        if s.buurt_code:
            counts[s.buurt_code] = counts.get(s.buurt_code, 0) + 1
    return counts


def photo_allowed(name: str, scope: Scope | None, home: Path | None = None) -> bool:
    with store.connect(home) as con:
        row = con.execute(
            "SELECT s.consent, s.decision, r.grant_code FROM submission s JOIN report_request r "
            "ON r.id = s.request_id WHERE s.photo = ?",
            (name,),
        ).fetchone()
    if row is None:
        return False
    if row["consent"] and row["decision"] == "geaccepteerd":
        return True
    if scope is None or scope.is_public:
        return False
    grant = register.grant(row["grant_code"], home)
    return grant is not None and access.can_review(scope, grant)


def install(server) -> None:
    @server.get(PHOTO_PREFIX + "<name>")
    def report_photo(name: str):
        path = photos.path_of(name)
        scope = session.request_scope()
        if path is None or not photo_allowed(name, scope):
            abort(404)  # the same answer for 'no such photo' and 'not for you'
        response = send_file(path, mimetype="image/jpeg")
        public = scope is None or scope.is_public
        response.headers["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
        return response
