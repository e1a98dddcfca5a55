"""The line under every figure: source files with their batch ids, data date, fictional-data note and,
where the figure counts people, how small numbers are protected."""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import html

from dashboard import formatting as fmt
from dashboard import protection as prot
from dashboard.i18n import t
from dashboard.reports.publish import FILE_PREFIX as REPORT_FILE_PREFIX


def protection_note(protection: prot.Protection, lang: str) -> str:
    """What every export and people-counting footnote says about small-number protection (or its absence)."""
    if protection.mode == "scoped":  # a login that sees some figures exactly (issue 15)
        return t("scoped_note", lang).format(k=protection.k, r=protection.round_to)
    if not protection.active:
        return t("internal_note", lang)
    return t("protection_note", lang).format(k=protection.k, r=protection.base)


def footnote(
    sources: pd.DataFrame,
    dataset: dict[str, Any],
    lang: str,
    selection: str = "",
    protection: prot.Protection | None = None,
) -> html.P:
    """'Bron: initiatieven.csv (batch 4), … · Gegevens geladen op 20-01-2025 · Fictieve gegevens'.

    With `protection` (a figure that counts people) the protection note is added, so a reader knows
    that '155' is a rounded count.
    """
    text = footnote_text(sources, dataset, lang, selection)
    if protection is not None:
        text += " · " + protection_note(protection, lang)
    return html.P(text, className="small text-muted mb-0 mt-2 footnote")


def publishers(sources: pd.DataFrame) -> list[str]:
    """Who published the figures, as the loaded files say it ('CBS, Kerncijfers wijken en buurten 2024')."""
    if "publishers" not in sources:
        return []
    return sorted({str(p) for names in sources["publishers"] for p in (names if names is not None else [])})


# Accepted grantee reports are loaded one batch each (dashboard/reports/publish.py): named together, not one
# by one, or a fund's hundred reports would make every footnote a page long.


def file_entries(sources: pd.DataFrame, lang: str) -> list[str]:
    """One entry per loaded file, 'kwb-2024.csv (batch 2)'; the grantee reports as one entry with their
    count and batches."""
    if sources.empty:
        return []
    reports: list[int] = []
    files: dict[str, list[int]] = {}  # the file the user loaded -> its batches, in batch order
    batch = t("batch", lang)
    # A generated template (etl/cbs) is named by the user's own file it was made from (`origin`): the areas
    # and figures of one kwb-2024.csv are 'kwb-2024.csv (batch 1, 2)', not two files the user never had.
    origins = sources["origin"] if "origin" in sources else [None] * len(sources)
    # zip over the columns: itertuples builds a namedtuple class per call (every chart's footnote)
    for name, batch_id, origin in zip(sources["source_name"], sources["batch_id"], origins, strict=True):
        if str(name).startswith(REPORT_FILE_PREFIX):
            reports.append(int(batch_id))
        else:
            shown = name if origin is None or pd.isna(origin) else origin
            files.setdefault(str(shown), []).append(int(batch_id))
    entries = [f"{name} ({batch} {', '.join(map(str, ids))})" for name, ids in files.items()]
    if reports:
        batches = f"{min(reports)}–{max(reports)}" if len(reports) > 1 else str(reports[0])
        entries.append(t("report_sources", lang).format(count=len(reports), batches=batches))
    return entries


def source_lines(sources: pd.DataFrame, lang: str) -> list[str]:
    """The publishers, then one line per batch: 'kwb-2024.csv (batch 2)'."""
    return publishers(sources) + file_entries(sources, lang)


def source_text(sources: pd.DataFrame, lang: str) -> str:
    """'CBS, Kerncijfers wijken en buurten 2024; bestanden: kwb-2024.csv (batch 2), gebieden.geojson (batch 1)'."""
    files = ", ".join(file_entries(sources, lang))
    names = publishers(sources)
    if names:
        return f"{'; '.join(names)}; {t('files', lang)}: {files or fmt.DASH}"
    return files or fmt.DASH


def footnote_text(sources: pd.DataFrame, dataset: dict[str, Any], lang: str, selection: str = "") -> str:
    """The footnote as plain text, for slides and exports as well as under the chart."""
    parts = []
    if selection:
        parts.append(f"{t('selection', lang)}: {selection}")
    parts.append(f"{t('source', lang)}: {source_text(sources, lang)}")
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
