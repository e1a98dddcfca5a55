"""Portfolio page callbacks: wiring only. Control values pass the same validation as the URL."""

from __future__ import annotations

from dash import Output, State
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.callbacks import output_cache
from dashboard.callbacks.controls import by_name, control_inputs
from dashboard.charts import portfolio as charts
from dashboard.components.chart_block import data_id, summary_id
from dashboard.components.wire import wire
from dashboard.filters import Filters
from dashboard.heavy import heavy
from dashboard.repository import Repository
from dashboard.views import portfolio as view

OUTPUTS = ("summary", "theme", "wijk", "year", "cost", "overlap", "risk", "risk_table", "sankey", "footnote",
           "search")  # fmt: skip
FIGURES = frozenset({"theme", "wijk", "year", "cost", "overlap", "risk", "sankey"})
CHARTS = tuple(charts.CHARTS)  # each chart's data table and summary follow the outputs above


# URL key -> component id of its control
CONTROLS = {"gemeente": ids.PORTFOLIO_GEMEENTE, "financier": ids.PORTFOLIO_FUNDERS, "van": ids.PORTFOLIO_YEAR_FROM,
            "tot": ids.PORTFOLIO_YEAR_TO, "uitkomst": ids.PORTFOLIO_OUTCOME}  # fmt: skip


def shared(repo: Repository, search: str) -> str:
    """What other pages get of the portfolio's query (Page.shared): known funders only, none when they are
    just the default comparison."""
    return view.nav_filters(repo, Filters.from_search(search)).to_search()


def state_from(controls, lang) -> view.PortfolioState:
    """Control values by URL key (untrusted: they come from the browser) through the URL's validation."""
    return view.PortfolioState.from_query(by_name(controls, CONTROLS) | {"lang": lang})


def register(app, repo: Repository) -> dict:
    """Wire the portfolio callbacks; returns them by name so tests can call them as functions."""
    cached = output_cache.for_app(app)

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
        Output(ids.url_query("portfolio"), "data"),
        *[Output(data_id("portfolio", name), "children") for name in CHARTS],
        *[Output(summary_id("portfolio", name), "children") for name in CHARTS],
        inputs=dict(controls=control_inputs(CONTROLS), lang=State(ids.LANG_STORE, "data")),
    )
    @cached(repo, "portfolio")  # the same question from the same scope: answered once
    @heavy  # builds figures: off the threads cheap callbacks need (dashboard/heavy.py)
    def portfolio(controls, lang):
        if not repo.available():
            raise PreventUpdate
        out = charts.render(repo, state_from(controls, lang))
        found = [out["charts"][name] for name in CHARTS]
        # Components as plain JSON (the figures are dicts already): Dash's encoder takes the fast path.
        first = [out[k] if k in FIGURES else wire(out[k]) for k in OUTPUTS]
        return (*first, *[wire(c.table()) for c in found], *[wire(c.summary) for c in found])

    return {"portfolio": portfolio}
