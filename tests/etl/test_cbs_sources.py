"""CBS loads of several gemeenten and sources side by side, and faulty CBS files: through the real commands.

A gemeente's boundaries or Kerncijfers never remove another gemeente's; a newer file of the same gemeente
replaces the older one; every row or feature that is not loaded is reported with its place and reason.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.etl.cbs_cli import amstelveen, cli, wide_console  # noqa: F401 (autouse fixture)
from tests.etl.conftest import history, table
from tests.real_data import real_data


def corrected_amstelveen(folder: Path) -> Path:
    """Amstelveen's real boundary file with one buurt renamed 'Stadshart (gecorrigeerd)', as a corrected
    download of the same file name, in `folder`."""
    doc = json.loads(amstelveen().read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["buurtnaam"] = "Stadshart (gecorrigeerd)"
    folder.mkdir(parents=True, exist_ok=True)
    corrected = folder / "amstelveen_buurten.geojson"
    corrected.write_text(json.dumps(doc), encoding="utf-8")
    return corrected


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
    corrected = corrected_amstelveen(tmp_path / "b")
    result = cli(home, "cbs", "boundaries", "--year", "2024", "--file", corrected)
    assert result.exit_code == 0, result.output
    assert per_gemeente(home) == {"0362": 62, "0344": 3}
    code = json.loads(corrected.read_text(encoding="utf-8"))["features"][0]["properties"]["buurtcode"]
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


def refused(result) -> str:
    """A clear refusal: exit 1 with a message, never an unexpected error."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.output


def test_kerncijfers_saved_by_dutch_excel_read_thousands_as_the_template_loader_does(tmp_path: Path):
    """A column selection of the KWB file saved by Excel with thousands separators (';', 374.238)."""
    rows = [line.split(";") for line in utrecht_kwb().read_text(encoding="utf-8").splitlines()[:3]]
    header = rows[0]
    keep = [header.index(c) for c in ("gwb_code_10", "regio", "a_inw", "a_hh", "a_1p_hh")]

    def dutch(cell: str) -> str:
        return f"{int(cell):,}".replace(",", ".") if cell.isdigit() else cell

    lines = [";".join(header[i] for i in keep)] + [";".join(dutch(r[i]) for i in keep) for r in rows[1:]]
    assert "374.238" in lines[1]
    path = tmp_path / "kwb-utrecht-selectie.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    home = tmp_path / "h"
    result = cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", path)
    assert result.exit_code == 0, result.output
    got = table(home, "SELECT value FROM area_stat WHERE area_code = 'GM0344' AND stat_code = 'inwoners'")
    assert got == [(374238,)]


def _kwb_with(tmp_path: Path, name: str, change) -> Path:
    lines = [line.split(";") for line in utrecht_kwb().read_text(encoding="utf-8").splitlines()]
    change(lines, lines[0].index("a_inw"))
    path = tmp_path / name
    path.write_text("\n".join(";".join(cells) for cells in lines) + "\n", encoding="utf-8")
    return path


def _short_code(lines, _inw):
    lines[5][0] = "BU0344011"


def _duplicate(lines, inw):
    lines.append(list(lines[5]))
    lines[-1][inw] = "99999"


