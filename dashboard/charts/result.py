"""What every chart function returns (ChartResult), the one way to write its export metadata, and its summary.

A chart is one DataFrame: the figure is drawn from it, the data table under the chart ('Tabel bij deze
grafiek'), the CSV/XLSX export and the council-pack slide are it, and the summary is text about it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting as fmt
from dashboard.components.chart_tools import data_table
from dashboard.components.footnote import footnote_text, source_lines
from dashboard.exports import ChartData
from dashboard.figure_margins import fit_figure
from dashboard.i18n import t
from dashboard.repository import Repository
from dashboard.views.overview_charts import export_meta


@dataclass
class ChartResult:
    """One chart: its DataFrame with metadata (`data`, what exports and slides carry), the figure drawn from
    it, its text summary, and the footnote and source lines of the slide."""

    name: str
    data: ChartData
    figure: go.Figure | dict | None
    footnote: str = ""
    sources: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # margins for the labels worked out here: plotly's automargin draws every chart twice
        self.figure = fit_figure(self.figure)

    @property
    def frame(self) -> pd.DataFrame:
        return self.data.frame

    @property
    def summary(self) -> str:
        return self.data.summary

    def table(self):
        """The data table under the chart, values formatted as in the hover text."""
        return data_table(self.data, self.data.meta.lang)


def num(value: Any) -> float | None:
    """A cell as a float, None for missing or text."""
    if value is None or isinstance(value, str):
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if v != v else v


class Shared:
    """What every chart of one page render asks the repository alike (sources, dataset), asked once."""

    def __init__(self, repo: Repository):
        self.repo = repo
        self._sources: dict[tuple, pd.DataFrame] = {}
        self._dataset: dict[str, Any] | None = None

    def sources(self, entities: tuple[str, ...], gemeente: str | None, country: bool) -> pd.DataFrame:
        key = (entities, gemeente, country)
        if key not in self._sources:
            self._sources[key] = self.repo.sources(entities, gemeente, country)
        return self._sources[key]

    def dataset(self) -> dict[str, Any]:
        if self._dataset is None:
            self._dataset = self.repo.dataset()
        return self._dataset


def shared(ctx: Any) -> Shared:
    """The Shared of a page context (kept in its `memo`): one per render, export or pack item."""
    return memo(ctx, "shared", lambda: Shared(ctx.repo))


def memo(ctx: Any, key: str, make: Callable[[], Any]) -> Any:
    """`make()` once per page context (e.g. the selection text every chart's export carries)."""
    if key not in ctx.memo:
        ctx.memo[key] = make()
    return ctx.memo[key]


@dataclass(frozen=True)
class About:
    """What an export says it shows (title, selection) and which loads its data came from (the loader
    entities, for one gemeente or all, with the country's CBS figures or not)."""

    title: str
    selection: str
    entities: tuple[str, ...]
    gemeente: str | None = None
    country: bool = False


def table_data(
    repo: Repository | Shared, name: str, lang: str, about: About, frame: pd.DataFrame
) -> ChartData:
    """A frame with its export metadata: a download-only table (CSV and Excel), or the data of a chart."""
    sources = repo.sources(about.entities, about.gemeente, about.country)
    return ChartData(name, export_meta(repo, lang, about.title, about.selection, sources), frame)


def result(
    repo: Repository | Shared,
    name: str,
    lang: str,
    about: About,
    frame: pd.DataFrame,
    figure: go.Figure | dict | None,
    summary: str | None = None,
    formatters: Mapping[str, Callable[[Any], str]] | None = None,
    percent: Iterable[str] = (),
) -> ChartResult:
    """A ChartResult; without `summary` the row count and the highest value (first formatter's notation).

    `percent`: the columns holding shares as fractions that the page shows as percentages (ChartData.percent).
    """
    data = table_data(repo, name, lang, about, frame)
    data.extra["formatters"] = dict(formatters or {})
    data.percent = frozenset(percent)
    if summary is None:
        summary = frame_summary(about.title, frame, lang, next(iter((formatters or {}).values()), None))
    data.summary = summary
    sources = repo.sources(about.entities, about.gemeente, about.country)
    footnote = footnote_text(sources, repo.dataset(), lang, about.selection)
    return ChartResult(name, data, figure, footnote, source_lines(sources, lang))


def frame_summary(
    title: str,
    frame: pd.DataFrame,
    lang: str,
    text: Callable[[Any], str] | None = None,
    columns: list[str] | None = None,
) -> str:
    """'Titel: 6 rijen. Hoogste waarde: € 12.000 (Groen, Fonds A).' — short, for everyone.

    The highest value is looked for in `columns` (default: all but the first), all shown with `text`;
    `columns=[]` gives only the row count.
    """
    if frame.empty:
        return f"{title}: {t('no_data', lang)}"
    parts = [t("summary_rows", lang).format(title=title, n=len(frame))]
    best: tuple[float, str, str] | None = None
    for col in frame.columns[1:] if columns is None else columns:
        for label, v in zip(frame[frame.columns[0]], frame[col], strict=True):
            if isinstance(v, float) and v == v and (best is None or v > best[0]):
                best = (v, str(label), str(col))
    if best is not None:
        value = (text or fmt.auto_number)(best[0])
        where = best[1] if len(frame.columns) == 2 else f"{best[1]}, {best[2]}"
        parts.append(t("summary_highest", lang).format(value=value, where=where))
    return " ".join(parts)
