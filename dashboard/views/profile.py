"""The neighbourhood profile: statistics against gemeente and country, trend with boundary warnings, peers."""

from __future__ import annotations

import html as html_text
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import figure_text, figures
from dashboard import formatting as fmt
from dashboard import protection as prot
from dashboard.components.chart_tools import element
from dashboard.components.footnote import footnote
from dashboard.filters import Filters
from dashboard.i18n import column, local, t
from dashboard.repository import Repository
from dashboard.similarity import N_SIMILAR, similar_areas, wide_matrix, zscores  # noqa: F401 (tests)
from dashboard.views import overview
from etl import taxonomy as tx

# Statistics that describe the character of an area regardless of its size (shares, averages, rates):
# the basis of "buurten zoals deze". Counts (residents, households) would only find buurten of equal size.
SIMILARITY_STATS = (
    "aandeel_0_14",
    "aandeel_65plus",
    "aandeel_eenpersoonshuishoudens",
    "gemiddelde_huishoudensgrootte",
    "bevolkingsdichtheid",
    "woz_waarde",
    "inkomen_per_inwoner",
    "aandeel_laag_inkomen",
    "aandeel_goede_gezondheid",
)
DEFAULT_STATS = ("aandeel_65plus", "inwoners")  # the trend chart's statistic when the URL names none
STAT_KEY = "cijfer"  # URL parameter of the trend statistic
AREA_COLOUR = figures.REALISED  # dark blue, 7.9:1 on white
WIJK_COLOUR = "#4a6f8a"  # slate, 5.4:1
GEMEENTE_COLOUR = figures.TARGET  # dark orange, 6.0:1, dashed
COUNTRY_COLOUR = "#495057"  # dark grey, 8.2:1, dotted
WARNING_COLOUR = "#842029"  # dark red text of the 'indeling gewijzigd' warning (8.9:1)
MAX_YEAR = 2100
GRID_COLOUR = figures.GRID


# -- state ------------------------------------------------------------------------------------------


def stat_param(query: Mapping[str, Any] | None) -> str | None:
    """The trend statistic from the URL or a control: only codes of the fixed catalogue get through."""
    value = (query or {}).get(STAT_KEY)
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) and value in tx.STATISTICS else None


def area_filters(code: Any, lang: str = "nl") -> Filters:
    """A buurt or wijk code (untrusted) as validated Filters: gemeente from the code, invalid -> no area."""
    if not isinstance(code, str):
        return Filters.from_query({"lang": lang})
    gemeente = "GM" + code[2:6] if len(code) >= 6 else None
    key = "buurt" if code.startswith("BU") else "wijk"
    return Filters.from_query({"gemeente": gemeente, key: code, "lang": lang})


def profile_search(filters: Filters, stat: str | None) -> str:
    """The URL query of a profile: gemeente, buurt or wijk, trend statistic, language."""
    query = {k: v for k, v in filters.to_query().items() if k in ("gemeente", "wijk", "buurt", "lang")}
    if filters.buurt:
        query.pop("wijk", None)
    if stat:
        query[STAT_KEY] = stat
    return "?" + urlencode(query) if query else ""


def profile_href(code: str, gemeente: str, lang: str) -> str:
    key = "buurt" if code.startswith("BU") else "wijk"
    query = {"gemeente": gemeente, key: code}
    if lang == "en":
        query["lang"] = "en"
    return "/profiel?" + urlencode(query)


def area_options(repo: Repository, gemeente: str | None, lang: str) -> list[dict]:
    """Wijken first, then buurten ('Buurt: name (wijk)'), of one gemeente."""
    if not gemeente:
        return []
    wijken = repo.wijken(gemeente)
    buurten = repo.buurten(gemeente)
    options = [{"label": f"{t('wijk', lang)}: {r.name}", "value": r.code} for r in wijken.itertuples()]
    options += [
        {"label": f"{t('buurt', lang)}: {r.buurt_name} ({r.wijk_name})", "value": r.buurt_code}
        for r in buurten.itertuples()
    ]
    return options


