"""The language a request is answered in, so numbers and dates read English on English pages.

Every Dash request names its page's language: the callbacks carry the language store (ids.LANG_STORE),
the page router the URL's search (?lang=en). The formats of dashboard/formatting.py and Plotly's
separators (figures.layout) follow it for the rest of the request.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from flask import Flask, g, request

from dashboard import formatting as fmt
from dashboard import ids


def _items(values: Any):
    for value in values if isinstance(values, list) else []:
        if isinstance(value, list):  # pattern-matching inputs (ALL) come as lists
            yield from _items(value)
        elif isinstance(value, dict):
            yield value


def request_lang() -> str:
    """'en' when the request belongs to an English page, else 'nl'."""
    if request.path.endswith("/_dash-update-component"):
        body = request.get_json(silent=True)
        if isinstance(body, dict):
            for item in [*_items(body.get("inputs")), *_items(body.get("state"))]:
                value = item.get("value")
                if item.get("id") == ids.LANG_STORE and isinstance(value, str):
                    return "en" if value == "en" else "nl"
                if item.get("property") == "search" and isinstance(value, str):
                    if parse_qs(value.lstrip("?")).get("lang") == ["en"]:
                        return "en"
        return "nl"
    return "en" if request.args.get("lang") == "en" else "nl"


def install(server: Flask) -> None:
    """Answer every request in its page's language."""

    @server.before_request
    def _use_lang() -> None:
        context = fmt.using(request_lang())
        context.__enter__()
        g.wijkwaarde_lang = context

    @server.teardown_request
    def _end_lang(_exc: BaseException | None = None) -> None:
        context = g.pop("wijkwaarde_lang", None)
        if context is not None:
            context.__exit__(None, None, None)
