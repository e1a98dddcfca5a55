"""Figure functions: DataFrame in, Figure out."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go

from dashboard import figures, map_geometry
from dashboard.app import create_app
from dashboard.filters import Filters
from dashboard.views import overview as view

F = Filters(gemeente="GM9999", year_from=2024, year_to=2024)


def test_empty_figure_says_so_without_axes():
    fig = figures.empty_figure()
    assert fig.layout.annotations[0].text == "Geen gegevens voor deze selectie"
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    assert len(fig.data) == 0


def test_choropleth_has_one_location_per_buurt_offline(repo, monkeypatch):
    drawn, key = view.render_map(repo, F)
    assert isinstance(drawn, dict) and key  # the callback's plain figure dict; go.Figure validates it
    fig = go.Figure(drawn)
    assert all(isinstance(trace, go.Choroplethmap) for trace in fig.data)
    assert fig.layout.map.style == "white-bg"  # no tiles, no network
    base, colour = fig.data
    assert sorted(base.locations) == sorted(repo.buurten("GM9999")["buurt_code"])
    # one gemeente's outlines are small: they travel inside the figure
    assert sorted(f["id"] for f in base.geojson["features"]) == sorted(base.locations)
    # large outlines (the national map) come from our own server by URL, fetched once, never a CDN
    monkeypatch.setattr(map_geometry, "INLINE_BYTES", 0)
    by_url = go.Figure(view.render_map(repo, F)[0])
    link = by_url.data[0].geojson
    assert link == by_url.data[1].geojson and link.startswith("/kaart/geometrie/wijkwaarde-")
    served = create_app(repo).server.test_client().get(link)
    assert served.status_code == 200 and served.headers["Content-Type"] == "application/geo+json"
    assert [f["id"] for f in served.get_json()["features"]] == [f["id"] for f in base.geojson["features"]]
    inline = go.Figure(
        view.render_map(repo, F, inline=True)[0]
    )  # for kaleido and slides: always in the figure
    assert isinstance(inline.data[0].geojson, dict)
    # Oost-Zuid has no residents: no colour, grey base with 'geen gegevens' in the hover.
    z = dict(zip(colour.locations, colour.z, strict=True))
    assert z["BU99990202"] is None
    assert (
        dict(zip(base.locations, [c[1] for c in base.customdata], strict=True))["BU99990202"]
        == "geen gegevens"
    )
    assert fig.layout.separators == ",."
    assert 10 < fig.layout.map.zoom < 16  # auto-zoomed on 2 x 2 km, not the world


def test_recolouring_the_same_gemeente_sends_a_patch_without_geometry(repo):
    _, key = view.render_map(repo, F)
    patch, same_key = view.render_map(repo, F.with_(metric="subsidie_per_inwoner"), key)
    assert same_key == key
    assert not isinstance(patch, (go.Figure, dict))
    assert "geojson" not in json.dumps(patch.to_plotly_json())


def test_hover_text_is_dutch(repo):
    fig = go.Figure(view.render_map(repo, F.with_(metric="subsidie_per_inwoner"))[0])
    hover = dict(zip(fig.data[1].locations, [c[1] for c in fig.data[1].customdata], strict=True))
    assert hover["BU99990102"] == "€ 2,50"


def test_trend_has_dutch_quarter_labels_and_a_target_line():
    df = pd.DataFrame(
        {"year": [2024, 2024], "quarter": [1, 3], "value": [1234.0, 12.5], "target": [20.0, 20.0]}
    )
    labels = {
        "no_data": "Geen gegevens voor deze selectie",
        "realised": "Gerealiseerd",
        "target": "Doel",
        "quarter": "K",
    }
    fig = go.Figure(figures.trend_figure(df, (2024, 2024), "Deelnemers", labels))
    assert list(fig.data[0].x) == ["2024-K1", "2024-K2", "2024-K3", "2024-K4"]
    assert fig.data[0].y[1] is None  # a quarter without data is a gap, not zero
    assert fig.data[0].customdata[0] == "1.234" and fig.data[0].customdata[2] == "12,5"
    assert fig.data[1].name == "Doel"
    assert fig.layout.separators == ",."
    empty = go.Figure(figures.trend_figure(df.iloc[0:0], (2024, 2024), "Deelnemers", labels))
    assert empty.layout.annotations[0].text == "Geen gegevens voor deze selectie"


def test_empty_selection_shows_message_and_dashes(repo):
    nothing = F.with_(themes=("cultuur",))
    fig, key = view.render_map(repo, nothing.with_(metric="deelnemers"))
    fig = go.Figure(fig)
    assert key is None and fig.layout.annotations[0].text == "Geen gegevens voor deze selectie"
    trend = go.Figure(view.render_trend(repo, nothing))
    assert trend.layout.annotations[0].text == "Geen gegevens voor deze selectie"
    cards = view.render_kpis(repo, nothing)
    values = [c.children.children.children[1].children for c in cards]
    # no initiative matches: 0 initiatives and € 0 granted (counts), no observations at all ('–')
    assert values == ["0", "–", "–", "€ 0"]


def test_the_geometry_url_only_serves_published_maps(repo):
    client = create_app(repo).server.test_client()
    version = repo.version().removesuffix(".duckdb")
    assert client.get(f"/kaart/geometrie/{version}/GM9999.geojson").status_code == 200
    for bad in (f"/kaart/geometrie/{version}/GM0363.geojson", f"/kaart/geometrie/{version}/BU99990101.geojson",
                "/kaart/geometrie/x/NL.geojson", "/kaart/geometrie/wijkwaarde-1/GM9999.geojson"):  # fmt: skip
        assert client.get(bad).status_code == 404, bad
    # a path that tries to climb out is not even this route (Dash answers with its page, no GeoJSON)
    climbing = client.get("/kaart/geometrie/..%2F..%2Fetc/GM9999.geojson")
    assert climbing.headers["Content-Type"] != "application/geo+json"


def test_map_outlines_stay_cached_per_gemeente_within_their_budget(regio_home, monkeypatch):
    """Every gemeente's outlines are converted once per version while they fit in CACHE_MB (users in many
    gemeenten: no fetch per map), and the least recently shown go when they do not."""
    from dashboard import map_geometry
    from dashboard.repository import DuckDBRepository

    repo = DuckDBRepository(regio_home)
    fetched: list[str | None] = []
    asked = repo.buurt_geometry

    def counting(gemeente):
        fetched.append(gemeente)
        return asked(gemeente)

    monkeypatch.setattr(repo, "buurt_geometry", counting)
    monkeypatch.setattr(map_geometry, "_cache", type(map_geometry._cache)())
    gemeenten = repo.gemeenten()["code"].tolist()
    assert len(gemeenten) >= 3
    for code in gemeenten * 3:
        map_geometry.load(repo, code)
    assert fetched == gemeenten  # each once
    # a budget with room for one gemeente's outlines: the last shown stays, the others come back from the data
    one = max(len(map_geometry.load(repo, code).text) for code in gemeenten)
    monkeypatch.setattr(map_geometry, "CACHE_MB", 2.5 * one / 2**20)
    monkeypatch.setattr(map_geometry, "_cache", type(map_geometry._cache)())
    fetched.clear()
    for code in gemeenten:
        map_geometry.load(repo, code)
    assert len(map_geometry._cache) == 1
    map_geometry.load(repo, gemeenten[-1])
    map_geometry.load(repo, gemeenten[0])
    assert fetched == [*gemeenten, gemeenten[0]]
