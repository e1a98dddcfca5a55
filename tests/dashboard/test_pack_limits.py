"""Bounded work per request for the council pack and the list-valued inputs (issue 12, sections 7 and 8).

Lists from the browser are cut to their caps before any entry is looked at; pack builds wait in a bounded
queue with a fixed number of workers, one pack in flight per client, within a disk quota; pack files live in
a private folder under the warehouse; permalinks in a pack use the configured public address, never the
Host header a client sends.
"""

from __future__ import annotations

import json
import os
import stat
import threading
import time

import pytest
from pptx import Presentation

from dashboard.app import create_app
from dashboard.filters import MAX_LIST, Filters
from dashboard.pack import basket as pack_view
from dashboard.pack import jobs
from dashboard.pack.permalinks import public_base
from dashboard.views import need as need_view

TREND = "/?gemeente=GM9999&van=2024&tot=2025&indicator=deelnemers"


class Untouchable(dict):
    """A basket entry past the cap: any look at it fails the test."""

    def get(self, *args, **kwargs):
        raise AssertionError("an entry past the cap was looked at")


class UntouchableText(str):
    def strip(self, *args):
        raise AssertionError("an item past the cap was looked at")


# -- lists are cut before any work --------------------------------------------------------------------------


def test_a_100000_entry_basket_is_cut_before_any_entry_is_looked_at():
    good = [{"url": TREND, "item": "trend"}, {"url": TREND, "item": "kaart"}]
    filler = [
        {"url": f"/?gemeente=GM9999&van={2000 + i}", "item": "trend"} for i in range(pack_view.MAX_ITEMS)
    ]
    basket = good + filler + [Untouchable() for _ in range(100_000)]
    cleaned = pack_view.clean(basket)
    assert len(cleaned) == pack_view.MAX_ITEMS and cleaned[:2] == good
    assert len(pack_view.permalinks(basket)) == pack_view.MAX_ITEMS


