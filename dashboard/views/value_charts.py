"""The data behind each chart and table of the social value page as a ChartData: for exports (CSV, XLSX,
PNG), the data table under each chart ('Tabel bij deze grafiek'), its text summary and the council pack.

Built from the same `view.render(...)` parts that draw the figures (each part computed when first asked),
so the table, the export and the figure show the same values; dashboard/charts/value.py puts them in the
chart registry. The chart names are the ones a permalink's `grafiek=` may choose.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard import formatting as fmt
from dashboard.exports import ChartData, ExportMeta
from dashboard.filters import Filters
from dashboard.i18n import local, t
from dashboard.repository import Repository
from dashboard.views import value as view
from dashboard.views.overview import selection_text
from dashboard.views.overview_charts import export_meta

# chart name -> title key; the first four are figures (PNG, council pack), the last two tables
TITLES = {
    "initiatieven": "value_per_initiative",
    "belanghebbenden": "value_per_stakeholder",
    "portefeuille": "value_per_portfolio",
    "matrix": "who_benefits",
    "verhouding": "ratio_title",
    "proxies": "proxies_title",
}
FIGURES = ("initiatieven", "belanghebbenden", "portefeuille", "matrix")
FIGURE_KEYS = {
    "initiatieven": "initiative_figure",
    "belanghebbenden": "stakeholder_figure",
    "portefeuille": "portfolio_figure",
    "matrix": "matrix_figure",
}

# Strings only these charts use (kept here so the shared i18n module needs no edit).
_STRINGS = {
    "value_low": {"nl": "Waarde laag (€)", "en": "Value low (€)"},
    "value_high": {"nl": "Waarde hoog (€)", "en": "Value high (€)"},
    "ratio_low": {"nl": "Waarde per € subsidie, laag", "en": "Value per € of grant, low"},
    "ratio_high": {"nl": "Waarde per € subsidie, hoog", "en": "Value per € of grant, high"},
    "grants_measured": {
        "nl": "Subsidie gemeten initiatieven (€)",
        "en": "Grants to measured initiatives (€)",
    },
    "grants_unmeasured": {
        "nl": "Subsidie niet-gemeten initiatieven (€)",
        "en": "Grants to unmeasured initiatives (€)",
    },
    "n_measured": {"nl": "Gemeten initiatieven", "en": "Measured initiatives"},
    "n_unmeasured": {"nl": "Niet-gemeten initiatieven", "en": "Unmeasured initiatives"},
    "per_unit_low": {"nl": "Per eenheid laag (€)", "en": "Per unit low (€)"},
    "per_unit_high": {"nl": "Per eenheid hoog (€)", "en": "Per unit high (€)"},
    "source": {"nl": "Bron", "en": "Source"},
    "year": {"nl": "Jaar", "en": "Year"},
    "note": {"nl": "Toelichting", "en": "Note"},
    "unit": {"nl": "Eenheid", "en": "Unit"},
    "summary_ranges": {
        "nl": "{n} staven van laag naar hoog: {what}. Hoogste: {top} ({range}).",
        "en": "{n} bars from low to high: {what}. Highest: {top} ({range}).",
    },
    "summary_matrix": {
        "nl": "Tabel van {s} belanghebbenden bij {e} effecten; {n} cellen met een waarde. Hoogste: {top} ({range}).",
        "en": "Table of {s} stakeholders by {e} effects; {n} cells with a value. Highest: {top} ({range}).",
    },
    "summary_rows": {"nl": "{n} rijen.", "en": "{n} rows."},
}


def tt(key: str, lang: str) -> str:
    entry = _STRINGS.get(key)
    return t(key, lang) if entry is None else entry.get(lang, entry["nl"])


def chart_meta(
    repo: Repository, f: Filters, title: str, entities: tuple[str, ...], selection: str | None = None
) -> ExportMeta:
    """The export metadata of a value chart (overview_charts.export_meta); the filters as the selection."""
    text = selection_text(repo, f) if selection is None else selection
    return export_meta(repo, f.lang, title, text, repo.sources(entities, f.gemeente))


def _num(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _range_summary(frame: pd.DataFrame, what: str, lang: str) -> str:
    if frame.empty:
        return t("no_data", lang)
    label, low, high = frame.columns[:3]
    valued = frame[
        pd.to_numeric(frame[high], errors="coerce").notna()
    ]  # a hidden or missing range: not the top
    if valued.empty:
        return t("no_data", lang)
    top = valued.loc[valued[high].astype(float).idxmax()]
    return tt("summary_ranges", lang).format(
        n=len(frame), what=what, top=top[label], range=view.euro_range(top[low], top[high])
    )


def _range_chart(
    key: str, meta: ExportMeta, labels: list, low: list, high: list, label_col: str
) -> ChartData:
    lang = meta.lang
    lo, hi = tt("value_low", lang), tt("value_high", lang)
    frame = pd.DataFrame(
        {label_col: list(labels), lo: [_num(v) for v in low], hi: [_num(v) for v in high]},
        columns=[label_col, lo, hi],
    )
    chart = ChartData(key, meta, frame)
    chart.extra["formatters"] = {lo: fmt.euro, hi: fmt.euro}
    chart.summary = _range_summary(frame, meta.title, lang)
    return chart


def _meta(repo: Repository, f: Filters, name: str, selection: str) -> ExportMeta:
    return chart_meta(repo, f, t(TITLES[name], f.lang), view.ENTITIES, selection)


def _initiatives(
    repo: Repository, f: Filters, initiative, data: Mapping[str, Any], selection: str
) -> ChartData:
    top = data["top"]  # the bars the figure draws (protected values have none)
    labels = view.unique_labels(top["name"].tolist(), top["initiative_code"].tolist())
    return _range_chart("initiatieven", _meta(repo, f, "initiatieven", selection), labels,
                        top["value_low"].tolist(), top["value_high"].tolist(), t("col_name", f.lang))  # fmt: skip


def _stakeholders(
    repo: Repository, f: Filters, initiative, data: Mapping[str, Any], selection: str
) -> ChartData:
    stake = data["stakeholders"]
    return _range_chart("belanghebbenden", _meta(repo, f, "belanghebbenden", selection), stake["label"].tolist(),
                        stake["value_low"].tolist(), stake["value_high"].tolist(), t("stakeholder", f.lang))  # fmt: skip


def _portfolio(
    repo: Repository, f: Filters, initiative, data: Mapping[str, Any], selection: str
) -> ChartData:
    lang = f.lang
    port = data["portfolio"]
    pf = _range_chart("portefeuille", _meta(repo, f, "portefeuille", selection), port["funder_name"].tolist(),
                      port["value_low"].tolist(), port["value_high"].tolist(), t("col_funder", lang))  # fmt: skip
    if not port.empty:  # the table under the portfolio chart: grants and ratios as well
        extra = {
            tt("grants_measured", lang): port["grants_measured"],
            tt("n_measured", lang): port["initiatives_measured"],
            tt("grants_unmeasured", lang): port["grants_unmeasured"],
            tt("n_unmeasured", lang): port["initiatives_unmeasured"],
            tt("ratio_low", lang): port["ratio_low"],
            tt("ratio_high", lang): port["ratio_high"],
        }
        for col, values in extra.items():
            pf.frame[col] = [_num(v) for v in values]
        pf.extra["formatters"] |= {
            tt("grants_measured", lang): fmt.euro,
            tt("grants_unmeasured", lang): fmt.euro,
            tt("n_measured", lang): fmt.number,
            tt("n_unmeasured", lang): fmt.number,
            tt("ratio_low", lang): lambda v: fmt.number(v, 2),
            tt("ratio_high", lang): lambda v: fmt.number(v, 2),
        }
    return pf


def _matrix(repo: Repository, f: Filters, initiative, data: Mapping[str, Any], selection: str) -> ChartData:
    """Who benefits: one row per stakeholder x effect cell, as the heatmap draws them (None: no proxy)."""
    lang = f.lang
    matrix = data["matrix"]
    lo, hi = tt("value_low", lang), tt("value_high", lang)
    cols = [t("stakeholder", lang), t("effect", lang), lo, hi]
    rows = [
        [s, e, matrix["low"][i][j], matrix["high"][i][j]]
        for i, s in enumerate(matrix["stakeholders"])
        for j, e in enumerate(matrix["effects"])
    ]
    mframe = pd.DataFrame(rows, columns=cols)
    title = t("who_benefits", lang)
    mselection = selection
    if initiative:
        names = data["effects"]
        match = names[names["initiative_code"] == initiative]["initiative_name"] if not names.empty else []
        if len(match):
            title = f"{title}: {match.iloc[0]}"
            mselection = f"{selection} · {t('matrix_initiative', lang)}: {match.iloc[0]}"
    mchart = ChartData("matrix", chart_meta(repo, f, title, view.ENTITIES, mselection), mframe)
    mchart.extra["formatters"] = {lo: fmt.euro, hi: fmt.euro}
    valued = mframe.dropna(subset=[hi])
    if valued.empty:
        mchart.summary = t("no_data", lang)
    else:
        best = valued.loc[valued[hi].astype(float).idxmax()]
        mchart.summary = tt("summary_matrix", lang).format(
            s=len(matrix["stakeholders"]),
            e=len(matrix["effects"]),
            n=len(valued),
            top=f"{best[cols[0]]}, {best[cols[1]]}",
            range=view.euro_range(best[lo], best[hi]),
        )
    return mchart


def _ratio(repo: Repository, f: Filters, initiative, data: Mapping[str, Any], selection: str) -> ChartData:
    """Value-to-grant ratio of the measured initiatives (the table on the page)."""
    lang = f.lang
    per = data["per_initiative"]
    measured = per[per["measured"]]
    lo, hi = tt("value_low", lang), tt("value_high", lang)
    rcols = [
        t("col_name", lang), t("col_grants", lang), lo, hi, tt("ratio_low", lang), tt("ratio_high", lang),
    ]  # fmt: skip
    rrows = [
        [r.name, _num(r.grants), _num(r.value_low), _num(r.value_high), _num(r.ratio_low), _num(r.ratio_high)]
        for r in measured.itertuples(index=False)
    ]
    ratio = ChartData(
        "verhouding", _meta(repo, f, "verhouding", selection), pd.DataFrame(rrows, columns=rcols)
    )
    ratio.summary = tt("summary_rows", lang).format(n=len(rrows))
    return ratio


def _proxies(repo: Repository, f: Filters, initiative, data: Mapping[str, Any], selection: str) -> ChartData:
    lang = f.lang
    proxies = data["proxies"]
    pcols = [
        t("col_indicator", lang), t("stakeholder", lang), tt("per_unit_low", lang), tt("per_unit_high", lang),
        tt("unit", lang), tt("source", lang), tt("year", lang), tt("note", lang),
    ]  # fmt: skip
    prows = [
        [
            local(r, "indicator_name", lang),
            local(r, "stakeholder", lang),
            _num(r.value_low),
            _num(r.value_high),
            fmt.unit(r.unit),
            r.source + (f" ({t('example_value', lang)})" if r.is_example else ""),
            int(r.year),
            r.note or None,
        ]
        for r in proxies.itertuples(index=False)
    ]
    return ChartData("proxies", _meta(repo, f, "proxies", selection), pd.DataFrame(prows, columns=pcols))


BUILD = {
    "initiatieven": _initiatives,
    "belanghebbenden": _stakeholders,
    "portefeuille": _portfolio,
    "matrix": _matrix,
    "verhouding": _ratio,
    "proxies": _proxies,
}


def chart(
    repo: Repository,
    f: Filters,
    initiative: str | None,
    data: Mapping[str, Any],
    name: str,
    selection: str | None = None,
) -> ChartData:
    """One chart or table of the page for a resolved selection and its `view.render` result (which
    computes only what this chart asks); KeyError for a name the page does not know."""
    build = BUILD[name]
    return build(repo, f, initiative, data, selection_text(repo, f) if selection is None else selection)
