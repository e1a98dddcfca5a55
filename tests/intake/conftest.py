"""Uploads through the real app: a real OpenID Connect provider, the real routes, the worker as a process."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from dashboard.auth import grants
from dashboard.intake import uploads
from tests.auth.conftest import account, log_in, make_client
from tests.auth.conftest import home as home  # noqa: F401 (fixture)
from tests.auth.conftest import provider as provider  # noqa: F401 (fixture)

HEADER = "initiatiefcode;indicatorcode;buurtcode;periode_start;periode_eind;waarde;doel\n"


def observations_csv(value: str = "42", second: str = "17") -> bytes:
    """Two reports of the Buurtkeuken (INI1) for 2025 Q1; `second` may be made faulty."""
    return (
        HEADER
        + f"INI1;deelnemers;;01-01-2025;31-03-2025;{value};20\n"
        + f"INI1;vrijwilligers;;01-01-2025;31-03-2025;{second};\n"
    ).encode()


@pytest.fixture
def upload_home(home: Path) -> Path:
    """The auth fixtures' warehouse and grants, plus a fund user for FIN2 (the fixture's fund)."""
    grants.grant([grants.validate("fonds-2", "fonds", funder="FIN2")], "cli:test")
    return home


@pytest.fixture
def as_user(upload_home, provider, monkeypatch):
    """A logged-in client for a subject of tests/auth/conftest.USERS, with its CSRF token."""

    def login(subject: str):
        client = make_client(upload_home, provider, monkeypatch)
        log_in(client, subject, "/gegevens")
        return client, account(client).get("csrf", "")

    return login


def send(client, csrf: str, files: dict[str, bytes], token: bool = True):
    data = {"bestanden": [(io.BytesIO(content), name) for name, content in files.items()]}
    if token:
        data["csrf_token"] = csrf
    return client.post("/gegevens/upload/versturen", data=data, content_type="multipart/form-data")


def job_of(response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)
    location = response.headers["Location"]
    assert "/gegevens/upload?taak=" in location
    return location.rsplit("=", 1)[1]


def wait(where: Path, job: str, seconds: float = 90) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = uploads.read(where, job)
        if state and state.get("state") not in uploads.RUNNING:
            return state
        time.sleep(0.2)
    log = (uploads.job_dir(where, job) / "worker.log").read_text(errors="replace")
    raise AssertionError(f"upload {job} still running after {seconds} s; worker log:\n{log}")
