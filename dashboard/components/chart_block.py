"""What every chart of every page is: the named figure, its text summary, the data table, downloads and
'+ Raadspakket', in that order. One function, `block`, used by every page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import html

from dashboard.components.chart_tools import accessible_chart, data_table, export_buttons
from dashboard.components.pack import add_button
from dashboard.exports import ChartData


def summary_id(page: str, chart: str) -> str:
    return f"{page}-{chart}-summary"


def data_id(page: str, chart: str) -> str:
    return f"{page}-{chart}-data"


def block(
    page: str,
    chart: str,
    title: str,
    graph: Any,
    lang: str,
    *,
    data: ChartData | None = None,
    summary: str | None = None,
    notes: Sequence[Any] = (),
    png: bool = True,
    pack: str | None = None,
    table_id: str | None = None,
) -> list:
    """The chart block of `chart` on `page`.

    `graph` is the dcc.Graph (in a dcc.Loading if wanted). With `data` (a page drawn once, as the initiative
    and value pages are) the summary and the data table are filled in here; without it the page's callback
    fills the summary <p> (id `summary` or summary_id(page, chart)) and the data table slot
    (`table_id` or data_id(page, chart)). `notes` (hints, a legend, a footnote) go between the summary and the table;
    `pack` is the chart's name in the council pack (default `chart`).
    """
    sid = summary or summary_id(page, chart)
    return [
        accessible_chart(graph, title, sid),
        html.P(data.summary if data is not None else None, id=sid, className="small mb-1 chart-summary"),
        *notes,
        data_table(data, lang) if data is not None else html.Div(id=table_id or data_id(page, chart)),
        html.Div(
            [export_buttons(page, chart, title, lang, png=png), add_button(pack or chart, title, lang)],
            className="d-flex flex-wrap gap-2 align-items-center mt-2",
        ),
    ]
