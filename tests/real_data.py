"""Where the real public data lives for tests: skipped with a reason when absent, required under CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"


def real_data(*parts: str) -> Path:
    """Path inside the real data folder (`WIJKWAARDE_REAL_DATA`, default ../shared/data/real)."""
    root = Path(os.environ.get("WIJKWAARDE_REAL_DATA", DEFAULT))
    path = root.joinpath(*parts)
    if not path.exists():
        message = f"real public data not found at {path} (set WIJKWAARDE_REAL_DATA)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run the real-data tests")
        pytest.skip(message)
    return path
