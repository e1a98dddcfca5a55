"""Chart exports: the data behind a chart as CSV and XLSX, and the chart as PNG, each with its metadata.

Everything here is pure (DataFrame/figure in, bytes out) except `render_png`, which asks kaleido's
long-lived Chromium (Debian's /usr/bin/chromium) for the image. The data handed in is already protected
(dashboard/protection.py): a hidden count arrives as the text '< k' and leaves as that text.

Formula injection: a text cell that starts with =, +, -, @, a tab or a carriage return is written with a
leading single quote, so Excel shows it as text instead of running it. Numbers stay numbers (a negative
number is not a formula), in CSV as in XLSX.
"""

from __future__ import annotations

import csv
import io
import math
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import figure_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_SEPARATOR = ";"  # what Dutch Excel expects (with the decimal comma)
XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG_SIZE = (1200, 675)  # 16:9, fits a slide
FORMATS = ("csv", "xlsx", "png")

LABELS = {
    "title": {"nl": "Titel", "en": "Title"},
    "selection": {"nl": "Selectie", "en": "Selection"},
    "source": {"nl": "Bron", "en": "Source"},
    "data_date": {"nl": "Gegevensdatum", "en": "Data date"},
    "protection": {"nl": "Bescherming", "en": "Protection"},
    "note": {"nl": "Let op", "en": "Note"},
}


@dataclass(frozen=True)
class ExportMeta:
    """What every export carries: title, filter description, source, data date, protection, fictional."""

    title: str
    selection: str
    source: str
    data_date: str
    fictional: bool = False
    protection: str = ""  # e.g. 'Aantallen personen onder 10 als "< 10"'
    lang: str = "nl"

    def lines(self) -> list[tuple[str, str]]:
        """(label, text) pairs in a fixed order; the fictional-data line only for demo data."""

        def label(key: str) -> str:
            return LABELS[key].get(self.lang, LABELS[key]["nl"])

        out = [
            (label("title"), self.title),
            (label("selection"), self.selection),
            (label("source"), self.source),
            (label("data_date"), self.data_date),
        ]
        if self.protection:
            out.append((label("protection"), self.protection))
        if self.fictional:
            fictional = "fictieve gegevens" + (" (fictional data)" if self.lang == "en" else "")
            out.append((label("note"), fictional))
        return out


@dataclass
class ChartData:
    """The data behind one chart, exactly as drawn (after protection), with its metadata.

    `frame` has readable column headers; cells are numbers, None (no data) or text such as '< 10'.
    """

    key: str
    meta: ExportMeta
    frame: pd.DataFrame
    summary: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


# -- cells ------------------------------------------------------------------------------------------


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and not math.isnan(value)


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet could run as a formula gets a leading quote; numbers and None pass."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _plain(value: Any) -> Any:
    """Python values for writing: numpy numbers to int/float, NaN/NaT to None, dates to ISO text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        # 12 significant digits: sums of cents and shares keep their meaning, binary noise goes
        # (372649.99999999994 -> 372650, 0.30000000000000004 -> 0.3)
        return float(f"{value:.12g}")
    return value


def cells(frame: pd.DataFrame) -> list[list[Any]]:
    """The frame's rows as plain Python values, text neutralised."""
    return [[neutralise(_plain(v)) for v in row] for row in frame.itertuples(index=False, name=None)]


def _csv_number(value: float | int) -> str:
    """Dutch decimal comma, no thousands separator (Excel NL reads 1234,5 as a number)."""
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return repr(float(value)).replace(".", ",")


# -- CSV / XLSX -------------------------------------------------------------------------------------


