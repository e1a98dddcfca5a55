"""Accepted stories for the dashboard: the initiative page, the map layer and the council pack.

The public sees a story and its photo only with the initiative's consent; a session whose scope may review
the grant (its fund, its gemeente, a beheerder) sees the others too. Photos are served by one route that
applies the same rule.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from flask import abort, send_file

from dashboard.auth import session
from dashboard.auth.grants import Scope
from dashboard.reports import access, photos, register, store, workflow

PHOTO_PREFIX = "/rapportage-foto/"
PACK_NAME = "verhalen"  # the council pack's Verhalen slide: /initiatief?code=...&grafiek=verhalen


def visible(
    scope: Scope | None, home: Path | None = None, known: list[register.GrantInfo] | None = None
) -> list[workflow.Story]:
    """The accepted stories `scope` may see (None: no login in this app, so the public rule); `known`: the
    register's grants when the caller has read them."""
    if not store.reports_path(home).exists():
        return []
    found = workflow.stories(home)
    if scope is None or scope.is_public:
        return [s for s in found if s.consent]
    known = register.grants(home) if known is None else known
    # per grant, not per initiative: an initiative with grants of two funders has stories for each
    by_funder = {(g.initiative_code, g.funder_code) for g in known if access.can_review(scope, g)}
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


def changes(home: Path | None = None) -> int:
    """The stories' change count (a new accepted story adds one): part of the map's cache key."""
    return store.changes(store.STORIES, home)


@dataclass(frozen=True)
class Place:
    """One marker of the map's story layer: an area (a buurt, or a gemeente on the national map) with its
    number of stories and the initiatives that told them (code, name), by name."""

    code: str
    count: int
    initiatives: tuple[tuple[str, str], ...]
    public: int = 0  # how many of them have consent (only those may go into the council pack)


_lock = threading.Lock()
_seen: OrderedDict[tuple[str, str, int, str], tuple[list[workflow.Story], dict[str, str]]] = OrderedDict()
SEEN = 32  # (warehouse, version, count, scope) answers kept per worker


def for_map(
    scope: Scope | None, version: str, home: Path | None = None
) -> tuple[list[workflow.Story], dict[str, str]]:
    """(the stories `scope` may see, initiative code -> name), read once per warehouse version, change
    count of the stories (store.changes) and scope: the map callback asks this on every cache miss."""
    key = (str(home), version, changes(home), "all" if scope is None else scope.cache_key)
    with _lock:
        found = _seen.get(key)
        if found is not None:
            _seen.move_to_end(key)
            return found
    known = register.grants(home) if store.reports_path(home).exists() else []
    shown = visible(scope, home, known)
    names = {g.initiative_code: g.initiative_name for g in known}
    with _lock:
        _seen[key] = (shown, names)
        while len(_seen) > SEEN:
            _seen.popitem(last=False)
    return shown, names


def in_selection(
    found: list[workflow.Story],
    years: tuple[int, int] | None = None,
    funders: Collection[str] = (),
    buurten: Collection[str] | None = None,
) -> list[workflow.Story]:
    """The stories placed in a selection: in `buurten` (None: anywhere), their period overlapping `years`,
    and, when funders are chosen, reported to one of them; in the order of `found` (newest first)."""
    return [
        s
        for s in found
        if s.buurt_code
        and (not funders or s.funder_code in funders)
        and (years is None or (s.period.end.year >= years[0] and s.period.start.year <= years[1]))
        and (buurten is None or s.buurt_code in buurten)
    ]


def places(
    found: list[workflow.Story],
    names: dict[str, str],
    areas: Collection[str],
    national: bool = False,
    years: tuple[int, int] | None = None,
    funders: Collection[str] = (),
) -> list[Place]:
    """The stories of the map's selection per area of `areas` (buurt codes; gemeente codes when `national`):
    only those whose period overlaps `years` and, when funders are chosen, of those funders."""
    per: dict[str, list[workflow.Story]] = {}
    for s in in_selection(found, years, funders):
        area = "GM" + s.buurt_code[2:6] if national else s.buurt_code
        if area in areas:
            per.setdefault(area, []).append(s)
    out = []
    for area in sorted(per):
        codes = dict.fromkeys(s.initiative_code for s in per[area])
        named = sorted(((c, names.get(c, c)) for c in codes), key=lambda p: p[1].casefold())
        out.append(Place(area, len(per[area]), tuple(named), sum(s.consent for s in per[area])))
    return out


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
