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

from dashboard import figure_text, figures

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_SEPARATOR = ";"  # what Dutch Excel expects (with the decimal comma)
# An English CSV as English Excel reads it: comma-separated, decimal point (a ';' file opened as one column)
CSV_STYLE = {"nl": (";", ","), "en": (",", ".")}
XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG_SIZE = (1200, 675)  # 16:9, fits a slide
FORMATS = ("csv", "xlsx", "png")
XLSX_DATE_FORMAT = {"nl": "dd-mm-yyyy", "en": "d mmm yyyy"}  # as the page writes a day (formatting.day)

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

    `frame` has readable column headers; cells are numbers, dates, None (no data) or text such as '< 10'.
    `percent` names the columns that hold shares as fractions (0.25) which the page shows as percentages
    (25%): the CSV writes them as percentages (25) and the workbook as fractions with a percent format, both
    under a header that says '(%)'.
    """

    key: str
    meta: ExportMeta
    frame: pd.DataFrame
    summary: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    percent: frozenset[str] = frozenset()
    units: dict[str, str] = field(default_factory=dict)  # column -> unit its header does not say yet

    def headers(self) -> list[str]:
        """The column headers as exported: a share column says it is in percent, a statistic its unit
        ('Gemiddelde WOZ-waarde (x 1.000 euro)')."""
        out = []
        for c in self.frame.columns:
            unit = "%" if c in self.percent else self.units.get(c)
            out.append(unit_header(str(c), unit) if unit else str(c))
        return out


def unit_header(name: str, unit: str) -> str:
    """'Aandeel nog actief', '%' -> 'Aandeel nog actief (%)'; a header that already ends with its unit
    in brackets stays."""
    suffix = f"({unit})"
    return name if name.rstrip().endswith(suffix) else f"{name} {suffix}"


# -- cells ------------------------------------------------------------------------------------------


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and not math.isnan(value)


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet could run as a formula gets a leading quote; numbers and None pass."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _plain(value: Any) -> Any:
    """Python values for writing: numpy numbers to int/float, NaN/NaT to None, timestamps to dates."""
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
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, float):
        # 12 significant digits: sums of cents and shares keep their meaning, binary noise goes
        # (372649.99999999994 -> 372650, 0.30000000000000004 -> 0.3)
        return float(f"{value:.12g}")
    return value


YEAR_HEADER = re.compile(r"(Jaar|Year)\b")


def cells(frame: pd.DataFrame) -> list[list[Any]]:
    """The frame's rows as plain Python values, text neutralised; a year column whose years are text (a
    chart's category labels, '2024') leaves as numbers."""
    rows = [[neutralise(_plain(v)) for v in row] for row in frame.itertuples(index=False, name=None)]
    for i, name in enumerate(frame.columns):
        if (
            YEAR_HEADER.match(str(name))
            and rows
            and all(isinstance(r[i], str) and r[i].isdigit() and len(r[i]) == 4 for r in rows)
        ):
            for r in rows:
                r[i] = int(r[i])
    return rows


def _percent_cells(chart: ChartData) -> list[list[Any]]:
    """The rows, with the share columns as percentages (0.25 -> 25) for the CSV."""
    shares = [i for i, c in enumerate(chart.frame.columns) if c in chart.percent]
    rows = cells(chart.frame)
    for row in rows:
        for i in shares:
            if is_number(row[i]):
                row[i] = float(f"{row[i] * 100:.12g}")
    return rows


def _csv_cell(value: Any, decimal: str = ",") -> str:
    if value is None:
        return ""
    if is_number(value):
        return _csv_number(value, decimal)
    if isinstance(value, (date, datetime)):
        return value.isoformat()  # ISO 8601: Excel (nl and en) reads it as a date, and it is unambiguous
    return value


def _csv_number(value: float | int, decimal: str = ",") -> str:
    """Dutch decimal comma (English: point), no thousands separator (Excel NL reads 1234,5 as a number)."""
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return repr(float(value)).replace(".", decimal)


# -- CSV / XLSX -------------------------------------------------------------------------------------


