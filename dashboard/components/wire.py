"""Dash components as the JSON dicts Dash sends for them, for callbacks that also return large figures.

Dash serialises a callback's response with plotly's encoder: plain JSON goes straight through orjson
(under a millisecond for a national map figure), but one component anywhere in the response makes it
walk every value in Python (35 ms for the national map and its 342-row data table). A callback that
returns wire(component) sends the same bytes, the fast way.
"""

from __future__ import annotations

from typing import Any

from dash.development.base_component import Component
from plotly.basedatatypes import BaseFigure

# Component properties that hold data, never a component: not walked (a graph's figure has thousands of values).
DATA_PROPS = frozenset({"figure", "config", "style", "rowData", "columnDefs", "data"})


def _data(value: Any) -> Any:
    """A data property as JSON: a plotly Figure as its dict (what Dash would write for it)."""
    return value.to_plotly_json() if isinstance(value, BaseFigure) else value


def wire(value: Any) -> Any:
    """`value` with every component in it replaced by {'type', 'namespace', 'props'}, as Dash writes it."""
    if isinstance(value, Component):
        found = value.to_plotly_json()
        props = {k: _data(v) if k in DATA_PROPS else wire(v) for k, v in found["props"].items()}
        return found | {"props": props}
    if isinstance(value, (list, tuple)):
        return [wire(v) for v in value]
    if isinstance(value, dict):
        if "namespace" in value and "type" in value and "props" in value:
            return value  # written as Dash writes a component already (chart_tools.data_table's rows)
        return {k: wire(v) for k, v in value.items()}
    return value
