"""A query cache shared by all workers (flask-caching on Redis), on when WIJKWAARDE_CACHE_REDIS_URL is set.

Every repository query goes through `DuckDBRepository._df`; the cache wraps that one method. The key
holds the published version (the file the symlink points at), the SQL file name and the bound
parameters, so a publish moves every worker to new keys at once: nothing has to be deleted, and the
old entries expire (WIJKWAARDE_CACHE_SECONDS, default one hour).
"""

from __future__ import annotations

import hashlib
import logging
import os
from typing import Any

import flask
import pandas as pd

ENV_URL = "WIJKWAARDE_CACHE_REDIS_URL"
ENV_SECONDS = "WIJKWAARDE_CACHE_SECONDS"
ENV_WORKER_HEADER = "WIJKWAARDE_WORKER_HEADER"  # tests and benchmarks: which worker answered, cache use
KEY_PREFIX = "wijkwaarde:"
log = logging.getLogger("wijkwaarde.cache")


def cache_key(version: str, name: str, params: dict[str, Any] | None) -> str:
    """A stable key: the version, the query and its parameters (values of any type, in name order)."""
    text = repr(sorted((params or {}).items()))
    return f"{version}:{name}:" + hashlib.sha256(text.encode()).hexdigest()[:32]


def _count(kind: str) -> None:
    if flask.has_request_context():
        flask.g.wijkwaarde_cache = getattr(flask.g, "wijkwaarde_cache", {"hit": 0, "miss": 0})
        flask.g.wijkwaarde_cache[kind] += 1


def install(server: flask.Flask, repo: Any) -> Any | None:
    """Switch the shared cache on for `repo` when the setting is present; returns the Cache or None."""
    if os.environ.get(ENV_WORKER_HEADER) == "1":

        @server.after_request
        def worker_header(response: flask.Response) -> flask.Response:
            response.headers["X-Wijkwaarde-Worker"] = str(os.getpid())
            used = getattr(flask.g, "wijkwaarde_cache", None)
            if used is not None:
                response.headers["X-Wijkwaarde-Cache"] = f"hit={used['hit']} miss={used['miss']}"
            return response

    url = os.environ.get(ENV_URL)
    if not url or not hasattr(repo, "_df"):
        return None
    from flask_caching import Cache  # imported here: without the setting nobody pays for it

    cache = Cache(
        server,
        config={
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": url,
            "CACHE_KEY_PREFIX": KEY_PREFIX,
            "CACHE_DEFAULT_TIMEOUT": int(os.environ.get(ENV_SECONDS, "3600")),
        },
    )
    query = repo._df

    def cached_df(name: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        key = cache_key(repo.version(), name, params)
        try:
            found = cache.get(key)
        except Exception as exc:  # Redis away: answer from the database, never fail the request
            log.warning("cache unavailable (%s); querying the database", exc)
            return query(name, params)
        if found is not None:
            _count("hit")
            return found.copy()  # callers may change the frame; the cached one stays as it was
        _count("miss")
        result = query(name, params)
        try:
            cache.set(key, result)
        except Exception as exc:
            log.warning("cache unavailable (%s); result not stored", exc)
        return result

    repo._df = cached_df
    return cache
