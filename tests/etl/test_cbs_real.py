"""CBS boundaries and Kerncijfers, tested on the real public files in ../shared/data/real."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from etl import geo
from etl.cbs import boundaries as b
from etl.cbs import kerncijfers as k
from tests.etl.cbs_cli import amstelveen, cli, wide_console  # noqa: F401 (autouse fixture)
from tests.etl.conftest import table
from tests.real_data import real_data


def test_amstelveen_buurten_become_47_buurten_14_dissolved_wijken_and_a_gemeente():
    result = b.build_areas(geo.read_boundaries(amstelveen()), 2024)
    levels = [a.level for a in result.areas]
    assert (levels.count("gemeente"), levels.count("wijk"), levels.count("buurt")) == (1, 14, 47)
    assert result.epsg == geo.WGS84 and result.crs_source == "crs-lid"
    buurten = [a.geometry_rd for a in result.areas if a.level == "buurt"]
    gemeente = next(a.geometry_rd for a in result.areas if a.level == "gemeente")
    assert gemeente.area == pytest.approx(sum(g.area for g in buurten), rel=1e-6)
    assert all(a.derived for a in result.areas if a.level != "buurt")


def test_simplified_map_keeps_shared_edges_and_is_small():
    result = b.build_areas(geo.read_boundaries(amstelveen()), 2024)
    geometry = b.simplify(result)
    buurten = [shape(json.loads(geometry[a.code])) for a in result.areas if a.level == "buurt"]
    # a valid coverage: neighbours share edges exactly, no overlaps (slivers) between them
    assert shapely.coverage_is_valid(np.array(buurten, dtype=object))
    union = shapely.union_all(buurten)
    gemeente = shape(json.loads(geometry["GM0362"]))
    # no gaps: the buurten cover the (separately simplified) gemeente to within 0.5 %
    assert union.symmetric_difference(gemeente).area / gemeente.area < 0.005
    assert result.vertices_out < result.vertices_in / 3
    assert result.geojson_bytes < 300_000


def _write_gpkg_rd(source: Path, target: Path) -> None:
    """A GeoPackage in RD New (EPSG:28992), as the CBS wijk- en buurtkaart is published."""
    doc = json.loads(source.read_text(encoding="utf-8"))
    geoms = geo.transform([shape(f["geometry"]) for f in doc["features"]], geo.WGS84, geo.RD_NEW)
    con = sqlite3.connect(target)
    con.executescript(
        "CREATE TABLE gpkg_contents (table_name TEXT, data_type TEXT);"
        "CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, srs_id INTEGER);"
        "CREATE TABLE buurten (fid INTEGER, geom BLOB, buurtcode TEXT, buurtnaam TEXT, wijkcode TEXT,"
        " gemeentecode TEXT, jrstatcode TEXT);"
        "INSERT INTO gpkg_contents VALUES ('buurten', 'features');"
        "INSERT INTO gpkg_geometry_columns VALUES ('buurten', 'geom', 28992);"
    )
    for i, (feature, geom) in enumerate(zip(doc["features"], geoms, strict=True)):
        p = feature["properties"]
        blob = b"GP\x00\x01" + (28992).to_bytes(4, "little") + shapely.to_wkb(geom)
        con.execute(
            "INSERT INTO buurten VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                i,
                blob,
                p["buurtcode"],
                p["buurtnaam"],
                p["wijkcode"],
                p["gemeentecode"],
                "2024" + p["buurtcode"],
            ],
        )
    con.commit()
    con.close()


def test_geopackage_in_rd_new_is_detected_and_reprojected(tmp_path: Path):
    gpkg = tmp_path / "wijkenbuurten_2024.gpkg"
    _write_gpkg_rd(amstelveen(), gpkg)
    table_rd = geo.read_boundaries(gpkg)
    assert table_rd.epsg == geo.RD_NEW and table_rd.crs_source == "gpkg"
    from_gpkg = {a.code: a for a in b.build_areas(table_rd, 2024).areas}
    from_json = {a.code: a for a in b.build_areas(geo.read_boundaries(amstelveen()), 2024).areas}
    assert from_gpkg.keys() == from_json.keys()
    for code in ("BU03620401", "WK036204", "GM0362"):
        assert from_gpkg[code].geometry_rd.centroid.distance(from_json[code].geometry_rd.centroid) < 0.5
    with pytest.raises(b.BoundaryError, match="indeling van 2024, niet van 2023"):
        b.build_areas(table_rd, 2023)


def test_invalid_geometry_is_repaired():
    bowtie = shape({"type": "Polygon", "coordinates": [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]]})
    fixed, count = geo.repair([bowtie])
    assert count == 1 and fixed[0].is_valid and fixed[0].area == pytest.approx(50)


def test_amstelveen_joins_all_47_buurten_and_shows_the_files_values(tmp_path: Path):
    home = tmp_path / "h"
    assert cli(home, "cbs", "boundaries", "--year", "2024", "--file", str(amstelveen())).exit_code == 0
    source = real_data("woonikveilig-buurtindicatoren", "gemeente", "GM0362.json")
    result = cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", str(source))
    assert result.exit_code == 0, result.output
    doc = json.loads(source.read_text(encoding="utf-8"))
    joined = table(
        home,
        "SELECT count(DISTINCT s.area_code) FROM v_area_stat s JOIN v_buurt b "
        "ON b.buurt_code = s.area_code WHERE b.geometry IS NOT NULL",
    )
    assert joined == [(47,)]
    buurt = next(x for x in doc["buurten"] if x["code"] == "BU03620902")
    got = dict(
        table(home, "SELECT stat_code, value FROM v_area_stat WHERE area_code = 'BU03620902' AND year = 2024")
    )
    assert got["inwoners"] == buurt["demografie"]["inwoners"]
    assert got["woz_waarde"] == buurt["demografie"]["wozWaarde"]
    assert got["inkomen_per_inwoner"] is None  # null in the file (CBS suppression): missing, not 0
    assert got["aandeel_goede_gezondheid"] == buurt["gezondheid"]["trend"]["2024"]
    trend = table(
        home,
        "SELECT year, value FROM v_area_stat WHERE area_code = 'BU03620902' "
        "AND stat_code = 'aandeel_goede_gezondheid' ORDER BY year",
    )
    assert trend == sorted((int(y), v) for y, v in buurt["gezondheid"]["trend"].items())


@pytest.mark.parametrize("year", [2023, 2024])
def test_utrecht_csv_and_xlsx_give_identical_figures(year: int):
    from_csv = k.read_file(real_data("cbs-kwb-utrecht", f"kwb-{year}-utrecht.csv"), year)
    from_xlsx = k.read_file(real_data("cbs-kwb-utrecht", f"CBS-Utrecht-kwb-{year}.xlsx"), year)
    assert from_csv.values == from_xlsx.values
    assert from_csv.names == from_xlsx.names
    codes = {c for c, _y, _s in from_csv.values}
    assert (
        sum(c.startswith("GM") for c in codes),
        sum(c.startswith("WK") for c in codes),
        sum(c.startswith("BU") for c in codes),
    ) == (1, 10, 111)


def test_utrecht_two_years_load_as_a_trend_with_suppressed_values_missing(tmp_path: Path):
    home = tmp_path / "h"
    for year in (2023, 2024):
        path = real_data("cbs-kwb-utrecht", f"kwb-{year}-utrecht.csv")
        result = cli(home, "cbs", "kerncijfers", "--year", str(year), "--file", str(path))
        assert result.exit_code == 0, result.output
        assert "Indeling gewijzigd" not in result.output  # the same 122 codes in both years
    trend = table(
        home,
        "SELECT year, value FROM v_area_stat WHERE area_code = 'GM0344' AND stat_code = 'inwoners' ORDER BY year",
    )
    assert [y for y, _ in trend] == [2023, 2024] and all(v > 300_000 for _, v in trend)
    # income is '.' (not yet published) in the file: it must be missing, never 0
    income = table(
        home, "SELECT count(*), count(value) FROM v_area_stat WHERE stat_code = 'inkomen_per_inwoner'"
    )
    assert income[0][0] > 0 and income[0][1] == 0
    assert table(
        home, "SELECT count(*) FROM v_area_stat WHERE value = 0 AND stat_code = 'inkomen_per_inwoner'"
    ) == [(0,)]


def test_kwb2024_odata_json_with_its_cbs_metadata():
    kc = k.read_file(real_data("cbs-kwb2024-gemeente-wijk", "stripped_filtered_data_2024.json"), 2024)
    assert sum(c.startswith("GM") for c in kc.names) == 342
    assert sum(c.startswith("WK") for c in kc.names) == 3393
    assert kc.values[("GM1680", 2024, "inwoners")] == 25845
    assert kc.sources["inwoners"].endswith("(AantalInwoners_5: Aantal inwoners)")
    density_missing = [c for (c, _y, s), v in kc.values.items() if s == "bevolkingsdichtheid" and v is None]
    assert len(density_missing) == 37  # null for regions without inhabitants, per SOURCE.md
    assert "Mannen_6" in kc.unmapped


def test_national_gemeente_map_2022_against_2024_data_reports_mismatches_by_code(tmp_path: Path):
    home = tmp_path / "h"
    gm2022 = real_data("pdok-gemeenten-2022", "gemeenten_2022_gegeneraliseerd.geojson")
    assert cli(home, "cbs", "boundaries", "--year", "2022", "--file", str(gm2022)).exit_code == 0
    data = real_data("cbs-kwb2024-gemeente-wijk", "stripped_filtered_data_2024.json")
    result = cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", str(data))
    assert result.exit_code == 0, result.output
    assert "1 code(s) in 2024 niet in 2022: GM1992" in result.output
    assert "4 code(s) in 2022 niet in 2024: GM0457, GM0501, GM0530, GM0614" in result.output


def test_gemeenten_loaded_from_different_files_are_no_boundary_change(tmp_path: Path):
    """Amstelveen, then Utrecht: a file of one gemeente says nothing about the other gemeente."""
    home = tmp_path / "h"
    outputs = [
        cli(home, "cbs", "boundaries", "--year", "2024", "--file", str(amstelveen())),
        cli(
            home,
            "cbs",
            "kerncijfers",
            "--year",
            "2024",
            "--file",
            str(real_data("woonikveilig-buurtindicatoren", "gemeente", "GM0362.json")),
        ),
    ]
    for year in (2023, 2024):
        path = real_data("cbs-kwb-utrecht", f"kwb-{year}-utrecht.csv")
        outputs.append(cli(home, "cbs", "kerncijfers", "--year", str(year), "--file", str(path)))
    for result in outputs:
        assert result.exit_code == 0, result.output
        assert "Indeling gewijzigd" not in result.output


def test_download_without_network_fails_with_a_clear_message(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(b, "DOWNLOAD_URL", "http://127.0.0.1:9/wijkenbuurten_{year}.gpkg")
    monkeypatch.setattr(k, "ODATA_URL", "http://127.0.0.1:9/{table}")
    result = cli(tmp_path / "h", "cbs", "boundaries", "--year", "2024")
    assert result.exit_code == 1
    assert "downloaden van de wijk- en buurtkaart 2024 mislukt" in result.output
    assert "--file" in result.output and "Traceback" not in result.output
    result = cli(tmp_path / "h", "cbs", "kerncijfers", "--year", "2024")
    assert result.exit_code == 1 and "downloaden van CBS-tabel 85984NED (2024) mislukt" in result.output


def test_kerncijfers_first_then_boundaries_gives_the_areas_their_shape(tmp_path: Path):
    """The order a municipality happens to load in must not matter: the boundary file replaces the
    shapeless areas Kerncijfers added, and the statistics stay attached to them."""
    home = tmp_path / "warehouse"
    figures = real_data("woonikveilig-buurtindicatoren", "gemeente", "GM0362.json")
    first = cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", str(figures))
    assert first.exit_code == 0, first.output
    stats_before = table(home, "SELECT count(*) FROM area_stat")[0][0]
    second = cli(home, "cbs", "boundaries", "--year", "2024", "--file", str(amstelveen()))
    assert second.exit_code == 0, second.output
    levels = table(home, "SELECT level, count(*), count(geometry) FROM area GROUP BY 1 ORDER BY 1")
    assert levels == [("buurt", 47, 47), ("gemeente", 1, 1), ("wijk", 14, 14)]
    assert table(home, "SELECT count(*) FROM area_stat")[0][0] == stats_before > 0
    # no statistic lost its area, and a second run of the boundaries changes nothing
    assert table(home, "SELECT count(*) FROM area_stat s ANTI JOIN area a ON a.code = s.area_code")[0][0] == 0
    again = cli(home, "cbs", "boundaries", "--year", "2024", "--file", str(amstelveen()))
    assert again.exit_code == 0, again.output
    assert table(home, "SELECT count(*) FROM area")[0][0] == 62
