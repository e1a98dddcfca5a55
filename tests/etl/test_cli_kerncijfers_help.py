"""`wijkwaarde cbs kerncijfers --help` and the README say which files the command accepts (issue 13.10)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from wijkwaarde.cli import app

README = Path(__file__).resolve().parents[2] / "README.md"
# Each kind of file etl.cbs.kerncijfers.read_file recognises, by a word a user would look for.
KINDS = ("XLSX", "CSV", "StatLine", "OData", "DataProperties.json", "TableInfos.json", "woonikveilig")


def test_kerncijfers_help_names_every_file_it_reads():
    result = CliRunner().invoke(app, ["cbs", "kerncijfers", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    missing = [k for k in KINDS if k not in result.output]
    assert not missing, missing


def test_readme_names_every_file_kerncijfers_reads():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("`cbs kerncijfers --file`") :][:1200]
    missing = [k for k in KINDS if k not in section]
    assert not missing, missing
