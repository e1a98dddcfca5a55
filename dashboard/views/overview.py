"""The overview page's content: defaults, options, KPIs, map, trend, table and their footnotes."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

import numpy as np
import pandas as pd
from dash import html

from dashboard import figures, ids
from dashboard import formatting as fmt
from dashboard import map_geometry as geometry_store
from dashboard import map_preview as preview_svg
from dashboard import protection as prot
from dashboard.components.cards import kpi_card
from dashboard.components.footnote import footnote
from dashboard.filters import BASE_METRICS, Filters, search_text
from dashboard.i18n import column, local, t
from dashboard.repository import ENTITIES, Repository
from dashboard.views import initiative as initiative_view

KPI_INDICATORS = ("deelnemers", "vrijwilligers")
# The gemeente selector's value for "all gemeenten" (the national overview). Not a CBS code, so
# Filters.from_query turns it into gemeente None, and the URL simply leaves the gemeente out.
ALL_GEMEENTEN = "alle"
TABLE_LIMIT = 500  # initiative rows sent to the grid without a gemeente (a national warehouse has 100,000)


def resolve(repo: Repository, filters: Filters, national: bool = False) -> Filters:
    """Fill what the user left open: the gemeente and the latest year with enough observations (year_range.sql).

    Without a gemeente: the only one loaded; with several, the overview (`national`) shows them all
    (gemeente stays None) and other pages take the first.
    """
    changes: dict[str, Any] = {}
    if filters.gemeente is None:
        gemeenten = repo.gemeenten()
        if not gemeenten.empty and (len(gemeenten) == 1 or not national):
            changes["gemeente"] = gemeenten["code"].iloc[0]
    if filters.period is None:
        years = repo.year_range()
        last = years.get("default_year") or years.get("last_observation_year") or years.get("last_year")
        if last:
            changes["year_from"] = changes["year_to"] = last
    elif filters.year_from is None or filters.year_to is None:
        changes["year_from"], changes["year_to"] = filters.period
    return filters.with_(**changes) if changes else filters


# -- options ----------------------------------------------------------------------------------------


def area_options(repo: Repository, gemeente: str | None, wijk: str | None) -> tuple[list, list]:
    wijken = repo.wijken(gemeente) if gemeente else pd.DataFrame(columns=["code", "name"])
    buurten = (
        repo.buurten(gemeente)
        if gemeente
        else pd.DataFrame(columns=["buurt_code", "buurt_name", "wijk_code"])
    )
    if wijk:
        buurten = buurten[buurten["wijk_code"] == wijk]
    return (
        [{"label": r.name, "value": r.code} for r in wijken.itertuples(index=False)],
        [{"label": r.buurt_name, "value": r.buurt_code} for r in buurten.itertuples(index=False)],
    )


def funder_options(repo: Repository, gemeente: str | None) -> list[dict]:
    return [{"label": r.name, "value": r.code} for r in repo.funders(gemeente).itertuples(index=False)]


def gemeente_options(repo: Repository, lang: str, national: bool = False) -> list[dict]:
    """The gemeenten; on the overview with several loaded, 'Alle gemeenten (n)' first."""
    gemeenten = repo.gemeenten()
    options = [{"label": r.name, "value": r.code} for r in gemeenten.itertuples(index=False)]
    if national and len(gemeenten) > 1:
        label = t("all_gemeenten", lang).format(n=fmt.number(len(gemeenten)))
        options.insert(0, {"label": label, "value": ALL_GEMEENTEN})
    return options


def year_options(repo: Repository, *chosen: int | None) -> list[dict]:
    """The years of the data, and the years a link asks for outside them: a period without data stays what
    the user asked for (and shows 'no data'), not silently another period because its dropdown had no such
    option."""
    years = repo.year_range()
    first, last = years.get("first_year"), years.get("last_year")
    year_list = list(range(first, last + 1)) if first and last else []
    year_list += [y for y in chosen if y and y not in year_list]
    return [{"label": str(y), "value": y} for y in sorted(year_list)]


def filter_options(repo: Repository, filters: Filters, national: bool = False) -> dict[str, list[dict]]:
    """Options of every filter control, keyed by component id."""
    lang = filters.lang
    year_opts = year_options(repo, filters.year_from, filters.year_to)
    wijken, buurten = area_options(repo, filters.gemeente, filters.wijk)
    return {
        ids.FILTER_GEMEENTE: gemeente_options(repo, lang, national),
        ids.FILTER_WIJK: wijken,
        ids.FILTER_BUURT: buurten,
        ids.FILTER_THEMES: [
            {"label": local(r, "label", lang), "value": r.code}
            for r in repo.vocabulary("theme").itertuples(index=False)
        ],
        ids.FILTER_STATUSES: [
            {"label": local(r, "label", lang), "value": r.code}
            for r in repo.vocabulary("status").itertuples(index=False)
        ],
        ids.FILTER_FUNDERS: funder_options(repo, filters.gemeente),
        ids.FILTER_YEAR_FROM: year_opts,
        ids.FILTER_YEAR_TO: year_opts,
    }


def control_values(filters: Filters) -> dict[str, Any]:
    return {
        ids.FILTER_GEMEENTE: filters.gemeente or ALL_GEMEENTEN,
        ids.FILTER_WIJK: filters.wijk,
        ids.FILTER_BUURT: filters.buurt,
        ids.FILTER_THEMES: list(filters.themes),
        ids.FILTER_STATUSES: list(filters.statuses),
        ids.FILTER_FUNDERS: list(filters.funders),
        ids.FILTER_YEAR_FROM: filters.year_from,
        ids.FILTER_YEAR_TO: filters.year_to,
    }


def metric_options(repo: Repository, lang: str) -> list[dict]:
    options = [{"label": t(f"metric_{m}", lang), "value": m} for m in BASE_METRICS]
    for row in repo.stat_defs().itertuples(index=False):
        options.append({"label": local(row, "name", lang), "value": f"stat:{row.code}"})
    return options


def indicator_options(repo: Repository, lang: str) -> list[dict]:
    return [
        {"label": local(r, "name", lang), "value": r.code} for r in repo.indicators().itertuples(index=False)
    ]


# -- URL --------------------------------------------------------------------------------------------


SEARCH_KEY = "zoek"  # URL parameter of the table's search box (this page only)


def table_search(value: Any) -> str:
    """The table search text (URL or browser input): a plain string of bounded length (filters.MAX_SEARCH)."""
    return search_text(value)


def url_query(filters: Filters, text: Any = None) -> str:
    """The query for the address bar: the selection plus the table's search text (which stays on this page:
    other pages get the selection without it, Page.shared)."""
    shared = filters.to_search()
    text = table_search(text)
    return shared + (("&" if shared else "?") + urlencode({SEARCH_KEY: text}) if text else "")


def _clicked(click: Any) -> str:
    """The area code of a click: an area's `location`, or a story marker's code (its customdata's last
    item, dashboard/views/stories.py). Browser input: the callers validate what comes back."""
    try:
        point = click["points"][0]
        if "location" in point:
            return str(point["location"])
        custom = point["customdata"]
        return str(custom[2]) if isinstance(custom, list) and len(custom) == 3 else ""
    except (KeyError, IndexError, TypeError):
        return ""


def clicked_buurt(click: Any) -> str | None:
    """The buurt code a map click points at, or None (clickData is browser input: check its shape)."""
    location = _clicked(click)
    return Filters.from_query({"gemeente": "GM" + location[2:6], "buurt": location}).buurt


def clicked_gemeente(repo: Repository, click: Any) -> str | None:
    """The gemeente a click on the national map points at, if it is one in the warehouse."""
    code = Filters.from_query({"gemeente": _clicked(click)}).gemeente
    return code if code is not None and code in set(repo.gemeenten()["code"]) else None


def area_controls(
    repo: Repository, filters: Filters, clicked: str | None, current_buurt: str | None
) -> tuple[list, str | None, list, str | None] | None:
    """Wijk options/value and buurt options/value after a gemeente or wijk change or a map click
    (None for a click on no buurt of the gemeente: nothing changes).

    A click selects the clicked buurt (and its wijk, if a wijk was chosen); clicking the selected buurt
    again clears it. Validation: the clicked code must be a buurt of the gemeente in the warehouse.
    """
    wijk, buurt = filters.wijk, filters.buurt
    if clicked is not None:
        known = repo.buurten(filters.gemeente)
        match = known[known["buurt_code"] == clicked]
        if match.empty:
            return None
        if clicked == current_buurt:
            buurt = None
        else:
            buurt = clicked
            if wijk is not None:
                wijk = match["wijk_code"].iloc[0]
    wijk_opts, buurt_opts = area_options(repo, filters.gemeente, wijk)
    if wijk not in {o["value"] for o in wijk_opts}:
        wijk = None
        wijk_opts, buurt_opts = area_options(repo, filters.gemeente, None)
    if buurt not in {o["value"] for o in buurt_opts}:
        buurt = None
    return wijk_opts, wijk, buurt_opts, buurt


# -- content ----------------------------------------------------------------------------------------


# {(warehouse, version): {gemeente code: name}}: selection_text is asked three times an answer
_GEMEENTE_NAMES: dict[tuple[str, str], dict[str, str]] = {}


def gemeente_names(repo: Repository) -> dict[str, str]:
    """Every gemeente's name by code, worked out once per published version (and warehouse folder: version
    names repeat across warehouses)."""
    key = (str(repo.home), repo.version())
    found = _GEMEENTE_NAMES.get(key)
    if found is None:
        gemeenten = repo.gemeenten()
        found = dict(zip(gemeenten["code"], gemeenten["name"], strict=True))
        if len(_GEMEENTE_NAMES) >= 16:
            _GEMEENTE_NAMES.clear()
        _GEMEENTE_NAMES[key] = found
    return found


def selection_text(repo: Repository, filters: Filters) -> str:
    """'Demostad · Oost · 2024 · Thema's: Energie · Status: Startend · Financiers: Fonds A': everything the
    figure is filtered on, for footnotes, slides, exports and memos (a footnote without the theme would
    make a theme's figure read as the whole gemeente's)."""
    lang = filters.lang
    parts = []
    names = gemeente_names(repo)
    if filters.gemeente in names:
        parts.append(names[filters.gemeente])
    elif filters.gemeente is None and len(names) > 1:
        parts.append(t("all_gemeenten", filters.lang).format(n=fmt.number(len(names))))
    if filters.wijk:
        wijken = repo.wijken(filters.gemeente)
        parts += wijken.loc[wijken["code"] == filters.wijk, "name"].tolist()
    if filters.buurt:
        buurten = repo.buurten(filters.gemeente)
        parts += buurten.loc[buurten["buurt_code"] == filters.buurt, "buurt_name"].tolist()
    if filters.period:
        parts.append(fmt.period_label(*filters.period))
    for key, codes, vocabulary in (
        ("themes", filters.themes, "theme"),
        ("statuses", filters.statuses, "status"),
    ):
        if codes:
            labels = repo.vocabulary(vocabulary).set_index("code")[column("label", lang)]
            parts.append(f"{t(key, lang)}: {', '.join(str(labels.get(c, c)) for c in codes)}")
    if filters.funders:
        names = repo.funders(filters.gemeente).set_index("code")["name"]
        parts.append(f"{t('funders', lang)}: {', '.join(str(names.get(c, c)) for c in filters.funders)}")
    return " · ".join(p for p in parts if p)


def render_footnote(repo: Repository, filters: Filters, figure: str) -> html.P:
    """Source files (with batch ids) of the templates `figure` is built from, data date, fictional note."""
    sources = repo.sources(ENTITIES[figure], filters.gemeente)
    shown = protection_for(repo, filters)
    return footnote(sources, repo.dataset(), filters.lang, selection_text(repo, filters), shown)


def _change(current: float | None, previous: float | None, label: str, lang: str, money: bool) -> str:
    if not label:  # no period before this one: nothing to compare with
        return t("no_previous", lang)
    # No change against a missing value, and none with a protected one: the difference would reveal it.
    if (
        current is None
        or previous is None
        or isinstance(current, prot.Hidden)
        or isinstance(previous, prot.Hidden)
    ):
        return f"{fmt.DASH} {t('versus', lang)} {label}"
    delta = (current or 0.0) - (previous or 0.0)
    arrow = "▲ " if delta > 0 else ("▼ " if delta < 0 else "")
    text = fmt.signed(delta) if not money else (("+" if delta > 0 else "") + fmt.euro(delta))
    if previous:
        text += f" ({fmt.signed(delta / previous * 100, 1)}%)"
    return f"{arrow}{text} {t('versus', lang)} {label}"


KPI_KEYS = ("active", "deelnemers", "vrijwilligers", "grants")


def kpi_values(repo: Repository, f: Filters) -> dict[str, tuple]:
    """{kpi: (this period, the period before)} for the cards and their table (`f` resolved): three
    queries, each for both periods. Counts of initiatives are counts: no initiative reads 0, also before
    any are loaded; grant money is 0 where grants are loaded but none match, None ('–') where none are."""
    period, previous = f.period, f.previous_period()
    if period is None or previous is None:
        return {k: ((0, None) if k == "active" else (None, None)) for k in KPI_KEYS}
    now, before = repo.kpi_periods(f, [period, previous])
    no_money = 0.0 if not repo.sources(("subsidies",)).empty else None
    values = {
        "active": (now["active"], before["active"]),
        "grants": tuple(no_money if v is None else v for v in (now["grants"], before["grants"])),
    }
    for code in KPI_INDICATORS:
        values[code] = tuple(repo.indicator_total_each(f, [period, previous], code))
    return values


def render_kpis(repo: Repository, filters: Filters) -> list:
    """Four cards: active initiatives, participants, volunteers, grant money, each vs. the previous period."""
    f = resolve(repo, filters, national=True)
    lang = f.lang
    previous = f.previous_period()
    values = kpi_values(repo, f)
    previous_label = fmt.period_label(*previous) if previous else ""
    cards = []
    for key, label, money in (
        ("active", "kpi_active", False),
        ("deelnemers", "kpi_participants", False),
        ("vrijwilligers", "kpi_volunteers", False),
        ("grants", "kpi_grants", True),
    ):
        current, before = values[key]
        shown = prot.display(current, fmt.euro if money else fmt.number, lang)
        cards.append(
            kpi_card(
                t(label, lang), shown, _change(current, before, previous_label, lang, money), f"kpi-{key}"
            )
        )
    return cards


def _metric_label_and_text(repo: Repository, metric: str, lang: str):
    if metric == "initiatieven_per_1000":
        return t("metric_initiatieven_per_1000", lang), lambda v: fmt.number(v, 1)
    if metric == "subsidie_per_inwoner":
        return t("metric_subsidie_per_inwoner", lang), lambda v: fmt.euro(v, 2)
    if metric == "deelnemers":
        return t("metric_deelnemers", lang), lambda v: fmt.number(v)
    code = metric.removeprefix("stat:")
    stats = repo.stat_defs()
    row = stats[stats["code"] == code]
    if row.empty:
        return code, fmt.auto_number
    name = row[column("name", lang)].iloc[0]
    unit = row["unit"].iloc[0]
    if unit == "%":
        return f"{name} (%)", lambda v: fmt.number(v, 1) + "%"
    if unit == "aantal":
        return name, lambda v: fmt.number(v)
    shown = fmt.unit(unit)
    return f"{name} ({shown})", lambda v: f"{fmt.auto_number(v)} {shown}"


def protection_of(repo: Repository) -> prot.Protection:
    """The protection this request's figures are shown with, for notes and exports: the repository's
    `shown_protection` (mode 'scoped' for a login that sees some figures exactly), else its settings
    (a test double without them: the public default)."""
    shown = getattr(repo, "shown_protection", None)
    return shown if shown is not None else getattr(repo, "protection", None) or prot.Protection()


def protection_for(repo: Repository, filters: Filters) -> prot.Protection:
    """The protection of one selection for this request (exact inside the login's scope, issue 15)."""
    decide = getattr(repo, "protection_for", None)
    return decide(filters) if decide is not None else protection_of(repo)


def hidden_codes(values: pd.DataFrame, key: str, k: int, lang: str) -> dict[str, str]:
    """{code: '< k' or 'afgeschermd'} for the cells small-number protection hid (value NaN, `suppressed`)."""
    if prot.SUPPRESSED not in values.columns or values.empty:
        return {}
    texts = prot.hidden_of(values, k, lang)
    return {code: text for code, text in zip(values[key], texts, strict=True) if text is not None}


def map_title(f: Filters, lang: str) -> str:
    """The map's title: its cells are the buurten of the gemeente, or the gemeenten (`f` resolved)."""
    return t("map_title" if f.gemeente else "map_title_gemeenten", lang)


def no_map_text(repo: Repository, f: Filters) -> str:
    """Why there is no map: a gemeente without boundaries says how to load them."""
    gemeenten = repo.gemeenten()
    if f.gemeente is None or f.gemeente not in set(gemeenten["code"]):
        return t("no_data", f.lang)
    name = gemeenten.loc[gemeenten["code"] == f.gemeente, "name"].iloc[0]
    if f.period:
        year = f.period[1]
    else:  # the year of the gemeente's own figures: their boundaries, not last year's (CBS lags a year or two)
        stats = repo.area_stats([f.gemeente])
        years = stats.loc[stats["value"].notna(), "year"] if "year" in stats else []
        year = int(max(years)) if len(years) else date.today().year - 1
    return t("no_boundaries", f.lang).format(gemeente=name, code=f.gemeente, year=year)


def _map_arrays(
    repo: Repository, f: Filters, geometry: geometry_store.Geometry, values: pd.DataFrame | None = None
) -> tuple[str, dict[str, Any]]:
    """The metric's label and the map's per-area arrays (figures.map_arrays) for resolved filters `f`:
    values (protected), hover texts, the selected wijk or buurt outlined."""
    lang = f.lang
    key_column = geometry_store.columns(f.gemeente)[0]
    values = repo.map_values(f) if values is None else values
    label, value_text = _metric_label_and_text(repo, f.metric, lang)
    codes, names = list(geometry.codes), list(geometry.names)
    if f.buurt:
        selected = {f.buurt}
    elif f.wijk:
        buurten = repo.buurten(f.gemeente)
        selected = set(buurten.loc[buurten["wijk_code"] == f.wijk, "buurt_code"])
    else:
        selected = set()
    extra = None
    if "year" in values.columns:
        extra = {
            code: str(int(year))
            for code, year in zip(values[key_column], values["year"], strict=True)
            if not pd.isna(year)
        }
    hidden = hidden_codes(values, key_column, protection_of(repo).k, lang)
    arrays = figures.map_arrays(
        codes, names, values, value_text, t("no_value", lang), selected, extra, hidden, key_column
    )
    return label, arrays


def map_preview(repo: Repository, filters: Filters) -> str | None:
    """The map of the page's first view as an SVG image address (map_preview.py), or None when the map
    will show no colours (no outlines, no values) or its outlines are too large to travel in the page
    (those the map fetches by URL, map_geometry.INLINE_BYTES)."""
    f = resolve(repo, filters, national=True)
    geometry = geometry_store.load(repo, f.gemeente)
    if not geometry.codes or len(geometry.text) > geometry_store.INLINE_BYTES:
        return None  # large outlines (all 342 gemeenten: 240 KB of picture) would slow the page itself down
    _, arrays = _map_arrays(repo, f, geometry)
    if not arrays["has_values"]:
        return None
    paths = preview_svg.outline_paths(geometry.text, geometry.codes)
    return preview_svg.data_uri(preview_svg.svg(paths, arrays))


def render_map(
    repo: Repository,
    filters: Filters,
    previous_key: str | None = None,
    inline: bool = False,
    values: pd.DataFrame | None = None,
    layers: list[dict[str, Any]] | None = None,
):
    """(figure or Patch, geometry key). Same gemeente and warehouse version as before: a Patch only.
    `layers`: traces over the colours (the page's story markers); the page passes them on every call, so a
    Patch replaces the ones the browser holds (the key says whether it holds any).

    The figure carries its outlines, or points at them by URL when they are large (the national map,
    dashboard/map_geometry.py); `inline` always puts them in the figure, for renderers without our
    server (kaleido's PNG, the council pack). `values`:
    repo.map_values already fetched for this selection (the callback shares them with the data table).
    """
    f = resolve(repo, filters, national=True)
    lang = f.lang
    geometry = geometry_store.load(repo, f.gemeente)
    if not geometry.codes:
        return figures.empty(no_map_text(repo, f), height=figures.MAP_SIZE[1]), None
    label, arrays = _map_arrays(repo, f, geometry, values)
    if not arrays["has_values"]:
        return figures.empty(t("no_data", lang), height=figures.MAP_SIZE[1]), None
    key = f"{repo.version()}|{f.gemeente or 'NL'}|{lang}" + (f"|{len(layers)}" if layers else "")
    if previous_key == key and not inline:
        return figures.map_patch(arrays, label, t("no_value", lang), layers or ()), key
    # small outlines (one gemeente's buurten) travel in the figure, saving the browser a second request
    # before it can paint; large ones (every gemeente) by URL, fetched once per version
    inline = inline or len(geometry.text) <= geometry_store.INLINE_BYTES
    outlines = geometry_store.geojson(repo, f.gemeente) if inline else geometry_store.url(repo, f.gemeente)
    codes, missing = list(geometry.codes), t("no_value", lang)
    return figures.choropleth_map(outlines, codes, arrays, label, missing, geometry.bounds, layers or ()), key


def render_trend(repo: Repository, filters: Filters, quarters: pd.DataFrame | None = None):
    """The chosen indicator per quarter of the period against its target (`quarters`: the
    repository's indicator_by_quarter, when the caller has it already)."""
    f = resolve(repo, filters, national=True)
    lang = f.lang
    labels = {k: t(k, lang) for k in ("no_data", "realised", "target", "quarter", "hidden")}
    if f.period is None:
        return figures.empty(labels["no_data"])
    indicators = repo.indicators()
    row = indicators[indicators["code"] == f.indicator]
    if row.empty:  # an indicator code that is valid in form but not in this warehouse
        return figures.empty(labels["no_data"])
    name = row[column("name", lang)].iloc[0]
    unit = fmt.unit(row["unit"].iloc[0])
    df = repo.indicator_by_quarter(f) if quarters is None else quarters
    labels["small"] = prot.hidden_text(protection_of(repo).k, True, lang)
    return figures.trend_figure(df, f.period, f"{name} ({unit})", labels)


def _iso(value: Any) -> str | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date().isoformat()


def _iso_list(dates: pd.Series) -> list[str | None]:
    """A column of dates as ISO texts (None where missing), in one numpy step for a datetime column."""
    if pd.api.types.is_datetime64_dtype(dates.dtype):
        days = dates.to_numpy(dtype="datetime64[D]")
        return [None if text == "NaT" else text for text in np.datetime_as_string(days).tolist()]
    return [_iso(v) for v in dates.tolist()]


def render_table(repo: Repository, filters: Filters, limit: int | None = None) -> list[dict]:
    """Rows for the initiative grid: dates as ISO (sortable; shown dd-mm-jjjj), money as numbers.

    `limit`: at most this many rows (by name), as the national overview sends the grid.
    """
    return table_rows(repo, filters, limit)[0]


def render_table_with_note(repo: Repository, filters: Filters) -> tuple[list[dict], html.P | None]:
    """The grid's rows and, when the national overview cut the list at TABLE_LIMIT, the line saying so."""
    f = resolve(repo, filters, national=True)
    limit = None if f.gemeente else TABLE_LIMIT
    rows, total = table_rows(repo, f, limit)
    if limit is None or total <= len(rows):
        return rows, None
    text = t("table_limited", f.lang).format(shown=fmt.number(len(rows)), total=fmt.number(total))
    return rows, html.P(text, className="small mb-1", id=ids.OVERVIEW_TABLE_LIMIT)


def table_rows(repo: Repository, filters: Filters, limit: int | None = None) -> tuple[list[dict], int]:
    """(grid rows, how many initiatives match in all)."""
    f = resolve(repo, filters, national=True)
    if f.period is None:
        return [], 0
    df = repo.initiatives(f, limit)
    total = int(df["matching_rows"].iloc[0]) if not df.empty else 0
    lang = f.lang
    # the details links carry the selection
    search = f.with_(metric=filters.metric, indicator=filters.indicator).to_search()
    # column by column (a row loop over the frame cost 1-2 ms for a gemeente's few hundred initiatives)
    themes, forms, statuses = (df[column(base, lang)].tolist() for base in ("themes", "form", "status"))
    starts, ends = _iso_list(df["start_date"]), _iso_list(df["end_date"])
    grants = [None if g != g else g for g in df["grants"].astype("float64").tolist()]  # NaN: no money
    rows = [
        {
            "code": code,
            "naam": name,
            "organisatie": organisation,
            "themas": theme,
            "vorm": form,
            "status": status,
            "start": start,
            "einde": end,
            "hoofdbuurt": buurt,
            "subsidie": grant,
            "pagina": initiative_view.initiative_link(code, lang, search),
        }
        for code, name, organisation, theme, form, status, start, end, buurt, grant in zip(
            df["code"].tolist(),
            df["name"].tolist(),
            df["organisation_name"].tolist(),
            themes,
            forms,
            statuses,
            starts,
            ends,
            df["main_buurt"].tolist(),
            grants,
            strict=True,
        )
    ]
    if "participants" in df.columns:  # internal mode only: no counts per initiative in public
        for row, n in zip(rows, df["participants"].astype("float64").tolist(), strict=True):
            row["deelnemers"] = None if n != n else n
    return rows, total
