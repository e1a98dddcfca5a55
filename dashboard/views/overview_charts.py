"""The data behind each overview chart as a ChartData (after protection): for exports, the accessible
data table under the chart and its short text summary. Built from the same repository calls and the same
formatting as the figures, so the table, the CSV/XLSX and the figure show the same values."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd

from dashboard import figures, map_geometry
from dashboard import formatting as fmt
from dashboard import protection as prot
from dashboard.components.footnote import protection_note, source_text
from dashboard.exports import ChartData, ExportMeta
from dashboard.filters import Filters
from dashboard.i18n import column, t
from dashboard.repository import ENTITIES, Repository
from dashboard.views import overview as view


def data_date_text(dataset: dict[str, Any], lang: str) -> str:
    """'Gegevens geladen op 20-01-2025, waarnemingen t/m 31-12-2024' (as in the footnote)."""
    loaded = dataset.get("loaded_at")
    if loaded is None or pd.isna(loaded):
        return fmt.DASH
    text = f"{t('data_date', lang)} {fmt.day(loaded)}"
    latest = dataset.get("latest_observation")
    if latest is not None and not pd.isna(latest):
        text += f", {t('observed_until', lang)} {fmt.day(latest)}"
    return text


def export_meta(repo: Any, lang: str, title: str, selection: str, sources: pd.DataFrame) -> ExportMeta:
    """What every export carries (one way for every page): title, selection, the source files with batch
    ids, data date, the protection note and the fictional flag. `repo` answers dataset() (a Repository, or
    charts.result.Shared that asks it once per render) and has the protection settings."""
    dataset = repo.dataset()
    return ExportMeta(
        title=title,
        selection=selection,
        source=source_text(sources, lang),
        data_date=data_date_text(dataset, lang),
        fictional=bool(dataset.get("is_fictional")),
        protection=protection_note(view.protection_of(getattr(repo, "repo", repo)), lang),
        lang=lang,
    )


def meta(repo: Repository, f: Filters, chart: str, title: str) -> ExportMeta:
    """The export metadata of an overview chart: its filters as the selection."""
    return export_meta(
        repo, f.lang, title, view.selection_text(repo, f), repo.sources(ENTITIES[chart], f.gemeente)
    )


def _cell(value: Any, lang: str = "nl") -> Any:
    """A figure value as a data cell: hidden -> '< k' or 'afgeschermd', missing -> None, else the float."""
    if isinstance(value, prot.Hidden):
        return value.text(lang)
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return float(value)


# -- one ChartData per chart ------------------------------------------------------------------------


# the table's rows: the cards' order and labels
KPI_LABELS = {
    "active": "kpi_active",
    "deelnemers": "kpi_participants",
    "vrijwilligers": "kpi_volunteers",
    "grants": "kpi_grants",
}
KPI_UNITS = {"active": "initiatieven", "deelnemers": "personen", "vrijwilligers": "personen", "grants": "€"}


def kpi_data(repo: Repository, filters: Filters) -> ChartData:
    f = view.resolve(repo, filters, national=True)
    lang = f.lang
    period, previous = f.period, f.previous_period()
    rows = []
    if period is not None and previous is not None:
        values = view.kpi_values(repo, f)
        for key, label in KPI_LABELS.items():
            now, before = values[key]
            rows.append([t(label, lang), _cell(now, lang), _cell(before, lang), fmt.unit(KPI_UNITS[key])])
    columns = [
        t("col_kpi", lang),
        fmt.period_label(*period) if period else t("period", lang),
        fmt.period_label(*previous) if previous else t("previous_period", lang),
        t("unit", lang),
    ]
    frame = pd.DataFrame(rows, columns=columns)
    chart = ChartData("kpis", meta(repo, f, "kpis", t("kpi_title", lang)), frame)
    chart.extra["formatters"] = {columns[1]: fmt.auto_number, columns[2]: fmt.auto_number}
    return chart


def map_data(repo: Repository, filters: Filters, values: pd.DataFrame | None = None) -> ChartData:
    """One row per buurt of the gemeente (per gemeente on the national overview), in the map's order,
    with the value the map colours it by (`values`: repo.map_values, when the caller has them)."""
    f = view.resolve(repo, filters, national=True)
    lang = f.lang
    label, value_text = view._metric_label_and_text(repo, f.metric, lang)
    cells = map_geometry.load(repo, f.gemeente)  # the map's cells, in the map's order
    key = map_geometry.columns(f.gemeente)[0]
    if f.gemeente:
        columns = [t("col_buurt_code", lang), t("buurt", lang), t("wijk", lang), label]
        buurten = repo.buurten(f.gemeente)
        wijk_of = dict(zip(buurten["buurt_code"], buurten["wijk_name"], strict=True))
    else:
        columns = [t("col_gemeente_code", lang), t("gemeente", lang), label]
    rows: list[list[Any]] = []
    if cells.codes:
        values = repo.map_values(f) if values is None else values
        hidden = view.hidden_codes(values, key, view.protection_of(repo).k, lang)
        # plain dictionaries: a look-up per area in a Series cost more than the rest of the table
        value_of = dict(zip(values[key], values["value"], strict=True))
        has_year = "year" in values.columns
        year_of = dict(zip(values[key], values["year"], strict=True)) if has_year else {}
        for code, name in zip(cells.codes, cells.names, strict=True):
            cell = hidden.get(code, _cell(value_of.get(code)))
            row = [code, name, wijk_of.get(code), cell] if f.gemeente else [code, name, cell]
            if has_year:
                year = year_of.get(code)
                row.append(None if year is None or pd.isna(year) else int(year))
            rows.append(row)
        if has_year:
            columns.append(t("col_year", lang))
    frame = pd.DataFrame(rows, columns=columns)
    title = f"{view.map_title(f, lang)}: {label}"
    chart = ChartData("map", meta(repo, f, "map", title), frame)
    chart.extra["formatters"] = {label: value_text}
    chart.extra["value_column"] = label
    chart.summary = map_summary(frame, label, value_text, lang)
    return chart


def trend_data(repo: Repository, filters: Filters, quarters: pd.DataFrame | None = None) -> ChartData:
    """One row per quarter of the period: realised and target, as the trend chart draws them
    (`quarters`: repo.indicator_by_quarter, when the caller has it)."""
    f = view.resolve(repo, filters, national=True)
    lang = f.lang
    indicators = repo.indicators()
    row = indicators[indicators["code"] == f.indicator]
    name = row[column("name", lang)].iloc[0] if not row.empty else f.indicator
    columns = [t("quarter", lang), t("realised", lang), t("target", lang)]
    rows: list[list[Any]] = []
    if f.period is not None and not row.empty:
        df = repo.indicator_by_quarter(f) if quarters is None else quarters
        k = view.protection_of(repo).k
        cells = {
            key: (prot.hidden_text(k, small, lang) if gone else _cell(value), _cell(target))
            for key, (value, target, gone, small) in figures.by_quarter(df).items()
        }
        for year, q in figures.quarters(*f.period):
            value, target = cells.get((year, q), (None, None))
            rows.append([fmt.quarter_label(year, q), value, target])
    frame = pd.DataFrame(rows, columns=columns)
    if frame.empty or frame[columns[1]].isna().all():
        frame = frame.iloc[0:0]
    title = f"{t('trend_title', lang)}: {name}"
    chart = ChartData("trend", meta(repo, f, "trend", title), frame)
    chart.extra["formatters"] = {columns[1]: fmt.auto_number, columns[2]: fmt.auto_number}
    unit = row["unit"].iloc[0] if not row.empty else None
    if isinstance(unit, str) and unit:  # realised and target in the indicator's unit ('kg', 'personen')
        chart.units = {columns[1]: fmt.unit(unit), columns[2]: fmt.unit(unit)}
    chart.summary = trend_summary(frame, name, lang)
    return chart


def table_data(repo: Repository, filters: Filters) -> ChartData:
    """The initiative table's rows (public mode: without participants per initiative)."""
    f = view.resolve(repo, filters, national=True)
    lang = f.lang
    rows = view.render_table(repo, f)
    keys = [
        ("naam", "col_name"),
        ("organisatie", "col_organisation"),
        ("themas", "col_themes"),
        ("vorm", "col_form"),
        ("status", "col_status"),
        ("start", "col_start"),
        ("einde", "col_end"),
        ("hoofdbuurt", "col_buurt"),
        ("subsidie", "col_grants"),
    ]
    if any("deelnemers" in r for r in rows) or view.protection_for(repo, f).initiative_counts:
        keys.append(("deelnemers", "col_participants"))
    dates = {"start", "einde"}  # the grid's ISO texts (sortable) leave as dates: real dates in Excel
    frame = pd.DataFrame(
        [[_day(r.get(k)) if k in dates else r.get(k) for k, _ in keys] for r in rows],
        columns=[t(label, lang) for _, label in keys],
    )
    return ChartData("table", meta(repo, f, "table", t("table_title", lang)), frame)


