"""What the CBS command tests share: the CLI on a home folder with a console wide enough for whole reject
tables, and the real Amstelveen boundaries (tests.real_data)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.real_data import real_data
from wijkwaarde.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def wide_console():
    """Imported by a test module, it applies to that module's tests: no table cut at 80 columns."""
    from wijkwaarde import cli

    for console in (cli.console, cli.errors):
        console.width = 300


def cli(home: Path, *args: str):
    return runner.invoke(app, ["--home", str(home), *map(str, args)])


def amstelveen() -> Path:
    return real_data("amstelveen-buurten", "amstelveen_buurten.geojson")
