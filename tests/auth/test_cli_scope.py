"""`wijkwaarde export` acts as the public unless the operator names a principal (issue 15 §3); loads,
publishes and exports of non-public figures are in the audit log."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from dashboard.auth import audit, grants
from wijkwaarde.cli import app

# FIN2's grantees' volunteers per quarter of 2024 in the fixture data: 4, 7, 8, 9 (all below k = 10)
TREND = "http://127.0.0.1:8050/?gemeente=GM9999&financier=FIN2&van=2024&tot=2024&indicator=vrijwilligers&grafiek=trend"


def quarters(csv: str) -> list[str]:
    return [line.split(";")[1] for line in csv.splitlines() if line.startswith("2024-K")]


def export(home: Path, out: Path, *extra: str):
    return CliRunner().invoke(
        app, ["--home", str(home), "export", TREND, "--format", "csv", "-o", str(out), *extra]
    )


def test_export_is_public_even_in_internal_mode_unless_a_principal_is_named(
    warehouse_home, tmp_path, monkeypatch
):
    monkeypatch.delenv("WIJKWAARDE_ACCESS_DB", raising=False)
    monkeypatch.setenv("WIJKWAARDE_MODE", "internal")  # the operator's shell: still the public view
    done = export(warehouse_home, tmp_path / "publiek.csv")
    assert done.exit_code == 0, done.output
    public = (tmp_path / "publiek.csv").read_text(encoding="utf-8-sig")
    assert quarters(public) == ["< 10"] * 4 and "niet publiceren" not in public

    refused = export(warehouse_home, tmp_path / "x.csv", "--als", "onbekend@example.org")
    assert refused.exit_code == 2 and "geen toegang" in refused.output and not (tmp_path / "x.csv").exists()

    grants.grant([grants.validate("officer@fonds.nl", "fonds", funder="FIN2")], "cli:test", warehouse_home)
    done = export(warehouse_home, tmp_path / "fonds.csv", "--als", "officer@fonds.nl")
    assert done.exit_code == 0, done.output
    exact = (tmp_path / "fonds.csv").read_text(encoding="utf-8-sig")
    assert quarters(exact) == ["4", "7", "8", "9"] and "niet publiceren" in exact  # exact, and it says so

    other = export(warehouse_home, tmp_path / "ander.csv", "--als", "officer@fonds.nl")
    assert other.exit_code == 0
    logged = [e for e in audit.entries(home=warehouse_home) if e[2] == "export"]
    assert len(logged) == 2 and "officer@fonds.nl" in logged[0][3] and "fonds FIN2" in logged[0][3]
