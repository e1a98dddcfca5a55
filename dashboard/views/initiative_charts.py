"""The data behind each chart of the initiative page (/initiatief?code=...) as a ChartData, next to the
figure drawn from the same repository frames: for exports (CSV, XLSX, PNG), the data table under each
chart ('Tabel bij deze grafiek'), its text summary and the council pack.

Chart names (also what a permalink's `grafiek=` may choose): `financiering`, `buurten`, `trend-<indicator
code>` per reported indicator, and `toc` (the Theory-of-Change chain: a table, no figure).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard import figures
from dashboard import formatting as fmt
from dashboard.exports import ChartData
from dashboard.filters import CODE_RE
from dashboard.i18n import local, t
from dashboard.repository import Repository
from dashboard.views import initiative as view
from dashboard.views.overview_charts import trend_summary
from etl import taxonomy as tx

ENTITIES = (
    "gebieden",
    "organisaties",
    "initiatieven",
    "financiers",
    "subsidies",
    "indicatoren",
    "waarnemingen",
)
FIXED = ("financiering", "buurten", "toc")
FIGURES = ("financiering", "buurten")  # plus every trend-<code>
TREND_PREFIX = "trend-"

_STRINGS = {
    "funder_total": {"nl": "Totaal (€)", "en": "Total (€)"},
    "status": {"nl": "Status", "en": "Status"},
    "level": {"nl": "Schakel", "en": "Link"},
    "value": {"nl": "Waarde", "en": "Value"},
    "share": {"nl": "Deel van doel (%)", "en": "Share of target (%)"},
    "summary_funding": {
        "nl": "Gestapelde staven: subsidie per jaar van {first} tot {last} van {n} financier(s), samen {total}.",
        "en": "Stacked bars: grant money per year from {first} to {last} from {n} funder(s), {total} in all.",
    },
    "summary_buurten": {
        "nl": "Kaart van {n} buurten; {served} bediend, hoofdbuurt {main}.",
        "en": "Map of {n} neighbourhoods; {served} served, main neighbourhood {main}.",
    },
    "summary_toc": {
        "nl": "{n} indicatoren over de vijf schakels van input tot impact.",
        "en": "{n} indicators over the five links from input to impact.",
    },
}


def tt(key: str, lang: str) -> str:
    entry = _STRINGS.get(key)
    return t(key, lang) if entry is None else entry.get(lang, entry["nl"])


def is_chart_name(name: Any) -> bool:
    """A name the page knows: a fixed chart or trend-<a valid indicator code>."""
    if not isinstance(name, str):
        return False
    if name in FIXED:
        return True
    return name.startswith(TREND_PREFIX) and bool(CODE_RE.fullmatch(name[len(TREND_PREFIX) :]))


def dom_id(name: str) -> str:
    """A Dash-safe string id part (no dots) for a chart name."""
    return name.replace(".", "-")


@dataclass
class Frames:
    """What the initiative page reads from the repository (once per page or export)."""

    code: str
    name: str
    quarters: pd.DataFrame
    grants: pd.DataFrame
    buurten: pd.DataFrame


def frames(repo: Repository, code: str) -> Frames | None:
    detail = repo.initiative_detail(code) if code else pd.DataFrame()
    if detail.empty:
        return None
    return Frames(
        code=code,
        name=str(detail.iloc[0]["name"]),
        quarters=repo.initiative_quarters(code),
        grants=repo.initiative_grants(code),
        buurten=repo.initiative_buurten(code),
    )


def _num(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def trend_titles(fr: Frames, lang: str) -> dict[str, str]:
    return {TREND_PREFIX + code: name for code, name, _ in view.trend_figures(fr.quarters, lang)}


def funding_data(fr: Frames, meta_of, lang: str) -> ChartData:
    """Rows = years of the timeline, one column per funder (the stacked bars), in the figure's order."""
    year = t("year", lang)
    grants = fr.grants
    if grants.empty:
        frame = pd.DataFrame(columns=[year])
    else:
        years = list(range(int(grants["year"].min()), int(grants["year"].max()) + 1))
        wide = grants.pivot_table(index="year", columns="funder_name", values="amount", aggfunc="sum")
        wide = wide.reindex(years).fillna(0.0)
        order = wide.sum().sort_values(ascending=False, kind="stable").index.tolist()
        frame = pd.DataFrame({year: [str(y) for y in years]})
        for name in order:
            frame[name] = [float(v) for v in wide[name]]
    chart = ChartData("financiering", meta_of(t("funding_title", lang)), frame)
    chart.extra["formatters"] = {c: fmt.euro for c in frame.columns[1:]}
    chart.units = {c: "€" for c in frame.columns[1:]}  # each funder's column is money
    if frame.empty:
        chart.summary = t("no_data", lang)
    else:
        chart.summary = tt("summary_funding", lang).format(
            first=frame[year].iloc[0],
            last=frame[year].iloc[-1],
            n=len(frame.columns) - 1,
            total=fmt.euro(float(frame.iloc[:, 1:].to_numpy().sum())),
        )
    return chart


