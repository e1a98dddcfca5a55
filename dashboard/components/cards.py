"""Cards: KPI cards (a number, its label and the change against the previous period) and page sections."""

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


def section_card(
    title: str, body: list, header_extra=None, title_id: str | None = None, card_id: str | None = None
) -> dbc.Card:
    """A page section: its title as an h2 (and any controls beside it) in the header, the content below."""
    heading = {"id": title_id} if title_id else {}
    header = [html.H2(title, className="h5 mb-0", **heading)]
    if header_extra is not None:
        header.append(header_extra)
    card = {"id": card_id} if card_id else {}
    return dbc.Card(
        [
            dbc.CardHeader(
                header, className="bg-white d-flex flex-wrap gap-2 justify-content-between align-items-end"
            ),
            dbc.CardBody(body),
        ],
        className="shadow-sm h-100",
        **card,
    )


def page_intro(title: str, intro: str, controls: list | None = None) -> list:
    """The top of a page with its own controls: its title (h1), one line of introduction, and the
    controls in a card (wrapped, aligned at the bottom), as the portfolio and survival pages show them."""
    top = [html.H1(title, className="h3"), html.P(intro, className="text-muted")]
    if controls is not None:
        row = html.Div(controls, className="d-flex flex-wrap align-items-end")
        top.append(dbc.Card(dbc.CardBody(row, className="pb-1"), className="shadow-sm mb-3"))
    return top
