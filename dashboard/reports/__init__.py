"""Grantee reports (issue 16): plans, signed links, the grantee's form, review, publish, stories.

store.py keeps plans, requests and submissions in `reports.sqlite` beside the warehouse; links.py signs the
grantee's link; form.py and photos.py check what is sent; workflow.py is the life of a report; publish.py
loads accepted values as their own batch; mail.py sends links and reminders; grantee.py and fund.py are
the pages, stories.py what the public and the dashboard may show. Without a usable WIJKWAARDE_SECRET_KEY
no link can be signed and nothing here is installed.
"""

from __future__ import annotations

from dashboard.reports import links


def install(server) -> None:
    """Add the report pages to the Flask server when links can be signed."""
    if links.from_env() is None:
        return
    from dashboard.reports import fund, grantee, stories

    grantee.install(server)
    fund.install(server)
    stories.install(server)
