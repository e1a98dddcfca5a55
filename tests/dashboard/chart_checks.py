"""Helpers for the chart-export tests of the profiel, behoefte, portefeuille and overleving pages: read an
export back (CSV, XLSX), read the data-table alternative's cells, read a slide's native chart series."""

from __future__ import annotations

import base64
import csv
import io

from openpyxl import load_workbook

from dashboard import exports
from dashboard.components.wire import wire


def csv_table(data: bytes) -> tuple[list[str], list[list]]:
    """(metadata lines, [header, rows...]) with numbers as floats, empty cells as None: a Dutch CSV is
    ';'-separated with a decimal comma, an English one (metadata '# Title:') ','-separated with a point."""
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    head, table = text[1:].split("\r\n\r\n", 1)
    english = head.startswith("# Title:")
    rows = list(csv.reader(io.StringIO(table), delimiter="," if english else ";"))

    def cell(v: str):
        if v == "":
            return None
        try:
            return float(v if english else v.replace(",", "."))
        except ValueError:
            return v

    return head.split("\r\n"), [rows[0]] + [[cell(v) for v in r] for r in rows[1:]]


def xlsx_table(data: bytes, header: list[str]) -> tuple[list[list], list[list]]:
    """(metadata rows, data rows under `header`) of an export workbook."""
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    start = next(i for i, r in enumerate(rows) if [str(v) for v in r[: len(header)]] == header)
    return rows[:start], rows[start + 1 :]


def both_exports(chart) -> tuple[list[str], list[list], list[list], list[list]]:
    """(CSV metadata lines, CSV header + rows, XLSX metadata rows, XLSX data rows) of one ChartData."""
    head, table = csv_table(exports.to_csv(chart))
    meta, rows = xlsx_table(exports.to_xlsx(chart), table[0])
    return head, table, meta, rows


def download_bytes(result: dict) -> bytes:
    """The bytes of a dcc.send_bytes answer."""
    return base64.b64decode(result["content"])


def table_cells(details) -> list[list[str]]:
    """The data-table alternative (<details> 'Tabel bij deze grafiek') as rows of cell texts, read from the
    JSON Dash sends (components and the rows chart_tools writes as that JSON alike)."""
    found: list = []

    def walk(node):
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict) and "props" in node:
            if node.get("type") == "Tbody":
                found.append(node)
                return
            walk(node["props"].get("children"))

    walk(wire(details))
    assert found, "no table in the data-table alternative"
    return [[c["props"]["children"] for c in tr["props"]["children"]] for tr in found[0]["props"]["children"]]


def meta_ok(head: list[str], title: str) -> None:
    """Title, selection, source, data date, protection note and the fictional note for Demostad."""
    assert head[0] == f"# Titel: {title}"
    assert head[1].startswith("# Selectie: ") and len(head[1]) > len("# Selectie: ")
    assert head[2].startswith("# Bron: ") and "(batch " in head[2]
    assert head[3].startswith("# Gegevensdatum: Gegevens geladen op ")
    assert any(line.startswith("# Bescherming: ") for line in head)
    assert head[-1] == "# Let op: fictieve gegevens"


def charts_of(page: str, repo, query: dict) -> dict:
    """Every chart (ChartResult) of a page for a URL query, from the page's chart registry."""
    from dashboard.charts import PAGES

    found = PAGES[page]
    return found.all(repo, found.state(query))


def tables_of(page: str, repo, query: dict) -> dict:
    """Every download table (ChartData) of a page for a URL query, from the page's chart registry."""
    from dashboard.charts import PAGES

    found = PAGES[page]
    ctx = found.context(repo, found.state(query))
    return {name: table(ctx) for name, table in found.tables.items()}


def texts(component) -> list[str]:
    """Every text and number in a Dash component tree, in order (what a reader of the page sees)."""
    out: list[str] = []

    def walk(c):
        if isinstance(c, str | int | float):
            out.append(str(c))
        elif isinstance(c, list | tuple):
            for x in c:
                walk(x)
        elif hasattr(c, "children"):
            walk(c.children)

    walk(component)
    return out
