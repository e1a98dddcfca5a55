"""What a hidden figure says: '< 10' only where its own value is below 10, 'afgeschermd' / 'protected' for a
count hidden by another rule (it protects a neighbour, a coarser selection would reveal a small rest, one
initiative reports it) and for a share over few residents. A probe found a card "Vrijwilligers < 10" whose exact
value was 115, and a map cell '< 10' for a share of 100 %.

The exact values come from the same warehouse in internal mode (no protection), not from the code that labels."""

from __future__ import annotations

import math

import pandas as pd

from dashboard import protection as prot
from dashboard.filters import Filters
from dashboard.views import overview, overview_charts

G = "GM9999"
TEXTS = {"< 10", "afgeschermd"}


def expected_text(value: float) -> str:
    return "< 10" if value < 10 else "afgeschermd"


def test_protect_frame_marks_which_hidden_cells_are_small():
    # a wijk of three buurten: 4 is small (rule 1); 30, the smallest other, goes with it (rule 3)
    df = pd.DataFrame({"value": [4.0, 30.0, 200.0, math.nan]}, index=list("abcd"))
    out = prot.protect_frame(df, 10)
    assert out["suppressed"].tolist() == [True, True, False, False]
    assert out[prot.SMALL].tolist() == [True, False, False, False]
    assert prot.hidden_of(out, 10) == ["< 10", "afgeschermd", None, None]
    assert prot.hidden_of(out, 10, "en") == ["< 10", "protected", None, None]
    # rule 6 on a large value: hidden, not small
    one = prot.protect_frame(pd.DataFrame({"value": [120.0, 80.0], "n": [1, 3]}), 10, reporting="n")
    assert one[prot.SMALL].tolist() == [False, False] and one["suppressed"].tolist() == [True, True]


def test_map_cells_say_small_only_where_the_value_is_small(public, exact):
    seen = set()
    for year in (2023, 2024, 2025):
        f = Filters.from_query({"gemeente": G, "van": year, "tot": year, "kaart": "deelnemers"})
        truth = exact.map_values(f).set_index("buurt_code")["value"]
        chart = overview_charts.map_data(public, f)
        value_col = chart.extra["value_column"]
        for code, cell in zip(chart.frame.iloc[:, 0], chart.frame[value_col], strict=True):
            if isinstance(cell, str):
                assert cell == expected_text(truth[code]), (year, code, truth[code])
                seen.add(cell)
    assert seen == TEXTS  # the demo has hidden cells of both kinds


def test_trend_quarters_and_kpis_say_small_only_where_the_value_is_small(demo_home, public, exact):
    seen = set()
    wijken = public.wijken(G)["code"].tolist()
    for wijk in wijken:
        for indicator in ("deelnemers", "vrijwilligers"):
            f = Filters.from_query(
                {"gemeente": G, "wijk": wijk, "van": 2023, "tot": 2025, "indicator": indicator}
            )
            truth = exact.indicator_by_quarter(f).set_index(["year", "quarter"])["value"]
            chart = overview_charts.trend_data(public, f)
            figure = overview.render_trend(public, f)
            notes = {a["x"]: a["text"] for a in figure["layout"]["annotations"]}
            for quarter, cell in zip(chart.frame.iloc[:, 0], chart.frame.iloc[:, 1], strict=True):
                if isinstance(cell, str):
                    year, q = int(quarter[:4]), int(quarter[-1])
                    assert cell == expected_text(truth[(year, q)]), (wijk, indicator, quarter)
                    assert notes[quarter] == cell  # the chart writes what the table says
                    seen.add(cell)
            for period in ((2023, 2023), (2024, 2024), (2025, 2025)):
                shown = public.indicator_total_each(f, [period], indicator)[0]
                if not isinstance(shown, prot.Hidden):
                    continue
                value = exact.indicator_total_each(f, [period], indicator)[0]
                assert shown.text() == expected_text(value), (wijk, indicator, value)
                seen.add(shown.text())
    assert seen == TEXTS


def test_hidden_quarter_labels_stand_upright_so_neighbours_do_not_overlap(public):
    """Written flat, the '< 10' of two neighbouring quarters overlapped ('< 1< 10') at 390 px: every label of a
    hidden quarter stands upright, one line wide, like 'afgeschermd'."""
    f = Filters.from_query(
        {"gemeente": G, "wijk": "WK999901", "van": 2023, "tot": 2025, "indicator": "deelnemers"}
    )
    notes = overview.render_trend(public, f)["layout"]["annotations"]
    texts = [a["text"] for a in notes]
    assert texts.count("< 10") >= 2 and "afgeschermd" in texts  # side by side in 2023 (the demo)
    assert all(a.get("textangle") == -90 for a in notes), notes