def resolve_area(repo: Repository, filters: Filters) -> Filters:
    """Only areas in the warehouse: an unknown gemeente becomes the first one, an unknown buurt or wijk
    (or none) the gemeente's first buurt."""
    f = filters
    gemeenten = repo.gemeenten()
    if gemeenten.empty:
        return f
    if f.gemeente not in set(gemeenten["code"]):
        f = f.with_(gemeente=gemeenten["code"].iloc[0], wijk=None, buurt=None)
    buurten = repo.buurten(f.gemeente)
    if f.buurt is not None and f.buurt not in set(buurten["buurt_code"]):
        f = f.with_(buurt=None)
    if f.wijk is not None and f.wijk not in set(repo.wijken(f.gemeente)["code"]):
        f = f.with_(wijk=None)
    if f.buurt is None and f.wijk is None and not buurten.empty:
        f = f.with_(buurt=sorted(buurten["buurt_code"])[0])
    return f


def selected_code(filters: Filters) -> str | None:
    return filters.buurt or filters.wijk


# -- pure computations ------------------------------------------------------------------------------


def boundary_gaps(area_years: Iterable[int], reference_years: Iterable[int]) -> list[int]:
    """Years in which other areas of the same level have a row but this area's code has none.

    Only when the area does have rows in other years: an area that never has the statistic is missing
    data, not a boundary change. A row with a NULL value (secret at the source) is not a gap.
    """
    mine = {int(y) for y in area_years}
    if not mine:
        return []
    return sorted({int(y) for y in reference_years} - mine)


