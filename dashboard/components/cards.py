"""KPI cards: a number, its label and the change against the previous period."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html


def kpi_card(label: str, value: str, change: str, card_id: str) -> dbc.Col:
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.H2(label, className="h6 text-muted mb-1"),
                    html.P(value, className="display-6 fw-semibold mb-0 kpi-value"),
                    html.P(change, className="small text-muted mb-0 kpi-change"),
                ]
            ),
            className="h-100 shadow-sm",
            id=card_id,
        ),
        xs=12,
        sm=6,
        xl=3,
    )
