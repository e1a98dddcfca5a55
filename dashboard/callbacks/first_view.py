"""A page's first view comes with its layout: no callback round trip before its figures show (issue 17).

A page whose figures come from one callback (need, portfolio, survival, profile) declares that callback's
outputs and inputs once, as module constants of its callbacks module, with a pure `answer(repo, **inputs)`.
The callback is registered `prevent_initial_call=True` and answers the changes after the first view; the
page's build calls `first_view.fill`, which:
- reads the callback's inputs from the layout just built (each control's value, a store's data), exactly
  what the browser would send for the initial call;
- answers them through the app's output cache under the callback's own name (the same key as the
  callback's: fifty councillors opening one permalink cost one render);
- sets every output on its component in the layout, and the language switch and navigation links as the
  links callback would for the page's query (callbacks/url_sync.py).
A callback output with no component in the layout is a programming error: ValueError.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from dash._utils import stringify_id
from dash.dependencies import DashDependency, Output, State
from dash.development.base_component import Component
from flask import current_app, has_app_context

from dashboard import ids
from dashboard.callbacks import url_sync
from dashboard.callbacks.output_cache import EXTENSION
from dashboard.components.wire import DATA_PROPS
from dashboard.page import nav_pages
from dashboard.repository import Repository


def components(layout: Any) -> Iterator[Component]:
    """Every component in `layout`: children and any other property holding components (a card's header)."""
    stack = [layout]
    while stack:
        item = stack.pop()
        if isinstance(item, Component):
            yield item
            for prop in item._prop_names:  # noqa: SLF001 - Dash's list of the component's properties
                value = getattr(item, prop, None)
                if prop not in DATA_PROPS and isinstance(value, (Component, list, tuple)):
                    stack.append(value)
        elif isinstance(item, (list, tuple)):
            stack.extend(item)


def by_id(layout: Any) -> dict[str, Component]:
    """The components of `layout` with an id, by their id as Dash writes it (a dict id as sorted JSON)."""
    return {_key(c.id): c for c in components(layout) if getattr(c, "id", None) is not None}


def _key(component_id: Any) -> str:
    return stringify_id(component_id)


def _found(found: dict[str, Component], dependency: DashDependency) -> Component:
    component = found.get(_key(dependency.component_id))
    if component is None:
        raise ValueError(f"no component {dependency.component_id!r} in the page's layout")
    return component


def inputs(layout: Any, spec: Mapping[str, Any], outside: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The callback's keyword arguments as the browser would send them for the layout: `spec` is its
    `inputs=dict(...)` (an Input/State, or a dict of them); `outside` the values of inputs not in the page."""
    outside = outside or {}
    found = by_id(layout)

    def value(dependency: DashDependency) -> Any:
        return getattr(_found(found, dependency), dependency.component_property, None)

    out: dict[str, Any] = {}
    for name, dependency in spec.items():
        if isinstance(dependency, Mapping):
            out[name] = {key: value(d) for key, d in dependency.items()}
        else:
            out[name] = value(dependency)
    return out


def answer(repo: Repository, name: str, fn: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
    """fn(**kwargs) through the running app's output cache under the callback's `name` (no app: plainly)."""
    cache = current_app.extensions.get(EXTENSION) if has_app_context() else None
    if cache is None:
        return fn(**kwargs)
    return cache(repo, name)(fn)(**kwargs)


def put(layout: Any, outputs: Sequence[DashDependency], values: Sequence[Any]) -> Any:
    """Set each output's property on its component in `layout` (in place); returns `layout`."""
    if len(outputs) != len(values):
        raise ValueError(f"{len(outputs)} outputs, {len(values)} values")
    found = by_id(layout)
    for dependency, value in zip(outputs, values, strict=True):
        setattr(_found(found, dependency), dependency.component_property, value)
    return layout


def fill(
    repo: Repository,
    page: Any,
    key: str,
    callback: tuple[Sequence[DashDependency], Mapping[str, Any], Callable[..., Any]],
) -> Any:
    """The first view of the page `key`: `callback` = (outputs, inputs, answer(repo, **inputs)) of its callbacks
    module, answered for the inputs the whole page (`create_page`'s, with its language store) holds and put into
    it, in place; returns `page`. The page's query store is among the outputs: the language switch and the
    navigation then point at it as the links callback would (url_sync.py), which a first view does not call."""
    outputs, spec, fn = callback
    kwargs = inputs(page, spec)

    def respond(**given: Any) -> Any:
        return fn(repo, **given)

    put(page, outputs, answer(repo, key, respond, kwargs))
    found = by_id(page)
    search = _found(found, State(ids.url_query(key), "data")).data
    lang = _found(found, State(ids.LANG_STORE, "data")).data
    links = [Output(ids.LANG_LINK, "href"), *[Output(ids.nav(p.key), "href") for p in nav_pages()]]
    return put(page, links, url_sync.links_for(repo, key, search, lang))
