"""Export callbacks: one per page, matching the page's download buttons (components/chart_tools.py).

A page calls `register(app, page, states, build)`: `states` are the page's state components (its filter
controls, chosen metric, language...) and `build(chart, fmt, *state_values)` returns (ChartData, figure or
None), protected, from validated state. The callback answers with dcc.send_bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dash import ALL, MATCH, Input, Output, State, ctx, dcc
from dash.exceptions import PreventUpdate

from dashboard import exports
from dashboard.auth import session
from dashboard.components.chart_tools import EXPORT_BUTTON, EXPORT_DOWNLOAD
from dashboard.heavy import heavy


def register(app, page: str, states: Sequence[State], build: Callable[..., tuple]) -> dict[str, Callable]:
    """Wire the page's export buttons to their downloads; returns {'<page>_download': the callback,
    '<page>_export': export(chart, fmt, *state values) without the click bookkeeping} for tests."""

    @app.callback(
        Output({"type": EXPORT_DOWNLOAD, "page": page, "chart": MATCH}, "data"),
        Input({"type": EXPORT_BUTTON, "page": page, "chart": MATCH, "format": ALL}, "n_clicks"),
        *states,
        prevent_initial_call=True,
    )
    @heavy  # builds figures: off the threads cheap callbacks need (dashboard/heavy.py)
    def download(clicks, *values):
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not any(clicks or []):
            raise PreventUpdate
        return export(trigger.get("chart"), trigger.get("format"), *values)

    def export(chart, fmt, *values):
        if fmt not in exports.FORMATS or not isinstance(chart, str):
            raise PreventUpdate
        try:
            data, figure = build(chart, fmt, *values)
        except KeyError as exc:  # a chart name the page does not know: browser input, ignore it
            raise PreventUpdate from exc
        content, media = exports.payload(data, fmt, figure)
        session.audit_export(f"{page}/{chart}.{fmt}")  # non-public figures only (who, what, when)
        return dcc.send_bytes(content, exports.filename(data, fmt), type=media)

    return {f"{page}_download": download, f"{page}_export": export}
