"""The gate around heavy callbacks (dashboard/heavy.py): a fixed number at work, one thread kept free."""

from __future__ import annotations

import threading

import pytest

from benchmarks.dash_http import component_id
from dashboard import heavy as heavy_module
from dashboard.app import create_app
from dashboard.heavy import Busy, Gate, gate_from_env


def test_gate_lets_slots_work_others_wait_and_refuses_beyond_the_threads():
    gate = Gate(slots=1, admitted=2)
    release, started = threading.Event(), threading.Event()
    done: list[str] = []

    @gate
    def work(name: str) -> str:
        started.set()
        release.wait(10)
        done.append(name)
        return name

    first = threading.Thread(target=work, args=("a",))
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=work, args=("b",))  # admitted, waits for the slot
    second.start()
    for _ in range(200):
        if gate._inside == 2:
            break
        threading.Event().wait(0.01)
    assert gate._inside == 2 and done == []
    with pytest.raises(Busy):  # a third would take the last thread: answered at once
        work("c")
    release.set()
    first.join(10)
    second.join(10)
    assert sorted(done) == ["a", "b"] and gate._inside == 0
    assert work("d") == "d"  # free again


def test_gate_settings():
    gate = gate_from_env({"WIJKWAARDE_THREADS": "8", "WIJKWAARDE_HEAVY_SLOTS": "3"})
    assert (gate.slots, gate.admitted) == (3, 7)
    gate = gate_from_env({"WIJKWAARDE_THREADS": "1", "WIJKWAARDE_HEAVY_SLOTS": "x"})
    assert (gate.slots, gate.admitted) == (1, 1)
    assert (gate_from_env({}).slots, gate_from_env({}).admitted) == (2, 7)  # 8 threads by default


def post(client, deps: list[dict], output: str, values: dict | None = None):
    """POST a callback as the renderer does: its exact outputs, every input and state given a value."""
    values = values or {}
    callback = next(c for c in deps if output in c["output"])
    parts = (
        callback["output"][2:-2].split("...") if callback["output"].startswith("..") else [callback["output"]]
    )
    body = {
        "output": callback["output"],
        "outputs": [
            {"id": component_id(p.rsplit(".", 1)[0]), "property": p.rsplit(".", 1)[1]} for p in parts
        ],
        "inputs": [{**i, "value": values.get(i["id"])} for i in callback["inputs"]],
        "state": [{**s, "value": values.get(s["id"])} for s in callback["state"]],
        "changedPropIds": [],
    }
    return client.post("/_dash-update-component", json=body)


def test_a_refused_heavy_callback_is_a_503_with_retry_after_and_cheap_ones_still_answer(
    demo_repo, monkeypatch
):
    client = create_app(demo_repo).server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    assert post(client, deps, "portfolio-summary.children").status_code == 200
    monkeypatch.setattr(heavy_module.heavy, "_inside", heavy_module.heavy.admitted)  # every place taken
    # the same question again is answered from the output cache: it needs no place
    assert post(client, deps, "portfolio-summary.children").status_code == 200
    busy = post(client, deps, "portfolio-summary.children", {"portfolio-year-from": 2022})  # a new question
    text = busy.get_data(as_text=True)
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "2"
    assert "druk" in text and "Traceback" not in text
    poll = post(client, deps, "pack-progress.children", {"pack-status-poll": 1})  # cheap: not gated
    assert poll.status_code in (200, 204), poll.get_data(as_text=True)[:200]
