"""The Gegevens page: the published load batches and the input templates to download."""

from __future__ import annotations

from pathlib import Path

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import formatting as fmt
from dashboard.components.shell import create_page, no_database
from dashboard.components.text import with_code
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.page import Page
from dashboard.repository import Repository
from dashboard.templates import template_files


def batches_table(batches: pd.DataFrame, lang: str):
    if batches.empty:
        return html.P(t("no_batches", lang), className="text-muted")
    head = html.Thead(
        html.Tr(
            [
                html.Th(t(k, lang), scope="col", className=("text-end" if k.startswith("col_rows") else None))
                for k in (
                    "col_batch",
                    "col_file",
                    "col_entity",
                    "col_rows_in",
                    "col_rows_loaded",
                    "col_rows_rejected",
                    "col_loaded_at",
                )
            ]
        )
    )
    rows = []
    for r in batches.itertuples(index=False):
        loaded = "" if pd.isna(r.loaded_at) else f"{fmt.day(r.loaded_at)} {pd.Timestamp(r.loaded_at):%H:%M}"
        rows.append(
            html.Tr(
                [
                    html.Td(int(r.batch_id)),
                    html.Td(r.source_name),
                    html.Td(r.entity or ""),
                    html.Td(fmt.number(r.rows_in), className="text-end"),
                    html.Td(fmt.number(r.rows_loaded), className="text-end"),
                    html.Td(fmt.number(r.rows_rejected), className="text-end"),
                    html.Td(loaded),
                ]
            )
        )
    return dbc.Table(
        [head, html.Tbody(rows)],
        striped=True,
        hover=True,
        responsive=True,
        size="sm",
        id="data-batches-table",
    )


def templates_list(files: list[Path], lang: str):
    if not files:
        return html.P(t("no_templates", lang), className="text-muted")
    return html.Ul(
        [html.Li(html.A(p.name, href=f"/sjablonen/{p.name}", download=p.name)) for p in files],
        className="list-unstyled columns-2",
    )


def build(repo: Repository, query: dict) -> html.Div:
    filters = Filters.from_query(query)
    lang = filters.lang
    if not repo.available():
        body = [html.H1(t("data_title", lang), className="h3"), no_database(lang)]
        fictional = False
    else:
        body = [
            html.H1(t("data_title", lang), className="h3"),
            html.P(t("data_intro", lang)),
            html.H2(t("batches_title", lang), className="h5 mt-3"),
            batches_table(repo.batches(), lang),
        ]
        fictional = bool(repo.dataset().get("is_fictional"))
    body += [
        html.H2(t("templates_title", lang), className="h5 mt-4"),
        html.P(with_code(t("templates_intro", lang))),
        templates_list(template_files(), lang),
    ]
    return create_page(lang, "data", fictional, body, filters.to_search())


PAGE = Page(
    key="data",
    path="/gegevens",
    label={"nl": "Gegevens", "en": "Data"},
    build=build,
    nav=True,
)
