"""Form fields with their visible label: a dropdown, a search box, or any control under a label."""

from __future__ import annotations

from dash import dcc, html

from dashboard.components.dropdown import dropdown_labels
from dashboard.filters import MAX_SEARCH

LABEL_CLASS = "form-label small fw-semibold mb-1"


def labelled(label: str, control_id: str, control, class_name: str | None = None) -> html.Div:
    """`control` under a <label for=...> naming it (WCAG 1.3.1, 4.1.2)."""
    extra = {"className": class_name} if class_name else {}
    return html.Div([html.Label(label, htmlFor=control_id, className=LABEL_CLASS), control], **extra)


def dropdown(
    control_id: str, options: list, value, lang: str = "nl", *, multi: bool = False, min_width: str = "16rem",
    clearable: bool | None = None, **extra,
) -> dcc.Dropdown:  # fmt: skip
    """A dropdown with its texts in the page's language; clearable only when several may be chosen."""
    return dcc.Dropdown(
        labels=dropdown_labels(lang),
        id=control_id,
        options=options,
        value=value,
        multi=multi,
        clearable=multi if clearable is None else clearable,
        style={"minWidth": min_width},
        **extra,
    )


def labelled_dropdown(
    label: str, control_id: str, options: list, value, lang: str = "nl", *, multi: bool = False,
    min_width: str = "16rem", class_name: str | None = None,
) -> html.Div:  # fmt: skip
    return labelled(
        label,
        control_id,
        dropdown(control_id, options, value, lang, multi=multi, min_width=min_width),
        class_name,
    )


def search_field(label: str, control_id: str, value: str, placeholder: str, style: dict) -> html.Div:
    """A search box that filters as you type (debounced), under its label."""
    box = dcc.Input(
        id=control_id,
        type="search",
        value=value,
        placeholder=placeholder,
        debounce=0.3,
        maxLength=MAX_SEARCH,  # the browser stops there; the server cuts what is sent anyway (filters.py)
        className="form-control form-control-sm",
        style=style,
    )
    return labelled(label, control_id, box)
