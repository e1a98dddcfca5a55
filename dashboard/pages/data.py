"""The Gegevens page: upload files (a beheerder or a fund), the load history, the kept versions to roll back to
(a beheerder), and the input templates to download."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import formatting as fmt
from dashboard import ids
from dashboard.auth import session
from dashboard.callbacks import upload as upload_callbacks
from dashboard.components.shell import create_page, no_database
from dashboard.components.text import with_code
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.intake import routes, uploads
from dashboard.page import Page
from dashboard.reports import access as report_access
from dashboard.reports.fund import HOME as REPORTS_HOME
from dashboard.repository import Repository, default_home
from dashboard.templates import template_files
from etl.contract import VERSION_RE, kept_versions, published_path

HISTORY_COLUMNS = (
    "col_batch", "col_file", "col_entity", "col_rows_in", "col_rows_loaded", "col_rows_rejected",
    "col_status", "col_sha256", "col_loaded_at",
)  # fmt: skip


def _who(value, viewer: dict | None) -> str:
    """Who loaded a batch, as this viewer may see it: a beheerder sees everyone, a fund its own uploads."""
    if viewer is None or value is None or pd.isna(value):
        return ""
    if "beheerder" in viewer["roles"] or value == viewer["label"]:
        return str(value)
    return "—"


def batches_table(batches: pd.DataFrame, lang: str, viewer: dict | None = None):
    """The load history: one row per batch of the published version (published or superseded)."""
    if batches.empty:
        return html.P(t("no_batches", lang), className="text-muted")
    keys = HISTORY_COLUMNS + (("col_loaded_by",) if viewer else ())
    head = html.Thead(
        html.Tr(
            [
                html.Th(t(k, lang), scope="col", className=("text-end" if k.startswith("col_rows") else None))
                for k in keys
            ]
        )
    )
    rows = []
    for r in batches.itertuples(index=False):
        loaded = "" if pd.isna(r.loaded_at) else f"{fmt.day(r.loaded_at)} {pd.Timestamp(r.loaded_at):%H:%M}"
        cells = [
            html.Td(int(r.batch_id)),
            html.Td(_file_cell(r.source_name, getattr(r, "origin", None), lang)),
            html.Td(r.entity or ""),
            html.Td(fmt.number(r.rows_in), className="text-end"),
            html.Td(fmt.number(r.rows_loaded), className="text-end"),
            html.Td(fmt.number(r.rows_rejected), className="text-end"),
            html.Td(t("status_" + str(r.status), lang)),
            html.Td(html.Code(str(r.sha256)[:12], title=str(r.sha256))),
            html.Td(loaded),
        ]
        if viewer:
            cells.append(html.Td(_who(r.loaded_by, viewer)))
        rows.append(html.Tr(cells))
    return dbc.Table(
        [head, html.Tbody(rows)],
        striped=True,
        hover=True,
        responsive=True,
        size="sm",
        id="data-batches-table",
    )


def _file_cell(name: str, origin: str | None, lang: str):
    """The batch's file; a generated template (etl/cbs) with the user's own file it was made from, which is
    what the source lines under the figures name."""
    if origin is None or pd.isna(origin):
        return name
    return [origin, html.Br(), html.Small(t("generated_as", lang).format(name=name), className="text-muted")]


def templates_list(files: list[Path], lang: str):
    if not files:
        return html.P(t("no_templates", lang), className="text-muted")
    return html.Ul(
        [html.Li(html.A(p.name, href=f"/sjablonen/{p.name}", download=p.name)) for p in files],
        className="list-unstyled columns-2",
    )


def upload_form(lang: str, csrf: str):
    """The drop zone (dcc.Upload: drop or choose files, also by keyboard); assets/upload.js posts the files
    to the upload route with the CSRF token and opens the upload's page, or shows why it was refused."""
    limits = uploads.Limits.from_env()
    hint = t("upload_hint", lang).format(
        files=limits.max_files, mb=limits.max_bytes // (1 << 20), types=", ".join(uploads.SUFFIXES)
    )
    return html.Div(
        [
            dcc.Store(id=ids.UPLOAD_TOKEN, data=csrf),
            dcc.Store(id=ids.UPLOAD_URL, data=routes.SEND_PATH),
            # The label holds the drop zone and its (hidden) file input: the input's accessible name is the
            # label's text; a click or Enter/Space on it opens the file dialog natively (disable_click: once).
            html.Label(
                dcc.Upload(
                    html.Div(
                        [html.Strong(t("upload_choose", lang)), html.Br(), html.Span(hint, className="small")]
                    ),
                    id=ids.UPLOAD_DROP,
                    multiple=True,
                    # no accept or max_size here: the drop zone would drop such files without a word; the
                    # server refuses them with the reason (routes.message_page), shown under the zone
                    disable_click=True,
                    className="upload-drop",
                    className_active="upload-drop upload-drop-active",
                    className_reject="upload-drop upload-drop-reject",
                ),
                className="d-block",
            ),
            html.Div(id=ids.UPLOAD_ERROR, role="alert", className="text-danger mt-2"),
        ],
        className="mb-3",
    )