def test_multi_selects_are_cut_before_any_value_is_looked_at():
    themes = ["voedsel", "groen"] * (MAX_LIST // 2) + [UntouchableText("x")] * 100_000
    filters = Filters.from_query(
        {"thema": themes, "financier": ["FIN1"] * MAX_LIST + [UntouchableText("y")] * 10}
    )
    assert filters.themes == ("voedsel", "groen") and filters.funders == ("FIN1",)
    text = ",".join(["groen"] * 100_000)  # a comma-separated URL value: split no further than the cap
    assert Filters.from_query({"thema": text}).themes == ("groen",)
    stats = list(need_view.NEED_STATS) + [UntouchableText("z")] * 100_000
    assert need_view.NeedState.from_query({need_view.URL_HIGHER: stats}).higher == need_view.NEED_STATS


def test_presentation_builds_every_slide_once_when_it_opens(demo_repo, monkeypatch):
    """The deck is built in one request; stepping through it is done in the browser (assets/pack.js)."""
    built = []
    real = pack_view.items_for_url
    monkeypatch.setattr(pack_view, "items_for_url", lambda repo, url: built.append(url) or real(repo, url))
    basket = [{"url": f"/?gemeente=GM9999&van={y}&tot={y}", "item": "trend"} for y in range(2020, 2026)]
    basket.append({"url": "/onbekend?x=1", "item": "kaart"})  # not a page: dropped with the basket's checks
    deck = pack_view.deck(demo_repo, basket, "nl", seconds=600)
    assert deck["next"] is None and deck["total"] == 6
    assert len(built) == 6 and [u.split("van=")[1][:4] for u in built[:6]] == [
        str(y) for y in range(2020, 2026)
    ]
    slides = deck["slides"]
    assert len(slides) == 6 and all(s["title"] == "Ontwikkeling per kwartaal" for s in slides)
    assert all(s["figure"]["layout"]["height"] == 620 for s in slides)
    assert all("aantallen personen onder 10" in s["footnote"] for s in slides)  # the protection note
    assert deck["position"] == "{i} van {n}" and pack_view.deck(demo_repo, [], "nl")["slides"] == []


def test_a_long_deck_is_built_a_few_seconds_per_request(demo_repo):
    """No request builds the whole of a 40-slide deck: each goes on where the last stopped."""
    basket = [{"url": f"/?gemeente=GM9999&van={y}&tot={y}", "item": "trend"} for y in range(2020, 2026)]
    titles, start, requests = [], 0, 0
    while start is not None:
        part = pack_view.deck(demo_repo, basket, "nl", start=start, seconds=0)  # one slide per request
        assert part["start"] == start and len(part["slides"]) == 1
        titles += [s["title"] for s in part["slides"]]
        start, requests = part["next"], requests + 1
    assert requests == 6 and len(titles) == 6
    items = pack_view.slides(pack_view.deck(demo_repo, basket, "nl", start=4, seconds=0))
    assert [i.id["index"] for i in items] == [4]  # appended slides keep their place in the deck


# -- the pack folder and job files --------------------------------------------------------------------------


def test_pack_folder_is_private_under_the_warehouse(tmp_path, monkeypatch):
    monkeypatch.delenv("WIJKWAARDE_PACK_DIR", raising=False)
    monkeypatch.setenv("WIJKWAARDE_HOME", str(tmp_path / "warehouse"))
    path = jobs.folder()
    assert path == tmp_path / "warehouse" / "packs"
    assert stat.S_IMODE(path.stat().st_mode) == 0o700
    path.chmod(0o755)  # made by someone else's umask: closed again
    assert stat.S_IMODE(jobs.folder().stat().st_mode) == 0o700
    elsewhere = tmp_path / "shared"
    elsewhere.mkdir()
    monkeypatch.setenv("WIJKWAARDE_PACK_DIR", str(tmp_path / "link"))
    (tmp_path / "link").symlink_to(elsewhere)
    with pytest.raises(RuntimeError, match="geen gewone map"):
        jobs.folder()


def test_a_job_file_with_another_format_is_not_believed(tmp_path, monkeypatch):
    monkeypatch.setenv("WIJKWAARDE_PACK_DIR", str(tmp_path))
    job = "a" * 32
    (tmp_path / "secret.txt").write_text("geheim")
    for fmt in ("txt", "../secret.txt", "pptx/../../x", None):
        (tmp_path / f"{job}.json").write_text(json.dumps({"state": "done", "format": fmt}))
        assert jobs.status(job) is None and jobs.result(job) is None
    (tmp_path / f"{job}.json").write_text(json.dumps({"state": "done", "format": "pptx", "owner": "all"}))
    (tmp_path / f"{job}.pptx").write_bytes(b"pk")
    assert jobs.result(job) == tmp_path / f"{job}.pptx"


def test_a_pack_is_only_its_askers(tmp_path, monkeypatch):
    """A pack built for a fund's scope (exact figures) is found by that scope only: another fund, the
    public or a job file without an owner get nothing, even with the job's id."""
    from dashboard.auth import session
    from dashboard.auth.grants import PUBLIC, Scope

    monkeypatch.setenv("WIJKWAARDE_PACK_DIR", str(tmp_path))
    job = "b" * 32
    fund1 = Scope(frozenset({"fonds"}), funders=frozenset({"F1"}))
    fund2 = Scope(frozenset({"fonds"}), funders=frozenset({"F2"}))
    (tmp_path / f"{job}.pptx").write_bytes(b"pk")
    (tmp_path / f"{job}.json").write_text(
        json.dumps({"state": "done", "format": "pptx", "owner": fund1.cache_key})
    )
    with session.acting_as(fund1):
        assert jobs.result(job) == tmp_path / f"{job}.pptx"
    for other in (fund2, PUBLIC):
        with session.acting_as(other):
            assert jobs.status(job) is None and jobs.result(job) is None
    assert jobs.result(job) is None  # no login in this app: not the fund's either
    (tmp_path / f"{job}.json").write_text(json.dumps({"state": "done", "format": "pptx"}))
    with session.acting_as(fund1):
        assert jobs.result(job) is None


# -- the queue, the per-client limit and the quota ----------------------------------------------------------


@pytest.fixture
def held_builds(tmp_path, monkeypatch):
    """Pack builds that wait until the test lets them go (the queue is what is tested, not the build)."""
    monkeypatch.setenv("WIJKWAARDE_PACK_DIR", str(tmp_path))
    gate = threading.Event()
    size = {"bytes": 1000}

    def build(repo, urls, fmt, lang="nl", progress=None):
        gate.wait(30)
        return [b"x" * size["bytes"]]

    monkeypatch.setattr(jobs, "build", build)
    yield gate, size
    gate.set()


def wait_for(job: str, states=("done", "failed")) -> dict:
    deadline = time.monotonic() + 30
    while (state := jobs.status(job)) and state["state"] not in states and time.monotonic() < deadline:
        time.sleep(0.05)
    return state


def test_queue_has_fixed_workers_a_bound_and_a_limit_per_client(held_builds, monkeypatch):
    gate, _ = held_builds
    monkeypatch.setenv("WIJKWAARDE_PACK_WORKERS", "1")
    monkeypatch.setenv("WIJKWAARDE_PACK_QUEUE", "1")
    monkeypatch.setenv("WIJKWAARDE_PACK_PER_CLIENT", "1")
    a, b, c = (jobs.client_key(ip) for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.3"))
    first = jobs.start(None, [TREND], "pptx", "nl", a)
    assert wait_for(first, ("running",))["state"] == "running"  # the one worker took it
    with pytest.raises(jobs.Busy) as again:
        jobs.start(None, [TREND], "pptx", "nl", a)  # the same client, its first pack still in flight
    assert again.value.reason == "client"
    second = jobs.start(None, [TREND], "pptx", "nl", b)
    assert jobs.status(second)["state"] == "queued"
    with pytest.raises(jobs.Busy) as full:
        jobs.start(None, [TREND], "pptx", "nl", c)  # one waiting already: the queue is full
    assert full.value.reason == "queue"
    names = [t.name for t in threading.enumerate()]
    assert "pack-worker-0" in names and not [n for n in names if n.startswith("pack-") and "worker" not in n]
    gate.set()
    assert wait_for(first)["state"] == "done" and wait_for(second)["state"] == "done"
    third = jobs.start(None, [TREND], "pptx", "nl", a)  # done: the client may start another
    assert wait_for(third)["state"] == "done"
    assert "10.0.0.1" not in "".join(p.read_text() for p in jobs.folder().glob("*.json"))  # no IP on disk


def test_disk_quota_removes_the_oldest_packs_and_refuses_a_pack_too_big(held_builds, monkeypatch, tmp_path):
    gate, size = held_builds
    gate.set()
    monkeypatch.setenv("WIJKWAARDE_PACK_QUOTA_MB", "1")
    monkeypatch.setenv("WIJKWAARDE_PACK_PER_CLIENT", "5")
    old = []
    for i in range(3):
        path = tmp_path / f"{i:032x}.pptx"
        path.write_bytes(b"o" * 400_000)
        stamp = time.time() - 100 + i
        os.utime(path, (stamp, stamp))
        old.append(path)
    size["bytes"] = 500_000
    job = jobs.start(None, [TREND], "pptx", "nl", "k")
    assert wait_for(job)["state"] == "done"
    packs = list(tmp_path.glob("*.pptx"))
    assert sum(p.stat().st_size for p in packs) <= 2**20
    assert not old[0].exists() and old[2].exists()  # the oldest went first
    size["bytes"] = 2 * 2**20  # bigger than the whole quota: failed, nothing written
    job = jobs.start(None, [TREND], "pptx", "nl", "k")
    assert wait_for(job)["state"] == "failed" and not (tmp_path / f"{job}.pptx").exists()


# -- the public address of permalinks -----------------------------------------------------------------------


def test_public_base_url_is_a_setting_never_the_host_header():
    assert (
        public_base({"WIJKWAARDE_PUBLIC_URL": "https://wijkwaarde.example.nl/"})
        == "https://wijkwaarde.example.nl"
    )
    assert public_base({"WIJKWAARDE_PUBLIC_URL": "https://raad.example/wijkwaarde"}).endswith("/wijkwaarde")
    for bad in ("", "javascript:alert(1)", "https://user:pw@evil.example", "https://a.example/?q=1",
                "https://a.example/#x", "ftp://a.example", "https://a example"):  # fmt: skip
        assert public_base({"WIJKWAARDE_PUBLIC_URL": bad}) == "", bad


def start_pack_over_http(repo, host: str) -> dict:
    """POST the pack download click as the browser does, with a Host header the client chose."""
    client = create_app(repo).server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    callback = next(c for c in deps if "pack-status.data" in c["output"])
    values = {"pack-download-pptx": 1, "pack-download-pdf": 0, "pack-basket": [{"url": TREND, "item": "trend"}],
              "lang-store": "nl"}  # fmt: skip
    body = {
        "output": callback["output"],
        "outputs": [
            {"id": "pack-status", "property": "data"},
            {"id": "pack-status-poll", "property": "disabled"},
        ],
        "inputs": [{**i, "value": values.get(i["id"])} for i in callback["inputs"]],
        "state": [{**s, "value": values.get(s["id"])} for s in callback["state"]],
        "changedPropIds": ["pack-download-pptx.n_clicks"],
    }
    response = client.post("/_dash-update-component", json=body, headers={"Host": host})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"]["pack-status"]["data"]


def slide_links(path) -> list[str]:
    deck = Presentation(str(path))
    return [r.hyperlink.address for slide in deck.slides for s in slide.shapes if s.has_text_frame
            for p in s.text_frame.paragraphs for r in p.runs if r.hyperlink.address]  # fmt: skip


@pytest.mark.parametrize("public", [None, "https://wijkwaarde.example.nl"])
def test_pack_permalinks_use_the_public_url_not_the_host_header(demo_repo, tmp_path, monkeypatch, public):
    monkeypatch.setenv("WIJKWAARDE_PACK_DIR", str(tmp_path))
    monkeypatch.setenv("WIJKWAARDE_PACK_PER_CLIENT", "5")
    if public:
        monkeypatch.setenv("WIJKWAARDE_PUBLIC_URL", public)
    else:
        monkeypatch.delenv("WIJKWAARDE_PUBLIC_URL", raising=False)
    started = start_pack_over_http(demo_repo, "evil.example")
    assert wait_for(started["job"])["state"] == "done"
    links = slide_links(jobs.result(started["job"]))
    assert links and not any("evil.example" in link for link in links)
    assert all(link.startswith((public or "") + "/?gemeente=GM9999") for link in links), links


def test_pack_list_builds_titles_within_its_budget_and_lists_every_entry(demo_repo):
    basket = [{"url": TREND, "item": "trend"}, {"url": "/portefeuille?gemeente=GM9999", "item": "risico"}]
    built = pack_view.list_entries(demo_repo, basket, seconds=60)
    assert built[0][0] == "Ontwikkeling per kwartaal" and "Bron: " in built[0][1]
    assert built[1][0] == "Afhankelijkheid en risico"
    # budget spent: every entry still listed (so its buttons keep their places), by page and chart name
    assert pack_view.list_entries(demo_repo, basket, seconds=0) == [
        ("/ · trend", ""),
        ("/portefeuille · risico", ""),
    ]
