"""Keep cheap callbacks off the queue of heavy ones: a per-process gate around heavy figure builds.

gunicorn's gthread workers answer every request from a fixed set of threads (WIJKWAARDE_THREADS, default 8).
When all of them build heavy pages (portfolio, value, exports, the pack list), a cheap callback (a URL sync,
a search box, a progress poll) waits until one finishes, and the heavy ones share one GIL, so each takes
longer. The gate lets WIJKWAARDE_HEAVY_SLOTS heavy callbacks (default 2) work at a time per process and at
most threads - 1 wait or work, so one thread is always free for cheap callbacks; a heavy callback beyond
that is answered at once with 503 and Retry-After (the browser asks again on the next change).
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Mapping
from typing import Any

from werkzeug.exceptions import ServiceUnavailable

from dashboard.env import positive_int

WAIT_SECONDS = 30  # longest a heavy callback waits for a slot before it is answered with 503


class Busy(ServiceUnavailable):
    description = "De server is even druk. Probeer het over een paar seconden opnieuw."

    def __init__(self) -> None:
        super().__init__(retry_after=2)


class Gate:
    """`slots` heavy callbacks at work at once, at most `admitted` (slots included) inside the gate."""

    def __init__(self, slots: int, admitted: int):
        self.slots, self.admitted = slots, max(admitted, 1)
        self._work = threading.BoundedSemaphore(slots)
        self._inside = 0
        self._lock = threading.Lock()

    def __call__(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def gated(*args, **kwargs):
            with self._lock:
                if self._inside >= self.admitted:
                    raise Busy()
                self._inside += 1
            try:
                if not self._work.acquire(timeout=WAIT_SECONDS):
                    raise Busy()
                try:
                    return fn(*args, **kwargs)
                finally:
                    self._work.release()
            finally:
                with self._lock:
                    self._inside -= 1

        return gated


def gate_from_env(environ: Mapping[str, str] | None = None) -> Gate:
    """WIJKWAARDE_HEAVY_SLOTS (default 2) heavy callbacks at work per process; WIJKWAARDE_THREADS - 1
    (the gunicorn threads per worker, default 8) inside the gate at most."""
    env = os.environ if environ is None else environ
    threads = positive_int(env, "WIJKWAARDE_THREADS", 8)
    admitted = max(threads - 1, 1)
    return Gate(min(positive_int(env, "WIJKWAARDE_HEAVY_SLOTS", 2), admitted), admitted)


heavy = gate_from_env()  # the process's gate: `@heavy` under a callback's @app.callback(...)
