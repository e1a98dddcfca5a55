"""Buttons every page can use: add a chart to the council pack, copy the permalink of the view."""

from __future__ import annotations

from dash import html

from dashboard import ids
from dashboard.i18n import t


def add_button(item: str, title: str, lang: str) -> html.Button:
    """'+ Raadspakket' next to a chart; `item` is the chart's name in a permalink (`grafiek=`)."""
    return html.Button(
        t("pack_add", lang),
        id=ids.pack_add(item),
        n_clicks=0,
        type="button",
        className="btn btn-outline-primary btn-sm pack-add",
        title=t("pack_add_label", lang).format(title=title),
        **{"aria-label": t("pack_add_label", lang).format(title=title)},
    )


def copy_link_button(lang: str) -> html.Button:
    """Copies the address bar (the whole state of the view) to the clipboard."""
    return html.Button(
        t("copy_link", lang),
        id=ids.PACK_COPY,
        n_clicks=0,
        type="button",
        className="btn btn-outline-light btn-sm text-nowrap",
        title=t("copy_link_label", lang),
    )