@pytest.mark.parametrize(
    ("change", "line", "column", "value", "reason"),
    [
        (_short_code, 6, "gwb_code_10", "BU0344011", "geen geldige CBS-code"),
        (_duplicate, 124, "gwb_code_10", "BU03440113", "dubbele gebiedscode: komt ook voor op regel 6"),
    ],
)
def test_kerncijfers_rows_not_loaded_are_rejected_at_their_line(
    tmp_path, change, line, column, value, reason
):
    home = tmp_path / "h"
    path = _kwb_with(tmp_path, "kwb-2024.csv", change)
    output = refused(cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", path))
    row = next(x for x in output.splitlines() if "kwb-2024.csv" in x and reason in x)
    cells = [c.strip() for c in row.split("│")]
    assert cells[3:6] == [str(line), column, value], row
    assert not (home / "wijkwaarde.duckdb").exists()  # nothing published
    # and kept as a refused load, as `wijkwaarde rejects` shows it
    recorded = history(home, "SELECT file_name, line, column_name, value FROM rejected_row")
    assert recorded == [("kwb-2024.csv", line, column, value)]


def test_kerncijfers_rejects_name_the_users_file_line_and_column_not_the_generated_one(tmp_path: Path):
    home = tmp_path / "h"
    path = _kwb_with(tmp_path, "kwb-negative.csv", lambda lines, inw: lines[5].__setitem__(inw, "-5"))
    output = refused(cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", path))
    assert "Afgekeurde rijen (1 fouten)" in output, output
    assert "gebiedscijfers-cbs" not in output.split("Afgekeurde rijen")[1]
    recorded = history(home, "SELECT file_name, line, column_name, value, reason FROM rejected_row")
    assert [r[:4] for r in recorded] == [("kwb-negative.csv", 6, "a_inw", "-5")]
    assert "inwoners" in recorded[0][4]  # the share computed from it is not a fault of its own


def _truncated_xlsx(tmp_path: Path) -> Path:
    data = real_data("cbs-kwb-utrecht", "CBS-Utrecht-kwb-2024.xlsx").read_bytes()
    path = tmp_path / "kwb.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _empty_xlsx(tmp_path: Path) -> Path:
    from openpyxl import Workbook

    path = tmp_path / "leeg.xlsx"
    Workbook().save(path)
    return path


def _zip_as_csv(tmp_path: Path) -> Path:
    import zipfile

    path = tmp_path / "kwb.csv"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "hallo")
    return path


def _json_file(doc: object | str):
    def write(tmp_path: Path) -> Path:
        path = tmp_path / "cijfers.json"
        path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
        return path

    return write


def _bool_xlsx(tmp_path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["gwb_code_10", "regio", "a_inw"])
    book.active.append(["GM0344", "Utrecht", True])
    path = tmp_path / "kwb.xlsx"
    book.save(path)
    return path


DEEP = '{"a":' + "[" * 100_000 + "]" * 100_000 + "}"
WOON = {"type": "gemeente", "code": "GM0344", "name": "Utrecht"}


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (_truncated_xlsx, "geen leesbaar XLSX-bestand"),
        (_empty_xlsx, "bestand bevat geen regels"),
        (_zip_as_csv, "geen leesbaar XLSX-bestand"),
        (_json_file({"value": ["GM0344"]}), "record is geen object"),
        (_json_file(DEEP), "te diep genest"),
        (
            _json_file('{"GM0344": {"AantalInwoners_5": 1}, "GM0344": {"AantalInwoners_5": 99999}}'),
            "twee keer",
        ),
        (_bool_xlsx, "waarde true (ja/nee) is geen getal"),
        (_json_file({**WOON, "buurten": ["BU03440111"]}), "gebied is geen object"),
        (
            _json_file(
                {**WOON, "buurten": [{"code": "BU03440111", "gezondheid": {"trend": {"2022/2023": 50}}}]}
            ),
            "BU03440111: trendjaar '2022/2023' is geen jaartal",
        ),
    ],
)
def test_bad_kerncijfers_files_are_refused_with_a_reason_not_a_crash(tmp_path: Path, make, says):
    output = refused(cli(tmp_path / "h", "cbs", "kerncijfers", "--year", "2024", "--file", make(tmp_path)))
    assert says in output and "invalid literal" not in output


