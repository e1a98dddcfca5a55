"""Margins worked out from the labels (dashboard/figure_margins.py): big enough for what a chart writes at its
axes, automargin off where they are sized, every chart of every page through it. Whether a label is cut off
in a real browser: tests/browser/test_chart_labels.py."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from dashboard import figures
from dashboard.charts import PAGES
from dashboard.figure_margins import LEGEND_PAD, LEGEND_ROW, fit, fit_figure, legend_height, text_size
from tests.dashboard.chart_checks import charts_of

LONG = "Stichting Buurtwerk en Bewonersondersteuning Noord-Oost"


def bars(names, values, horizontal=True, **axis) -> dict:
    trace = {"type": "bar", "x": values, "y": names, "orientation": "h"} if horizontal else {
        "type": "bar", "x": names, "y": values}  # fmt: skip
    layout = figures.styled() | {"yaxis" if horizontal else "xaxis": {"type": "category"}}
    layout["xaxis" if horizontal else "yaxis"] = axis
    return {"data": [trace], "layout": layout}


def test_text_width_follows_the_characters_and_lines():
    narrow, _ = text_size("iiiiiiiiii", 13)
    wide, _ = text_size("WWWWWWWWWW", 13)
    assert wide > 3 * narrow
    width, lines = text_size("Centrum<br>Noord-Oost", 13)
    assert lines == 2 and width == text_size("Noord-Oost", 13)[0]
    assert text_size("<b>Wijk</b>", 13) == text_size("Wijk", 13)
    assert text_size("A &amp; B", 13) == text_size("A x B", 13)


def test_a_long_name_on_the_vertical_axis_widens_the_left_margin():
    short = fit(bars(["Noord", "Zuid"], [10, 20]))["layout"]
    long_ = fit(bars(["Noord", LONG], [10, 20]))["layout"]
    assert short["margin"]["l"] == figures.MARGIN["l"]  # short names fit the usual margin
    assert long_["margin"]["l"] >= text_size(LONG, 13)[0] + 6
    assert long_["yaxis"]["automargin"] is False
    assert "automargin" not in long_["xaxis"]  # across: plotly's, as a safety net (below)


def test_numbers_are_measured_as_plotly_writes_them():
    money = fit(bars(["a", "b"], [1_250_000, 4_961_256], horizontal=False, tickprefix="€ "))["layout"]
    assert money["margin"]["l"] >= text_size("€ 5.000.000", 13)[0] + 6
    negative = fit(bars(["a", "b"], [-250_000, 10], horizontal=False))["layout"]["margin"]["l"]
    assert negative >= text_size("−250.000", 13)[0]
    share = fit(bars(["a", "b"], [0.2, 1.0], horizontal=False, tickformat=".0%"))["layout"]["margin"]["l"]
    assert share >= text_size("100%", 13)[0]


def test_stacked_bars_are_measured_at_their_sum():
    fig = bars(["a", "b"], [600, 300], horizontal=False)
    fig["data"].append(dict(fig["data"][0], y=[500, 300]))
    alone = fit(bars(["a", "b"], [600_000, 300], horizontal=False))["layout"]["margin"]["l"]
    fig["data"] = [dict(t, y=[v * 1000 for v in t["y"]]) for t in fig["data"]]
    fig["layout"]["barmode"] = "stack"
    assert fit(fig)["layout"]["margin"]["l"] >= text_size("1.200.000", 13)[0] + 6 > alone - 1


def test_an_axis_title_takes_its_line_and_standoff():
    bare = fit(bars(["a", "b"], [3, 8]))["layout"]["margin"]["b"]
    titled = fit(bars(["a", "b"], [3, 8], title={"text": "Geld (€)"}))["layout"]["margin"]["b"]
    assert bare == figures.MARGIN["b"]  # a line of labels fits the usual margin
    assert titled >= 13 * 1.3 + 15 + 16 * 1.3  # labels, the template's standoff, the title's line


def test_turned_labels_go_below_and_reach_left():
    fig = bars([LONG, "Zuid"], [1, 2], horizontal=False)
    fig["layout"]["xaxis"]["tickangle"] = -30
    layout = fit(fig)["layout"]
    assert layout["xaxis"]["automargin"] is False  # a set angle: nothing for plotly to decide
    assert layout["margin"]["b"] >= text_size(LONG, 13)[0] / 2
    assert layout["margin"]["l"] >= text_size(LONG, 13)[0] * 0.86 - 20


def test_labels_across_keep_plotlys_automargin_with_room_for_them():
    """Plotly turns crowded labels across by 30 or 90 degrees depending on the width it gets: that axis
    keeps automargin, and the margins hold the labels as they stand, so plotly widens nothing usually."""
    fig = fit(bars([f"{LONG} {i}" for i in range(6)], [1] * 6, horizontal=False))["layout"]
    assert "automargin" not in fig["xaxis"] and fig["yaxis"]["automargin"] is False
    share = fit(bars(["a", "b"], [0.2, 1.0], tickformat=".0%"))["layout"]
    assert share["margin"]["r"] >= text_size("100%", 13)[0] / 2  # the last label centred on the edge


def test_a_colour_bar_gets_its_room_on_the_right():
    heat = {"type": "heatmap", "z": [[1, 2], [3, 160]], "x": ["a", "b"], "y": ["c", "d"],
            "colorbar": {"title": {"text": "Gedeelde ontvangers"}}}  # fmt: skip
    right = fit({"data": [heat], "layout": figures.styled()})["layout"]["margin"]["r"]
    assert right >= 30 + text_size("Gedeelde ontvangers", 13)[0]  # the bar, its title above it
    money = dict(heat, colorbar={"title": {"text": "Hoog (€)", "side": "right"}, "tickprefix": "€ ",
                                 "thickness": 12}, z=[[0, 1_190_000]])  # fmt: skip
    right = fit({"data": [money], "layout": figures.styled()})["layout"]["margin"]["r"]
    assert right >= 12 + text_size("€ 1.200.000", 13)[0] + 16  # the bar, its labels, the title beside
    hidden = dict(heat, showscale=False)
    assert fit({"data": [hidden], "layout": figures.styled()})["layout"]["margin"]["r"] < 30


def test_a_margin_only_grows_and_maps_are_left_alone():
    fig = bars(["a"], [1])
    fig["layout"]["margin"] = {"l": 400, "r": 40, "t": 16, "b": 200}
    assert fit(fig)["layout"]["margin"] == {"l": 400, "r": 40, "t": 16, "b": 200}
    geo = {"data": [{"type": "choroplethmap", "z": [1]}, {"type": "sankey"}], "layout": {"margin": {"l": 0}}}
    assert fit(geo) == {"data": [{"type": "choroplethmap", "z": [1]}, {"type": "sankey"}],
                        "layout": {"margin": {"l": 0}}}  # fmt: skip


def test_a_shared_axis_dict_is_not_changed():
    axis = {"type": "category"}
    fig = {"data": [{"type": "bar", "x": [1], "y": ["a"], "orientation": "h"}], "layout": {"yaxis": axis}}
    fit(fig)
    assert axis == {"type": "category"} and fig["layout"]["yaxis"]["automargin"] is False


def test_a_map_figure_is_not_written_out(monkeypatch):
    fig = go.Figure(go.Choroplethmap(z=[1], locations=["a"]))
    monkeypatch.setattr(type(fig), "to_plotly_json", lambda self: pytest.fail("a map was written out"))
    assert fit_figure(fig) is fig


def test_a_go_figure_gets_the_same_margins():
    d = bars(["Noord", LONG], [10, 20])
    fig = go.Figure(bars(["Noord", LONG], [10, 20]))
    fit_figure(fig)
    assert fig.layout.margin.l == fit(d)["layout"]["margin"]["l"]
    assert fig.layout.yaxis.automargin is False


def lines(names, **layout) -> dict:
    data = [{"type": "scatter", "x": [2020, 2021], "y": [1, 2], "name": n} for n in names]
    return {"data": data, "layout": figures.styled() | {"xaxis": {"title": {"text": "Jaar"}}} | layout}


def test_a_legend_below_the_plot_goes_under_the_axis_title_at_the_bottom_of_the_chart():
    """The template's legend (y -0.18 of the plot's height) lay over the x axis' title of a short plot: it now
    stands at the chart's bottom edge, the margin and the height grown by its rows, the plot as tall as before."""
    plain = fit(lines(["Gerealiseerd"]))["layout"]  # one curve: no legend
    fig = fit(lines(["Gerealiseerd", "Doel"]))["layout"]
    room = fig["meta"]["legend_room"]
    assert room == LEGEND_PAD + LEGEND_ROW + 6  # one row, and the gap above it
    assert (
        fig["legend"] | {"yref": "container", "y": 0, "yanchor": "bottom", "xref": "container", "x": 0}
        == fig["legend"]
    )
    assert fig["margin"]["b"] == plain["margin"]["b"] + room
    assert fig["height"] == plain["height"] + room
    assert "meta" not in plain and "legend" not in plain


