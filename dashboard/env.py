"""Reading settings from the environment: one rule for whole-number settings."""

from __future__ import annotations

from collections.abc import Mapping


def positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    """The setting `name` as a whole number of at least 1; anything unreadable or smaller: `default`."""
    try:
        value = int(env.get(name, default))
    except (TypeError, ValueError):
        return default
    return value if value >= 1 else default
