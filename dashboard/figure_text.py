"""Names from the data show literally in charts: escape markup in the text fields of every figure sent out.

Plotly renders a subset of HTML (<a href>, <b>, <br>, ...) in text, hover text, axis labels, legend names
and Sankey labels, so an initiative named `<a href="javascript:...">` would become a link. The builders
keep plain names (exports, data tables and summaries read figures back); this module escapes a figure
where it leaves the server: every callback response and page layout (install(), one after_request hook)
and every image rendered for a pack (escape_figure()). Plotly shows `&lt;b>` as `<b>`.

Templates (hovertemplate, texttemplate), titles and annotations are our own text and keep their markup;
a builder that puts a name into one of them escapes that name itself with text().
"""

from __future__ import annotations

import re
from typing import Any

import orjson
from flask import Flask, Response, request

# Trace fields whose values are data, shown as text by Plotly
TRACE_FIELDS = ("x", "y", "text", "hovertext", "customdata", "labels", "name", "parents")
NESTED_FIELDS = {"node": ("label", "customdata"), "link": ("label", "customdata"), "header": ("values",),
                 "cells": ("values",)}  # fmt: skip
AXIS_FIELDS = ("ticktext", "categoryarray")
TAG_START = re.compile(r"<(?=\s*/?\s*[A-Za-z!])")  # as etl/validate.py finds markup in text
JSON_PATHS = ("/_dash-update-component", "/_dash-layout")


def text(value: Any) -> Any:
    """`value` with every tag-like `<` escaped when it is a string (Plotly then shows it literally).

    Plotly only reads `<name ...>` as markup, and decodes entities after finding the tags, so `&lt;` there
    shows as `<` and can never open a tag; a `<` before a space or digit ('< 10') is plain text already.
    """
    if isinstance(value, str) and "<" in value:
        return TAG_START.sub("&lt;", value)
    return value


def _has_special(value: list) -> bool:
    try:
        data = orjson.dumps(value)
    except TypeError:  # numpy values and the like: let the loop decide
        return True
    return b"<" in data


def _escaped(value: Any) -> tuple[Any, bool]:
    """(value with every string in it escaped, whether anything changed); lists and tuples nest."""
    if isinstance(value, str):
        new = text(value)
        return new, new is not value
    if isinstance(value, list | tuple):
        changed = False
        out = []
        for item in value:
            new, was = _escaped(item)
            changed |= was
            out.append(new)
        return (out if changed else value), changed
    return value, False


def _escape_fields(container: dict, fields: tuple[str, ...]) -> bool:
    changed = False
    for field in fields:
        if field in container:
            value = container[field]
            if isinstance(value, list) and len(value) > 100 and not _has_special(value):
                continue  # a national map's 13,000 names: one C-speed scan instead of a Python loop
            new, was = _escaped(value)
            if was:
                container[field] = new
                changed = True
    return changed


def escape_figure_dict(figure: dict) -> bool:
    """Escape the data text of a figure in its JSON form, in place; True when anything changed."""
    changed = False
    for trace in figure.get("data") or []:
        if not isinstance(trace, dict):
            continue
        changed |= _escape_fields(trace, TRACE_FIELDS)
        for part, fields in NESTED_FIELDS.items():
            if isinstance(trace.get(part), dict):
                changed |= _escape_fields(trace[part], fields)
    layout = figure.get("layout")
    if isinstance(layout, dict):
        for key, axis in layout.items():
            if (key.startswith("xaxis") or key.startswith("yaxis")) and isinstance(axis, dict):
                changed |= _escape_fields(axis, AXIS_FIELDS)
                if isinstance(axis.get("title"), dict):  # an axis titled by an indicator or statistic name
                    changed |= _escape_fields(axis["title"], ("text",))
    return changed


def escape_figure(fig):
    """A go.Figure (or figure dict) with its data text escaped, for rendering outside the browser (kaleido)."""
    if isinstance(fig, dict):
        escape_figure_dict(fig)
        return fig
    import plotly.graph_objects as go

    figure = fig.to_plotly_json()
    return go.Figure(figure) if escape_figure_dict(figure) else fig


def _escape_patch(operations: Any) -> bool:
    """A Dash Patch of a figure: escape values assigned to a data text field (e.g. ['data', 1, 'customdata'])."""
    changed = False
    for operation in operations if isinstance(operations, list) else []:
        location = operation.get("location") if isinstance(operation, dict) else None
        params = operation.get("params") if isinstance(operation, dict) else None
        if not isinstance(location, list) or not isinstance(params, dict) or "value" not in params:
            continue
        names = {part for part in location if isinstance(part, str)}
        if names & {*TRACE_FIELDS, *AXIS_FIELDS, "label", "values"}:
            new, was = _escaped(params["value"])
            if was:
                params["value"] = new
                changed = True
        elif location in (["data"], []) or (len(location) == 2 and location[0] == "data"):
            traces = params["value"] if isinstance(params["value"], list) else [params["value"]]
            changed |= escape_figure_dict({"data": [t for t in traces if isinstance(t, dict)]})
    return changed


def escape_response(value: Any) -> bool:
    """Escape every figure in a Dash response (figure props, graphs inside children, patches); True if changed."""
    changed = False
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(x for x in item if isinstance(x, dict | list))
        elif isinstance(item, dict):
            if isinstance(item.get("data"), list) and isinstance(item.get("layout"), dict):
                changed |= escape_figure_dict(item)
                continue
            if item.get("__dash_patch_update") == "__dash_patch_update":
                changed |= _escape_patch(item.get("operations"))
                continue
            stack.extend(x for x in item.values() if isinstance(x, dict | list))
    return changed


def install(server: Flask) -> None:
    """Escape the figures of every callback response (page layouts are one too: Dash Pages' router)."""

    @server.after_request
    def escape_figures(response: Response) -> Response:
        if request.path not in JSON_PATHS or response.status_code != 200 or response.is_streamed:
            return response
        if response.mimetype != "application/json":
            return response
        body = response.get_data()
        if not any(mark in body for mark in (b"\\u003c", b"\\u003e", b"&", b"<", b">")):
            return response
        parsed = orjson.loads(body)
        if escape_response(parsed):
            response.set_data(orjson.dumps(parsed))
        return response
