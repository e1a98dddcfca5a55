"""Rule 6 of small-number protection: public mode shows no count of people that fewer than two initiatives
report. The initiative page withholds an initiative's own counts; filters that leave one initiative (a buurt, a
theme and a status) must not show them either: KPIs, trend quarters, map cells, the need page's participants
and the profile's outcomes (found by a probe: "Bereikte deelnemers 280" for the one initiative left).

Which figures one initiative reports is read from the warehouse itself (f_observation), not from the code
under test."""

from __future__ import annotations

from pathlib import Path

from dashboard import protection as prot
from dashboard.filters import Filters
from dashboard.repository import DuckDBRepository
from tests.etl.conftest import table

G, YEAR = "GM9999", 2025


def reporting_per_buurt(home: Path, indicator: str) -> dict[str, int]:
    return dict(table(home, """
        SELECT buurt_code, count(DISTINCT initiative_code) FROM f_observation
        WHERE indicator_code = ? AND year = ? AND gemeente_code = ? AND value IS NOT NULL GROUP BY ALL
    """, [indicator, YEAR, G]))  # fmt: skip


def test_a_buurt_one_initiative_reports_shows_no_count_of_people(demo_home, public, exact):
    per_buurt = reporting_per_buurt(demo_home, "deelnemers")
    single = sorted(b for b, n in per_buurt.items() if n == 1)
    several = sorted(b for b, n in per_buurt.items() if n >= 2)
    assert len(single) >= 3 and several, per_buurt  # the demo has both kinds
    wijk_of = dict(
        table(
            demo_home, "SELECT DISTINCT buurt_code, wijk_code FROM f_observation WHERE gemeente_code = ?", [G]
        )
    )
    for buurt in single:
        f = Filters.from_query(
            {"gemeente": G, "wijk": wijk_of[buurt], "buurt": buurt, "van": YEAR, "tot": YEAR}
        )
        assert exact.indicator_total_each(f, [(YEAR, YEAR)], "deelnemers")[0] is not None  # there is a count
        assert isinstance(public.indicator_total_each(f, [(YEAR, YEAR)], "deelnemers")[0], prot.Hidden), buurt
        quarters = public.indicator_by_quarter(f.with_(indicator="deelnemers"))
        assert quarters["value"].isna().all() and quarters["suppressed"].any(), buurt
    # the map and the need page: the buurten one initiative reports are hidden cells
    whole = Filters.from_query({"gemeente": G, "van": YEAR, "tot": YEAR, "kaart": "deelnemers"})
    cells = public.map_values(whole).set_index("buurt_code")
    assert cells.loc[single, "value"].isna().all() and cells.loc[single, "suppressed"].all()
    assert cells.loc[several, "value"].notna().any()  # buurten of two initiatives or more are shown
    need = public.need_coverage(G, (YEAR, YEAR)).set_index("buurt_code")
    assert need.loc[single, "participants"].isna().all() and need.loc[single, "suppressed"].all()


def test_filters_that_leave_one_initiative_show_no_count_of_people(demo_home, public, exact):
    """Every theme and status pair of the year: where one initiative reports the people counts, the KPIs
    hide them; where two or more do and the total is at least k, they are shown."""
    found = table(demo_home, """
        SELECT o.indicator_code, t.theme_code, o.status, count(DISTINCT o.initiative_code)
        FROM f_observation o JOIN initiative_theme t ON t.initiative_code = o.initiative_code
        WHERE o.year = ? AND o.gemeente_code = ? AND o.value IS NOT NULL
          AND o.indicator_code IN ('deelnemers', 'vrijwilligers')
        GROUP BY ALL
    """, [YEAR, G])  # fmt: skip
    singles = [(i, t, s) for i, t, s, n in found if n == 1]
    assert len(singles) >= 5, found
    for indicator, theme, status in singles:
        f = Filters.from_query({"gemeente": G, "thema": theme, "status": status, "van": YEAR, "tot": YEAR})
        assert exact.indicator_total_each(f, [(YEAR, YEAR)], indicator)[0] is not None
        shown = public.indicator_total_each(f, [(YEAR, YEAR)], indicator)[0]
        assert isinstance(shown, prot.Hidden), (indicator, theme, status, shown)
    visible = 0
    for indicator, theme, status, n in found:
        f = Filters.from_query({"gemeente": G, "thema": theme, "status": status, "van": YEAR, "tot": YEAR})
        visible += n >= 2 and not isinstance(
            public.indicator_total_each(f, [(YEAR, YEAR)], indicator)[0], prot.Hidden
        )
    assert visible >= 5  # the rule hides what one initiative reports, not every filtered total


def test_the_profile_hides_outcomes_one_initiative_reports(demo_home):
    # Demostad's outcome counts of one initiative are all below 10 (rule 1 hides them anyway): with k = 2 only
    # rule 6 can hide them
    public = DuckDBRepository(demo_home, prot.Protection(k=2, round_to=1))
    counted = table(demo_home, """
        SELECT o.buurt_code, o.indicator_code, o.year, count(DISTINCT o.initiative_code) AS n
        FROM f_observation o JOIN indicator i ON i.code = o.indicator_code
        WHERE i.counts_people AND i.toc_level IN ('outcome', 'impact') AND o.gemeente_code = ?
          AND o.value IS NOT NULL
        GROUP BY ALL HAVING n = 1 AND sum(o.value) >= 2 ORDER BY ALL LIMIT 8
    """, [G])  # fmt: skip
    assert counted
    for buurt, indicator, year, _ in counted:
        f = Filters.from_query({"gemeente": G, "wijk": "WK" + buurt[2:8], "buurt": buurt})
        outcomes = public.area_outcomes(f)
        cell = outcomes[(outcomes["indicator_code"] == indicator) & (outcomes["year"] == year)]
        assert len(cell) == 1 and cell["value"].isna().all() and cell["suppressed"].all(), (
            buurt,
            indicator,
            year,
        )