def test_the_kwb_xlsx_is_checked_for_its_unpacked_size(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("WIJKWAARDE_MAX_XLSX_XML_MB", "0.01")
    source = real_data("cbs-kwb-utrecht", "CBS-Utrecht-kwb-2024.xlsx")
    output = refused(cli(tmp_path / "h", "cbs", "kerncijfers", "--year", "2024", "--file", source))
    assert "zip-bom" in output


def _amstelveen_with(tmp_path: Path, change) -> Path:
    doc = json.loads(amstelveen().read_text(encoding="utf-8"))
    change(doc["features"])
    path = tmp_path / "amstelveen_buurten.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_a_buurt_split_over_two_features_is_one_area_with_both_parts(tmp_path: Path):
    import shapely
    from shapely.geometry import mapping, shape

    def split(features):
        first = features[0]
        geom = shape(first["geometry"])
        minx, miny, maxx, maxy = geom.bounds
        middle = (minx + maxx) / 2
        halves = [
            geom.intersection(shapely.box(*box))
            for box in ((minx, miny, middle, maxy), (middle, miny, maxx, maxy))
        ]
        features[:1] = [{**first, "geometry": mapping(half)} for half in halves]

    home = tmp_path / "h"
    assert cli(home, "cbs", "boundaries", "--year", "2024", "--file", amstelveen()).exit_code == 0
    whole = table(home, "SELECT area_ha FROM area WHERE code = 'BU03620401'")
    result = cli(
        tmp_path / "h2", "cbs", "boundaries", "--year", "2024", "--file", _amstelveen_with(tmp_path, split)
    )
    assert result.exit_code == 0, result.output
    assert "BU03620401 staat in 2 features (1, 2): samengevoegd" in result.output
    assert table(tmp_path / "h2", "SELECT area_ha FROM area WHERE code = 'BU03620401'") == whole


def _set(index: int, key: str, value: object):
    def change(features):
        if key == "geometry":
            features[index]["geometry"] = value
        else:
            features[index]["properties"][key] = value

    return change


@pytest.mark.parametrize(
    ("change", "column", "value", "reason"),
    [
        (_set(0, "buurtcode", "BU0362040"), "feature 1: buurtcode", "BU0362040", "geen geldige CBS-code"),
        (_set(0, "buurtcode", 3620401), "feature 1: buurtcode", "3620401", "geen geldige CBS-code"),
        (_set(1, "geometry", None), "feature 2", "", "feature zonder geometrie"),
        (_set(2, "geometry", {"type": "Point", "coordinates": [4.85, 52.3]}), "feature 3: geometry", "BU03620501",
         "geometrie is een Point"),
        (_set(2, "geometry", {"type": "LineString", "coordinates": [[4.85, 52.3], [4.86, 52.31]]}),
         "feature 3: geometry", "BU03620501", "geometrie is een LineString"),
        (_set(2, "geometry", {"type": "GeometryCollection", "geometries": []}), "feature 3: geometry",
         "BU03620501", "een gebied is een Polygon of MultiPolygon"),
    ],
)  # fmt: skip
def test_features_not_loaded_are_reported_with_their_position_and_reason(
    tmp_path, change, column, value, reason
):
    home = tmp_path / "h"
    output = refused(
        cli(home, "cbs", "boundaries", "--year", "2024", "--file", _amstelveen_with(tmp_path, change))
    )
    row = next(x for x in output.splitlines() if reason in x)
    cells = [c.strip() for c in row.split("│")]
    assert cells[1] == "amstelveen_buurten.geojson" and cells[4:6] == [column, value], row
    assert not (home / "wijkwaarde.duckdb").exists()  # nothing published
    recorded = history(home, "SELECT file_name, column_name, reason FROM rejected_row")
    assert [(name, col) for name, col, _ in recorded] == [("amstelveen_buurten.geojson", column)]
    assert reason in recorded[0][2]


def test_a_file_of_more_gemeenten_replaces_the_earlier_file_of_one_of_them(tmp_path: Path):
    """Amstelveen, then a file of Amstelveen and Utrecht (a province or a national file)."""
    home = tmp_path / "h"
    assert cli(home, "cbs", "boundaries", "--year", "2024", "--file", amstelveen()).exit_code == 0
    both = json.loads(amstelveen().read_text(encoding="utf-8"))
    both["features"].append(feature("BU03440111", {"type": "Polygon", "coordinates": [SQUARE]}))
    path = tmp_path / "twee_gemeenten.geojson"
    path.write_text(json.dumps(both), encoding="utf-8")
    result = cli(home, "cbs", "boundaries", "--year", "2024", "--file", path)
    assert result.exit_code == 0, result.output
    assert per_gemeente(home) == {"0362": 62, "0344": 3}
    assert table(home, "SELECT DISTINCT batch_id FROM area") == [(2,)]

    first, second = tmp_path / "a" / "kwb.csv", tmp_path / "b" / "kwb.csv"
    first.parent.mkdir()
    second.parent.mkdir()
    first.write_text("gwb_code_10;regio;a_inw\nGM0362;Amstelveen;95000\n")
    second.write_text("gwb_code_10;regio;a_inw\nGM0362;Amstelveen;96000\nGM0344;Utrecht;374238\n")
    for kwb in (first, second):
        result = cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", kwb)
        assert result.exit_code == 0, result.output
    inwoners = table(home, "SELECT area_code, value FROM area_stat WHERE stat_code = 'inwoners' ORDER BY 1")
    assert inwoners == [("GM0344", 374238), ("GM0362", 96000)]


def test_boundaries_loaded_under_the_old_name_are_replaced_by_a_newer_file(tmp_path: Path):
    """Warehouses from before the names said what they cover hold gebieden-cbs-2024-alle.geojson."""
    home = tmp_path / "h"
    assert (
        cli(tmp_path / "scratch", "cbs", "boundaries", "--year", "2024", "--file", amstelveen()).exit_code
        == 0
    )
    old = tmp_path / "gebieden-cbs-2024-alle.geojson"
    old.write_bytes((tmp_path / "scratch" / "imports" / "gebieden-cbs-2024-GM0362.geojson").read_bytes())
    assert cli(home, "load", old).exit_code == 0
    corrected = corrected_amstelveen(tmp_path)
    result = cli(home, "cbs", "boundaries", "--year", "2024", "--file", corrected)
    assert result.exit_code == 0, result.output
    assert per_gemeente(home) == {"0362": 62}
    assert ("Stadshart (gecorrigeerd)",) in table(home, "SELECT name FROM area")


def _with_amstelveen(tmp_path: Path, name: str) -> Path:
    """The real Utrecht KWB file with Amstelveen's gemeente row added: a file of two gemeenten."""
    lines = utrecht_kwb().read_text(encoding="utf-8").splitlines()
    extra = lines[1].split(";")
    extra[0], extra[2], extra[7] = "GM0362", "Amstelveen", "95000"
    path = tmp_path / name
    path.write_text("\n".join([*lines, ";".join(extra)]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("dry_run", [False, True], ids=["copy", "dry-run-first"])
def test_one_gemeentes_kerncijfers_after_a_file_of_more_replace_its_figures_and_keep_the_others(
    tmp_path: Path, monkeypatch, dry_run: bool
):
    """A province's file, then Utrecht's newer file: Utrecht's figures and areas are the newer file's,
    Amstelveen's stay, nothing counts twice (was: refused with 'sleutel bestaat al')."""
    if dry_run:  # the load first runs on the published database read-only (etl.loader.Shadow)
        monkeypatch.setenv("WIJKWAARDE_DRY_RUN_MIN_MB", "0")
    home = tmp_path / "h"
    larger = _with_amstelveen(tmp_path, "kwb-2024-provincie.csv")
    assert cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", larger).exit_code == 0
    assert per_gemeente(home) == {"0344": 122, "0362": 1}
    # Utrecht's newer file: one more inhabitant in the gemeente, and a buurt the larger file held dropped
    lines = [line.split(";") for line in utrecht_kwb().read_text(encoding="utf-8").splitlines()]
    inw = lines[0].index("a_inw")
    lines[1][inw] = str(int(lines[1][inw]) + 1)
    dropped = lines.pop()[0]
    smaller = tmp_path / "kwb-2024-utrecht.csv"
    smaller.write_text("\n".join(";".join(cells) for cells in lines) + "\n", encoding="utf-8")
    result = cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", smaller)
    assert result.exit_code == 0, result.output
    assert "de andere gemeenten daarin blijven staan" in result.output
    assert per_gemeente(home) == {"0344": 121, "0362": 1}
    inwoners = dict(table(home, "SELECT area_code, value FROM area_stat WHERE stat_code = 'inwoners'"))
    assert inwoners["GM0344"] == 374239 and inwoners["GM0362"] == 95000
    assert dropped not in inwoners
    assert (
        table(home, "SELECT count(*) FROM area_stat GROUP BY area_code, year, stat_code HAVING count(*) > 1")
        == []
    )
    # the same file again changes nothing; the file loaded last wins for the gemeenten it holds, so
    # loading the larger file again (or its newer version) brings back its figures of Utrecht
    again = cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", smaller)
    assert again.exit_code == 0 and "Niets gewijzigd" in again.output, again.output
    result = cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", larger)
    assert result.exit_code == 0 and "Gepubliceerd" in result.output, result.output
    assert per_gemeente(home) == {"0344": 122, "0362": 1}
    inwoners = dict(table(home, "SELECT area_code, value FROM area_stat WHERE stat_code = 'inwoners'"))
    assert inwoners["GM0344"] == 374238 and inwoners["GM0362"] == 95000
    assert table(home, "SELECT count(*) FROM area_stat WHERE area_code = ?", [dropped]) != [(0,)]


def test_one_gemeentes_boundaries_after_a_file_of_more_replace_its_areas_and_keep_the_others(tmp_path: Path):
    home = tmp_path / "h"
    both = json.loads(amstelveen().read_text(encoding="utf-8"))
    both["features"].append(feature("BU03440111", {"type": "Polygon", "coordinates": [SQUARE]}))
    path = tmp_path / "twee_gemeenten.geojson"
    path.write_text(json.dumps(both), encoding="utf-8")
    assert cli(home, "cbs", "boundaries", "--year", "2024", "--file", path).exit_code == 0
    corrected = corrected_amstelveen(tmp_path)
    result = cli(home, "cbs", "boundaries", "--year", "2024", "--file", corrected)
    assert result.exit_code == 0, result.output
    assert per_gemeente(home) == {"0362": 62, "0344": 3}
    code = json.loads(corrected.read_text(encoding="utf-8"))["features"][0]["properties"]["buurtcode"]
    assert table(home, "SELECT name, batch_id FROM area WHERE code = ?", [code]) == [
        ("Stadshart (gecorrigeerd)", 2)
    ]
    assert table(home, "SELECT DISTINCT batch_id FROM area WHERE code LIKE '%0344%'") == [(1,)]


def test_kerncijfers_loaded_under_the_old_names_are_replaced_by_a_newer_file_of_the_same_kind(tmp_path: Path):
    """Warehouses from before the names said what they cover hold the figures of a file under the name
    of that file (gebiedscijfers-cbs-2024-CBS-Utrecht-kwb-2024.csv, -GM0362.csv for woonikveilig.nl): an
    updated official file of the same kind replaces them (was: refused with 'sleutel bestaat al')."""
    scratch, home = tmp_path / "scratch", tmp_path / "h"
    site = real_data("woonikveilig-buurtindicatoren", "gemeente", "GM0362.json")
    old = tmp_path / "old"
    old.mkdir()
    for source, tag, stem in (
        (utrecht_kwb(), "kwb-GM0344", "CBS-Utrecht-kwb-2024"),
        (site, "woonikveilig-GM0362", "GM0362"),
    ):
        assert cli(scratch, "cbs", "kerncijfers", "--year", "2024", "--file", source).exit_code == 0
        for entity in ("gebieden", "gebiedscijfers"):
            written = scratch / "imports" / f"cbs-2024-{tag}" / f"{entity}-cbs-2024-{tag}.csv"
            (old / f"{entity}-cbs-2024-{stem}.csv").write_bytes(written.read_bytes())
    result = cli(home, "load", old)
    assert result.exit_code == 0, result.output
    before = per_gemeente(home)

    updated = _kwb_with(
        tmp_path, "kwb-2024-utrecht.csv", lambda lines, inw: lines[1].__setitem__(inw, "374239")
    )
    result = cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", updated)
    assert result.exit_code == 0, result.output
    assert per_gemeente(home) == before
    inwoners = table(
        home, "SELECT value FROM area_stat WHERE area_code = 'GM0344' AND stat_code = 'inwoners'"
    )
    assert inwoners == [(374239,)]
    status = dict(table(home, "SELECT source_name, status FROM load_batch"))
    assert status["gebiedscijfers-cbs-2024-CBS-Utrecht-kwb-2024.csv"] == "vervangen"
    assert status["gebiedscijfers-cbs-2024-GM0362.csv"] == "gepubliceerd"  # another kind: it stays

    doc = json.loads(site.read_text(encoding="utf-8"))
    doc["demografie"]["inwoners"] += 1
    republished = tmp_path / "new" / "GM0362.json"
    republished.parent.mkdir()
    republished.write_text(json.dumps(doc), encoding="utf-8")
    result = cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", republished)
    assert result.exit_code == 0, result.output
    assert per_gemeente(home) == before
    status = dict(table(home, "SELECT source_name, status FROM load_batch"))
    assert status["gebiedscijfers-cbs-2024-GM0362.csv"] == "vervangen"
    inwoners = table(
        home, "SELECT value FROM area_stat WHERE area_code = 'GM0362' AND stat_code = 'inwoners'"
    )
    assert inwoners == [(doc["demografie"]["inwoners"],)]
    assert (
        table(home, "SELECT count(*) FROM area_stat GROUP BY area_code, year, stat_code HAVING count(*) > 1")
        == []
    )


def test_a_kerncijfers_csv_cut_off_in_the_middle_of_a_row_is_refused(tmp_path: Path):
    """Two thirds of the real file, as a broken download leaves it: was loaded as 80 areas, the cut row's
    missing values as secret."""
    data = utrecht_kwb().read_bytes()
    path = tmp_path / "kwb-2024-utrecht.csv"
    path.write_bytes(data[: len(data) * 2 // 3])
    output = refused(cli(tmp_path / "h", "cbs", "kerncijfers", "--year", "2024", "--file", path))
    assert "regel 81 heeft 79 velden, de kop heeft er 121 (bestand afgebroken?)" in output
    assert not (tmp_path / "h" / "wijkwaarde.duckdb").exists()


def test_a_kerncijfers_column_not_found_is_named_not_left_out_silently(tmp_path: Path):
    """a_inw renamed (a_inwoners): the inhabitants and the shares computed from them were left out
    without a word. The file still loads what it holds; the command names what it could not find."""
    path = _kwb_with(tmp_path, "kwb-2024.csv", lambda lines, inw: lines[0].__setitem__(inw, "a_inwoners"))
    home = tmp_path / "h"
    result = cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", path)
    assert result.exit_code == 0, result.output
    assert "kolommen niet gevonden, deze cijfers worden niet geladen: inwoners (a_inw)" in result.output
    assert table(home, "SELECT count(*) FROM area_stat WHERE stat_code = 'inwoners'") == [(0,)]


@pytest.mark.parametrize("national_first", [False, True])
def test_the_national_gemeente_map_and_one_gemeentes_buurten_of_another_year_load_in_either_order(
    tmp_path: Path, national_first: bool
):
    """The PDOK gemeente map of 2022 and Amstelveen's buurten of 2024 hold one area both (GM0362): the second
    was refused whole ('sleutel bestaat al'), so a user with one gemeente's buurten had no national map. Now
    the file loaded last gives the outline both hold, says so, and everything else of both stays."""
    home = tmp_path / "h"
    national = ("2022", real_data("pdok-gemeenten-2022", "gemeenten_2022_gegeneraliseerd.geojson"))
    buurten = ("2024", amstelveen())
    first, last = (national, buurten) if national_first else (buurten, national)
    for year, path in (first, last):
        result = cli(home, "cbs", "boundaries", "--year", year, "--file", str(path))
        assert result.exit_code == 0, result.output
    assert f"Let op: {last[1].name}: vervangt 1 gebied(en) die ook in {first[1].name}" in result.output
    levels = dict(table(home, "SELECT level, count(*) FROM area GROUP BY level"))
    assert levels == {"gemeente": 345, "wijk": 14, "buurt": 47}
    assert table(home, "SELECT boundary_year FROM area WHERE code = 'GM0362'") == [(int(last[0]),)]
    # loading the last file again changes nothing
    again = cli(home, "cbs", "boundaries", "--year", last[0], "--file", str(last[1]))
    assert again.exit_code == 0, again.output
    assert table(home, "SELECT count(*) FROM area") == [(406,)]
