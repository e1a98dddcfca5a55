"""The data layer, in three parts put together here: protected(cached(reader)).

- reader.py: DuckDBReader, the published DuckDB file read-only, SQL files with bound values, exact answers;
- cache.py: CachedReader, the reader's answers shared between workers in Redis (with the setting only);
- protected.py: ProtectedRepository, every disclosure decision; the dashboard's only way to the data.
interface.py is the Repository protocol the dashboard codes against.
"""

from __future__ import annotations

from pathlib import Path

from dashboard import protection as prot
from dashboard.repository.cache import cached
from dashboard.repository.interface import Repository
from dashboard.repository.protected import (
    NOBODY,
    SHIELDED_CODE,
    SHIELDED_NAME,
    STAT_BASES,
    Known,
    ProtectedRepository,
)
from dashboard.repository.reader import (
    PUBLISHED_NAME,
    DuckDBReader,
    NoDatabase,
    default_home,
    filter_params,
    period_dates,
)

# The templates (loader entities) each figure is built from, for its source line.
ENTITIES = {
    "kpis": ("gebieden", "initiatieven", "subsidies", "waarnemingen"),
    "map": ("gebieden", "gebiedscijfers", "initiatieven", "subsidies", "waarnemingen"),
    "trend": ("gebieden", "initiatieven", "indicatoren", "waarnemingen"),
    "table": ("gebieden", "organisaties", "initiatieven", "subsidies", "waarnemingen"),
    "portfolio": ("gebieden", "initiatieven", "financiers", "subsidies", "indicatoren", "waarnemingen"),
    "survival": ("gebieden", "initiatieven", "financiers", "subsidies", "waarnemingen"),
}

__all__ = [
    "ENTITIES", "PUBLISHED_NAME", "SHIELDED_CODE", "SHIELDED_NAME", "STAT_BASES", "DuckDBReader",
    "DuckDBRepository", "NoDatabase", "ProtectedRepository", "Repository", "default_home", "filter_params",
    "period_dates",
]  # fmt: skip


def DuckDBRepository(  # noqa: N802 - the name every caller knows; it builds, so it reads like the class
    home: Path | str | None = None, protection: prot.Protection | None = None
) -> ProtectedRepository:
    """The dashboard's repository on the published file in `home`: protected(cached(reader)).

    `protection` defaults to the settings (WIJKWAARDE_PRIVACY_K, WIJKWAARDE_MODE); the Redis cache is there
    only with WIJKWAARDE_CACHE_REDIS_URL. Both take the request's scope from the server-side session
    (dashboard/auth/session.py, issue 15): the protection decides per question what the scope sees
    exactly, and the cache keys every answer by it.
    """
    from dashboard.auth import session  # the login layer imports Flask's session: only when built

    reader = cached(DuckDBReader(home), scope=session.scope_key)

    def known() -> Known:  # the grants beside this warehouse (access.sqlite, or WIJKWAARDE_ACCESS_DB)
        funders, gemeenten = session.known_exact(reader.home)
        return Known(funders, gemeenten) if funders or gemeenten else NOBODY

    return ProtectedRepository(reader, protection, scope=session.request_scope, known=known)
