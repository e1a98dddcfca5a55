"""Hostile and careless input (issue 12 §1, 2, 4, 5): no file becomes SQL, crashes, hangs or costs a copy.

Each test asserts what a user would check: the load ends with a located reject or a one-line error,
no file appears where an injected statement would have written it, published data stays as it was.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from etl import attempts, geo, readers
from etl import warehouse as wh
from etl.inputs import NothingToLoad
from etl.loader import load
from tests.etl.conftest import BASE_FILES, assert_accounted, reasons, table, write

GRANT_COLUMNS = ["subsidiecode", "financiercode", "initiatiefcode", "bedrag", "startdatum"]
GRANT_ROW = ["S1", "FIN1", "INI1", "10", "01-01-2024"]
NOT_REGULAR = "geen gewoon bestand (map, apparaat, FIFO of socket): niet gelezen"
NUMBER_NL = "geen getal in Nederlandse notatie (verwacht bijvoorbeeld 1234,5 of 1.234,5)"


def hostile_headers(target: Path) -> list[str]:
    """Header cells that, spliced into SQL, would quote out of an identifier and run a statement."""
    return [
        'Opmerking "intern"',
        f"x\" VARCHAR); COPY (SELECT 42) TO '{target}'; --",
        f"y VARCHAR); COPY (SELECT 42) TO '{target}' (FORMAT csv); CREATE TABLE z (z",
        f"ATTACH '{target}' AS pwned",
        "INSTALL httpfs; LOAD httpfs",
        "a;--",
        "b'); DROP TABLE area; --",
    ]


def run_cli(home: Path, *args: str, timeout: float = 120, **settings: str) -> subprocess.CompletedProcess:
    """The real command line in its own process (as a user runs it); a hang fails on the timeout."""
    env = {**os.environ, **settings, "WIJKWAARDE_HOME": str(home), "COLUMNS": "300"}
    return subprocess.run(
        [sys.executable, "-m", "wijkwaarde.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# -- 1. File content never becomes SQL text ---------------------------------------------------------


@pytest.mark.parametrize("with_values", [True, False], ids=["values", "empty"])
def test_hostile_csv_headers_stay_data(base: Path, tmp_path: Path, with_values: bool):
    target = tmp_path / "written-by-injection.csv"
    headers = hostile_headers(target)
    cells = [f"waarde {i}" if with_values else "" for i in range(len(headers))]
    buffer = io.StringIO()  # a CSV writer quotes the cells holding ';' or '"', as a spreadsheet does
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows(
        [GRANT_COLUMNS + headers, GRANT_ROW + cells]
    )
    text = buffer.getvalue()
    report = load(base, [write(tmp_path, "subsidies.csv", text)])
    assert not target.exists()
    assert_accounted(report)
    if with_values:
        assert not report.published
        assert sorted((r.line, r.column, r.value) for r in report.rejects) == sorted(
            (2, h, f"waarde {i}") for i, h in enumerate(headers)
        )
        assert {r.reason for r in report.rejects} == {"onbekende kolom: niet in het sjabloon 'subsidies'"}
    else:
        assert report.published, reasons(report)
        assert table(base, "SELECT code FROM grant_award") == [("S1",)]
    assert table(base, "SELECT count(*) FROM area") == [(4,)]


def test_hostile_headers_in_a_large_csv_on_the_fast_path(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(readers, "FAST_CSV_MIN_BYTES", 0)  # every CSV qualifies by size
    target = tmp_path / "fast-injection.csv"
    headers = [h for h in hostile_headers(target) if '"' not in h and ";" not in h]  # quote-free: fast path
    headers.append(f"COPY (SELECT 42) TO '{target}'")
    rows = [GRANT_COLUMNS + headers] + [
        [f"S{n}", "FIN1", "INI1", "10", "01-01-2024"] + ["x" if n == 7 else "" for _ in headers]
        for n in range(1, 20)
    ]
    text = "".join(",".join(r) + "\n" for r in rows)
    report = load(base, [write(tmp_path, "subsidies.csv", text)], allow_rejects=True)
    assert report.parts[0].fast_path
    assert not target.exists()
    assert sorted(r.column for r in report.rejects) == sorted(headers)
    assert {r.line for r in report.rejects} == {8}
    assert table(base, "SELECT count(*) FROM grant_award") == [(18,)]


def test_hostile_xlsx_headers_and_sheet_name(base: Path, tmp_path: Path):
    from openpyxl import Workbook

    target = tmp_path / "xlsx-injection.csv"
    headers = hostile_headers(target)
    book = Workbook()
    sheet = book.active
    sheet.title = "subsidies'; COPY"
    sheet.append(GRANT_COLUMNS + headers)
    sheet.append(GRANT_ROW + ["x"] + [None] * (len(headers) - 1))
    book.save(tmp_path / "subsidies.xlsx")
    report = load(base, [tmp_path / "subsidies.xlsx"])
    assert not target.exists()
    assert reasons(report) == [
        (2, 'Opmerking "intern"', "x", "onbekende kolom: niet in het sjabloon 'subsidies'")
    ]


def test_hostile_geojson_property_names(base: Path, tmp_path: Path):
    target = tmp_path / "geojson-injection.csv"
    props = {
        "gebiedscode": "BU99990103",
        "naam": "Nieuw",
        "niveau": "buurt",
        "bovenliggende_code": "WK999901",
        "grensjaar": 2024,
    }
    props.update({h: "x" for h in hostile_headers(target)})
    polygon = {"type": "Polygon", "coordinates": [[[5.0, 52.0], [5.01, 52.0], [5.01, 52.01], [5.0, 52.0]]]}
    doc = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": props, "geometry": polygon}],
    }
    report = load(base, [write(tmp_path, "gebieden-extra.geojson", json.dumps(doc))])
    assert not target.exists()
    assert sorted(r.column for r in report.rejects) == sorted(hostile_headers(target))
    assert {r.line for r in report.rejects} == {1}


def _gpkg(path: Path, table_name: str) -> Path:
    """A minimal GeoPackage with one feature layer named `table_name`, one WGS84 square."""
    import shapely

    wkb = shapely.to_wkb(shapely.box(5.0, 52.0, 5.01, 52.01))
    blob = b"GP\x00\x00" + (4326).to_bytes(4, "little") + wkb  # no envelope
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE gpkg_contents (table_name TEXT, data_type TEXT)")
    con.execute("CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, srs_id INTEGER)")
    con.execute("INSERT INTO gpkg_contents VALUES (?, 'features')", [table_name])
    con.execute("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 4326)", [table_name])
    quoted = '"' + table_name.replace('"', '""') + '"'
    con.execute(f"CREATE TABLE {quoted} (geom BLOB, buurtcode TEXT)")
    con.execute(f"INSERT INTO {quoted} VALUES (?, 'BU99990101')", [blob])  # noqa: S608 (test fixture)
    con.commit()
    con.close()
    return path


def test_geopackage_table_name_with_quotes_is_read_as_a_name(tmp_path: Path):
    target = tmp_path / "gpkg-injection.db"
    name = f"buurten\" WHERE 0; ATTACH '{target}' AS x; --"
    found = geo.read_gpkg(_gpkg(tmp_path / "buurten.gpkg", name))
    assert [p["buurtcode"] for p in found.properties] == ["BU99990101"]
    assert not target.exists()


def test_geopackage_naming_a_layer_that_is_no_table_is_refused(tmp_path: Path):
    path = _gpkg(tmp_path / "buurten.gpkg", "buurten")
    con = sqlite3.connect(path)
    con.execute("UPDATE gpkg_contents SET table_name = 'sqlite_master'")
    con.execute("UPDATE gpkg_geometry_columns SET table_name = 'sqlite_master'")
    con.commit()
    con.close()
    with pytest.raises(geo.GeoError, match="laag die niet als tabel bestaat"):
        geo.read_gpkg(path)


# -- 2. Every fault is a located reject or a one-line error -------------------------------------------

INIT_HEADER = "initiatiefcode,naam,organisatiecode,themas,vorm,startdatum,einddatum,status,buurten\n"


def test_the_same_key_in_two_files_of_one_load_is_a_located_reject(base: Path, tmp_path: Path):
    row = "INI5,Dubbel,ORG1,voedsel,stichting,01-01-2022,,startend,BU99990101\n"
    first = write(tmp_path, "initiatieven-a.csv", INIT_HEADER + row)
    second = write(tmp_path, "initiatieven-b.csv", INIT_HEADER + row)
    report = load(base, [first, second])
    assert not report.published
    batch_a = next(p.batch_id for p in report.parts if p.source_name == "initiatieven-a.csv")
    assert reasons(report) == [
        (2, "initiatiefcode", "INI5", f"sleutel bestaat al: geladen uit initiatieven-a.csv (batch {batch_a})")
    ]
    assert report.rejects[0].file_name == "initiatieven-b.csv"
    con = attempts.history(base)
    assert con.execute("SELECT reason FROM rejected_row WHERE line = 2").fetchall() == [
        (reasons(report)[0][3],)
    ]


def test_a_field_longer_than_csvs_default_limit_loads(base: Path, tmp_path: Path):
    """A detailed boundary: one geometry of about 400,000 characters in a plain (Python-read) CSV."""
    import math

    ring = [
        [
            round(5.0 + 0.01 * math.cos(2 * math.pi * i / 20_000), 7),
            round(52.0 + 0.01 * math.sin(2 * math.pi * i / 20_000), 7),
        ]
        for i in range(20_000)
    ]
    ring.append(ring[0])
    geometry = json.dumps({"type": "Polygon", "coordinates": [ring]}, separators=(",", ":"))
    assert len(geometry) > 131_072
    text = (
        "gebiedscode;naam;niveau;bovenliggende_code;grensjaar;geometrie\n"
        f'BU99990103;Rond;buurt;WK999901;2024;"{geometry.replace(chr(34), chr(34) * 2)}"\n'
    )
    report = load(base, [write(tmp_path, "gebieden-rond.csv", text)])
    assert report.published, reasons(report)
    assert table(base, "SELECT length(geometry) > 100000 FROM area WHERE code = 'BU99990103'") == [(True,)]


def _xlsx(path: Path, rows: int = 2000) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "subsidies"
    sheet.append(GRANT_COLUMNS)
    for n in range(rows):
        sheet.append([f"S{n}", "FIN1", "INI1", 10, "01-01-2024"])
    book.save(path)
    return path


def _rewrite_zip(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, change(info.filename, old.read(info.filename)))
    return target


def test_a_truncated_xlsx_sheet_is_refused_with_its_place(base: Path, tmp_path: Path):
    good = _xlsx(tmp_path / "good.xlsx")
    cut = _rewrite_zip(
        good,
        tmp_path / "subsidies.xlsx",
        lambda name, data: data[: len(data) // 2] if "worksheets/sheet" in name else data,
    )
    report = load(base, [cut])
    assert not report.published
    [reject] = report.rejects
    assert reject.file_name == "subsidies.xlsx" and reject.line is None
    assert "is niet leesbaar na rij" in reject.reason and "afgebroken" in reject.reason
    assert table(base, "SELECT count(*) FROM grant_award") == [(0,)]


def test_a_truncated_360giving_xlsx_is_refused_with_its_place(tmp_path: Path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "grants"
    book.active.append(["Identifier", "Title", "Currency", "Amount Awarded", "Award Date"])
    for n in range(3000):
        book.active.append([f"360G-x-{n}", f"Subsidie {n}", "EUR", 1000 + n, "2024-01-01"])
    book.save(tmp_path / "good.xlsx")
    cut = _rewrite_zip(
        tmp_path / "good.xlsx",
        tmp_path / "grants.xlsx",
        lambda name, data: data[: len(data) // 2] if "worksheets/sheet" in name else data,
    )
    report = load(tmp_path / "h", [cut], file_format="360giving")
    assert not report.published
    [reject] = report.rejects
    assert reject.line is None and "is niet leesbaar na rij" in reject.reason


def test_a_truncated_xlsx_file_is_refused(base: Path, tmp_path: Path):
    good = _xlsx(tmp_path / "good.xlsx").read_bytes()
    report = load(base, [write(tmp_path, "subsidies.xlsx", good[: len(good) // 2])])
    assert not report.published
    assert [r.reason for r in report.rejects][0].startswith("geen leesbaar XLSX-bestand")


def test_xlsx_with_an_entity_expansion_is_refused(base: Path, tmp_path: Path):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )

    def change(name: str, data: bytes) -> bytes:
        if "worksheets/sheet" in name:  # openpyxl writes no XML declaration: the DTD goes first
            return bomb + (data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data)
        return data

    path = _rewrite_zip(_xlsx(tmp_path / "good.xlsx"), tmp_path / "subsidies.xlsx", change)
    report = load(base, [path])
    assert not report.published
    assert reasons(report) == [(None, None, None, "geen leesbaar XLSX-bestand (EntitiesForbidden)")]


def test_xlsx_that_unpacks_beyond_the_cap_is_refused_before_parsing(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("WIJKWAARDE_MAX_XLSX_XML_MB", "1")
    padded = _rewrite_zip(
        _xlsx(tmp_path / "good.xlsx"),
        tmp_path / "subsidies.xlsx",
        lambda name, data: (
            data.replace(b"<sheetData>", b"<sheetData>" + b" " * (3 << 20)) if "sheet1" in name else data
        ),
    )
    assert padded.stat().st_size < (1 << 20)  # small on disk, 3 MB unpacked
    report = load(base, [padded])
    assert [r.reason for r in report.rejects] == [
        "XLSX-bestand pakt uit tot 3 MB, meer dan de limiet van 1 MB (WIJKWAARDE_MAX_XLSX_XML_MB; mogelijk een zip-bom)"
    ]


@pytest.mark.parametrize(
    ("doc", "reason"),
    [
        ({"type": "FeatureCollection", "features": {"a": 1}}, "GeoJSON: 'features' moet een lijst zijn"),
        ({"type": "FeatureCollection", "features": "abc"}, "GeoJSON: 'features' moet een lijst zijn"),
        ("nested", "ongeldige JSON: te diep genest"),
    ],
    ids=["features-object", "features-string", "nested-100000"],
)
def test_malformed_geojson_is_refused_in_one_line(base: Path, tmp_path: Path, doc, reason: str):
    text = (
        '{"type":"FeatureCollection","features":' + "[" * 100_000 + "]" * 100_000 + "}"
        if doc == "nested"
        else json.dumps(doc)
    )
    report = load(base, [write(tmp_path, "gebieden-x.geojson", text)])
    assert not report.published
    assert reasons(report) == [(None, None, None, reason)]


def test_geojson_feature_whose_properties_is_a_list_is_rejected_on_its_line(base: Path, tmp_path: Path):
    good = {
        "gebiedscode": "BU99990103",
        "naam": "Nieuw",
        "niveau": "buurt",
        "bovenliggende_code": "WK999901",
        "grensjaar": 2024,
    }
    features = [
        {"type": "Feature", "properties": good, "geometry": None},
        {"type": "Feature", "properties": ["BU99990104", "Lijst"], "geometry": None},
    ]
    report = load(
        base,
        [
            write(
                tmp_path,
                "gebieden-x.geojson",
                json.dumps({"type": "FeatureCollection", "features": features}),
            )
        ],
    )
    assert_accounted(report)
    assert {r.line for r in report.rejects} == {2}
    assert report.parts[0].rows_loaded == 1


def test_boundary_geojson_with_features_not_a_list_is_a_geo_error(tmp_path: Path):
    path = write(tmp_path, "grenzen.geojson", json.dumps({"type": "FeatureCollection", "features": {"x": 1}}))
    with pytest.raises(geo.GeoError, match="moet een lijst zijn"):
        geo.read_geojson(path)
    nested = write(tmp_path, "diep.geojson", "[" * 100_000 + "]" * 100_000)
    with pytest.raises(geo.GeoError, match="te diep genest"):
        geo.read_geojson(nested)


def test_too_little_free_space_refuses_before_copying(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    version = wh.current_version(base)
    monkeypatch.setenv("WIJKWAARDE_MIN_FREE_MB", str(10**9))  # a petabyte margin: no disk has that free
    with pytest.raises(wh.NotEnoughSpace, match="te weinig vrije schijfruimte"):
        load(
            base,
            [write(tmp_path, "subsidies.csv", ";".join(GRANT_COLUMNS) + "\n" + ";".join(GRANT_ROW) + "\n")],
        )
    assert wh.current_version(base) == version
    assert wh.leftovers(base) == []
    result = run_cli(base, "load", str(tmp_path / "subsidies.csv"))
    assert result.returncode == 1
    assert (
        "te weinig vrije schijfruimte" in result.stderr and "Traceback" not in result.stderr + result.stdout
    )


@pytest.fixture
def small_disk(tmp_path: Path):
    """A real full disk: a tmpfs of a few megabytes (needs root; skipped where mount is not allowed)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_one_line_and_leaves_no_partial_file(small_disk: Path, tmp_path: Path):
    home = small_disk / "warehouse"
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in BASE_FILES.items():
        write(folder, name, text)
    free_check_off = {"WIJKWAARDE_MIN_FREE_MB": "0"}  # let DuckDB itself run into the full disk
    assert run_cli(home, "load", str(folder), **free_check_off).returncode == 0
    version = wh.current_version(home)
    # fill the disk, leaving room for the copy of the database and little more: the load runs out
    filler = small_disk / "filler"
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    filler.write_bytes(b"\0" * max(free - version.stat().st_size - (512 << 10), 0))
    lines = ["initiatiefcode,naam,organisatiecode,themas,vorm,startdatum,einddatum,status,buurten\n"]
    lines += [
        f"G{i},Groot initiatief nummer {i},ORG1,voedsel,stichting,01-01-2020,,groeiend,BU99990101\n"
        for i in range(100_000)
    ]
    big = write(tmp_path, "initiatieven-groot.csv", "".join(lines))
    result = run_cli(home, "load", str(big), **free_check_off)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "schijf vol tijdens de load" in result.stderr
    assert "Traceback" not in output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert wh.current_version(home) == version
    assert wh.leftovers(home) == []
    assert sorted(p.name for p in (home / "versions").iterdir()) == [version.name]


