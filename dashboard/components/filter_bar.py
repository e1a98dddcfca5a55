"""The filter bar: every control with a visible <label>, its value seeded from the URL."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.components.dropdown import dropdown_labels
from dashboard.i18n import t


def _field(label: str, control, control_id: str, width: dict) -> dbc.Col:
    return dbc.Col(
        [html.Label(label, htmlFor=control_id, className="form-label small fw-semibold mb-1"), control],
        **width,
        className="mb-2",
    )


def create_filter_bar(
    options: dict[str, list[dict]], values: dict, lang: str, reset_href: str
) -> html.Section:
    """Gemeente, wijk, buurt, themes, status, funder and period. `options` and `values` keyed by id."""

    def dropdown(control_id: str, multi: bool = False, clearable: bool = True, placeholder: str = ""):
        return dcc.Dropdown(
            labels=dropdown_labels(lang),
            id=control_id,
            options=options.get(control_id, []),
            value=values.get(control_id),
            multi=multi,
            clearable=clearable,
            placeholder=placeholder or t("all", lang),
        )

    def field(key: str, control_id: str, lg: int, **kwargs) -> dbc.Col:
        width = {"xs": 12, "sm": 6, "lg": lg} if "year" not in key else {"xs": 6, "sm": 3, "lg": lg}
        return _field(t(key, lang), dropdown(control_id, **kwargs), control_id, width)

    return html.Section(
        dbc.Card(
            dbc.CardBody(
                [
                    html.H2(t("filters", lang), className="visually-hidden"),
                    dbc.Row(
                        [
                            field("gemeente", ids.FILTER_GEMEENTE, 3, clearable=False),
                            field("wijk", ids.FILTER_WIJK, 3, placeholder=t("all_wijken", lang)),
                            field("buurt", ids.FILTER_BUURT, 2, placeholder=t("all_buurten", lang)),
                            field("year_from", ids.FILTER_YEAR_FROM, 2, clearable=False),
                            field("year_to", ids.FILTER_YEAR_TO, 2, clearable=False),
                        ],
                        className="g-2",
                    ),
                    dbc.Row(
                        [
                            field("themes", ids.FILTER_THEMES, 4, multi=True),
                            field("statuses", ids.FILTER_STATUSES, 3, multi=True),
                            field("funders", ids.FILTER_FUNDERS, 3, multi=True),
                            dbc.Col(
                                dcc.Link(
                                    t("reset", lang),
                                    href=reset_href,
                                    id=ids.FILTER_RESET,
                                    className="btn btn-outline-secondary btn-sm w-100",
                                ),
                                xs=12,
                                lg=2,
                                className="mb-2 d-flex align-items-end",
                            ),
                        ],
                        className="g-2",
                    ),
                ]
            ),
            className="shadow-sm mb-3",
        ),
        **{"aria-label": t("filters", lang)},
    )
