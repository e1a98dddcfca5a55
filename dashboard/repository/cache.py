"""A query cache shared by all workers (Redis), in front of the reader; on when WIJKWAARDE_CACHE_REDIS_URL is set.

It caches the reader's exact answers, below protection: the protection wrapper applies its rules to a
cached answer as to a fresh one, so the cache can never change what is shown. The key holds the published
version (the file the symlink points at), a scope, the reader's method and its arguments, so a publish
moves every worker to new keys at once: nothing has to be deleted, and the old entries expire
(WIJKWAARDE_CACHE_SECONDS, default one hour). A Redis that is away is a miss, never a failed request.

The scope is the request's (issue 15: dashboard/auth/session.scope_key, from the server-side session),
so two scopes never share an entry, even though the entries are the reader's answers below protection:
a cache that cannot mix tenants by construction, not by the care of each caller. ALL_ROWS is the scope of
a reader used without a login (tests, the CLI).
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import os
from collections.abc import Callable
from typing import Any

import flask

from dashboard.repository.reader import CATALOGUE, DuckDBReader

ENV_URL = "WIJKWAARDE_CACHE_REDIS_URL"
ENV_SECONDS = "WIJKWAARDE_CACHE_SECONDS"
ENV_WORKER_HEADER = "WIJKWAARDE_WORKER_HEADER"  # tests and benchmarks: which worker answered, cache use
KEY_PREFIX = "wijkwaarde:"
ALL_ROWS = "all"  # the scope without a login in the app (session.scope_key says the same)
# Reader attributes that are not questions to the warehouse, or that the worker answers from its own
# memory already (the catalogue, reader.py): asking Redis for them would only be slower.
NOT_CACHED = (
    frozenset(
        {
            "available",
            "version",
            "home",
            "link",
            "aggregation",
            "theme_bits",
            "remember",
            "indicator_cells",
            "initiative_set",
            "grant_set",
            "value_set",
            "country_cells",
        }
    )
    | CATALOGUE
)
log = logging.getLogger("wijkwaarde.cache")


def _canonical(value: Any) -> str:
    """A text that is equal for equal arguments: dictionaries in key order, everything else by repr."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_canonical(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, list | tuple):
        inner = ", ".join(_canonical(v) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner})"
    return repr(value)


def cache_key(version: str, scope: str, name: str, arguments: dict[str, Any]) -> str:
    """A stable key: the version, the scope, the reader's method and its arguments (in name order)."""
    text = _canonical(arguments)
    return f"{version}:{scope}:{name}:" + hashlib.sha256(text.encode()).hexdigest()[:32]


def _count(kind: str) -> None:
    if flask.has_request_context():
        flask.g.wijkwaarde_cache = getattr(flask.g, "wijkwaarde_cache", {"hit": 0, "miss": 0})
        flask.g.wijkwaarde_cache[kind] += 1


class CachedReader:
    """The reader's methods, answered from Redis when another worker (or this one) asked them before.

    Wraps a DuckDBReader without changing it: every question method is looked up on the reader and
    cached by its name and bound arguments; anything in NOT_CACHED goes straight to the reader.
    """

    def __init__(self, reader: DuckDBReader, store: Any, scope: Callable[[], str] = lambda: ALL_ROWS) -> None:
        self.reader = reader
        self.store = store  # a cachelib RedisCache (get/set)
        self.scope = scope
        self._signatures: dict[str, inspect.Signature] = {}

    def __getattr__(self, name: str) -> Any:
        found = getattr(self.reader, name)
        if name in NOT_CACHED or name.startswith("_") or not callable(found):
            return found

        def cached(*args: Any, **kwargs: Any) -> Any:
            return self._ask(name, found, args, kwargs)

        return cached

    def _ask(self, name: str, method: Callable[..., Any], args: tuple, kwargs: dict) -> Any:
        signature = self._signatures.get(name) or self._signatures.setdefault(name, inspect.signature(method))
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        key = cache_key(self.reader.version(), self.scope(), name, bound.arguments)
        try:
            found = self.store.get(key)
        except Exception as exc:  # Redis away: answer from the database, never fail the request
            log.warning("cache unavailable (%s); querying the database", exc)
            return method(*args, **kwargs)
        if found is not None:
            _count("hit")
            return found  # unpickled afresh: callers may change it
        _count("miss")
        result = method(*args, **kwargs)
        try:
            self.store.set(key, result)
        except Exception as exc:
            log.warning("cache unavailable (%s); result not stored", exc)
        return result


def cached(
    reader: DuckDBReader, environ: dict[str, str] | None = None, scope: Callable[[], str] = lambda: ALL_ROWS
) -> DuckDBReader | CachedReader:
    """`reader` behind the shared cache when WIJKWAARDE_CACHE_REDIS_URL is set, else `reader` itself.
    `scope` gives the current request's scope (session.scope_key), a part of every key."""
    env = os.environ if environ is None else environ
    url = env.get(ENV_URL)
    if not url:
        return reader
    # imported here: without the setting nobody pays for them
    import redis
    from cachelib import RedisCache

    client = redis.Redis.from_url(url)
    store = RedisCache(host=client, key_prefix=KEY_PREFIX, default_timeout=int(env.get(ENV_SECONDS, "3600")))
    return CachedReader(reader, store, scope)


def install_worker_header(server: flask.Flask) -> None:
    """Tests and benchmarks (WIJKWAARDE_WORKER_HEADER=1): each response names its worker and cache use."""
    if os.environ.get(ENV_WORKER_HEADER) != "1":
        return

    @server.after_request
    def worker_header(response: flask.Response) -> flask.Response:
        response.headers["X-Wijkwaarde-Worker"] = str(os.getpid())
        used = getattr(flask.g, "wijkwaarde_cache", None)
        if used is not None:
            response.headers["X-Wijkwaarde-Cache"] = f"hit={used['hit']} miss={used['miss']}"
        return response
