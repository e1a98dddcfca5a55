"""wire(): components as the JSON Dash would send for them, so the fast encoder can take the response."""

from __future__ import annotations

import json

import plotly.graph_objects as go
from dash import dcc, html
from plotly.utils import PlotlyJSONEncoder

from dashboard.components.wire import wire


def dash_json(value) -> str:
    """What Dash sends for `value` (plotly's encoder walks the components)."""
    return json.dumps(value, cls=PlotlyJSONEncoder, sort_keys=True)


def test_a_tree_of_components_with_a_figure_wires_to_the_same_json():
    figure = go.Figure(go.Bar(x=["a < b", "c"], y=[1, 2])).to_plotly_json()
    tree = html.Div(
        [
            html.P(["Tekst ", html.B("vet"), " en meer"], className="small"),
            dcc.Graph(figure=figure, config={"displaylogo": False}, style={"height": "300px"}),
            html.Details([html.Summary("Tabel"), html.Table(html.Tr([html.Td("1.234"), html.Td(None)]))]),
            dcc.Store(id="x", data={"children": ["not a component"]}),
        ],
        id="root",
    )
    wired = wire([tree, "tekst", {"key": html.Span("in een dict")}])
    assert dash_json(wired) == dash_json([tree, "tekst", {"key": html.Span("in een dict")}])
    # plain JSON all the way down: the standard encoder takes it without plotly's help
    json.dumps(wired)


def test_a_graph_figure_is_passed_on_not_copied():
    figure = {"data": [{"type": "bar", "x": list(range(1000)), "y": list(range(1000))}], "layout": {}}
    wired = wire(dcc.Graph(figure=figure))
    assert wired["props"]["figure"] is figure


def test_a_data_tables_rows_are_the_json_of_the_components_they_stand_for():
    """chart_tools.data_table writes its rows as Dash's JSON directly: the bytes html.Tr/Th/Td would give."""
    import pandas as pd

    from dashboard.components.chart_tools import data_table
    from dashboard.exports import ChartData, ExportMeta

    frame = pd.DataFrame(
        {"Buurt": ["Centrum <b>", "Oost"], "Deelnemers": [1234.0, None], "Noot": ["< 10", "x"]}
    )
    chart = ChartData("t", ExportMeta("Titel", "Demostad", "bron", "2026"), frame)
    rows = [
        html.Tr([html.Th("Centrum <b>", scope="row"), html.Td("1.234", className="text-end"),
                 html.Td("< 10", className=None)]),
        html.Tr([html.Th("Oost", scope="row"), html.Td("–", className="text-end"), html.Td("x", className=None)]),
    ]  # fmt: skip
    table = wire(data_table(chart, "nl"))
    body = table["props"]["children"][1]["props"]["children"]["props"]["children"][2]
    assert body["type"] == "Tbody"
    assert dash_json(body["props"]["children"]) == dash_json(rows)


def test_a_plotly_figure_object_wires_to_its_dict():
    """A graph holding a go.Figure (the need page's maps) wires to the dict Dash would write for it."""
    figure = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]), layout={"title": {"text": "Titel"}})
    wired = wire(dcc.Graph(figure=figure, id="g"))
    assert isinstance(wired["props"]["figure"], dict)
    assert dash_json(wired) == dash_json(dcc.Graph(figure=figure, id="g"))
    json.dumps(wired)  # no plotly object left for the fast encoder to stumble on
