"""Issue 15 §4: two funds through one Redis cache never see each other's answers.

gunicorn with two workers and a real redis-server, login through the real test provider (oidc-provider-mock);
fund FIN1 and fund FIN2 ask the same questions, alternately, until both workers have answered both. The
volunteers of FIN1's grantee per quarter (4..7, below k) are exact for FIN1 only; FIN2 and an anonymous
visitor get them hidden, whichever worker answers and whatever the other fund put in the cache before.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
import requests
from oidc_provider_mock import run_server_in_thread

from benchmarks import dash_http
from dashboard import ids
from dashboard.auth import grants
from tests.auth.conftest import login_env
from tests.conftest import build_warehouse
from tests.serving.conftest import start_gunicorn, stop


def logged_in(url: str, subject: str) -> requests.Session:
    """The authorisation code flow as a browser runs it, against the served app and the real provider."""
    browser = requests.Session()
    start = browser.get(url + "/login?next=/", allow_redirects=False, timeout=30)
    assert start.status_code == 302
    answer = requests.post(
        start.headers["Location"], data={"sub": subject}, allow_redirects=False, timeout=30
    )
    assert answer.status_code == 302
    back = browser.get(answer.headers["Location"], allow_redirects=False, timeout=30)
    assert back.status_code == 302 and browser.cookies.get("wijkwaarde_session")
    return browser


@pytest.fixture
def provider_url():
    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


def test_two_funds_through_one_redis_never_see_each_others_answers(tmp_path: Path, redis_url, provider_url):
    home = build_warehouse(tmp_path / "warehouse")
    grants.grant(
        [
            grants.validate("fonds-1", "fonds", funder="FIN1"),
            grants.validate("fonds-2", "fonds", funder="FIN2"),
        ],
        "cli:test",
        home,
    )
    env = login_env(provider_url) | {"WIJKWAARDE_CACHE_REDIS_URL": redis_url}
    process, url = start_gunicorn(home, workers=2, env=env)
    try:
        fund1, fund2 = logged_in(url, "fonds-1"), logged_in(url, "fonds-2")
        anonymous = requests.Session()
        trend = dash_http.find(dash_http.dependencies(anonymous, url), ids.OVERVIEW_TREND, "figure")
        question = dash_http.body(trend, {
            ids.FILTER_GEMEENTE: "GM9999", ids.FILTER_FUNDERS: ["FIN1"], ids.FILTER_YEAR_FROM: 2024,
            ids.FILTER_YEAR_TO: 2024, ids.OVERVIEW_TREND_INDICATOR: "vrijwilligers",
        })  # fmt: skip

        def ask(who: str) -> tuple[str, str, bytes]:
            browser = requests.Session()  # a new connection each time: either worker may answer
            browser.cookies.update({"fonds-1": fund1, "fonds-2": fund2, "publiek": anonymous}[who].cookies)
            status, content, _, headers = dash_http.post(browser, url, question)
            assert status == 200
            return who, headers["X-Wijkwaarde-Worker"], content

        answers: dict[str, set[bytes]] = {}
        workers: dict[str, set[str]] = {}
        with ThreadPoolExecutor(max_workers=4) as pool:
            for _ in range(25):
                for who, worker, content in pool.map(
                    ask, ["fonds-2", "fonds-1", "publiek", "fonds-1", "fonds-2"]
                ):
                    answers.setdefault(who, set()).add(content)
                    workers.setdefault(who, set()).add(worker)
                if all(len(w) == 2 for w in workers.values()) and len(workers) == 3:
                    break
        assert all(len(w) == 2 for w in workers.values()), workers  # both workers answered each of them
        assert {who: len(a) for who, a in answers.items()} == {"fonds-1": 1, "fonds-2": 1, "publiek": 1}
        (own,), (other,), (public,) = answers["fonds-1"], answers["fonds-2"], answers["publiek"]
        assert other == public != own  # FIN2 sees FIN1's portfolio as the public does
        exact = b'"y":[4.0,5.0,6.0,7.0]'  # the quarters' volunteers, as the figure carries them
        assert exact in own, "FIN1 sees its own volunteers exactly"
        assert exact not in other
        keys = [k.decode() for k in redis.Redis.from_url(redis_url).keys("wijkwaarde:*")]
        scopes = {k.split(":")[2] for k in keys}
        assert {"r=fonds;g=;f=FIN1", "r=fonds;g=;f=FIN2", "publiek"} <= scopes, scopes
    finally:
        stop(process)