def buurten_data(fr: Frames, meta_of, lang: str) -> ChartData:
    """One row per buurt on the map, in its order: served as main buurt, served, or not served."""
    cols = [t("col_buurt_code", lang), t("buurt", lang), tt("status", lang)]
    b = fr.buurten
    shown = not b.empty and bool(b["served"].any())  # else the map says 'geen gegevens'
    rows = []
    if shown:
        for r in b.itertuples(index=False):
            status = (
                t("served_main", lang) if r.is_primary else t("served" if r.served else "not_served", lang)
            )
            rows.append([r.buurt_code, r.buurt_name, status])
    frame = pd.DataFrame(rows, columns=cols)
    chart = ChartData("buurten", meta_of(t("buurten_title", lang)), frame)
    if frame.empty:
        chart.summary = t("no_data", lang)
    else:
        main = b[b["is_primary"].astype(bool)]["buurt_name"]
        chart.summary = tt("summary_buurten", lang).format(
            n=len(frame),
            served=int(b["served"].astype(bool).sum()),
            main=main.iloc[0] if len(main) else fmt.DASH,
        )
    return chart


def trend_data(fr: Frames, indicator: str, name: str, meta_of, lang: str, hidden_label: str) -> ChartData:
    """One row per quarter of the initiative's years: realised and target, as the small multiple draws."""
    columns = [t("quarter", lang), t("realised", lang), t("target", lang)]
    q = fr.quarters
    df = q[q["indicator_code"] == indicator] if not q.empty else q
    rows: list[list[Any]] = []
    if not df.empty:
        period = (int(q["year"].min()), int(q["year"].max()))
        cells = figures.by_quarter(df)
        for year, quarter in figures.quarters(*period):
            value, target, gone, _small = cells.get((year, quarter), (None, None, False, False))
            rows.append(
                [fmt.quarter_label(year, quarter), hidden_label if gone else _num(value), _num(target)]
            )
    frame = pd.DataFrame(rows, columns=columns)
    chart = ChartData(TREND_PREFIX + indicator, meta_of(f"{t('trends_title', lang)}: {name}"), frame)
    chart.extra["formatters"] = {columns[1]: fmt.auto_number, columns[2]: fmt.auto_number}
    unit = df["unit"].iloc[0] if not df.empty and "unit" in df.columns else None
    if isinstance(unit, str) and unit:  # realised and target in the indicator's unit ('kg', 'personen')
        chart.units = {columns[1]: fmt.unit(unit), columns[2]: fmt.unit(unit)}
    chart.summary = trend_summary(frame, name, lang)
    return chart


def toc_data(fr: Frames, meta_of, lang: str) -> ChartData:
    """The Theory-of-Change chain as on the cards: per link its indicators' latest value against target."""
    levels = {code: (en if lang == "en" else nl) for code, (nl, en) in tx.TOC_LEVELS.items()}
    cols = [
        tt("level", lang), t("col_indicator", lang), tt("value", lang), t("col_unit", lang), t("quarter", lang),
        t("target", lang), tt("share", lang),
    ]  # fmt: skip
    rows = []
    chain = view.toc_chain(fr.quarters)
    for level in view.TOC_ORDER:
        if level == "input" and not fr.grants.empty:  # as on the input card: the grant money
            total = float(fr.grants["amount"].sum())
            rows.append([levels[level], t("grant_money", lang), total, "€", None, None, None])
        for r in chain[level].itertuples(index=False):
            share = _num(r.share_of_target)
            rows.append(
                [
                    levels[level],
                    local(r, "name", lang),
                    _num(r.value),
                    fmt.unit(r.unit),
                    fmt.quarter_label(r.year, r.quarter),
                    _num(r.target),
                    None if share is None else share * 100,
                ]
            )
    frame = pd.DataFrame(rows, columns=cols)
    chart = ChartData("toc", meta_of(t("toc_title", lang)), frame)
    chart.extra["formatters"] = {cols[2]: fmt.auto_number, cols[5]: fmt.auto_number, cols[6]: fmt.number}
    chart.summary = tt("summary_toc", lang).format(n=len(frame))
    return chart