def test_an_unexpected_error_is_one_dutch_line_with_a_log_and_exit_2(tmp_path: Path):
    home = write(tmp_path, "not-a-folder", "a file where the warehouse folder should be")
    data = write(tmp_path, "subsidies.csv", ";".join(GRANT_COLUMNS) + "\n" + ";".join(GRANT_ROW) + "\n")
    result = run_cli(home, "load", str(data))
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Onverwachte fout:") and "details in " in line
    log = Path(line.split("details in ")[1].strip())
    assert "Traceback" in log.read_text(encoding="utf-8")
    log.unlink()
    debug = run_cli(home, "--debug", "load", str(data))
    assert debug.returncode == 1 and "Traceback" in debug.stderr


# -- 4. Only regular files, and empty means failure ----------------------------------------------------


def test_links_to_devices_and_outside_files_are_refused_unread(base: Path, tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "gebieden.csv").symlink_to("/dev/zero")
    (folder / "organisaties.csv").symlink_to("/etc/passwd")
    os.mkfifo(folder / "financiers.csv")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(folder / "indicatoren.csv"))  # a socket: never opened either
    good = write(folder, "subsidies.dat", ";".join(GRANT_COLUMNS) + "\n" + ";".join(GRANT_ROW) + "\n")
    (folder / "subsidies.csv").symlink_to(good.name)  # a link inside the folder is fine
    result = run_cli(base, "load", str(folder), timeout=60)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "root:" not in output
    assert "Overgeslagen (formaat niet ondersteund): subsidies.dat" in result.stderr
    con = attempts.history(base)
    rows = con.execute(
        "SELECT file_name, line, reason FROM rejected_row WHERE reason NOT LIKE 'sleutel%' ORDER BY file_name"
    ).fetchall()
    assert (
        "gebieden.csv",
        None,
        "koppeling (symlink) naar /dev/zero buiten de invoermap: niet gelezen",
    ) in rows
    assert (
        "financiers.csv",
        None,
        "geen gewoon bestand (map, apparaat, FIFO of socket): niet gelezen",
    ) in rows
    assert ("indicatoren.csv", None, NOT_REGULAR) in rows
    server.close()
    assert (
        "organisaties.csv",
        None,
        "koppeling (symlink) naar /etc/passwd buiten de invoermap: niet gelezen",
    ) in rows
    assert not con.execute("SELECT 1 FROM rejected_row WHERE value LIKE '%root%'").fetchall()
    statuses = dict(
        con.execute(
            "SELECT source_name, status FROM load_batch WHERE load_id = (SELECT max(load_id) FROM load_batch)"
        ).fetchall()
    )
    assert statuses["subsidies.csv"] == "niet gepubliceerd"


