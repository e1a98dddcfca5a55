"""Small-number protection: the pure rules, then the repository applying them to the fixture warehouse."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard import protection as prot
from dashboard.filters import Filters
from dashboard.repository import DuckDBRepository
from tests.conftest import RESIDENTS
from tests.published import rounded

K = 10
F = Filters(gemeente="GM9999", year_from=2024, year_to=2024)


def total(repo, filters: Filters, period: tuple[int, int], indicator: str):
    """One indicator total of one period, as the overview's KPI asks for it (indicator_total_each)."""
    return repo.indicator_total_each(filters, [period], indicator)[0]


# -- settings -----------------------------------------------------------------------------------------


def test_settings_default_to_public_k10_and_fall_back_to_the_safe_side():
    assert prot.from_env({}) == prot.Protection(k=10, mode="public")
    assert prot.from_env({"WIJKWAARDE_PRIVACY_K": "5", "WIJKWAARDE_MODE": "internal"}) == prot.Protection(
        5, "internal"
    )
    assert prot.from_env({"WIJKWAARDE_PRIVACY_K": "abc", "WIJKWAARDE_MODE": "open"}) == prot.Protection()
    assert prot.from_env({"WIJKWAARDE_PRIVACY_K": "1"}).k == 10  # k = 1 would protect nothing
    assert prot.Protection().active and not prot.Protection().initiative_counts
    assert not prot.INTERNAL.active and prot.INTERNAL.initiative_counts
    assert prot.Protection(k=5).hidden(small=True) == "< 5"
    assert prot.Protection(k=5).hidden(small=False) == "afgeschermd"
    assert prot.Protection(k=5).hidden(small=False, lang="en") == "protected"


# -- primary -----------------------------------------------------------------------------------------


def test_primary_hides_every_present_count_below_k_including_zero():
    values = pd.Series([0.0, 1.0, 9.0, 10.0, 250.0, math.nan])
    assert prot.primary_mask(values, K).tolist() == [True, True, True, False, False, False]
    assert prot.protect_value(9, K) == prot.Hidden(K)
    assert str(prot.protect_value(0, K)) == "< 10"  # never a zero
    assert prot.protect_value(10, K) == 10.0
    assert prot.protect_value(None, K) is None  # no data stays no data


def test_hidden_carries_no_number():
    hidden = prot.protect_value(3, K)
    assert isinstance(hidden, prot.Hidden)
    assert "3" not in repr(hidden) and str(hidden) == "< 10"


# -- complement (differencing with a coarser selection) ------------------------------------------------


def test_complement_hides_a_total_that_a_coarser_total_would_reveal():
    # a buurt of 120 inside a wijk of 124: 124 - 120 = 4 people elsewhere in the wijk
    # hidden, but not small: it says 'afgeschermd', never '< 10' (it is 120)
    assert prot.protect_value(120, K, references=[124]) == prot.Hidden(K, small=False)
    assert str(prot.protect_value(120, K, references=[124])) == "afgeschermd"
    assert prot.protect_value(120, K, references=[130]) == 120.0  # 10 elsewhere: fine
    assert prot.protect_value(120, K, references=[120]) == 120.0  # nobody elsewhere: nothing to reveal
    assert prot.protect_value(120, K, references=[None, prot.Hidden(K)]) == 120.0


def test_complement_mask_cell_by_cell():
    values = pd.Series({"a": 50.0, "b": 40.0, "c": math.nan})
    unfiltered = pd.Series({"a": 55.0, "b": 60.0, "c": 3.0})
    assert prot.complement_mask(values, [unfiltered], K).tolist() == [True, False, False]


def test_reference_selections_are_the_coarser_views():
    buurt = F.with_(buurt="BU99990201", themes=("energie",))
    refs = prot.reference_selections(buurt)
    assert F.with_(wijk="WK999902", themes=("energie",)) in refs  # parent wijk, same filters
    assert F.with_(buurt="BU99990201") in refs  # same buurt, without the theme filter
    assert F in refs  # the whole gemeente, no filters
    assert prot.reference_selections(F) == []  # the whole gemeente has nothing coarser


