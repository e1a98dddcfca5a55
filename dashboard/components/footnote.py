"""The line under every figure: source files with their batch ids, data date, fictional-data note."""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import html

from dashboard import formatting as fmt
from dashboard.i18n import t


def footnote(sources: pd.DataFrame, dataset: dict[str, Any], lang: str, selection: str = "") -> html.P:
    """'Bron: initiatieven.csv (batch 4), … · Gegevens geladen op 20-01-2025 · Fictieve gegevens'."""
    return html.P(
        footnote_text(sources, dataset, lang, selection), className="small text-muted mb-0 mt-2 footnote"
    )


def footnote_text(sources: pd.DataFrame, dataset: dict[str, Any], lang: str, selection: str = "") -> str:
    """The footnote as plain text, for slides and exports as well as under the chart."""
    files = ", ".join(
        f"{row.source_name} ({t('batch', lang)} {int(row.batch_id)})"
        for row in sources.itertuples(index=False)
    )
    parts = []
    if selection:
        parts.append(f"{t('selection', lang)}: {selection}")
    parts.append(f"{t('source', lang)}: {files or fmt.DASH}")
    loaded = dataset.get("loaded_at")
    if loaded is not None and not pd.isna(loaded):
        text = f"{t('data_date', lang)} {fmt.day(loaded)}"
        latest = dataset.get("latest_observation")
        if latest is not None and not pd.isna(latest):
            text += f", {t('observed_until', lang)} {fmt.day(latest)}"
        parts.append(text)
    if dataset.get("is_fictional"):
        parts.append(t("fictional_note", lang))
    return " · ".join(parts)
