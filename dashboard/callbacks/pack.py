"""Council pack and presentation callbacks: wiring only; the work is in dashboard/pack/basket.py."""

from __future__ import annotations

from dash import ALL, ClientsideFunction, Input, Output, Patch, State, ctx, dcc
from dash.exceptions import PreventUpdate
from flask import request

from dashboard import ids
from dashboard.auth import session
from dashboard.filters import Filters
from dashboard.heavy import heavy
from dashboard.pack import basket as view
from dashboard.pack import jobs
from dashboard.pack.permalinks import public_base
from dashboard.repository import Repository

POLL = ids.PACK_STATUS + "-poll"


def _lang(value) -> str:
    return Filters.from_query({"lang": value}).lang


def clicked() -> bool:
    """Whether a real click fired this callback (buttons of a page that just opened fire with 0 clicks)."""
    return any(bool(t.get("value")) for t in ctx.triggered)


def register(app, repo: Repository) -> dict:
    # Any page's "+ Raadspakket" button appends the current view to the basket (in localStorage).
    app.clientside_callback(
        ClientsideFunction(namespace="wijkwaarde_pack", function_name="add"),
        Output(ids.PACK_BASKET, "data"),
        Input(ids.pack_add(ALL), "n_clicks"),
        State(ids.PACK_BASKET, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="wijkwaarde_pack", function_name="copyLink"),
        Output(ids.PACK_ADDED, "data"),
        Input(ids.PACK_COPY, "n_clicks"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="wijkwaarde_pack", function_name="fullscreen"),
        Output(ids.PRESENT_FULLSCREEN + "-done", "data"),
        Input(ids.PRESENT_FULLSCREEN, "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.PACK_LIST, "children"),
        Input(ids.PACK_BASKET, "data"),
        Input(ids.LANG_STORE, "data"),  # an input on the page itself: fires when the page opens
    )
    @heavy  # builds figures: off the threads cheap callbacks need (dashboard/heavy.py)
    def pack_list(basket, lang):
        return view.render_list(repo, basket, _lang(lang))

    @app.callback(
        Output(ids.PACK_BASKET, "data", allow_duplicate=True),
        Input(ids.pack_move(ALL, ALL), "n_clicks"),
        Input(ids.PACK_CLEAR, "n_clicks"),
        State(ids.PACK_BASKET, "data"),
        prevent_initial_call=True,
    )
    def pack_move(clicks, clear, basket):
        trigger = ctx.triggered_id
        if trigger == ids.PACK_CLEAR:  # new buttons on a page that opens also "trigger", with 0 clicks
            if not clear:
                raise PreventUpdate
            return []
        if not isinstance(trigger, dict) or not any(clicks or []):
            raise PreventUpdate
        return view.move(basket, trigger.get("index"), trigger.get("step"))

    @app.callback(
        Output(ids.PACK_STATUS, "data"),
        Output(POLL, "disabled"),
        Input(ids.PACK_DOWNLOAD_PPTX, "n_clicks"),
        Input(ids.PACK_DOWNLOAD_PDF, "n_clicks"),
        State(ids.PACK_BASKET, "data"),
        State(ids.LANG_STORE, "data"),
        prevent_initial_call=True,
    )
    def pack_start(pptx, pdf, basket, lang):
        urls = view.permalinks(basket, public_base())  # never the Host header: the client chooses it
        if not urls or not clicked():
            raise PreventUpdate
        fmt = "pdf" if ctx.triggered_id == ids.PACK_DOWNLOAD_PDF else "pptx"
        try:
            job = jobs.start(repo, urls, fmt, _lang(lang), jobs.client_key(request.remote_addr))
            session.audit_export(f"raadspakket.{fmt} ({len(urls)} dia's)")  # non-public packs only
            return {"job": job}, False
        except jobs.Busy as busy:
            return {"refused": busy.reason}, False

    @app.callback(
        Output(ids.PACK_PROGRESS, "children"),
        Output(POLL, "disabled", allow_duplicate=True),
        Output(ids.PACK_DOWNLOAD, "data"),
        Input(POLL, "n_intervals"),
        State(ids.PACK_STATUS, "data"),
        State(ids.LANG_STORE, "data"),
        prevent_initial_call=True,
    )
    def pack_poll(_, started, lang):
        started = started if isinstance(started, dict) else {}
        job = started.get("job")
        state = (
            {"state": "refused", "reason": started["refused"]} if "refused" in started else jobs.status(job)
        )
        shown, stop = view.progress_view(state, _lang(lang))
        path = jobs.result(job) if stop else None
        download = dcc.send_file(str(path), filename=f"raadspakket{path.suffix}") if path else None
        return shown, stop, download

    @app.callback(
        Output(ids.PRESENT_SLIDE, "children"),
        Output(ids.PRESENT_DECK, "data"),
        Input(ids.PACK_BASKET, "data"),
        Input(ids.LANG_STORE, "data"),  # an input on the page itself: fires when the page opens
        Input(ids.PRESENT_DECK, "data"),  # its own output: the next part of the deck, until all is built
    )
    @heavy  # builds figures: off the threads cheap callbacks need (dashboard/heavy.py)
    def present(basket, lang, built):
        """Every slide once, when presentation mode opens (or the basket changes), a few seconds of work
        per request: each answer asks for the next part until the deck is complete."""
        more = ctx.triggered_id == ids.PRESENT_DECK
        if more and not (isinstance(built, dict) and isinstance(built.get("next"), int)):
            raise PreventUpdate
        deck = view.deck(repo, basket, _lang(lang), start=built["next"] if more else 0)
        state = {"n": deck["start"] + len(deck["slides"]), "total": deck["total"], "next": deck["next"],
                 "position": deck["position"]}  # fmt: skip
        if not more:
            return view.slides(deck), state
        children = Patch()
        children.extend(view.slides(deck))
        return children, state

    # A step shows another of the drawn slides, in the browser: no request, so no press waits or gets lost.
    app.clientside_callback(
        ClientsideFunction(namespace="wijkwaarde_pack", function_name="present"),
        Output(ids.PRESENT_INDEX + "-text", "children"),
        Output(ids.PRESENT_INDEX, "data"),
        Output(ids.PRESENT_PREV, "disabled"),
        Output(ids.PRESENT_NEXT, "disabled"),
        Output({"type": ids.PRESENT_ITEM, "index": ALL}, "className"),
        Input(ids.PRESENT_PREV, "n_clicks"),
        Input(ids.PRESENT_NEXT, "n_clicks"),
        Input(ids.PRESENT_DECK, "data"),
        State(ids.PRESENT_INDEX, "data"),
    )

    return {"pack_list": pack_list, "pack_move": pack_move, "pack_start": pack_start,
            "pack_poll": pack_poll, "present": present}  # fmt: skip
