"""A page's controls bound by name: {state field or URL key: component id} -> a dict of Dash Inputs.

Dash hands the values back as one dict under the same names (flexible callback signatures), so a callback
passes them to its state class's from_query as they are: the order of the controls never matters.
"""

from __future__ import annotations

from collections.abc import Mapping

from dash import Input


def control_inputs(controls: Mapping[str, str], prop: str = "value") -> dict[str, Input]:
    """Each control's `prop` as an Input, under the name of the state field it sets."""
    return {name: Input(component_id, prop) for name, component_id in controls.items()}


def by_name(controls, names) -> dict:
    """Control values (browser input) under the expected names only; anything missing is None."""
    controls = controls if isinstance(controls, Mapping) else {}
    return {name: controls.get(name) for name in names}
