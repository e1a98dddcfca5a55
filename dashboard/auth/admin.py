"""/beheer/toegang: the grants and the audit log, for a logged-in beheerder only (read-only; changes go
through `wijkwaarde access`, so every change has an operator and a line in the audit log)."""

from __future__ import annotations

from flask import redirect
from markupsafe import escape

from dashboard.auth import audit, grants, session

PATH = "/beheer/toegang"


def _table(head: tuple[str, ...], rows) -> str:
    header = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


def install(server) -> None:
    @server.get(PATH)
    def access_overview():
        if session.current_user() is None:
            return redirect("/login?next=" + PATH)
        if "beheerder" not in session.current_scope().roles:
            return "Alleen voor een beheerder.", 403
        page = (
            '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Wijkwaarde – Toegang</title>'
            '</head><body><main><h1>Toegang</h1><p><a href="/">Terug naar het dashboard</a></p>'
            + _table(("subject", "rol", "gemeente", "financier", "door", "wanneer"), grants.all_grants())
            + "<h2>Auditlog (nieuwste 200)</h2>"
            + _table(("wanneer", "wie", "wat", "details", "adres"), audit.entries(200))
            + "</main></body></html>"
        )
        return page, 200, {"Content-Type": "text/html; charset=utf-8"}
