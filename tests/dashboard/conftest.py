"""Fixtures the dashboard tests share: the demo warehouse as the public sees it and exactly (internal mode)."""

from __future__ import annotations

import pytest

from dashboard import protection as prot
from dashboard.repository import DuckDBRepository


@pytest.fixture(scope="module")
def public(demo_home):
    """The demo warehouse with small-number protection (public mode)."""
    return DuckDBRepository(demo_home, prot.Protection())


@pytest.fixture(scope="module")
def exact(demo_home):
    """The same warehouse without protection: the exact figures tests compare with."""
    return DuckDBRepository(demo_home, prot.INTERNAL)