def test_legend_rows_follow_the_width_and_the_lines_of_names():
    names = [
        "Meerdere financiers, zonder eigen inkomsten (n = 69)",
        "Eén financier (n = 52)",
        "Voedsel (n = 3)",
    ]
    assert legend_height(names, 1400) == LEGEND_PAD + LEGEND_ROW
    assert legend_height(names, 300) == LEGEND_PAD + 3 * LEGEND_ROW
    assert legend_height(["Twee<br>regels", "b"], 1400) == pytest.approx(LEGEND_PAD + LEGEND_ROW + 1.3 * 13)


def test_legends_elsewhere_are_left_where_they_are():
    above = fit(lines(["a", "b"], legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0}))[
        "layout"
    ]
    assert (
        above["legend"] == {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0}
        and "meta" not in above
    )
    hidden = fit(lines(["a", "b"], showlegend=False))["layout"]
    assert "legend" not in hidden and "meta" not in hidden
    once = fit(lines(["a", "b"]))
    assert fit(once)["layout"]["margin"] == fit(lines(["a", "b"]))["layout"]["margin"]  # placed once


def test_a_go_figure_gets_the_same_legend():
    d = fit(lines(["Gerealiseerd", "Doel"]))["layout"]
    fig = fit_figure(go.Figure(lines(["Gerealiseerd", "Doel"])))
    assert fig.layout.meta == d["meta"] and fig.layout.height == d["height"]
    assert fig.layout.legend.yref == "container" and fig.layout.margin.b == d["margin"]["b"]


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_chart_of_every_page_is_sized(page, demo_repo):
    """The one chart pipeline (ChartResult) sizes every chart of every page on Demostad: no axis is left to
    plotly's automargin down the side (across, plotly keeps it as a safety net)."""
    charts = charts_of(page, demo_repo, {"code": "INI0001"} if page == "initiative" else {})
    sized = 0
    for name, chart in charts.items():
        figure = chart.figure.to_plotly_json() if hasattr(chart.figure, "to_plotly_json") else chart.figure
        layout = (figure or {}).get("layout", {})
        for key, axis in layout.items():
            if key[:5] == "yaxis" and isinstance(axis, dict) and "automargin" in axis:
                assert axis["automargin"] is False, f"{page}/{name}: {key}"
                sized += 1
    assert sized, f"{page}: no chart sized"
