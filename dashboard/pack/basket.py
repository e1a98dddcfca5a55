"""The council pack page and presentation mode: pure functions over the basket (browser input: validated)."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from dashboard import ids
from dashboard.figures import empty_figure
from dashboard.i18n import t
from dashboard.pack.items import PackItem
from dashboard.pack.permalinks import UnknownView, items_for_url, pack_pages
from dashboard.repository import Repository

MAX_ITEMS = 40
LIST_SECONDS = 3.0  # the pack page's list builds entries' titles for this long at most (list_entries)


def entry_url(entry: Any) -> str | None:
    """One basket entry {url, item} as a permalink of one chart, or None if it is not a valid entry.

    Only a local path of an exportable page and a chart name that page allows pass; the query itself
    is validated again by the page's Filters when the items are built.
    """
    if not isinstance(entry, dict):
        return None
    url, item = entry.get("url"), entry.get("item")
    if not isinstance(url, str) or not isinstance(item, str) or len(url) > 2000:
        return None
    parts = urlsplit(url)
    page = pack_pages().get(parts.path)
    if parts.scheme or parts.netloc or page is None or item not in page.charts:
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "grafiek"] + [("grafiek", item)]
    return parts.path + "?" + urlencode(query, safe=",:")


def clean(basket: Any) -> list[dict]:
    """The valid entries of a basket, in order, without duplicates: of its first MAX_ITEMS entries only.

    The basket comes from the browser (localStorage, or a forged request): it is cut to MAX_ITEMS before a
    single entry is looked at, so a 100,000-entry basket costs what a full one does.
    """
    out: list[dict] = []
    seen: set[str] = set()
    for entry in basket[:MAX_ITEMS] if isinstance(basket, list) else []:
        url = entry_url(entry)
        if url is not None and url not in seen:
            seen.add(url)
            out.append({"url": entry["url"], "item": entry["item"]})
    return out


def move(basket: Any, index: Any, step: Any) -> list[dict]:
    """Move entry `index` one place up (step -1) or down (+1), or remove it (step 0)."""
    items = clean(basket)
    if not isinstance(index, int) or not 0 <= index < len(items) or step not in (-1, 0, 1):
        return items
    if step == 0:
        return items[:index] + items[index + 1 :]
    other = index + step
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    return items


def permalinks(basket: Any, base: str = "") -> list[str]:
    """The basket's permalinks, after `base` (permalinks.public_base(): the configured public address, or
    '' for relative links; never the request's Host header)."""
    return [base.rstrip("/") + entry_url(e) for e in clean(basket)]


def _items(repo: Repository, url: str) -> list[PackItem]:
    try:
        return items_for_url(repo, url)
    except UnknownView:
        return []


def list_entries(repo: Repository, basket: Any, seconds: float = LIST_SECONDS) -> list[tuple[str, str]]:
    """(title, footnote) per basket entry for the pack page's list, in basket order.

    Building an entry's title means building its page's figures (up to a second for a portfolio view), so
    entries are built while the request has spent less than `seconds`; the rest are listed by page and
    chart name ('/portefeuille · risico'), and get their titles in the pack itself.
    """
    deadline = time.monotonic() + seconds
    out = []
    for entry in clean(basket):
        url = entry_url(entry) or ""
        built = _items(repo, url) if time.monotonic() < deadline else []
        if built:
            out.append((built[0].title, built[0].footnote))
        else:
            out.append((f"{urlsplit(url).path} · {entry['item']}", ""))
    return out


def _move_button(label: str, index: int, step: int, title: str, disabled: bool = False) -> html.Button:
    return html.Button(
        label,
        id=ids.pack_move(index, step),
        n_clicks=0,
        type="button",
        disabled=disabled,
        className="btn btn-outline-secondary btn-sm",
        **{"aria-label": f"{label}: {title}"},
    )


