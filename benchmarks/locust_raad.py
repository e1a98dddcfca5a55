"""Locust users for `make loadtest-raad` ("raadsvergadering"): 50 councillors open the same permalink
within 10 s (the one the griffie sent round), then make the same two filter changes, one after the other."""

from __future__ import annotations

import json
import os

from locust import HttpUser, between, task
from locust.exception import StopUser

from benchmarks import dash_http
from benchmarks.run import CALLBACKS, values_of
from dashboard import ids

GEMEENTE = json.loads(os.environ.get("LOADTEST_GEMEENTEN", '["GM9999"]'))[0]
THEMES = json.loads(os.environ.get("LOADTEST_THEMES", "[]"))
YEARS = json.loads(os.environ.get("LOADTEST_YEARS", "[2020, 2025]"))


class Councillor(HttpUser):
    wait_time = between(1.0, 3.0)  # looking at the screen the chair points at

    def refresh(self, combo: dict) -> None:
        for name in CALLBACKS:
            payload = dash_http.body(
                self.callbacks[name], values_of(combo) | {ids.OVERVIEW_MAP_KEY: self.map_key}
            )
            with self.client.post(
                "/_dash-update-component", json=payload, name=f"callback {name}", catch_response=True
            ) as response:
                if response.status_code != 200:
                    response.failure(f"HTTP {response.status_code}")
                elif name == "map":
                    self.map_key = response.json()["response"].get(ids.OVERVIEW_MAP_KEY, {}).get("data")

    @task
    def meeting(self) -> None:
        self.map_key = None
        self.client.get("/", name="page /")
        self.client.get("/_dash-layout", name="page layout")
        deps = self.client.get("/_dash-dependencies", name="page dependencies").json()
        self.callbacks = {name: dash_http.find(deps, *output) for name, output in CALLBACKS.items()}
        combo = {
            "gemeente": GEMEENTE,
            "themes": [],
            "statuses": [],
            "year_from": YEARS[1],
            "year_to": YEARS[1],
        }
        self.refresh(combo)  # the permalink as sent round
        self.wait()
        self.refresh(combo | {"themes": THEMES[:1]})  # "and now only the first theme"
        self.wait()
        self.refresh(combo | {"themes": THEMES[:1], "year_from": YEARS[0]})  # "over the whole period"
        raise StopUser()


__all__ = ["Councillor"]