def test_reference_selections_cover_combining_filters():
    two = F.with_(themes=("energie", "groen"), statuses=("startend",))
    refs = prot.reference_selections(two)
    assert F.with_(themes=("groen",), statuses=("startend",)) in refs  # one theme left out
    assert F.with_(themes=("energie",), statuses=("startend",)) in refs
    assert F.with_(statuses=("startend",)) in refs and F.with_(themes=("energie", "groen")) in refs
    assert prot.reference_periods((2023, 2025)) == [(2024, 2025), (2023, 2024)]
    assert prot.reference_periods((2024, 2024)) == []


def test_two_theme_selections_cannot_be_subtracted(demo_home):
    """Themes A+B minus theme A: wherever that difference is 1..k-1 people on Demostad (found with the
    internal repository), the public repository hides one of the two totals."""
    import itertools

    internal = DuckDBRepository(demo_home, protection=prot.Protection(k=K, mode="internal"))
    public = DuckDBRepository(demo_home, protection=prot.Protection(k=K, mode="public"))
    themes = internal.vocabulary("theme")["code"].tolist()
    cases = []
    for wijk in internal.wijken("GM9999")["code"].tolist()[:4]:
        base = Filters.from_query({"gemeente": "GM9999", "wijk": wijk})
        for a, b in itertools.combinations(themes, 2):
            both = total(internal, base.with_(themes=(a, b)), (2025, 2025), "deelnemers")
            one = total(internal, base.with_(themes=(a,)), (2025, 2025), "deelnemers")
            if both and one and both >= K and one >= K and 0 < both - one < K:
                cases.append((base.with_(themes=(a, b)), base.with_(themes=(a,))))
    assert cases, "Demostad has such pairs; without them this test would prove nothing"
    for both, one in cases:
        shown = [total(public, f, (2025, 2025), "deelnemers") for f in (both, one)]
        assert any(isinstance(v, prot.Hidden) for v in shown), (both, one, shown)


def consistent_values(shown: list[float], base: int = 5) -> set[int]:
    """The overlap s = A + B - (A or B) that whole counts behind three shown, rounded totals could have.

    A count shown as v (a multiple of `base`) is a whole number in [v - base/2, v + base/2).
    """

    def behind(v: float) -> range:
        return range(math.ceil(v - base / 2), math.ceil(v + base / 2))

    x, y, both = shown
    return {a + b - c for a in behind(x) for b in behind(y) for c in behind(both)}


def test_three_selections_cannot_isolate_a_small_overlap(demo_home):
    """Theme A, theme B and 'A or B': A + B - (A or B) is the count of the initiatives that have both
    themes. On Demostad that is 1..k-1 volunteers for many pairs whose three totals are each big enough
    to show, so the one-step checks (rule 2) let all three through. Without rounding the overlap is then
    exactly readable; with rule 5 the shown totals fit several values of it, so it is not."""
    import itertools

    period = (2024, 2024)
    internal = DuckDBRepository(demo_home, protection=prot.Protection(k=K, mode="internal"))
    public = DuckDBRepository(demo_home, protection=prot.Protection(k=K))
    unrounded = DuckDBRepository(demo_home, protection=prot.Protection(k=K, round_to=1))
    base = Filters.from_query({"gemeente": "GM9999"})
    themes = internal.vocabulary("theme")["code"].tolist()
    chains = 0
    for a, b in itertools.combinations(themes, 2):
        views = [base.with_(themes=(a,)), base.with_(themes=(b,)), base.with_(themes=(a, b))]
        exact = [total(internal, f, period, "vrijwilligers") or 0.0 for f in views]
        overlap = exact[0] + exact[1] - exact[2]
        shown = [total(public, f, period, "vrijwilligers") for f in views]
        if not 0 < overlap < K or any(v is None or isinstance(v, prot.Hidden) for v in shown):
            continue
        chains += 1
        bare = [total(unrounded, f, period, "vrijwilligers") for f in views]
        if not any(isinstance(v, prot.Hidden) for v in bare):  # the attack works without rule 5
            assert bare[0] + bare[1] - bare[2] == overlap
        step = public.protection.base
        assert all(v % step == 0 for v in shown)  # what a user sees: multiples of the rounding base
        possible = consistent_values(shown, step) & set(range(K))
        assert overlap in possible and len(possible) >= 2, (a, b, shown, overlap)
    assert chains, "Demostad has such chains; without them this test would prove nothing"