def render_list(repo: Repository, basket: Any, lang: str) -> list:
    entries = list_entries(repo, basket)
    if not entries:
        return [html.P(t("pack_empty", lang), className="text-muted")]
    rows = []
    last = len(entries) - 1
    for i, (title, footnote) in enumerate(entries):
        rows.append(
            html.Li(
                [
                    html.Div(
                        [
                            html.Strong(title),
                            html.Br(),
                            html.Small(footnote, className="text-muted"),
                        ],
                        className="flex-grow-1",
                    ),
                    html.Div(
                        [
                            _move_button(t("pack_up", lang), i, -1, title, disabled=i == 0),
                            _move_button(t("pack_down", lang), i, 1, title, disabled=i == last),
                            _move_button(t("pack_remove", lang), i, 0, title),
                        ],
                        className="btn-group ms-3 align-self-start",
                        role="group",
                    ),
                ],
                className="list-group-item d-flex",
            )
        )
    return [
        html.P(t("pack_item_count", lang).format(n=len(entries)), className="small"),
        html.Ol(rows, className="list-group list-group-numbered"),
    ]


def progress_view(state: dict | None, lang: str) -> tuple[Any, bool]:
    """(what the progress area shows, whether polling should stop)."""
    if not state:
        return None, True
    if state.get("state") == "failed":
        return dbc.Alert(t("pack_failed", lang), color="danger", className="mb-0"), True
    if state.get("state") == "refused":
        key = "pack_busy_client" if state.get("reason") == "client" else "pack_busy"
        return dbc.Alert(t(key, lang), color="warning", className="mb-0", role="status"), True
    done, total = int(state.get("done", 0)), max(int(state.get("total", 1)), 1)
    if state.get("state") == "done":
        return html.P(
            t("pack_ready", lang).format(name=f"raadspakket.{state['format']}"), role="status"
        ), True
    percent = round(100 * done / total)
    bar = dbc.Progress(value=percent, label=f"{percent}%", className="mb-1", style={"height": "1.5rem"})
    text = t("pack_queued" if state.get("state") == "queued" else "pack_building", lang)
    return html.Div([html.P(text, role="status", className="mb-1"), bar]), False


def deck(
    repo: Repository, basket: Any, lang: str, start: int = 0, seconds: float = LIST_SECONDS
) -> dict[str, Any]:
    """Presentation mode: the slides of the basket from `start`, built once; the browser then steps
    through them without asking the server again (assets/pack.js `present`).

    Slides are built while the request has spent less than `seconds` (at least one), so no request holds
    a worker long; `next` is where the following request goes on (None: all built). {"slides": [{"title",
    "figure" (plain JSON), "footnote"}], "start", "next", "total", "empty": text, "position": "{i} van {n}"}.
    An entry whose view no longer exists becomes a slide that says so.
    """
    deadline = time.monotonic() + seconds
    urls = permalinks(basket)
    start = min(max(int(start), 0), len(urls)) if isinstance(start, int) else 0
    slides, position = [], start
    for url in urls[start:]:
        if slides and time.monotonic() > deadline:
            break
        position += 1
        built = _items(repo, url)
        if not built:
            slides.append({"title": t("no_data", lang), "figure": empty_figure(t("no_data", lang)).to_plotly_json(),
                           "footnote": ""})  # fmt: skip
            continue
        item = built[0]
        figure = go.Figure(item.figure if item.figure is not None else empty_figure(t("no_data", lang)))
        figure.update_layout(font={"size": 20}, height=620)
        slides.append(
            {"title": item.title, "figure": figure.to_plotly_json(), "footnote": item.slide_footnote}
        )
    return {
        "slides": slides,
        "start": start,
        "next": position if position < len(urls) else None,
        "total": len(urls),
        "empty": t("pack_empty", lang),
        "position": t("present_position", lang),
    }


def slides(deck_data: dict[str, Any]) -> list:
    """The deck as the page holds it: every slide drawn once, all but the shown one hidden (still laid out,
    so each graph has its size and a map its painted canvas); a step only changes which one shows."""
    items = deck_data.get("slides") or []
    first = deck_data.get("start", 0)
    if not items and not first:
        return [html.P(deck_data.get("empty", ""), className="present-empty")]
    out = []
    for i, slide in enumerate(items, start=first):
        out.append(
            html.Div(
                [
                    html.H2(slide["title"], className="present-title"),
                    html.Div(
                        dcc.Graph(
                            figure=slide["figure"], config={"displayModeBar": False, "responsive": True}
                        ),
                        className="present-graph",
                        role="img",
                        **{"aria-label": slide["title"]},
                    ),
                    html.P(slide["footnote"], className="present-footnote"),
                ],
                className="present-item" + (" is-shown" if i == 0 else ""),
                id={"type": ids.PRESENT_ITEM, "index": i},
            )
        )
    return out
