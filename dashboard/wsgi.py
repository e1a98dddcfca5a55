"""WSGI entry point for gunicorn: `gunicorn dashboard.wsgi:server`."""

import gc

from dashboard import security
from dashboard.app import create_app

security.hide_gunicorn_server_header()  # no `Server: gunicorn` line

app = create_app()
server = app.server

# Dash finishes setting itself up on its first request (it marks that done before doing it), so in a
# threaded worker two first requests can race: a script request then fails with "dash is not a
# registered library" and the page never draws. Make that first request here, before serving anyone.
with server.test_client() as client:
    client.get("/")

# What the worker built to start (Dash, Plotly's validators, pandas, the app: about a million objects) lives
# as long as the worker. Python's collector would walk all of it on every full collection, about 90 ms every
# ninth page render at provincie scale (a need page's p95 209 ms against its p50 117 ms, in-process); frozen,
# it is left out of every collection (p95 143 ms).
gc.collect()
gc.freeze()
