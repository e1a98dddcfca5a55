"""A page's first view comes with its layout (issue 17): the same outputs its callback gives for the controls
the page starts with, and the callback answers only the changes after it."""

from __future__ import annotations

import json

import pytest
from dash import dcc, html
from plotly.utils import PlotlyJSONEncoder

from dashboard import ids
from dashboard.app import create_app
from dashboard.callbacks import first_view
from dashboard.callbacks import need as need_callbacks
from dashboard.callbacks import portfolio as portfolio_callbacks
from dashboard.callbacks import profile as profile_callbacks
from dashboard.callbacks import survival as survival_callbacks
from dashboard.page import nav_pages
from dashboard.pages import need, portfolio, profile, survival
from dashboard.repository import DuckDBRepository

# page -> (its callbacks module, the name create_app registers its figure callback under)
PAGES = {
    "need": (need, need_callbacks, "need_render"),
    "portfolio": (portfolio, portfolio_callbacks, "portfolio"),
    "survival": (survival, survival_callbacks, "survival"),
    "profile": (profile, profile_callbacks, "profile_render"),
}
QUERIES = [
    {},  # the default view
    {"gemeente": "GM9999", "lang": "en"},
    {"gemeente": "GM9999", "tot": "2023"},
]


def page_request(pathname: str, search: str) -> dict:
    """What Dash Pages' router callback is asked for a URL (tests/dashboard/test_app.py render_page)."""
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [],
    }


def as_json(value) -> str:
    return json.dumps(value, cls=PlotlyJSONEncoder, sort_keys=True)


def find(layout, wanted):
    """The component with id `wanted` (Dash's own walk over children), or None."""
    for component in layout._traverse() if hasattr(layout, "_traverse") else []:
        if getattr(component, "id", None) == wanted:
            return component
    return None


def page_layout(page, repo, query):
    return page.PAGE.build(repo, query)


@pytest.fixture(scope="module")
def app(demo_home):
    return create_app(DuckDBRepository(demo_home))


@pytest.mark.parametrize("key", sorted(PAGES))
@pytest.mark.parametrize("query", QUERIES, ids=["default", "gemeente-en", "gemeente-year"])
def test_the_first_view_is_the_callbacks_answer_for_the_controls_the_page_starts_with(
    app, demo_home, key, query
):
    page, module, name = PAGES[key]
    repo = DuckDBRepository(demo_home)
    layout = page_layout(page, repo, query)
    # what the browser would send for the controls and stores as the page sets them
    kwargs = {}
    for arg, dependency in module.INPUTS.items():
        if arg == "lang":
            kwargs[arg] = query.get("lang", "nl")
        elif arg == "map_key":  # the map the browser holds: none before the first view
            kwargs[arg] = None
        elif isinstance(dependency, dict):
            kwargs[arg] = {
                n: getattr(find(layout, d.component_id), d.component_property) for n, d in dependency.items()
            }
        else:
            kwargs[arg] = getattr(find(layout, dependency.component_id), dependency.component_property, None)
    callback = app.wijkwaarde_callbacks[name]
    answered = getattr(callback, "__wrapped__", callback)(**kwargs)
    assert len(answered) == len(module.OUTPUTS)
    for output, expected in zip(module.OUTPUTS, answered, strict=True):
        shown = getattr(find(layout, output.component_id), output.component_property)
        assert as_json(shown) == as_json(expected), f"{key}: {output}"
    # the language switch and the navigation as the links callback gives them for the page's query
    search = find(layout, ids.url_query(key)).data
    hrefs = [find(layout, ids.LANG_LINK).href, *[find(layout, ids.nav(p.key)).href for p in nav_pages()]]
    assert hrefs == list(app.wijkwaarde_callbacks["links_for"](key, search, kwargs["lang"]))
    figures = [o for o in module.OUTPUTS if o.component_property == "figure"]
    assert figures and all(find(layout, o.component_id).figure for o in figures)


@pytest.mark.parametrize("key", sorted(PAGES))
def test_the_figure_callback_waits_for_a_change(app, key):
    """The callback does not run when the page appears (its answer is in the layout already)."""
    _, module, _ = PAGES[key]
    first = module.OUTPUTS[0]
    deps = app.server.test_client().get("/_dash-dependencies").get_json()  # what the browser is told
    registered = [d for d in deps if f"{first.component_id}.{first.component_property}" in d["output"]]
    assert len(registered) == 1 and registered[0]["prevent_initial_call"] is True


def test_the_first_view_follows_the_url(demo_home):
    """Another question in the URL, another first view (not the default view whatever the URL)."""
    repo = DuckDBRepository(demo_home)

    def chart(query):
        return as_json(find(survival.PAGE.build(repo, query), ids.SURVIVAL_CHART).figure)

    assert chart({"groep": "thema"}) != chart({})
    stat = need.PAGE.build(repo, {"dekking": "deelnemers"})
    assert as_json(find(stat, ids.NEED_MAP).figure) != as_json(
        find(need.PAGE.build(repo, {}), ids.NEED_MAP).figure
    )


def test_a_permalink_opened_twice_is_rendered_once(demo_home, monkeypatch):
    """The first view answers through the callback's output cache: the second visit of a permalink is
    answered from it, with the same page."""
    monkeypatch.setenv("WIJKWAARDE_WORKER_HEADER", "1")
    client = create_app(DuckDBRepository(demo_home)).server.test_client()

    def visit() -> tuple[int, dict]:
        response = client.post("/_dash-update-component", json=page_request("/overleving", "?groep=status"))
        assert response.status_code == 200
        hits = int(response.headers["X-Wijkwaarde-Cache"].split()[0].removeprefix("hit="))
        return hits, response.get_json()["response"]["_pages_content"]["children"]

    first_hits, first = visit()
    again_hits, again = visit()
    assert again == first and again_hits > first_hits


def test_an_output_missing_from_the_layout_is_an_error():
    from dash import Output

    layout = html.Div([html.Div(id="a"), dcc.Loading(html.Span(id="b"), custom_spinner=html.Span(id="c"))])
    first_view.put(layout, [Output("a", "children"), Output("c", "title")], ["x", "y"])
    assert layout.children[0].children == "x" and layout.children[1].custom_spinner.title == "y"
    with pytest.raises(ValueError, match="no component 'missing'"):
        first_view.put(layout, [Output("missing", "children")], ["x"])
    with pytest.raises(ValueError, match="1 outputs, 2 values"):
        first_view.put(layout, [Output("a", "children")], ["x", "y"])
