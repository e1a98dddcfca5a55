"""What goes under every chart of a page: its text summary, the data table, downloads and '+ Raadspakket'."""

from __future__ import annotations

from dash import html

from dashboard.components.chart_tools import accessible_chart, export_buttons
from dashboard.components.pack import add_button


def summary_id(page: str, chart: str) -> str:
    return f"{page}-{chart}-summary"


def data_id(page: str, chart: str) -> str:
    return f"{page}-{chart}-data"


def chart_with_tools(page: str, chart: str, title: str, graph, summary: str | None = None) -> list:
    """The graph as a named figure described by its summary (`summary` = an existing summary's id, else a
    new <p> is made), the data-table slot, the download buttons and the council-pack button."""
    sid = summary or summary_id(page, chart)
    parts = [accessible_chart(graph, title, sid)]
    if summary is None:
        parts.append(html.P(id=sid, className="small mb-1 chart-summary"))
    return parts


def tools(page: str, chart: str, title: str, lang: str, png: bool = True) -> list:
    """The data table slot (filled by the page's text callback), downloads and '+ Raadspakket'."""
    return [
        html.Div(id=data_id(page, chart)),
        html.Div(
            [export_buttons(page, chart, title, lang, png=png), add_button(chart, title, lang)],
            className="d-flex flex-wrap gap-2 align-items-center mt-2",
        ),
    ]
