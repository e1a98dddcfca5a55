"""One upload as the uploader sees it: progress, the check per file, the rejects grid, the marked files, and
the publish buttons (dashboard/intake/). Pure: the state in, components out."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import formatting as fmt
from dashboard.components.grid import locale_text
from dashboard.i18n import t
from dashboard.intake import routes

GRID_ROWS = 2000  # rows in the grid; the marked files hold every reject


def _hidden(name: str, value: str):
    return dcc.Input(type="hidden", name=name, value=value)


def publish_forms(job: str, state: dict[str, Any], csrf: str, lang: str):
    """'Publiceren' (only when clean) and 'Alleen geldige rijen publiceren' (when there are rejects)."""
    clean, publishable = bool(state.get("clean")), bool(state.get("publishable"))
    forms = [
        html.Form(
            [
                _hidden("csrf_token", csrf),
                _hidden("taak", job),
                _hidden("modus", "alles"),
                html.Button(
                    t("upload_publish", lang),
                    type="submit",
                    className="btn btn-primary",
                    disabled=not clean,
                    id="upload-publish",
                ),
            ],
            action=routes.PUBLISH_PATH,
            method="post",
            className="d-inline-block me-2",
        )
    ]
    if state.get("rejects") and publishable:
        forms.append(
            html.Form(
                [
                    _hidden("csrf_token", csrf),
                    _hidden("taak", job),
                    _hidden("modus", "geldig"),
                    html.Button(
                        t("upload_publish_valid", lang),
                        type="submit",
                        className="btn btn-outline-dark",
                        id="upload-publish-valid",
                    ),
                ],
                action=routes.PUBLISH_PATH,
                method="post",
                className="d-inline-block",
            )
        )
    return html.Div(forms, className="my-3")


def parts_table(parts: list[dict[str, Any]], lang: str):
    keys = ("col_file", "col_entity", "col_rows_in", "col_rows_loaded", "col_rows_rejected", "col_status")
    head = html.Thead(
        html.Tr(
            [html.Th(t(k, lang), scope="col", className="text-end" if "rows" in k else None) for k in keys]
        )
    )
    rows = [
        html.Tr(
            [
                html.Td(p.get("file")),
                html.Td(p.get("entity") or ""),
                html.Td(fmt.number(p.get("rows_in", 0)), className="text-end"),
                html.Td(fmt.number(p.get("rows_loaded", 0)), className="text-end"),
                html.Td(fmt.number(p.get("rows_rejected", 0)), className="text-end"),
                html.Td(
                    t("status_" + str(p.get("status", "")).replace(" ", "_"), lang) if p.get("status") else ""
                ),
            ]
        )
        for p in parts
    ]
    return dbc.Table([head, html.Tbody(rows)], size="sm", responsive=True, id="upload-parts")


def rejects_grid(rejects: list[dict[str, Any]], lang: str):
    names = {
        "file": t("col_file", lang),
        "sheet": t("col_sheet", lang),
        "line": t("col_line", lang),
        "column": t("col_column", lang),
        "value": t("col_cell", lang),
        "reason": t("col_reason", lang),
    }
    columns = [{"field": k, "headerName": v} for k, v in names.items()]
    columns[-1]["flex"] = 3
    return dag.AgGrid(
        id="upload-rejects",
        columnDefs=columns,
        rowData=rejects[:GRID_ROWS],
        defaultColDef={"sortable": True, "resizable": True, "flex": 1, "wrapText": True, "autoHeight": True},
        dashGridOptions={
            "pagination": True,
            "paginationPageSize": 25,
            "animateRows": False,
            "domLayout": "autoHeight",
            "localeText": locale_text(lang),
        },
        style={"height": None},
        className="ag-theme-quartz",
    )


def marked_links(job: str, state: dict[str, Any], rejects: list[dict[str, Any]], lang: str):
    """A download per uploaded file with rejects: the file itself, faulty cells marked (etl/marked.py)."""
    faulty = {str(r.get("file", "")).split("#", 1)[0].rsplit(": ", 1)[-1] for r in rejects}
    links = []
    for index, f in enumerate(sorted(state.get("files", []), key=lambda f: f["name"])):
        if f["name"] in faulty:
            href = routes.MARKED_PATH.replace("<job>", job).replace("<int:index>", str(index))
            links.append(
                html.Li(
                    html.A(
                        t("upload_marked", lang).format(name=f["name"]), href=href, className="upload-marked"
                    )
                )
            )
    if not links:
        return None
    return html.Div([html.P(t("upload_marked_intro", lang)), html.Ul(links)])


def panel(job: str, state: dict[str, Any] | None, rejects: list[dict[str, Any]], csrf: str, lang: str):
    """The whole panel of one upload for its state."""
    if state is None:
        return dbc.Alert(t("upload_not_found", lang), color="warning")
    files = ", ".join(f["name"] for f in state.get("files", []))
    kind = state.get("state")
    body: list = [html.P([t("upload_files", lang), " ", html.Strong(files)])]
    if state.get("message"):
        body.append(dbc.Alert(state["message"], color="danger" if kind == "mislukt" else "warning"))
    if kind in ("controleren", "publiceren"):
        rows = fmt.number(state.get("rows", 0))
        label = t("upload_checking" if kind == "controleren" else "upload_publishing", lang)
        body += [
            html.P(f"{label} {state.get('progress', '')}: {rows} {t('rows', lang)}", role="status"),
            dbc.Progress(value=100, striped=True, animated=True, label=label, style={"height": "1.5rem"}),
        ]
        return html.Div(body, id="upload-state", **{"data-state": kind})
    parts = state.get("parts", [])
    if parts:
        body.append(parts_table(parts, lang))
    # what a check left out without a fault (hidden sheets): the uploader should know it was not loaded
    body += [
        html.P(f"{p.get('file')}: {note}", className="small text-warning-emphasis upload-note")
        for p in parts
        for note in p.get("notes") or []
    ]
    count = int(state.get("rejects", 0) or 0)
    if kind == "gecontroleerd":
        if state.get("unchanged"):
            body.append(dbc.Alert(t("upload_unchanged", lang), color="info"))
        elif count:
            body.append(
                dbc.Alert(t("upload_has_rejects", lang).format(count=fmt.number(count)), color="warning")
            )
        else:
            body.append(dbc.Alert(t("upload_clean", lang), color="success"))
        for problem in state.get("problems", []):
            body.append(dbc.Alert(problem, color="danger"))
        if not state.get("unchanged"):
            body.append(publish_forms(job, state, csrf, lang))
    elif kind == "gepubliceerd":
        version = state.get("version")
        text = t("upload_published", lang).format(version=version) if version else t("upload_unchanged", lang)
        body.append(
            dbc.Alert([text, " ", dcc.Link(t("upload_to_overview", lang), href="/")], color="success")
        )
    elif kind == "niet_gepubliceerd":
        body.append(dbc.Alert(t("upload_not_published", lang), color="danger"))
        for problem in state.get("problems", []):
            body.append(dbc.Alert(problem, color="danger"))
    if count:
        body += [
            html.H2(t("upload_rejects_title", lang), className="h5 mt-3"),
            marked_links(job, state, rejects, lang),
            rejects_grid(rejects, lang),
        ]
        if count > GRID_ROWS:
            body.append(
                html.P(t("upload_more_rejects", lang).format(shown=fmt.number(GRID_ROWS)), className="small")
            )
    return html.Div(body, id="upload-state", **{"data-state": kind or ""})


def running(state: dict[str, Any] | None) -> bool:
    return bool(state) and state.get("state") in ("controleren", "publiceren")
