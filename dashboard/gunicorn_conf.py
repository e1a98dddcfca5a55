"""gunicorn settings shared by `wijkwaarde serve`, the tests and the benchmarks (`-c python:dashboard.gunicorn_conf`).

Threaded workers: while one request waits on DuckDB (which releases the GIL), the worker answers the
next, so a page's map outlines or a cached answer are not queued behind a slow national query.
WIJKWAARDE_THREADS sets the threads per worker (default 8: a page that fires several heavy callbacks at once must not be turned away by the heavy-callback gate, dashboard/heavy.py); the worker count stays a command-line option.
The worker is gthread with a read timeout per connection (dashboard/gunicorn_worker.py, WIJKWAARDE_READ_TIMEOUT),
so clients that stop sending halfway through a request cannot hold all its threads.
"""

import os
import sys

from dashboard.gunicorn_worker import read_timeout

worker_class = "dashboard.gunicorn_worker.ThreadWorker"
read_timeout()  # a bad WIJKWAARDE_READ_TIMEOUT stops the start, not a worker
threads = max(1, int(os.environ.get("WIJKWAARDE_THREADS", "8")))
timeout = 60
# Keep idle connections longer than a person reads a page between clicks: with the default 2 s, a
# request sent just as the worker closes the idle connection fails (seen once in 2,808 in the load test).
keepalive = 30


def on_starting(server):
    """Internal mode without a login layer listens on loopback only (dashboard/access_rule.py)."""
    from dashboard import access_rule

    hosts = [address if isinstance(address, str) else address[0] for address in server.cfg.address]
    message = access_rule.refusal(hosts)
    if message:
        print(message, file=sys.stderr)
        sys.exit(1)
