"""Who may do what with reports: pure rules on a Scope (dashboard/auth/grants.py) and a grant.

A fund (role fonds) makes plans and links and reviews for the grants of its own funders; a gemeente
reviews for initiatives whose buurten lie in its gemeenten; a beheerder may do all of it.
"""

from __future__ import annotations

from dashboard.auth.grants import Scope
from dashboard.reports.register import GrantInfo


def can_manage(scope: Scope, grant: GrantInfo) -> bool:
    """Plans, links and reminders for this grant, and seeing its grantee's link: whoever holds the link can
    report as the initiative, so a gemeente that only reviews never gets it (it could report and accept)."""
    if "beheerder" in scope.roles:
        return True
    return "fonds" in scope.roles and grant.funder_code in scope.funders


def can_review(scope: Scope, grant: GrantInfo) -> bool:
    """Accept or return a report on this grant, and see what is not public (a story without consent)."""
    if can_manage(scope, grant):
        return True
    gemeenten = grant.gemeenten
    return "gemeente" in scope.roles and bool(gemeenten) and gemeenten <= scope.gemeenten


def may_use_reports(scope: Scope) -> bool:
    return bool(scope.roles & {"fonds", "gemeente", "beheerder"})
