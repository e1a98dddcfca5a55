"""Whole callback outputs, cached: the same question from anyone with the same scope is answered once.

A page's figure callbacks (overview, need, portfolio, survival, profile, value) are pure: their output depends
on their inputs, the published version, the protection settings and who asks (the scope, and the portfolios
somebody sees exactly, which the public answers guard against). The key holds all of them:
`version:sha256(protection, scope, known):callback:sha256(inputs)`, so a publish, a grant, another tenant
or another language never meets an old answer (the version's file name, as in the reader's cache: hosts
that received a version by `wijkwaarde ship` share its answers; the in-memory store is one app's own). Fifty councillors opening the same permalink cost one render.

Where: in Redis when WIJKWAARDE_CACHE_REDIS_URL is set (shared by every worker and host, entries expire
after WIJKWAARDE_OUTPUT_CACHE_SECONDS, default 600), else in the worker's memory (least recently used out
first, at most WIJKWAARDE_OUTPUT_CACHE_MB, default 64). WIJKWAARDE_OUTPUT_CACHE_SECONDS=0 switches it off.
An answer that does not pickle or is larger than 4 MB is not kept; a Redis that is away is a miss. A Patch
(a recolouring of the map on the page) is kept like any answer: the map key it depends on is an input.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from dashboard.auth import session
from dashboard.env import positive_int
from dashboard.repository import Repository
from dashboard.repository.cache import _canonical, _count

ENV_SECONDS = "WIJKWAARDE_OUTPUT_CACHE_SECONDS"
ENV_MB = "WIJKWAARDE_OUTPUT_CACHE_MB"
PREFIX = "wijkwaarde-out:"
LARGEST = 4 * 1024 * 1024  # bytes: a national map with its table is about 1 MB
log = logging.getLogger("wijkwaarde.cache")


class MemoryStore:
    """Pickled answers in this worker, least recently used out first, within `limit` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit, self.size = limit, 0
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def set(self, key: str, data: bytes, seconds: int) -> None:  # noqa: ARG002 - a publish changes the key
        with self._lock:
            old = self._items.pop(key, None)
            self.size -= len(old) if old else 0
            self._items[key] = data
            self.size += len(data)
            while self.size > self.limit and self._items:
                _, dropped = self._items.popitem(last=False)
                self.size -= len(dropped)


class RedisStore:
    def __init__(self, url: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url)

    def get(self, key: str) -> bytes | None:
        return self.client.get(PREFIX + key)

    def set(self, key: str, data: bytes, seconds: int) -> None:
        self.client.setex(PREFIX + key, seconds, data)


class OutputCache:
    """The cache of one app: `cache(repo, name)` wraps a callback function."""

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self.seconds = 0 if env.get(ENV_SECONDS, "").strip() == "0" else positive_int(env, ENV_SECONDS, 600)
        url = env.get("WIJKWAARDE_CACHE_REDIS_URL")
        self.store: MemoryStore | RedisStore | None = None
        if self.seconds:
            limit = positive_int(env, ENV_MB, 64) * 1024 * 1024
            self.store = RedisStore(url) if url else MemoryStore(limit)

    def key(
        self, repo: Repository, name: str, args: tuple, kwargs: dict, extra: Callable[[], str] | None = None
    ) -> str:
        funders, gemeenten = session.known_exact(getattr(repo, "home", None))
        known = hashlib.sha256(repr((sorted(funders), sorted(gemeenten))).encode()).hexdigest()[:12]
        protection = getattr(repo, "protection", None)
        who = f"{session.scope_key()}|{known}|{protection!r}"
        # `extra`: what else the answer depends on that changes without a new version (the story count)
        more = [extra()] if extra is not None else []
        inputs = hashlib.sha256(_canonical([list(args), kwargs, *more]).encode()).hexdigest()[:32]
        # the version's name, not the folder: hosts that received it by `wijkwaarde ship` share answers
        return f"{repo.version()}:{hashlib.sha256(who.encode()).hexdigest()[:24]}:{name}:{inputs}"

    def __call__(
        self, repo: Repository, name: str, extra: Callable[[], str] | None = None
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
            if self.store is None:
                return fn

            @functools.wraps(fn)
            def cached(*args: Any, **kwargs: Any) -> Any:
                if not repo.available():
                    return fn(*args, **kwargs)  # the callback says there is no data
                key = self.key(repo, name, args, kwargs, extra)
                try:
                    found = self.store.get(key)
                except Exception as exc:  # Redis away: answer as if there were no cache
                    log.warning("output cache unavailable (%s)", exc)
                    found = None
                if found is not None:
                    _count("hit")
                    return pickle.loads(found)  # noqa: S301 - our own pickles, from our own store
                _count("miss")
                result = fn(*args, **kwargs)
                try:
                    data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
                except Exception:  # an answer that does not pickle is answered, not kept
                    return result
                if len(data) <= LARGEST:
                    try:
                        self.store.set(key, data, self.seconds)
                    except Exception as exc:
                        log.warning("output cache unavailable (%s)", exc)
                return result

            return cached

        return wrap


def for_app(app: Any) -> OutputCache:
    """The app's output cache, made on first use (create_app, or a test's bare Dash app)."""
    found = getattr(app, "wijkwaarde_output_cache", None)
    if found is None:
        found = app.wijkwaarde_output_cache = OutputCache()
    return found
