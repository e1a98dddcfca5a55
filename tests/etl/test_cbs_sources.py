"""CBS loads of several gemeenten and sources side by side, and faulty CBS files: through the real commands.

A gemeente's boundaries or Kerncijfers never remove another gemeente's; a newer file of the same gemeente
replaces the older one; every row or feature that is not loaded is reported with its place and reason.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.etl.conftest import table
from tests.real_data import real_data
from wijkwaarde.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def wide_console():
    from wijkwaarde import cli

    for console in (cli.console, cli.errors):
        console.width = 300


def cli(home: Path, *args: str):
    return runner.invoke(app, ["--home", str(home), *map(str, args)])


def amstelveen() -> Path:
    return real_data("amstelveen-buurten", "amstelveen_buurten.geojson")


def utrecht_kwb() -> Path:
    return real_data("cbs-kwb-utrecht", "kwb-2024-utrecht.csv")


def per_gemeente(home: Path) -> dict[str, int]:
    return dict(table(home, "SELECT substr(code, 3, 4), count(*) FROM area GROUP BY 1"))


SQUARE = [[5.10, 52.09], [5.11, 52.09], [5.11, 52.10], [5.10, 52.10], [5.10, 52.09]]


def collection(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def feature(code: object, geometry: dict | None, name: str = "Buurt") -> dict:
    return {"type": "Feature", "properties": {"buurtcode": code, "buurtnaam": name}, "geometry": geometry}


def test_boundaries_of_another_gemeente_keep_the_first_and_a_newer_file_replaces_its_own(tmp_path: Path):
    home = tmp_path / "h"
    assert cli(home, "cbs", "boundaries", "--year", "2024", "--file", amstelveen()).exit_code == 0
    utrecht = tmp_path / "utrecht_buurten.geojson"
    utrecht.write_text(
        json.dumps(collection(feature("BU03440111", {"type": "Polygon", "coordinates": [SQUARE]})))
    )
    result = cli(home, "cbs", "boundaries", "--year", "2024", "--file", utrecht)
    assert result.exit_code == 0, result.output
    assert per_gemeente(home) == {"0362": 62, "0344": 3}
    # a corrected Amstelveen file (one buurt renamed) replaces the Amstelveen areas only
    doc = json.loads(amstelveen().read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["buurtnaam"] = "Stadshart (gecorrigeerd)"
    corrected = tmp_path / "b" / "amstelveen_buurten.geojson"
    corrected.parent.mkdir()
    corrected.write_text(json.dumps(doc), encoding="utf-8")
    result = cli(home, "cbs", "boundaries", "--year", "2024", "--file", corrected)
    assert result.exit_code == 0, result.output
    assert per_gemeente(home) == {"0362": 62, "0344": 3}
    code = doc["features"][0]["properties"]["buurtcode"]
    assert table(home, "SELECT name FROM area WHERE code = ?", [code]) == [("Stadshart (gecorrigeerd)",)]


def test_kerncijfers_files_of_two_gemeenten_with_the_same_name_both_stay(tmp_path: Path):
    home = tmp_path / "h"
    first, second = tmp_path / "a" / "kwb-2024.csv", tmp_path / "b" / "kwb-2024.csv"
    first.parent.mkdir()
    second.parent.mkdir()
    first.write_bytes(utrecht_kwb().read_bytes())
    second.write_text("gwb_code_10;regio;a_inw\nGM0362;Amstelveen;95000\nWK036201;Centrum;9000\n")
    for path in (first, second):
        result = cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", path)
        assert result.exit_code == 0, result.output
    assert per_gemeente(home) == {"0344": 122, "0362": 2}
    inwoners = dict(table(home, "SELECT area_code, value FROM area_stat WHERE stat_code = 'inwoners'"))
    assert inwoners["GM0344"] == 374238 and inwoners["GM0362"] == 95000


def test_an_updated_kerncijfers_file_of_the_same_gemeente_replaces_the_old_one(tmp_path: Path):
    """The official file republished with one buurt more: it loads, and the old figures make way."""
    home = tmp_path / "h"
    assert cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", utrecht_kwb()).exit_code == 0
    lines = utrecht_kwb().read_text(encoding="utf-8").splitlines()
    extra = lines[-1].split(";")
    extra[0], extra[2], extra[7] = "BU03441099", "Nieuwe buurt", "260"
    updated = tmp_path / "kwb-2024-utrecht.csv"
    updated.write_text("\n".join([*lines, ";".join(extra)]) + "\n", encoding="utf-8")
    result = cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", updated)
    assert result.exit_code == 0, result.output
    assert per_gemeente(home) == {"0344": 123}
    got = table(home, "SELECT value FROM area_stat WHERE area_code = 'BU03441099' AND stat_code = 'inwoners'")
    assert got == [(260,)]
    # one figure per area, statistic and year: the old file's are gone, not doubled
    assert (
        table(home, "SELECT count(*) FROM area_stat GROUP BY area_code, year, stat_code HAVING count(*) > 1")
        == []
    )
    # and loading it again changes nothing
    again = cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", updated)
    assert again.exit_code == 0 and "Niets gewijzigd" in again.output, again.output