# -- secondary ---------------------------------------------------------------------------------------


def test_counts_are_rounded_half_up_to_the_base():
    assert [prot.round_count(v, 5) for v in (10, 12, 12.5, 13, 17.4, 99)] == [10, 10, 15, 15, 15, 100]
    assert prot.round_count(None, 5) is None and prot.round_count(12, 1) == 12
    assert prot.protect_value(12, K, base=5) == 10 and prot.protect_value(9, K, base=5) == prot.Hidden(K)
    frame = prot.protect_frame(pd.DataFrame({"value": [3.0, 12.0, 40.0, 58.0]}), K, base=5)
    assert frame["value"].isna().tolist() == [True, True, False, False]  # 3 and its partner hidden
    assert frame["value"].tolist()[2:] == [40.0, 60.0]
    assert prot.from_env({}).round_to == 5 and prot.from_env({"WIJKWAARDE_PRIVACY_ROUND": "1"}).round_to == 1
    assert prot.from_env({"WIJKWAARDE_PRIVACY_ROUND": "x"}).round_to == 5
    assert prot.from_env({"WIJKWAARDE_PRIVACY_ROUND": "50"}).round_to == 5  # above k: the default
    assert prot.Protection(mode="internal").base == 1  # internal mode shows exact counts


def test_a_lone_hidden_cell_takes_the_next_smallest_with_it():
    # quarters 8, 12, 16 add up to a published 36: hiding only the 8 would leave 36 - 12 - 16 = 8
    values = pd.Series({"K2": 8.0, "K3": 12.0, "K4": 16.0})
    mask = prot.secondary_mask(values, prot.primary_mask(values, K), K)
    assert mask.to_dict() == {"K2": True, "K3": True, "K4": False}
    visible = values[~mask]
    assert (values.sum() - visible.sum()) >= K  # what can be derived is a group of at least k


def test_hidden_cells_adding_up_to_less_than_k_take_more_with_them():
    values = pd.Series({"a": 3.0, "b": 4.0, "c": 30.0, "d": 50.0})
    mask = prot.secondary_mask(values, prot.primary_mask(values, K), K)
    # 3 + 4 = 7 < k could be derived from the total; the next smallest (30) goes too
    assert mask.to_dict() == {"a": True, "b": True, "c": True, "d": False}


def test_secondary_works_within_nested_groups():
    # two wijken (published totals) inside one gemeente
    values = pd.Series({"n1": 5.0, "n2": 100.0, "o1": 40.0, "o2": 60.0})
    groups = [["n1", "n2"], ["o1", "o2"], ["n1", "n2", "o1", "o2"]]
    mask = prot.secondary_mask(values, prot.primary_mask(values, K), K, groups)
    assert mask.to_dict() == {"n1": True, "n2": True, "o1": False, "o2": False}


def test_nothing_hidden_nothing_changed_and_missing_cells_are_never_picked():
    values = pd.Series({"a": 20.0, "b": math.nan, "c": 30.0})
    assert not prot.secondary_mask(values, prot.primary_mask(values, K), K).any()
    values = pd.Series({"a": 5.0, "b": math.nan, "c": 30.0})
    mask = prot.secondary_mask(values, prot.primary_mask(values, K), K)
    assert mask.to_dict() == {"a": True, "b": False, "c": True}


def test_protect_frame_sets_value_nan_and_flags_suppressed():
    df = pd.DataFrame({"q": ["K2", "K3", "K4"], "value": [8.0, 12.0, 16.0]}).set_index("q")
    out = prot.protect_frame(df, K)
    assert out["value"].isna().tolist() == [True, True, False]
    assert out[prot.SUPPRESSED].tolist() == [True, True, False]
    assert df["value"].tolist() == [8.0, 12.0, 16.0]  # the input is left alone
    not_additive = prot.protect_frame(df, K, additive=False)
    assert not_additive[prot.SUPPRESSED].tolist() == [True, False, False]


