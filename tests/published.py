"""What a published count looks like: the test's own statement of protection rule 5 (rounding)."""

from __future__ import annotations

import math

BASE = 5  # the default rounding base of counts of people in public mode


def rounded(value: float, base: int = BASE) -> float:
    """`value` rounded half up to a multiple of `base`, as a published count of people is shown."""
    return float(base * math.floor(float(value) / base + 0.5))
