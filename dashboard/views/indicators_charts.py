"""The indicator catalogue (/indicatoren) as a ChartData: the grid's rows as the search box filters them,
for the CSV and XLSX downloads under the grid."""

from __future__ import annotations

import pandas as pd

from dashboard import formatting as fmt
from dashboard.exports import ChartData
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.repository import Repository
from dashboard.views.value_charts import chart_meta

ENTITIES = ("indicatoren", "waarnemingen")
CHART = "catalogus"


def quick_filter(rows: list[dict], text: str) -> list[dict]:
    """AG Grid's quick filter: every word of the text occurs (case-insensitive) in the row's joined cells."""
    words = [w.upper() for w in text.split() if w]
    if not words:
        return rows
    out = []
    for row in rows:
        joined = "\n".join("" if v is None else str(v) for v in row.values()).upper()
        if all(w in joined for w in words):
            out.append(row)
    return out


def catalogue_data(
    repo: Repository, filters: Filters, rows: list[dict], columns: list[dict], text: str
) -> ChartData:
    """The catalogue rows the grid shows for `text`, with the grid's column headers, in its order."""
    lang = filters.lang
    shown = quick_filter(rows, text)
    frame = pd.DataFrame(
        [[r.get(c["field"]) for c in columns] for r in shown], columns=[c["headerName"] for c in columns]
    )
    selection = f"{t('search_indicators', lang)}: {text}" if text else fmt.DASH
    title = t("indicators_title", lang)
    return ChartData(CHART, chart_meta(repo, filters, title, ENTITIES, selection=selection), frame)
