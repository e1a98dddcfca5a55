"""The pages, one record each (dashboard/page.py), in navigation order: the app registers exactly these.

Adding a page: write dashboard/pages/<page>.py with its layout and `PAGE = Page(...)`, its callbacks (and
views) module, and add one line here. Registration, navigation, URL sync, permalinks and pack items follow.
"""

from __future__ import annotations

from dashboard.page import Page, register_pages
from dashboard.pages import (
    accessibility,
    data,
    indicators,
    initiative,
    need,
    not_found,
    overview,
    pack,
    portfolio,
    present,
    profile,
    survival,
    upload,
    value,
)

PAGES: tuple[Page, ...] = (
    overview.PAGE,
    profile.PAGE,
    need.PAGE,
    portfolio.PAGE,
    survival.PAGE,
    value.PAGE,
    indicators.PAGE,
    initiative.PAGE,
    accessibility.PAGE,
    data.PAGE,
    upload.PAGE,
    pack.PAGE,
    present.PAGE,
    not_found.PAGE,
)
register_pages(PAGES)
