"""Portfolio page callbacks: wiring only. Control values pass the same validation as the URL."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.callbacks import links as link_callbacks
from dashboard.charts import portfolio as charts
from dashboard.components.chart_block import data_id, summary_id
from dashboard.filters import Filters
from dashboard.heavy import heavy
from dashboard.repository import Repository
from dashboard.views import portfolio as view

OUTPUTS = ("summary", "theme", "wijk", "year", "cost", "overlap", "risk", "risk_table", "sankey", "footnote",
           "search")  # fmt: skip
CHARTS = tuple(charts.CHARTS)  # each chart's data table and summary follow the outputs above


def state_from(gemeente, funders, year_from, year_to, outcome, lang) -> view.PortfolioState:
    """Control values (untrusted: they come from the browser) through the URL's validation."""
    return view.PortfolioState.from_query(
        {
            "gemeente": gemeente,
            "financier": funders,
            "van": year_from,
            "tot": year_to,
            "uitkomst": outcome,
            "lang": lang,
        }
    )


def register(app, repo: Repository) -> dict:
    """Wire the portfolio callbacks; returns them by name so tests can call them as functions."""

    @app.callback(
        Output(ids.PORTFOLIO_SUMMARY, "children"),
        Output(ids.PORTFOLIO_THEME, "figure"),
        Output(ids.PORTFOLIO_WIJK, "figure"),
        Output(ids.PORTFOLIO_YEAR, "figure"),
        Output(ids.PORTFOLIO_COST, "figure"),
        Output(ids.PORTFOLIO_OVERLAP, "figure"),
        Output(ids.PORTFOLIO_RISK, "figure"),
        Output(ids.PORTFOLIO_RISK_TABLE, "children"),
        Output(ids.PORTFOLIO_SANKEY, "figure"),
        Output(ids.PORTFOLIO_FOOTNOTE, "children"),
        Output(ids.PORTFOLIO_URL_QUERY, "data"),
        *[Output(data_id("portfolio", name), "children") for name in CHARTS],
        *[Output(summary_id("portfolio", name), "children") for name in CHARTS],
        Input(ids.PORTFOLIO_GEMEENTE, "value"),
        Input(ids.PORTFOLIO_FUNDERS, "value"),
        Input(ids.PORTFOLIO_YEAR_FROM, "value"),
        Input(ids.PORTFOLIO_YEAR_TO, "value"),
        Input(ids.PORTFOLIO_OUTCOME, "value"),
        State(ids.LANG_STORE, "data"),
    )
    @heavy  # builds figures: off the threads cheap callbacks need (dashboard/heavy.py)
    def portfolio(gemeente, funders, year_from, year_to, outcome, lang):
        if not repo.available():
            raise PreventUpdate
        out = charts.render(repo, state_from(gemeente, funders, year_from, year_to, outcome, lang))
        found = [out["charts"][name] for name in CHARTS]
        return (*[out[k] for k in OUTPUTS], *[c.table() for c in found], *[c.summary for c in found])

    app.clientside_callback(
        ClientsideFunction(namespace="wijkwaarde", function_name="writeUrl"),
        Output(ids.PORTFOLIO_URL_SYNC, "data"),
        Input(ids.PORTFOLIO_URL_QUERY, "data"),
    )

    def shared(search: str) -> str:
        return view.nav_filters(repo, Filters.from_search(search)).to_search()

    links = link_callbacks.register(app, "portfolio", ids.PORTFOLIO_URL_QUERY, shared)
    return {"portfolio": portfolio, "portfolio_links": links}