# -- rates ---------------------------------------------------------------------------------------------


def test_rates_with_a_denominator_below_k_are_not_shown():
    numerator = pd.Series([1.0, 2.0, 3.0, 4.0])
    residents = pd.Series([9.0, 10.0, math.nan, 0.0])
    rate = prot.protect_rate(numerator, residents, K, 1000)
    assert math.isnan(rate[0]) and rate[1] == pytest.approx(200.0)
    assert math.isnan(rate[2]) and math.isnan(rate[3])


# -- applied in the repository (fixture warehouse, k = 10) -------------------------------------------------


@pytest.fixture
def public(warehouse_home):
    return DuckDBRepository(warehouse_home, prot.Protection(k=K))


@pytest.fixture
def internal(warehouse_home):
    return DuckDBRepository(warehouse_home, prot.INTERNAL)


def test_repository_totals(public, internal):
    raw = total(internal, F, (2024, 2024), "vrijwilligers")
    assert 0 < raw < K  # the fixture has 9 volunteers in 2024
    assert total(public, F, (2024, 2024), "vrijwilligers") == prot.Hidden(K)
    big = total(internal, F, (2024, 2024), "deelnemers")
    assert big >= K and total(public, F, (2024, 2024), "deelnemers") == rounded(big)
    assert total(public, F.with_(statuses=("gestopt",)), (2024, 2024), "deelnemers") is None


def test_repository_trend_applies_primary_and_secondary(public, internal):
    oost = F.with_(wijk="WK999902")
    raw = internal.indicator_by_quarter(oost).set_index("quarter")["value"]
    got = public.indicator_by_quarter(oost).set_index("quarter")
    small = raw[raw < K].index.tolist()
    assert small and all(got.loc[q, prot.SUPPRESSED] for q in small)
    assert got["value"].isna().sum() >= 2  # never a lone hidden quarter in a 'som' series
    shown = got[~got[prot.SUPPRESSED]]
    assert shown["value"].tolist() == [rounded(v) for v in raw[shown.index]]  # shown rounded to 5
    assert (raw.sum() - raw[shown.index].sum()) >= K  # the hidden quarters hold at least k together


def test_repository_map_protects_people_counts_and_thin_denominators(warehouse_home):
    # k above some buurten's residents: their rates disappear (RESIDENTS: 1000, 2000, 1500, secret)
    strict = DuckDBRepository(warehouse_home, prot.Protection(k=1600))
    rates = strict.map_values(F).set_index("buurt_code")["value"]
    for code, residents in RESIDENTS.items():
        assert pd.isna(rates[code]) == (residents is None or residents < 1600)
    counts = strict.map_values(F.with_(metric="stat:inwoners")).set_index("buurt_code")
    assert counts.loc["BU99990101", prot.SUPPRESSED] and pd.isna(counts.loc["BU99990101", "value"])
    assert counts.loc["BU99990102", "value"] == 2000


def test_internal_mode_keeps_initiative_counts_and_public_drops_them(public, internal):
    assert "participants" in internal.initiatives(F).columns
    assert "participants" not in public.initiatives(F).columns


def test_unknown_indicator_is_protected(public):
    assert public._protects("not-in-this-warehouse")


def test_overview_table_column_follows_the_mode(public, internal):
    from dashboard.pages import overview as page
    from dashboard.views import overview as view

    def grid_fields(repo) -> list[str]:
        layout = page.build(repo, {"gemeente": "GM9999", "van": "2024", "tot": "2024"})
        grid = next(c for c in _walk(layout) if getattr(c, "id", None) == "overview-table")
        return [col["field"] for col in grid.columnDefs]

    assert "deelnemers" not in grid_fields(public)
    assert "deelnemers" in grid_fields(internal)
    assert all("deelnemers" not in row for row in view.render_table(public, F))
    rows = {r["naam"]: r["deelnemers"] for r in view.render_table(internal, F)}
    assert rows["Buurtkeuken"] == 120  # 15 + 25 + 35 + 45 in 2024, tests/conftest.py


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    if children is None:
        return
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from _walk(child)