def test_a_given_link_out_of_its_folder_is_refused_too(base: Path, tmp_path: Path):
    link = tmp_path / "in" / "subsidies.csv"
    link.parent.mkdir()
    link.symlink_to("/etc/passwd")
    report = load(base, [link])
    assert reasons(report) == [
        (None, None, None, "koppeling (symlink) naar /etc/passwd buiten de invoermap: niet gelezen")
    ]


def test_a_file_over_the_size_limit_is_refused(base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("WIJKWAARDE_MAX_FILE_MB", "1")
    path = write(
        tmp_path, "subsidies.csv", ";".join(GRANT_COLUMNS) + "\n" + ("S1;FIN1;INI1;10;01-01-2024\n" * 60_000)
    )
    report = load(base, [path])
    assert reasons(report) == [
        (None, None, None, "bestand is 1 MB, groter dan de limiet van 1 MB (WIJKWAARDE_MAX_FILE_MB)")
    ]


def test_an_empty_folder_or_only_unsupported_files_is_a_failure_that_names_them(base: Path, tmp_path: Path):
    empty = tmp_path / "leeg"
    empty.mkdir()
    result = run_cli(base, "load", str(empty))
    assert result.returncode == 1
    assert "niets te laden" in result.stderr and "alle bestanden waren al geladen" not in result.stdout
    other = tmp_path / "andere"
    other.mkdir()
    for name in ("begroting.ods", "oud.xls", "lijst.tsv"):
        write(other, name, "a\tb\n")
    result = run_cli(base, "load", str(other))
    assert result.returncode == 1
    for name in ("begroting.ods", "oud.xls", "lijst.tsv"):
        assert name in result.stderr
    with pytest.raises(NothingToLoad):
        load(base, [other])


def test_a_second_load_waits_with_wait_and_is_refused_at_once_without(base: Path, tmp_path: Path):
    data = write(tmp_path, "subsidies.csv", ";".join(GRANT_COLUMNS) + "\n" + ";".join(GRANT_ROW) + "\n")
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with wh.lock(base):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    try:
        refused = run_cli(base, "load", str(data))
        assert refused.returncode == 3 and "er loopt al een load" in refused.stderr
        threading.Timer(1.0, release.set).start()
        waited = run_cli(base, "load", "--wait", "60", str(data))
        assert waited.returncode == 0, waited.stdout + waited.stderr
    finally:
        release.set()
        holder.join()
    assert table(base, "SELECT code FROM grant_award") == [("S1",)]


# -- 5. A refused load costs little ------------------------------------------------------------------


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "build"])
def test_a_refused_load_adds_no_version_and_is_on_record(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dry_run: bool
):
    monkeypatch.setenv("WIJKWAARDE_DRY_RUN_MIN_MB", "0" if dry_run else "100000")
    versions = sorted(p.name for p in (base / "versions").iterdir())
    bad = write(tmp_path, "subsidies.csv", ";".join(GRANT_COLUMNS) + "\nS1;FIN1;INI404;tien;01-01-2024\n")
    report = load(base, [bad])
    assert report.dry_run is dry_run
    assert not report.published
    assert sorted(p.name for p in (base / "versions").iterdir()) == versions
    batch = report.parts[0].batch_id
    shown = run_cli(base, "rejects", str(batch))
    assert shown.returncode == 0 and "tien" in shown.stdout and "INI404" in shown.stdout
    status = run_cli(base, "status")
    assert "afgewezen" in status.stdout
    # numbering continues after the refused batch, and a good file then publishes
    good = write(tmp_path, "subsidies.csv", ";".join(GRANT_COLUMNS) + "\n" + ";".join(GRANT_ROW) + "\n")
    after = load(base, [good])
    assert after.published and after.parts[0].batch_id == batch + 1
    assert after.load_id == report.load_id + 1


