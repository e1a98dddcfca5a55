"""The command line: every command has help, and the commands do what the README says."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dashboard.auth import audit
from etl.template_files import data_dictionary
from etl.templates import TEMPLATES
from tests.etl.conftest import BASE_FILES, write
from wijkwaarde.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def wide_console():
    """Rich wraps tables to the terminal; the tests read whole reasons, so give it room."""
    from wijkwaarde import cli

    for console in (cli.console, cli.errors):
        console.width = 300


COMMANDS = ["load", "status", "rejects", "demo-data", "templates", "serve", "ship", "export-360giving"]


def test_every_command_has_help_text():
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0
    for command in COMMANDS:
        assert command in top.output
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage" in result.output
        callback = next(
            c for c in app.registered_commands if (c.name or c.callback.__name__.replace("_", "-")) == command
        )
        assert callback.callback.__doc__, f"{command} has no help text"


def test_load_status_and_rejects_through_the_cli(tmp_path: Path):
    home = tmp_path / "home"
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in BASE_FILES.items():
        write(folder, name, text)
    ok = runner.invoke(app, ["--home", str(home), "load", str(folder)])
    assert ok.exit_code == 0, ok.output
    assert "Gepubliceerd" in ok.output

    bad = write(
        tmp_path,
        "subsidies.csv",
        "subsidiecode;financiercode;initiatiefcode;bedrag;startdatum\nS1;FIN1;INI1;tien;01-01-2024\n",
    )
    failed = runner.invoke(app, ["--home", str(home), "load", str(bad)])
    assert failed.exit_code == 1
    assert "Niet gepubliceerd" in failed.output
    assert "geen getal in Nederlandse notatie" in failed.output

    status = runner.invoke(app, ["--home", str(home), "status"])
    assert status.exit_code == 0 and "afgewezen" in status.output
    shown = runner.invoke(app, ["--home", str(home), "rejects", "6"])
    assert shown.exit_code == 0
    assert "tien" in shown.output and "bedrag" in shown.output
    missing = runner.invoke(app, ["--home", str(home), "rejects", "999"])
    assert missing.exit_code == 1 and "bestaat niet" in missing.output
    # both loads are in the audit log (issue 15): who, which files, what was published
    loads = [e for e in audit.entries(home=home) if e[2] == "load"]
    assert len(loads) == 2 and all(e[1].startswith("cli:") for e in loads)
    assert "gepubliceerd wijkwaarde-" in loads[0][3] and "subsidies.csv" in loads[1][3]
    assert "niet gepubliceerd" in loads[1][3] and "1 afgekeurd" in loads[1][3]


def test_status_without_a_warehouse_says_what_to_do(tmp_path: Path):
    result = runner.invoke(app, ["--home", str(tmp_path / "leeg"), "status"])
    assert result.exit_code == 1
    assert "Nog geen gegevens geladen" in result.output


@pytest.mark.parametrize("template", list(TEMPLATES.values()), ids=list(TEMPLATES))
def test_committed_templates_match_the_spec(template):
    from openpyxl import load_workbook

    root = Path(__file__).resolve().parents[2]
    csv_header = (root / "data/templates" / f"{template.entity}.csv").read_text(encoding="utf-8").strip()
    assert csv_header.split(";") == [c.name for c in template.columns]
    book = load_workbook(root / "data/templates" / f"{template.entity}.xlsx", read_only=True)
    first = next(book.worksheets[0].iter_rows(max_row=1, values_only=True))
    assert list(first) == [c.name for c in template.columns]


def test_committed_data_dictionary_is_up_to_date():
    root = Path(__file__).resolve().parents[2]
    assert (root / "docs/data-dictionary.md").read_text(encoding="utf-8") == data_dictionary(), (
        "run `wijkwaarde templates` to regenerate docs/data-dictionary.md"
    )


def test_an_empty_template_loads_as_no_data_with_a_clear_reason(tmp_path: Path):
    root = Path(__file__).resolve().parents[2]
    result = runner.invoke(
        app, ["--home", str(tmp_path / "h"), "load", str(root / "data/templates/subsidies.csv")]
    )
    assert result.exit_code == 1
    assert "bestand bevat geen gegevensregels" in result.output
