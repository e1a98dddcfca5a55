"""The social value page: value per initiative, portfolio and stakeholder as ranges; who benefits; assumptions."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.callbacks import value as callbacks
from dashboard.callbacks.url_sync import filters_only
from dashboard.charts import value as value_charts
from dashboard.components.fields import labelled_dropdown
from dashboard.components.shell import create_page, no_database, url_stores
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.pack import value_items
from dashboard.page import Page
from dashboard.repository import Repository
from dashboard.views import overview as overview_view
from dashboard.views.value_page import content, initiative_code, search_for


def base_query(query: dict) -> dict[str, str]:
    """The URL's filters the page does not set itself (area, themes, status), to carry along."""
    keep = Filters.from_query(query).to_query()
    return {k: v for k, v in keep.items() if k not in ("van", "tot", "financier")}


def build(repo: Repository, query: dict) -> html.Div:
    filters = Filters.from_query(query)
    lang = filters.lang
    initiative = initiative_code(query.get("initiatief"))
    if not repo.available():
        return create_page(lang, "value", False, [no_database(lang)], search_for(filters, initiative))
    f = overview_view.resolve(repo, filters)
    cards, options = content(repo, f, *value_charts.page(repo, f, initiative))
    year_opts = overview_view.year_options(repo, f.year_from, f.year_to)
    controls = html.Div(
        [
            labelled_dropdown(
                t("year_from", lang),
                ids.VALUE_YEAR_FROM,
                year_opts,
                f.year_from,
                lang=lang,
                min_width="10rem",
            ),
            labelled_dropdown(
                t("year_to", lang), ids.VALUE_YEAR_TO, year_opts, f.year_to, lang=lang, min_width="10rem"
            ),
            labelled_dropdown(
                t("funders", lang),
                ids.VALUE_FUNDERS,
                overview_view.funder_options(repo, f.gemeente),
                list(f.funders),
                multi=True,
                min_width="22rem",
                lang=lang,
            ),
            labelled_dropdown(
                t("matrix_initiative", lang),
                ids.VALUE_INITIATIVE,
                options,
                initiative or "",
                min_width="22rem",
                lang=lang,
            ),
        ],
        className="d-flex flex-wrap gap-3 align-items-end mb-3",
        role="group",
        **{"aria-label": t("filters", lang)},
    )
    body = [
        *url_stores("value"),
        dcc.Store(id=ids.VALUE_BASE, data=base_query(query) | ({"lang": "en"} if lang == "en" else {})),
        html.H1(t("value_title", lang), className="h3 mb-3"),
        controls,
        dcc.Loading(html.Div(cards, id=ids.VALUE_CONTENT), type="dot", delay_show=400),
    ]
    fictional = bool(repo.dataset().get("is_fictional"))
    return create_page(lang, "value", fictional, body, search_for(filters, initiative))


PAGE = Page(
    key="value",
    path="/waarde",
    label={"nl": "Maatschappelijke waarde", "en": "Social value"},
    build=build,
    nav=True,
    state=Filters,
    controls=callbacks.CONTROLS,
    url_sync=True,
    shared=filters_only,  # the initiative of the matrix stays on this page
    callbacks=(callbacks.register,),
    pack_items=value_items.value_items,
    charts=value_items.VALUE_CHARTS,
)