def _day(text: str | None) -> date | None:
    return None if not text else date.fromisoformat(text[:10])


# -- text summaries (short, for screen readers and everyone else) -------------------------------------


def map_summary(frame: pd.DataFrame, label: str, value_text: Callable[[Any], str], lang: str) -> str:
    if frame.empty:
        return t("no_data", lang)
    name_col = frame.columns[1]
    values = frame[label]
    numeric = frame[values.map(lambda v: isinstance(v, float) and v == v)]  # shown values (NaN: none)
    hidden = int(values.map(lambda v: isinstance(v, str)).sum())
    missing = int(values.isna().sum())
    national = frame.columns[0] == t("col_gemeente_code", lang)
    key = ("summary_map_gemeenten" if national else "summary_map") + ("_one" if len(frame) == 1 else "")
    parts = [t(key, lang).format(n=len(frame), label=label)]
    shown = numeric[label].astype(float)
    if not numeric.empty and shown.min() == shown.max() and len(numeric) > 1:
        # one value everywhere (no initiatives loaded: 0 per 1.000 in every buurt): naming one buurt as both
        # the highest and the lowest reads as if it stood out
        parts.append(
            t("summary_all_equal", lang).format(n=len(numeric), v=value_text(numeric[label].iloc[0]))
        )
    elif not numeric.empty:
        top = numeric.loc[numeric[label].astype(float).idxmax()]
        low = numeric.loc[numeric[label].astype(float).idxmin()]
        parts.append(
            t("summary_high_low", lang).format(
                high=top[name_col],
                high_v=value_text(top[label]),
                low=low[name_col],
                low_v=value_text(low[label]),
            )
        )
    if missing:
        parts.append(t("summary_missing", lang).format(n=missing))
    if hidden:
        parts.append(t("summary_hidden", lang).format(n=hidden))
    return " ".join(parts)


def trend_summary(frame: pd.DataFrame, name: str, lang: str) -> str:
    if frame.empty:
        return t("no_data", lang)
    quarter, realised = frame.columns[0], frame.columns[1]
    shown = frame[frame[realised].map(lambda v: isinstance(v, float) and v == v)]
    hidden = int(frame[realised].map(lambda v: isinstance(v, str)).sum())
    parts = [
        t("summary_trend", lang).format(name=name, first=frame[quarter].iloc[0], last=frame[quarter].iloc[-1])
    ]
    if len(shown) >= 2:
        parts.append(
            t("summary_from_to", lang).format(
                first_q=shown[quarter].iloc[0],
                first=fmt.auto_number(shown[realised].iloc[0]),
                last_q=shown[quarter].iloc[-1],
                last=fmt.auto_number(shown[realised].iloc[-1]),
            )
        )
    if hidden:
        parts.append(t("summary_hidden_quarters", lang).format(n=hidden))
    return " ".join(parts)
