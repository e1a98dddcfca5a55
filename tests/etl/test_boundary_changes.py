"""Boundary changes are compared per gemeente present in both years (etl/cbs/changes.py)."""

from __future__ import annotations

from etl.cbs import changes


def national(count: int) -> set[str]:
    return {f"GM{n:04d}" for n in range(1, count + 1)}


def test_a_herindeling_in_a_national_file_is_reported_both_ways():
    before = national(20)
    after = (before - {"GM0003", "GM0004"}) | {"GM1990"}  # two gemeenten merged into a new one
    [comparison] = changes.compare(after, 2024, {2022: before})
    assert (comparison.only_new, comparison.only_other) == (["GM1990"], ["GM0003", "GM0004"])


def test_one_gemeente_after_another_is_no_change():
    amstelveen = {"GM0362", "WK036201", "BU03620101"}
    utrecht = {"GM0344", "WK034401", "BU03440101"}
    assert changes.compare(utrecht, 2024, {2023: amstelveen}) == []


def test_a_gemeente_missing_from_a_file_of_one_gemeente_is_no_change():
    """Utrecht 2024 after Utrecht and Amstelveen 2023: only Utrecht is compared."""
    utrecht = {"GM0344", "WK034401", "BU03440101", "BU03440102"}
    both = utrecht | {"GM0362", "WK036201", "BU03620101"}
    assert changes.compare(utrecht, 2024, {2023: both}) == []


def test_a_split_buurt_within_a_shared_gemeente_is_reported():
    before = {"GM0344", "WK034401", "BU03440101", "GM0362", "BU03620101"}
    after = {"GM0344", "WK034401", "BU03440111", "BU03440112"}
    [comparison] = changes.compare(after, 2024, {2023: before})
    assert comparison.only_new == ["BU03440111", "BU03440112"]
    assert comparison.only_other == ["BU03440101"]