def own_uploads(states: list[dict], lang: str):
    if not states:
        return None
    items = []
    for s in states:
        when = datetime.fromtimestamp(float(s.get("created", 0)))
        names = ", ".join(f["name"] for f in s.get("files", []))
        items.append(
            html.Li(
                [
                    dcc.Link(names, href=f"{routes.UPLOAD_PATH}?taak={s['job']}"),
                    f" — {fmt.day(when)} {when:%H:%M}, ",
                    t("upload_state_" + str(s.get("state")), lang),
                ]
            )
        )
    return html.Div([html.H3(t("upload_mine", lang), className="h6"), html.Ul(items)])


def upload_section(lang: str, home: Path):
    """Upload for a beheerder or a fund; a pointer to logging in (or to the command line) for anyone else."""
    title = html.H2(t("upload_section", lang), className="h5 mt-3")
    if session.settings() is None:
        return [title, html.P(with_code(t("upload_needs_login", lang)), className="text-muted")]
    owner = routes.uploader()
    if owner is None:
        return [
            title,
            html.P([t("upload_login", lang), " ", html.A(t("login", lang), href="/login?next=/gegevens")]),
        ]
    scope_text = (
        t("upload_as_beheerder", lang)
        if "beheerder" in owner["roles"]
        else t("upload_as_fund", lang).format(funders=", ".join(owner["funders"]))
    )
    return [
        title,
        html.P(scope_text),
        upload_form(lang, session.csrf_token()),
        own_uploads(uploads.of_owner(home, owner["subject"]), lang),
    ]


def reports_section(lang: str):
    """The way to grantee reports (dashboard/reports/) for a fund, a gemeente or a beheerder."""
    if session.current_user() is None or not report_access.may_use_reports(session.current_scope()):
        return []
    return [
        html.H2(t("reports_section", lang), className="h5 mt-3"),
        html.P(
            [
                t("reports_intro", lang),
                " ",
                html.A(t("reports_open", lang), href=REPORTS_HOME, id="data-reports-link"),
            ]
        ),
    ]


def versions_section(lang: str, home: Path, csrf: str):
    """The kept versions, the published one marked; a beheerder can publish an earlier one again."""
    current = published_path(home).resolve().name if published_path(home).exists() else None
    items = []
    for path in reversed(kept_versions(home)):
        when = datetime.fromtimestamp(path.stat().st_mtime)
        label = f"{path.name} — {fmt.day(when)} {when:%H:%M}"
        if path.name == current:
            items.append(html.Li([label, " ", dbc.Badge(t("version_current", lang), color="success")]))
            continue
        items.append(
            html.Li(
                html.Form(
                    [
                        label,
                        " ",
                        dcc.Input(type="hidden", name="csrf_token", value=csrf),
                        dcc.Input(type="hidden", name="versie", value=path.name),
                        html.Button(
                            t("version_restore", lang),
                            type="submit",
                            className="btn btn-sm btn-outline-dark ms-2",
                            **{"aria-label": f"{t('version_restore', lang)} {path.name}"},
                        ),
                    ],
                    action=routes.ROLLBACK_PATH,
                    method="post",
                    className="d-inline",
                )
            )
        )
    return [
        html.H2(t("versions_title", lang), className="h5 mt-4", id="versies"),
        html.P(t("versions_intro", lang)),
        html.Ul(items),
    ]


def build(repo: Repository, query: dict) -> html.Div:
    filters = Filters.from_query(query)
    lang = filters.lang
    home = default_home()
    viewer = routes.uploader()
    body = [html.H1(t("data_title", lang), className="h3")]
    restored = query.get("teruggezet")
    if isinstance(restored, str) and VERSION_RE.match(restored):
        body.append(dbc.Alert(t("version_restored", lang).format(version=restored), color="success"))
    body += upload_section(lang, home)
    body += reports_section(lang)
    if not repo.available():
        body.append(no_database(lang))
        fictional = False
    else:
        body += [
            html.H2(t("batches_title", lang), className="h5 mt-3"),
            html.P(t("data_intro", lang)),
            batches_table(repo.batches(), lang, viewer),
        ]
        fictional = bool(repo.dataset().get("is_fictional"))
    if viewer and "beheerder" in viewer["roles"]:
        body += versions_section(lang, home, session.csrf_token())
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
    callbacks=(upload_callbacks.register_form,),
)