def to_csv(chart: ChartData) -> bytes:
    """UTF-8 with BOM, '# label: text' metadata lines, an empty line, then the table: ';'-separated with a
    decimal comma in Dutch, ','-separated with a decimal point in English."""
    separator, decimal = CSV_STYLE.get(chart.meta.lang, CSV_STYLE["nl"])
    buffer = io.StringIO()
    for label, text in chart.meta.lines():
        buffer.write(neutralise(f"# {label}: {text}").replace("\n", " ") + "\r\n")
    buffer.write("\r\n")
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in chart.headers()])
    for row in _percent_cells(chart):
        writer.writerow([_csv_cell(v, decimal) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(chart: ChartData) -> bytes:
    """One sheet: the metadata rows (label, text), an empty row, the header row, then the data rows.

    Numbers are numeric cells, dates are date cells with a date format (dd-mm-jjjj in Dutch, d mmm yyyy in
    English), shares are fractions with a percent format; text cells (such as the hidden '< 10') are typed
    as text explicitly (openpyxl would otherwise turn a string starting with '=' into a formula).
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
    for col, name in enumerate(chart.headers(), start=1):
        _text_cell(ws, row, col, name).font = Font(bold=True)
    shares = {i for i, c in enumerate(chart.frame.columns, start=1) if c in chart.percent}
    day_format = XLSX_DATE_FORMAT.get(chart.meta.lang, XLSX_DATE_FORMAT["nl"])
    rows = cells(chart.frame)
    money = _money_formats(chart.headers(), rows)
    for values in rows:
        row += 1
        for col, value in enumerate(values, start=1):
            if value is None:
                continue
            if is_number(value):
                cell = ws.cell(row=row, column=col, value=value)
                if col in shares:
                    cell.number_format = "0.0%"
                elif col in money:
                    cell.number_format = money[col]
            elif isinstance(value, datetime):
                ws.cell(row=row, column=col, value=value).number_format = day_format + " hh:mm"
            elif isinstance(value, date):
                ws.cell(row=row, column=col, value=value).number_format = day_format
            else:
                _text_cell(ws, row, col, str(value))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for col in range(1, len(chart.frame.columns) + 1):
        ws.column_dimensions[ws.cell(row=header_row, column=col).column_letter].width = 22
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _money_formats(headers: list[str], rows: list[list[Any]]) -> dict[int, str]:
    """Excel number formats of the money columns (a header with '€' or 'euro'): thousands grouped, cents
    only in a column that has them ('3.010.500' in a Dutch Excel, not 3010499.97 as a bare number)."""
    out = {}
    for i, name in enumerate(headers):
        if "€" not in name and "euro" not in name.lower() or " per €" in name:
            continue  # 'Waarde per € subsidie' is a ratio, not an amount
        values = [r[i] for r in rows if is_number(r[i])]
        cents = any(not float(v).is_integer() for v in values)
        out[i + 1] = "#,##0.00" if cents else "#,##0"
    return out


def _text_cell(ws, row: int, col: int, text: str):
    cell = ws.cell(row=row, column=col)
    cell.value = neutralise(text)
    cell.data_type = "s"
    return cell


def _sheet_title(title: str) -> str:
    clean = re.sub(r"[\[\]:*?/\\]", " ", title).strip() or "Gegevens"
    return clean[:31]


# -- PNG --------------------------------------------------------------------------------------------


PNG_WRAP = 150  # characters per line of the selection and the footnote at 1200 px (11-13 px type)


def png_figure(fig: go.Figure | dict, meta: ExportMeta) -> go.Figure:
    """A copy of the figure for a slide: the title on top, selection, source, date (and 'fictieve
    gegevens') written under it, so the image carries its own footnote.

    The figure keeps the margins fitted to its labels where they are wider (a bar chart's category names
    on the left were cut off at a fixed 70 px); the selection wraps; the legend goes in a row under the
    title block with room for as many rows as its names take (it ran into a long selection before), and the
    footnote sits under the figure's own notes."""
    out = go.Figure(fig)
    lines = [_escape(meta.title)]
    selection = figures.wrap(_escape(meta.selection), PNG_WRAP) if meta.selection else ""
    top = f"<b>{lines[0]}</b>"
    if selection:
        top += f"<br><span style='font-size:13px'>{selection}</span>"
    title_height = 42 + 18 * (selection.count("<br>") + 1 if selection else 0)
    own = out.layout.margin
    width, height = PNG_SIZE
    left, right = max(70, own.l or 0), max(30, own.r or 0)
    legend_rows = _legend_rows(out, width - left - right)
    note_parts = [f"{label}: {text}" for label, text in meta.lines()[2:]]
    note = "<br>".join(figures.wrap(_escape(p), PNG_WRAP) for p in note_parts)
    note_height = 15 * (note.count("<br>") + 1)
    # the figure's own notes under the plot (figures.note_below) keep their place above the footnote
    below = max(90, (own.b or 0) + 10)
    out.update_layout(
        # plotly places a top-anchored title of several lines about one line too high: 28 px down keeps its
        # first line (in bold 17 px) inside the image
        title={"text": top, "x": 0.01, "xanchor": "left", "y": 1 - 28 / height, "yanchor": "top"},
        margin={"t": title_height + 24 * legend_rows + 10, "b": below + note_height, "l": left, "r": right},
        # in the plot's coordinates (a chart's own legend may stand at its container's bottom edge)
        legend={
            "orientation": "h",
            "xref": "paper",
            "x": 0,
            "xanchor": "left",
            "yref": "paper",
            "y": 1.0,
            "yanchor": "bottom",
        },  # fmt: skip
        height=None,
        width=None,
    )
    out.add_annotation(
        text=note,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xshift=-(left - 10),  # from the image's left edge, not the plot's
        yshift=-below,  # under the x-axis title and the figure's own notes, inside the bottom margin
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": 11, "color": "#495057"},
    )
    return out


def _legend_rows(fig: go.Figure, room: float) -> int:
    """How many rows a horizontal legend of the figure's named traces takes in `room` px (0: no legend)."""
    from dashboard.figure_margins import text_size

    names = [t.name for t in fig.data if t.name and t.showlegend is not False]
    if len(names) < 2 and not (names and fig.layout.showlegend):
        return 0
    rows, used = 1, 0.0
    for name in names:
        item = text_size(name, 13)[0] + 50  # the symbol and the gap to the next entry
        if used and used + item > room:
            rows, used = rows + 1, item
        else:
            used += item
    return rows


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