def to_csv(chart: ChartData) -> bytes:
    """UTF-8 with BOM, ';'-separated: '# label: text' metadata lines, an empty line, then the table."""
    buffer = io.StringIO()
    for label, text in chart.meta.lines():
        buffer.write(neutralise(f"# {label}: {text}").replace("\n", " ") + "\r\n")
    buffer.write("\r\n")
    writer = csv.writer(buffer, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    writer.writerow([neutralise(str(c)) for c in chart.frame.columns])
    for row in cells(chart.frame):
        writer.writerow(["" if v is None else (_csv_number(v) if is_number(v) else v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(chart: ChartData) -> bytes:
    """One sheet: the metadata rows (label, text), an empty row, the header row, then the data rows.

    Numbers are numeric cells; text cells are typed as text explicitly (openpyxl would otherwise turn a
    string starting with '=' into a formula).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(chart.meta.title)
    row = 1
    for label, text in chart.meta.lines():
        _text_cell(ws, row, 1, label).font = Font(bold=True)
        _text_cell(ws, row, 2, text)
        row += 1
    row += 1
    header_row = row
    for col, name in enumerate(chart.frame.columns, start=1):
        _text_cell(ws, row, col, str(name)).font = Font(bold=True)
    for values in cells(chart.frame):
        row += 1
        for col, value in enumerate(values, start=1):
            if value is None:
                continue
            if is_number(value):
                ws.cell(row=row, column=col, value=value)
            else:
                _text_cell(ws, row, col, str(value))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for col in range(1, len(chart.frame.columns) + 1):
        ws.column_dimensions[ws.cell(row=header_row, column=col).column_letter].width = 22
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text_cell(ws, row: int, col: int, text: str):
    cell = ws.cell(row=row, column=col)
    cell.value = neutralise(text)
    cell.data_type = "s"
    return cell


def _sheet_title(title: str) -> str:
    clean = re.sub(r"[\[\]:*?/\\]", " ", title).strip() or "Gegevens"
    return clean[:31]


# -- PNG --------------------------------------------------------------------------------------------


def png_figure(fig: go.Figure | dict, meta: ExportMeta) -> go.Figure:
    """A copy of the figure for a slide: the title on top, selection, source, date (and 'fictieve
    gegevens') written under it, so the image carries its own footnote."""
    out = go.Figure(fig)
    top = f"<b>{_escape(meta.title)}</b>"
    if meta.selection:
        top += f"<br><span style='font-size:13px'>{_escape(meta.selection)}</span>"
    note_parts = [f"{label}: {text}" for label, text in meta.lines()[2:]]
    out.update_layout(
        title={"text": top, "x": 0.02, "xanchor": "left", "y": 0.97, "yanchor": "top"},
        margin={"t": 100, "b": 190, "l": 70, "r": 30},
        legend={
            "orientation": "h",
            "xref": "paper",
            "x": 1,
            "xanchor": "right",
            "yref": "paper",
            "y": 1.0,
            "yanchor": "bottom",
        },  # in the plot's coordinates (a chart's own legend may stand at its container's bottom edge)
        height=None,
        width=None,
    )
    out.add_annotation(
        text="<br>".join(_escape(p) for p in note_parts),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-185,  # under the x-axis title, inside the bottom margin
        xanchor="left",
        yanchor="bottom",
        align="left",
        showarrow=False,
        font={"size": 11, "color": "#495057"},
    )
    return out


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_kaleido_lock = threading.Lock()
_kaleido_started = False


def _kaleido():
    """Start kaleido's sync server once per process, lazily (one Chromium per gunicorn worker).

    mathjax=False: no 5 s stall on a MathJax CDN that is not there. kaleido finds /usr/bin/chromium.
    The server is a process-wide singleton, shared with any other module that starts it.
    """
    global _kaleido_started
    import kaleido

    with _kaleido_lock:
        if not _kaleido_started:
            kaleido.start_sync_server(mathjax=False, silence_warnings=True)
            _kaleido_started = True
    return kaleido


def render_png(fig: go.Figure, size: tuple[int, int] = PNG_SIZE, scale: float = 1.0) -> bytes:
    """PNG bytes of the figure through kaleido (maps included: MapLibre renders without tiles)."""
    kaleido = _kaleido()
    fig = figure_text.escape_figure(fig)  # names from the data show literally, as in the browser
    width, height = size
    return kaleido.calc_fig_sync(
        fig, opts={"format": "png", "width": width, "height": height, "scale": scale}
    )


# -- downloads --------------------------------------------------------------------------------------


def slug(text: str) -> str:
    """'Kaart van de buurten' -> 'kaart-van-de-buurten' (ASCII, for file names)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "export"


def filename(chart: ChartData, fmt: str, day: date | None = None) -> str:
    stamp = (day or date.today()).isoformat()
    return f"wijkwaarde-{slug(chart.meta.title)}-{stamp}.{fmt}"


def payload(chart: ChartData, fmt: str, figure: go.Figure | None = None) -> tuple[bytes, str]:
    """(bytes, media type) of one export format."""
    if fmt == "csv":
        return to_csv(chart), "text/csv"
    if fmt == "xlsx":
        return to_xlsx(chart), XLSX_MEDIA
    if fmt == "png":
        if figure is None:
            raise ValueError("a PNG needs the figure")
        return render_png(png_figure(figure, chart.meta)), "image/png"
    raise ValueError(f"unknown export format {fmt!r}")
