"""Building blocks every chart shares: download buttons (CSV, Excel, PNG), an accessible chart wrapper
with a text summary, and the data-table alternative ('Tabel bij deze grafiek') of a ChartData."""

from __future__ import annotations

from datetime import date
from typing import Any

from dash import dcc, html

from dashboard import formatting as fmt
from dashboard.exports import ChartData
from dashboard.i18n import t

EXPORT_BUTTON = "wijkwaarde-export"  # pattern-matching id type of the buttons: {type, page, chart, format}
EXPORT_DOWNLOAD = "wijkwaarde-download"  # ... of the dcc.Download per chart: {type, page, chart}
FORMAT_NAMES = {"csv": "CSV", "xlsx": "Excel", "png": "PNG"}


def button_id(page: str, chart: str, fmt_: str) -> dict[str, str]:
    return {"type": EXPORT_BUTTON, "page": page, "chart": chart, "format": fmt_}


def download_id(page: str, chart: str) -> dict[str, str]:
    return {"type": EXPORT_DOWNLOAD, "page": page, "chart": chart}


def export_buttons(page: str, chart: str, title: str, lang: str, png: bool = True) -> html.Div:
    """A labelled group of real <button>s (keyboard reachable) and the chart's dcc.Download."""
    formats = ("csv", "xlsx", "png") if png else ("csv", "xlsx")
    return html.Div(
        [
            html.Span(
                t("export_group", lang) + ":", className="small text-muted me-1", **{"aria-hidden": "true"}
            ),
            *[
                html.Button(
                    FORMAT_NAMES[f],
                    id=button_id(page, chart, f),
                    n_clicks=0,
                    type="button",
                    className="btn btn-outline-secondary btn-sm export-button",
                    title=t("export_button", lang).format(title=title, fmt=FORMAT_NAMES[f]),
                    **{"aria-label": t("export_button", lang).format(title=title, fmt=FORMAT_NAMES[f])},
                )
                for f in formats
            ],
            dcc.Download(id=download_id(page, chart)),
        ],
        role="group",
        className="d-flex flex-wrap align-items-center gap-1 export-buttons",
        **{"aria-label": f"{t('export_group', lang)}: {title}"},
    )


def accessible_chart(graph, title: str, summary_id: str) -> html.Div:
    """The chart as a named figure, described by its text summary.

    role="figure" rather than "img": the graph holds focusable controls (mode bar, map), and an img must
    have none (axe: nested-interactive). The name and the description are what a screen reader reads.
    """
    return html.Div(
        graph,
        role="figure",
        className="chart-wrapper",
        **{"aria-label": title, "aria-describedby": summary_id},
    )


# t("year") and t("col_year"): a year is no amount ("2020", not "2.020")
YEAR_HEADERS = frozenset({"Jaar", "Year"})


def _year(value: Any) -> str:
    return str(int(value))


def _text(value: Any, formatter) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return fmt.DASH
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return formatter(value) if formatter else fmt.auto_number(value)
    if isinstance(value, date):
        return fmt.day(value)  # 24-07-2021 on a Dutch page, 24 Jul 2021 on an English one
    return str(value)


def element(kind: str, props: dict[str, Any]) -> dict[str, Any]:
    """An html.<kind> as Dash writes it (components/wire.py): plain JSON, no component object."""
    return {"props": props, "type": kind, "namespace": "dash_html_components"}


def data_table(chart: ChartData, lang: str, summary_key: str = "table_alternative") -> html.Details:
    """<details> 'Tabel bij deze grafiek' with the chart's values, formatted as in its hover text."""
    formatters = chart.extra.get("formatters", {})
    frame = chart.frame
    if frame.empty:
        body: Any = html.P(t("no_data", lang), className="small text-muted mb-0")
    else:
        # the columns as lists (a frame's cells one by one through pandas cost a millisecond a table)
        values_of = [column.tolist() for _, column in frame.items()]
        numeric_cols = {
            c
            for c, values in zip(frame.columns, values_of, strict=True)
            if any(isinstance(v, (int, float)) and v == v for v in values)
        }
        head = html.Thead(
            html.Tr(
                [
                    html.Th(str(c), scope="col", className="text-end" if c in numeric_cols else None)
                    for c in frame.columns
                ]
            )
        )
        # The rows as the JSON Dash sends for html.Tr/Th/Td (the same bytes): a table of all gemeenten has
        # thousands of cells, and a component each cost 5 µs to build and as much to serialise.
        classes = [("text-end" if col in numeric_cols else None) for col in frame.columns]
        fmts = [formatters.get(col, _year if str(col) in YEAR_HEADERS else None) for col in frame.columns]
        rows = []
        for values in zip(*values_of, strict=True):
            cells = [element("Th", {"children": _text(values[0], fmts[0]), "scope": "row"})]
            cells += [
                element("Td", {"children": _text(v, f), "className": c})
                for v, f, c in zip(values[1:], fmts[1:], classes[1:], strict=True)
            ]
            rows.append(element("Tr", {"children": cells}))
        body = html.Div(
            html.Table(
                [html.Caption(chart.meta.title, className="visually-hidden"), head, html.Tbody(rows)],
                className="table table-sm table-striped mb-0 chart-data-table",
            ),
            className="table-responsive",
            tabIndex=0,
            role="region",
            **{"aria-label": chart.meta.title},
        )
    return html.Details(
        [html.Summary(t(summary_key, lang), className="small fw-semibold"), body],
        className="chart-data mt-2",
    )
