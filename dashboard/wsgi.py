"""WSGI entry point for gunicorn: `gunicorn dashboard.wsgi:server`."""

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