def test_a_dry_run_finds_the_same_rejects_as_the_real_load(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Key conflicts with published rows, with a superseded version and between files of one load."""
    header = ";".join(GRANT_COLUMNS) + "\n"
    published = header + "S1;FIN1;INI1;10;01-01-2024\nS2;FIN1;INI1;20;01-01-2024\n"
    assert load(base, [write(tmp_path, "subsidies.csv", published)]).published
    obs = "initiatiefcode,indicatorcode,buurtcode,periode_start,periode_eind,waarde\n"
    obs_row = "INI1,deelnemers,BU99990101,01-01-2024,31-03-2024,{}\n"
    assert load(base, [write(tmp_path, "waarnemingen.csv", obs + obs_row.format(5))]).published
    folder = tmp_path / "next"
    folder.mkdir()
    # a new version of subsidies.csv (S1 again is no conflict: its old batch is superseded), a second
    # file with a key of that new version and one already published, observations that repeat a key
    write(folder, "subsidies.csv", header + "S1;FIN1;INI1;11;01-01-2024\nS3;FIN1;INI1;tien;01-01-2024\n")
    write(folder, "subsidies_z.csv", header + "S1;FIN1;INI1;12;01-01-2024\nS4;FIN1;INI1;12;01-01-2024\n")
    write(folder, "waarnemingen-b.csv", obs + obs_row.format(6) + obs_row.format(7).replace("INI1", "INI9"))
    found = {}
    for dry_run in (True, False):
        home = tmp_path / f"copy-{dry_run}"
        shutil.copytree(base, home, symlinks=True)
        monkeypatch.setenv("WIJKWAARDE_DRY_RUN_MIN_MB", "0" if dry_run else "100000")
        report = load(home, [folder])
        assert report.dry_run is dry_run and not report.published
        found[dry_run] = sorted((r.file_name, r.line, r.column, r.value, r.reason) for r in report.rejects)
    assert found[True] == found[False]
    assert found[True] == [
        ("subsidies.csv", 3, "bedrag", "tien", NUMBER_NL),
        (
            "subsidies_z.csv",
            2,
            "subsidiecode",
            "S1",
            "sleutel bestaat al: geladen uit subsidies.csv (batch 8)",
        ),
        (
            "waarnemingen-b.csv",
            2,
            "initiatiefcode, indicatorcode, buurtcode, periode_start",
            "INI1 | deelnemers | BU99990101 | 2024-01-01",
            "sleutel bestaat al: geladen uit waarnemingen.csv (batch 7)",
        ),
        (
            "waarnemingen-b.csv",
            3,
            "initiatiefcode",
            "INI9",
            "onbekende initiatiefcode: niet geladen als initiatief",
        ),
    ]


def test_a_dry_run_that_passes_is_followed_by_the_real_load(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("WIJKWAARDE_DRY_RUN_MIN_MB", "0")
    row = "INI7,Nieuw,ORG1,voedsel,stichting,01-01-2022,,startend,BU99990101\n"
    report = load(base, [write(tmp_path, "initiatieven-nieuw.csv", INIT_HEADER + row)])
    assert report.published, reasons(report)
    assert table(base, "SELECT code FROM initiative ORDER BY code") == [("INI1",), ("INI7",)]


def test_status_reports_partial_files_left_behind(base: Path):
    leftover = base / "versions" / "wijkwaarde-000099.duckdb.building"
    leftover.write_bytes(b"x" * 10)
    result = run_cli(base, "status")
    assert result.returncode == 0
    assert (
        "Achtergebleven deelbestand" in result.stderr and "wijkwaarde-000099.duckdb.building" in result.stderr
    )


def test_status_and_rejects_work_when_only_refused_loads_exist(tmp_path: Path):
    home = tmp_path / "nieuw"
    bad = write(tmp_path, "subsidies.csv", ";".join(GRANT_COLUMNS) + "\nS1;FIN1;INI1;tien;01-01-2024\n")
    assert run_cli(home, "load", str(bad)).returncode == 1
    assert not wh.published_path(home).exists()
    status = run_cli(home, "status")
    assert status.returncode == 0 and "afgewezen" in status.stdout
    assert "tien" in run_cli(home, "rejects", "1").stdout


def test_cbs_boundaries_refuses_a_device_as_file(tmp_path: Path):
    result = run_cli(tmp_path / "h", "cbs", "boundaries", "--year", "2024", "--file", "/dev/zero", timeout=60)
    assert result.returncode == 1
    assert "geen gewoon bestand" in result.stderr


def test_a_killed_second_process_waiting_does_not_block(base: Path, tmp_path: Path):
    """--wait polls without holding anything: killing a waiting load leaves the warehouse usable."""
    data = write(tmp_path, "subsidies.csv", ";".join(GRANT_COLUMNS) + "\n" + ";".join(GRANT_ROW) + "\n")
    with wh.lock(base):
        env = {**os.environ, "WIJKWAARDE_HOME": str(base)}
        waiting = subprocess.Popen(
            [sys.executable, "-m", "wijkwaarde.cli", "load", "--wait", "60", str(data)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.5)
        waiting.kill()
        waiting.wait(10)
    assert load(base, [data]).published
