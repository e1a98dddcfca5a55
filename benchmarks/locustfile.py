"""Locust users for `make loadtest`: each opens the overview, then changes the filters five times."""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, between, task
from locust.exception import StopUser

from benchmarks import dash_http
from benchmarks.run import CALLBACKS, values_of
from dashboard import ids

GEMEENTEN = json.loads(os.environ.get("LOADTEST_GEMEENTEN", '["GM9999"]'))
THEMES = json.loads(os.environ.get("LOADTEST_THEMES", "[]"))
YEARS = json.loads(os.environ.get("LOADTEST_YEARS", "[2020, 2025]"))
# Several serving hosts (`make loadtest-hosts`): each visit goes to one of them, as behind a load balancer.
HOSTS = json.loads(os.environ.get("LOADTEST_HOSTS_URLS", "[]"))


class Visitor(HttpUser):
    wait_time = between(0.5, 2.0)  # a person reading the page between changes

    def post(self, name: str, callback: dict, combo: dict) -> None:
        # As the browser does: the map's key (which outlines it shows) goes along as State, so a filter
        # change in the same gemeente gets a recolouring Patch rather than the whole figure.
        payload = dash_http.body(callback, values_of(combo) | {ids.OVERVIEW_MAP_KEY: self.map_key})
        with self.client.post(
            self.base + "/_dash-update-component", json=payload, name=f"callback {name}", catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif name == "map":
                self.map_key = response.json()["response"].get(ids.OVERVIEW_MAP_KEY, {}).get("data")

    def refresh(self, combo: dict) -> None:
        for name in CALLBACKS:
            self.post(name, self.callbacks[name], combo)

    @task
    def session(self) -> None:
        rng = random.Random()
        self.map_key = None  # a fresh page has drawn no map yet
        self.base = rng.choice(HOSTS) if len(HOSTS) > 1 else ""  # "": the --host of the run
        self.client.get(self.base + "/", name="page /")
        self.client.get(self.base + "/_dash-layout", name="page layout")
        deps = self.client.get(self.base + "/_dash-dependencies", name="page dependencies").json()
        self.callbacks = {name: dash_http.find(deps, *output) for name, output in CALLBACKS.items()}
        combo = {
            "gemeente": rng.choice(GEMEENTEN),
            "themes": [],
            "statuses": [],
            "year_from": YEARS[1],
            "year_to": YEARS[1],
        }
        self.refresh(combo)
        for _ in range(5):
            self.wait()
            change = rng.choice(["themes", "years", "gemeente", "statuses"])
            if change == "themes" and THEMES:
                combo["themes"] = rng.sample(THEMES, rng.randint(0, 2))
            elif change == "years":
                combo["year_from"] = rng.randint(YEARS[0], YEARS[1])
                combo["year_to"] = rng.randint(combo["year_from"], YEARS[1])
            elif change == "gemeente":  # now and then the overview of all gemeenten (None)
                combo["gemeente"] = rng.choice([*GEMEENTEN, None])
            else:
                combo["statuses"] = rng.sample(["startend", "groeiend", "gevestigd", "gestopt"], 1)
            self.refresh(combo)
        raise StopUser()


__all__ = ["Visitor"]
