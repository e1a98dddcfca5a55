"""`wijkwaarde rollback VERSION` ("terugzetten", issue 16 §1): a kept version published again, atomically,
under the load lock, in the audit log; the next load builds on it."""

from __future__ import annotations

from typer.testing import CliRunner

from dashboard.auth import audit
from etl import warehouse as wh
from tests.conftest import build_warehouse
from wijkwaarde.cli import app

runner = CliRunner()


def test_rollback_publishes_a_kept_version_and_says_what_it_did(tmp_path, monkeypatch):
    monkeypatch.delenv("WIJKWAARDE_ACCESS_DB", raising=False)
    home = build_warehouse(tmp_path / "warehouse")
    build_warehouse(home, version=2, extra_initiative=True)
    assert wh.current_version(home).name == "wijkwaarde-000002.duckdb"

    done = runner.invoke(app, ["--home", str(home), "rollback", "1"])
    assert done.exit_code == 0, done.output
    assert "Teruggezet" in done.output and wh.current_version(home).name == "wijkwaarde-000001.duckdb"
    again = runner.invoke(app, ["--home", str(home), "rollback", "wijkwaarde-000001.duckdb"])
    assert again.exit_code == 0 and "Niets gewijzigd" in again.output

    missing = runner.invoke(app, ["--home", str(home), "rollback", "9"])
    assert missing.exit_code == 1 and "wijkwaarde-000002.duckdb" in missing.output  # says what is kept
    assert wh.current_version(home).name == "wijkwaarde-000001.duckdb"  # nothing changed
    assert runner.invoke(app, ["--home", str(home), "rollback", "../x"]).exit_code == 1

    broken = home / wh.VERSIONS_DIR / "wijkwaarde-000003.duckdb"
    broken.write_bytes(b"not a database")
    refused = runner.invoke(app, ["--home", str(home), "rollback", "3"])
    assert refused.exit_code == 1 and "geen bruikbaar warehouse" in refused.output
    assert wh.current_version(home).name == "wijkwaarde-000001.duckdb"

    logged = [e for e in audit.entries(home=home) if e[2] == "publish"]
    assert len(logged) == 1 and "teruggezet naar wijkwaarde-000001.duckdb" in logged[0][3]


def test_rollback_waits_for_a_running_load(tmp_path):
    home = build_warehouse(tmp_path / "warehouse")
    build_warehouse(home, version=2)
    with wh.lock(home):
        busy = runner.invoke(app, ["--home", str(home), "rollback", "1"])
    assert busy.exit_code == 3 and "er loopt al een load" in busy.output
    assert wh.current_version(home).name == "wijkwaarde-000002.duckdb"