def year_list(years: Sequence[int]) -> str:
    """[2012, 2016, 2020] -> '2012, 2016 en 2020' (Dutch list)."""
    items = [str(y) for y in years]
    if len(items) <= 1:
        return "".join(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def trend_summary(stat: str, frame: pd.DataFrame, unit: str | None, lang: str) -> str:
    """'Aandeel 65+: Spoorzicht 17,1% (2020) → 18,2% (2025); Demostad 19,3% (2020) → 20,6% (2025).'

    `frame`: trend_frame (a year column, one column per area)."""
    parts = []
    years = frame[frame.columns[0]].tolist()
    for name in frame.columns[1:]:
        known = [(y, v) for y, v in zip(years, frame[name], strict=True)
                 if isinstance(v, (int, float)) and not pd.isna(v)]  # fmt: skip
        if not known:
            parts.append(f"{name} {t('no_value', lang)}")
        elif len(known) == 1:
            parts.append(f"{name} {stat_text(known[0][1], unit)} ({known[0][0]})")
        else:
            (y0, v0), (y1, v1) = known[0], known[-1]
            parts.append(f"{name} {stat_text(v0, unit)} ({y0}) → {stat_text(v1, unit)} ({y1})")
    return f"{stat}: " + "; ".join(parts) + "."


# -- formatting -------------------------------------------------------------------------------------


def stat_text(value: Any, unit: str | None) -> str:
    """A context statistic in Dutch notation with its unit: '3.215', '17,4%', '0,6 km', '€ 412.000'."""
    if value is None or pd.isna(value):
        return fmt.DASH
    v = float(value)
    if unit == "%":
        return fmt.number(v, 1) + "%"
    if unit == "x 1.000 euro":  # CBS publishes WOZ value and income in thousands: '€ 441.000'
        return fmt.euro(v * 1000)
    if unit == "aantal":
        return fmt.number(v)
    decimals = 0 if v.is_integer() else (1 if round(v, 1) == v else 2)
    return f"{fmt.number(v, decimals)} {fmt.unit(unit)}" if unit else fmt.number(v, decimals)


def stat_name(row: Any, lang: str) -> str:
    return row[column("name", lang)]


# -- figures ----------------------------------------------------------------------------------------


def trend_frame(
    series: Sequence[tuple[str, Mapping[int, float | None]]], gaps: Sequence[int], year: str
) -> pd.DataFrame:
    """One row per year (gap years included, with no values), one column per area (name, {year: value}); a value
    small-number protection hid stays its label ('< 10')."""
    years = sorted({y for _, values in series for y in values} | set(gaps))

    def cell(v: Any) -> float | str | None:
        if isinstance(v, str):
            return v
        return None if v is None or pd.isna(v) else float(v)

    rows = [[y, *[cell(values.get(y)) for _, values in series]] for y in years]
    return pd.DataFrame(rows, columns=[year, *[name for name, _ in series]])


def trend_figure(
    frame: pd.DataFrame,
    lines: Sequence[dict],
    y_title: str,
    unit: str | None,
    gaps: Sequence[int],
    warning: str,
    no_data: str,
) -> dict[str, Any]:
    """Lines per area (trend_frame's columns, each with its line style) over the years; gap years shaded
    and named. A year without a value stays a gap (connectgaps off): nothing is interpolated, nothing dropped.
    A figure dict (figures.styled).
    """
    x_title = frame.columns[0]
    years = [int(y) for y in frame[x_title]]
    values = frame[frame.columns[1:]]
    if not years or values.isna().all().all():
        return figures.blank(no_data)
    traces = []
    for name, line in zip(frame.columns[1:], lines, strict=True):
        cells = frame[name].tolist()
        y = [None if v is None or isinstance(v, str) or pd.isna(v) else float(v) for v in cells]
        traces.append(
            {
                "type": "scatter",
                "x": years,
                "y": y,
                "name": name,
                "mode": "lines+markers",
                "line": dict(line),
                "marker": {"size": 7},
                "connectgaps": False,
                "customdata": [
                    c if isinstance(c, str) else stat_text(v, unit) for c, v in zip(cells, y, strict=True)
                ],
                "hovertemplate": "%{x}<br>" + figure_text.text(name) + ": %{customdata}<extra></extra>",
            }
        )
    shapes = [
        {"type": "rect", "x0": year - 0.45, "x1": year + 0.45, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
         "fillcolor": "#f8d7da", "opacity": 0.6, "line": {"width": 0}, "layer": "below"}
        for year in gaps
    ]  # fmt: skip
    annotations = []
    if gaps:
        annotations.append(
            {
                "text": "⚠ " + warning,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 1.02,
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "align": "left",
                "font": {"color": WARNING_COLOUR, "size": 13},
                "bgcolor": "#f8d7da",
                "bordercolor": WARNING_COLOUR,
                "borderwidth": 1,
            }
        )
    layout = figures.styled() | {
        "margin": {"l": 56, "r": 16, "t": 72 if gaps else 16, "b": 48},
        "showlegend": True,
        "xaxis": {"title": {"text": x_title}, "tickmode": "array", "tickvals": years,
                  "range": [years[0] - 0.5, years[-1] + 0.5], "showgrid": False, "linecolor": "#adb5bd"},
        "yaxis": {"title": {"text": y_title}, "gridcolor": GRID_COLOUR, "separatethousands": True, "zeroline": False},
    }  # fmt: skip
    if shapes:
        layout["shapes"] = shapes
    if annotations:
        layout["annotations"] = annotations
    return {"data": traces, "layout": layout}


# -- render -----------------------------------------------------------------------------------------


def _names(repo: Repository) -> pd.DataFrame:
    return repo.area_names().set_index("code")


def latest_rows(stats: pd.DataFrame, code: str) -> pd.DataFrame:
    """Per statistic the area's latest year that has a value (or a protected one), as CBS users read a
    table; the latest year when no year has one. Indexed by stat_code, in the catalogue's order."""
    rows = stats[stats["area_code"] == code]
    hidden = rows["suppressed"].astype(bool) if "suppressed" in rows else False
    known = rows[rows["value"].notna() | hidden]
    rows = pd.concat([known, rows[~rows["stat_code"].isin(known["stat_code"])]])
    latest = rows.sort_values("year").groupby("stat_code").tail(1).set_index("stat_code")
    return latest.loc[[s for s in tx.STATISTICS if s in latest.index]]


def stat_cells(
    stats: pd.DataFrame, code: str, areas: Sequence[str], k: int, lang: str
) -> list[tuple[str, pd.Series, int, list[tuple[Any, str | None]]]]:
    """The statistics table of a profile, for the page and its download alike: per statistic (stat, its
    row, the year shown) and per area of `areas` (value, the text protection put in its place: '< k' or
    'afgeschermd', else None) in that same year; value None = missing or secret at the source."""
    # (area, stat, year) -> (value, protected) in one pass: a MultiIndex lookup per cell cost 0.1 ms
    hidden_of = prot.hidden_of(stats, k, lang)
    keyed = {
        (area, stat, int(year)): (None if hidden or pd.isna(value) else float(value), hidden)
        for area, stat, year, value, hidden in zip(
            stats["area_code"], stats["stat_code"], stats["year"], stats["value"], hidden_of, strict=True
        )
        if not pd.isna(year)
    }
    out = []
    for stat, row in latest_rows(stats, code).iterrows():
        year = int(row["year"])
        cells = [keyed.get((area, stat, year), (None, None)) for area in areas]
        out.append((str(stat), row, year, cells))
    return out


def stats_table(repo: Repository, f: Filters, names: pd.DataFrame, stats: pd.DataFrame) -> html.Div:
    """Per statistic the area's latest year, with the wijk, gemeente (and country) of that same year."""
    lang = f.lang
    code = selected_code(f)
    columns = [(code, names.at[code, "name"])]
    if f.buurt and f.wijk is None:
        wijk = "WK" + code[2:8]
        if wijk in names.index:
            columns.append((wijk, names.at[wijk, "name"]))
    columns.append((f.gemeente, names.at[f.gemeente, "name"] if f.gemeente in names.index else f.gemeente))
    national = sorted(c for c in stats["area_code"].unique() if str(c).startswith("NL"))
    columns += [(c, t("country", lang)) for c in national[:1]]
    n = overview.protection_of(repo).k
    head = html.Thead(
        html.Tr(
            [html.Th(t("statistic", lang), scope="col"), html.Th(t("year", lang), scope="col")]
            + [html.Th(label, scope="col", className="text-end") for _, label in columns]
        )
    )
    body = []  # rows as Dash's JSON (chart_tools.element): no component per cell
    for stat, row, year, cells in stat_cells(stats, code, [area for area, _ in columns], n, lang):
        tds = [element("Th", {"children": stat_name(row, lang), "scope": "row", "className": "fw-normal"}),
               element("Td", {"children": str(year)})]  # fmt: skip
        for (area, _), (value, hidden) in zip(columns, cells, strict=True):
            text = hidden or stat_text(value, row["unit"])
            tds.append(element("Td", {"children": text, "className": "text-end", "data-area": area}))
        body.append(element("Tr", {"children": tds, "data-stat": stat}))
    notes = []
    if not national:
        notes.append(
            html.P(t("no_country", lang), className="small text-muted mb-0", id="profile-no-country")
        )
    notes.append(
        html.P(
            t("stats_note", lang).format(k=prot.hidden_text(n, True), n=n, hidden=t("hidden", lang)),
            className="small text-muted mb-0",
        )
    )
    return html.Div(
        [
            dbc.Table([head, html.Tbody(body)], size="sm", striped=True, responsive=True, id="profile-stats"),
            *notes,
        ]
    )


@dataclass
class Trend:
    """The trend chart's data: one column per area over the years, the statistic, and the years whose
    boundaries changed (gaps), with the warning the chart shows for them."""

    frame: pd.DataFrame
    lines: list[dict]
    stat: str  # the statistic's name
    unit: str | None
    gaps: list[int]
    warning: str

    @property
    def y_title(self) -> str:
        return self.stat if self.unit in ("aantal", None) else f"{self.stat} ({fmt.unit(self.unit)})"


def trend(ctx: Context) -> Trend | None:
    """The selected area's statistic over the years, with its wijk, gemeente and the country."""
    repo, f, names, lang, code = ctx.repo, ctx.filters, ctx.names, ctx.lang, ctx.code
    level = "buurt" if f.buurt else "wijk"
    rows = ctx.stats[ctx.stats["stat_code"] == ctx.stat] if ctx.stat else pd.DataFrame()
    if rows.empty:
        return None
    unit = rows["unit"].iloc[0]
    name = stat_name(rows.iloc[0], lang)

    k = overview.protection_of(repo).k  # a value protection hid: '< 10' or 'afgeschermd', not '–' (missing)

    def values(area: str) -> dict[int, float | str | None]:
        part = rows[rows["area_code"] == area]
        gone = prot.hidden_of(part, k, lang)
        return {
            int(year): hidden or (None if pd.isna(value) else float(value))
            for year, value, hidden in zip(part["year"].tolist(), part["value"].tolist(), gone, strict=True)
        }

    series = [(names.at[code, "name"], values(code), {"color": AREA_COLOUR, "width": 3})]
    wijk = "WK" + code[2:8] if level == "buurt" else None
    if wijk and wijk in names.index and not rows[rows["area_code"] == wijk].empty:
        series.append((names.at[wijk, "name"], values(wijk), {"color": WIJK_COLOUR, "width": 2}))
    if not rows[rows["area_code"] == f.gemeente].empty:
        series.append(
            (
                names.at[f.gemeente, "name"],
                values(f.gemeente),
                {"color": GEMEENTE_COLOUR, "width": 2, "dash": "dash"},
            )
        )
    for nl in sorted(c for c in rows["area_code"].unique() if str(c).startswith("NL"))[:1]:
        series.append((t("country", lang), values(nl), {"color": COUNTRY_COLOUR, "width": 2, "dash": "dot"}))
    peers = repo.peer_years(f.gemeente, level)
    peer_years = peers.loc[(peers["stat_code"] == ctx.stat) & (peers["areas"] > 0), "year"]
    gaps = boundary_gaps(rows.loc[rows["area_code"] == code, "year"], peer_years)
    warning = t("boundary_warning", lang).format(
        area=figure_text.text(names.at[code, "name"]), years=year_list(gaps)
    )
    frame = trend_frame([(n, v) for n, v, _ in series], gaps, t("year", lang))
    return Trend(frame, [line for _, _, line in series], name, unit, gaps, warning)


def trend_outputs(ctx: Context) -> tuple[dict[str, Any], str, list[int], pd.DataFrame, str | None]:
    """(figure, summary, gap years, frame, unit) of the trend chart: the figure drawn from the frame."""
    lang = ctx.lang
    found = trend(ctx)
    if found is None:
        frame = pd.DataFrame(columns=[t("year", lang), t("statistic", lang)])
        return figures.blank(t("no_data", lang)), t("no_data", lang), [], frame, None
    figure = trend_figure(found.frame, found.lines, found.y_title, found.unit, found.gaps, found.warning,
                          t("no_data", lang))  # fmt: skip
    summary = trend_summary(found.stat, found.frame, found.unit, lang)
    if found.gaps:
        summary += " " + html_text.unescape(found.warning.replace("<br>", " ")) + "."
    return figure, summary, found.gaps, found.frame, found.unit


def stat_options(stats: pd.DataFrame, code: str, lang: str) -> list[dict]:
    mine = stats[stats["area_code"] == code].drop_duplicates("stat_code").set_index("stat_code")
    return [{"label": stat_name(mine.loc[s], lang), "value": s} for s in tx.STATISTICS if s in mine.index]


def stat_choice(repo: Repository, f: Filters, wanted: str | None) -> tuple[list[dict], str | None]:
    """(options, chosen statistic) of the trend dropdown for a resolved area, as the page opens."""
    code = selected_code(f)
    if code is None:
        return [], None
    stats = repo.area_stats([code])
    return stat_options(stats, code, f.lang), default_stat(stats, code, wanted)


def default_stat(stats: pd.DataFrame, code: str, wanted: str | None) -> str | None:
    have = set(stats.loc[(stats["area_code"] == code) & stats["value"].notna(), "stat_code"])
    for candidate in (wanted, *DEFAULT_STATS):
        if candidate in have:
            return candidate
    return next((s for s in tx.STATISTICS if s in have), None)


def initiatives_table(df: pd.DataFrame, year: int | None, lang: str) -> html.Div:
    if df.empty:
        return html.P(t("profile_no_initiatives", lang), className="text-muted", id="profile-initiatives")
    head = html.Thead(
        html.Tr(
            [
                html.Th(t(k, lang), scope="col")
                for k in ("col_name", "col_organisation", "col_themes", "col_status", "col_start", "col_end")
            ]
            + [html.Th(t("active_in", lang).format(year=year or ""), scope="col")]
        )
    )
    rows = [  # as Dash's JSON (chart_tools.element): no component per cell
        element("Tr", {"children": [
            element("Td", {"children": text})
            for text in (
                r.name,
                r.organisation_name or "",
                local(r, "themes", lang) or "",
                local(r, "status", lang) or "",
                fmt.day(r.start_date),
                fmt.day(r.end_date) if not pd.isna(r.end_date) else "",
                t("yes", lang) if r.active else t("no", lang),
            )
        ]})
        for r in df.itertuples(index=False)
    ]  # fmt: skip
    return html.Div(
        dbc.Table([head, html.Tbody(rows)], size="sm", striped=True, responsive=True),
        id="profile-initiatives",
    )


def toc_label(code: Any, lang: str) -> Any:
    """'outcome' -> 'Outcome' (the taxonomy's label of a Theory-of-Change level, in the page's language)."""
    nl, en = tx.TOC_LEVELS.get(code, (code, code))
    return en if lang == "en" else nl


def outcomes_table(df: pd.DataFrame, lang: str, k: int | None) -> html.Div:
    """Outcome and impact indicators: one row per indicator, one column per year."""
    if df.empty:
        return html.P(t("profile_no_outcomes", lang), className="text-muted", id="profile-outcomes")
    years = sorted(int(y) for y in df["year"].unique())
    head = html.Thead(
        html.Tr(
            [html.Th(t("indicator", lang), scope="col"), html.Th(t("toc_level", lang), scope="col")]
            + [html.Th(str(y), scope="col", className="text-end") for y in years]
        )
    )
    rows = []
    for code, part in df.groupby("indicator_code", sort=False):
        first = part.iloc[0]
        name = first[column("name", lang)]
        by_year = {int(r.year): r for r in part.itertuples(index=False)}
        cells = [
            element(
                "Th",
                {"children": f"{name} ({fmt.unit(first['unit'])})", "scope": "row", "className": "fw-normal"},
            ),
            element("Td", {"children": toc_label(first["toc_level"], lang)}),
        ]
        for year in years:
            r = by_year.get(year)
            if r is None:
                text = fmt.DASH
            elif r.suppressed:
                text = prot.hidden_text(k, bool(getattr(r, "small", False)), lang) if k else fmt.DASH
            else:
                text = fmt.auto_number(r.value)
            cells.append(element("Td", {"children": text, "className": "text-end"}))
        rows.append(element("Tr", {"children": cells, "data-indicator": code}))
    return html.Div(
        [
            dbc.Table([head, html.Tbody(rows)], size="sm", striped=True, responsive=True),
            html.P(t("outcomes_note", lang), className="small text-muted mb-0"),
        ],
        id="profile-outcomes",
    )


# A statistic's name wraps at its spaces; a long compound stays whole (assets/wijkwaarde.css: th).
WRAP_HEADER = {
    "whiteSpace": "normal",
    "minWidth": "5.5rem",
    "verticalAlign": "bottom",
}


def similar_section(repo: Repository, f: Filters, names: pd.DataFrame) -> html.Div:
    """'Buurten zoals deze': the nearest areas of the same level on standardised statistics, with links."""
    lang = f.lang
    code = selected_code(f)
    level = "buurt" if f.buurt else "wijk"
    wide = repo.stat_wide(level, None, MAX_YEAR, SIMILARITY_STATS)  # only the statistics compared
    similar, used = similar_areas(wide, code, N_SIMILAR, SIMILARITY_STATS)
    if similar.empty:
        return html.P(t("similar_none", lang), className="text-muted", id="profile-similar")
    defs = repo.stat_defs().set_index("code")

    def label(stat: str) -> str:
        return stat_name(defs.loc[stat], lang) if stat in defs.index else stat

    head = html.Thead(
        html.Tr(
            [html.Th(t(k, lang), scope="col") for k in ("rank", "area", "gemeente")]
            + [html.Th(t("distance", lang), scope="col", className="text-end")]
            + [html.Th(label(s), scope="col", className="text-end", style=WRAP_HEADER) for s in used]
        )
    )

    units = {s: (defs.at[s, "unit"] if s in defs.index else None) for s in used}

    def cells(area: str) -> list:
        values = wide.loc[area, used].tolist()
        return [
            element("Td", {"children": stat_text(v, units[s]), "className": "text-end"})
            for s, v in zip(used, values, strict=True)
        ]

    rows = [
        html.Tr(
            [html.Td("–"), html.Td(html.Strong(f"{names.at[code, 'name']} ({t('this_area', lang)})")),
             html.Td(names.at[code, "gemeente_name"]), html.Td("0", className="text-end"), *cells(code)],
            className="table-active",
        )
    ]  # fmt: skip
    for rank, r in enumerate(similar.itertuples(index=False), start=1):
        gemeente = names.at[r.code, "gemeente_code"]
        rows.append(
            html.Tr(
                [
                    html.Td(str(rank)),
                    html.Td(dcc.Link(names.at[r.code, "name"], href=profile_href(r.code, gemeente, lang))),
                    html.Td(names.at[r.code, "gemeente_name"]),
                    html.Td(fmt.number(r.distance, 2), className="text-end"),
                    *cells(r.code),
                ],
                **{"data-code": r.code},
            )
        )
    n_areas = int(wide.index.size)
    explanation = t("similar_note", lang).format(
        stats=", ".join(label(s) for s in used), n=fmt.number(n_areas), level=t(level, lang).lower()
    )
    return html.Div(
        [
            html.P(explanation, className="small"),
            # Long statistic names wrap, so the table fits a normal screen; on a narrow one it scrolls
            # sideways, and says so (caption) in a labelled region a keyboard can scroll.
            html.Div(
                dbc.Table(
                    [html.Caption(t("similar_caption", lang), className="small"), head, html.Tbody(rows)],
                    size="sm",
                    hover=True,
                    className="small mb-0 caption-top",
                ),
                className="table-responsive",
                tabIndex=0,
                role="region",
                **{"aria-label": t("similar_title", lang)},
                id="profile-similar-scroll",
            ),
        ],
        id="profile-similar",
    )


@dataclass
class Context:
    """A resolved area with its names and statistics: what the profile's parts are built from."""

    repo: Repository
    filters: Filters
    code: str | None
    names: pd.DataFrame
    stats: pd.DataFrame | None = None
    stat: str | None = None
    memo: dict = field(default_factory=dict, repr=False)  # per render: what all charts ask alike

    @property
    def lang(self) -> str:
        return self.filters.lang

    @property
    def known(self) -> bool:
        return self.code is not None and self.code in self.names.index


def context(repo: Repository, filters: Filters, wanted_stat: str | None) -> Context:
    """Resolve the area and the statistic, and read the area's statistics once."""
    f = resolve_area(repo, filters)
    ctx = Context(repo, f, selected_code(f), _names(repo))
    if not ctx.known:
        return ctx
    code = ctx.code
    ctx.stats = repo.area_stats([code, f.gemeente] + (["WK" + code[2:8]] if f.buurt else []))
    ctx.stat = default_stat(ctx.stats, code, wanted_stat)
    return ctx


def render(ctx: Context) -> dict[str, Any]:
    """Everything the profile shows besides its trend chart (dashboard/charts/profile.py)."""
    repo, f, lang, code, names, stats = ctx.repo, ctx.filters, ctx.lang, ctx.code, ctx.names, ctx.stats
    if not ctx.known:
        return {
            "head": html.P(t("no_data", lang)),
            "rest": None,
            "footnote": None,
            "stat": None,
            "stat_options": [],
            "search": profile_search(f, None),
            "filters": f,
        }
    parent = overview.resolve(repo, f)
    period = parent.period or (MAX_YEAR, MAX_YEAR)
    stat = ctx.stat
    level = "buurt" if f.buurt else "wijk"
    k = overview.protection_of(repo).k  # the '< k' label of the outcomes the repository hid
    title = f"{t(level, lang)} {names.at[code, 'name']}"
    subtitle = " · ".join(
        x
        for x in (
            code,
            names.at["WK" + code[2:8], "name"] if f.buurt and "WK" + code[2:8] in names.index else None,
            names.at[f.gemeente, "name"] if f.gemeente in names.index else None,
            f"{t('boundary_year', lang)} {int(names.at[code, 'boundary_year'])}"
            if not pd.isna(names.at[code, "boundary_year"])
            else None,
        )
        if x
    )
    sources = repo.sources(
        ("gebieden", "gebiedscijfers", "initiatieven", "indicatoren", "waarnemingen"),
        f.gemeente,
        country=True,
    )
    dataset = repo.dataset()
    head = [
        html.H2(title, className="h3 mb-0", id="profile-title"),
        html.P(subtitle, className="text-muted"),
        _section(t("profile_stats", lang), stats_table(repo, f, names, stats)),
    ]
    rest = [
        _section(
            t("profile_initiatives", lang),
            initiatives_table(repo.area_initiatives(f, period), period[1] if parent.period else None, lang),
        ),
        _section(t("profile_outcomes", lang), outcomes_table(repo.area_outcomes(f), lang, k)),
        _section(t("similar_title", lang), similar_section(repo, f, names)),
        footnote(sources, dataset, lang, f"{names.at[code, 'name']}", overview.protection_of(repo)),
    ]
    return {
        "head": head,
        "rest": rest,
        "footnote": footnote(
            sources[sources["entity"].isin(["gebieden", "gebiedscijfers"])],
            dataset,
            lang,
            names.at[code, "name"],
        ),
        "stat": stat,
        "stat_options": stat_options(stats, code, lang),
        "search": profile_search(f, stat),
        "filters": f,
    }


def _section(title: str, body) -> html.Section:
    return html.Section(
        dbc.Card([dbc.CardHeader(html.H3(title, className="h5 mb-0"), className="bg-white"), dbc.CardBody(body)],
                 className="shadow-sm mb-3")
    )  # fmt: skip
