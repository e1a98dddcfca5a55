"""`wijkwaarde ship`: a published version copied to a serving host's warehouse and published there atomically."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from dashboard.repository.reader import DuckDBReader
from etl import ship as shipping
from etl import warehouse as wh
from tests.conftest import build_warehouse
from wijkwaarde.cli import app

ROOT = Path(__file__).resolve().parents[2]
V1, V2 = "wijkwaarde-000001.duckdb", "wijkwaarde-000002.duckdb"
runner = CliRunner()


@pytest.fixture(autouse=True)
def wide_console():
    from wijkwaarde import cli

    for console in (cli.console, cli.errors):
        console.width = 300


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return build_warehouse(tmp_path / "bron")  # version 1: INI1-INI4


@pytest.fixture
def host(tmp_path: Path) -> Path:
    folder = tmp_path / "host"
    folder.mkdir()
    return folder


def codes(home: Path) -> set[str]:
    con = duckdb.connect(str(wh.published_path(home).resolve()), read_only=True)
    try:
        return {row[0] for row in con.execute("SELECT code FROM initiative").fetchall()}
    finally:
        con.close()


def snapshot(home: Path) -> dict:
    """Every entry of a warehouse folder with what a change would alter (link target, inode, size, mtime)."""
    found = {}
    for path in sorted(home.rglob("*")):
        if path.name == ".lock":
            continue
        info = path.lstat()
        found[str(path.relative_to(home))] = (
            os.readlink(path) if path.is_symlink() else None,
            info.st_ino,
            info.st_size,
            info.st_mtime_ns,
        )
    return found


def test_a_ship_to_an_empty_folder_publishes_the_same_version_with_the_same_bytes(source: Path, host: Path):
    done = shipping.ship(source, host)
    assert (done.version, done.copied, done.published) == (V1, True, True)
    assert wh.current_version(host) == host / "versions" / V1
    assert (host / "versions" / V1).read_bytes() == (source / "versions" / V1).read_bytes()
    assert shipping.file_digest(source / "versions" / V1) == (done.size, done.sha256)
    reader = DuckDBReader(host)
    assert reader.version() == DuckDBReader(source).version(), "the shared cache sees one version name"
    assert codes(host) == {"INI1", "INI2", "INI3", "INI4"}
    assert wh.leftovers(host) == []


def test_a_new_version_moves_the_host_and_the_previous_one_stays_for_readers_that_lag(
    source: Path, host: Path
):
    shipping.ship(source, host)
    build_warehouse(source, version=2, extra_initiative=True)
    done = shipping.ship(source, host)
    assert (done.version, done.copied, done.published) == (V2, True, True)
    assert wh.current_version(host) == host / "versions" / V2
    assert "INI5" in codes(host)
    assert (host / "versions" / V1).exists()


def test_shipping_the_same_version_twice_changes_nothing(source: Path, host: Path):
    shipping.ship(source, host)
    before = snapshot(host)
    done = shipping.ship(source, host)
    assert (done.copied, done.published) == (False, False)
    assert snapshot(host) == before


def test_an_older_version_is_published_again_without_copying(source: Path, host: Path):
    shipping.ship(source, host)
    build_warehouse(source, version=2, extra_initiative=True)
    shipping.ship(source, host)
    done = shipping.ship(source, host, version="1")  # going back after a bad version
    assert (done.version, done.copied, done.published) == (V1, False, True)
    assert wh.current_version(host) == host / "versions" / V1
    assert "INI5" not in codes(host)


@pytest.mark.parametrize("text", ["1", "000001", "wijkwaarde-000001", V1, " 1 "])
def test_a_version_can_be_named_by_number_or_file_name(source: Path, host: Path, text: str):
    assert shipping.ship(source, host, version=text).version == V1


def refused(source: Path, target: Path, version: str | None = None) -> str:
    before = snapshot(target) if target.is_dir() else None
    with pytest.raises(shipping.ShipRefused) as caught:
        shipping.ship(source, target, version)
    if before is not None:
        assert snapshot(target) == before, "a refused ship changes nothing"
    return str(caught.value)


def test_a_target_that_is_not_a_warehouse_is_refused(source: Path, tmp_path: Path):
    assert "geen warehouse: de map bestaat niet" in refused(source, tmp_path / "nergens")
    documents = tmp_path / "documenten"
    documents.mkdir()
    (documents / "notulen.docx").write_text("raad")
    message = refused(source, documents)
    assert "geen warehouse" in message and "versions/" in message
    assert "hetzelfde warehouse als de bron" in refused(source, source)


def test_a_version_that_is_not_published_is_refused(source: Path, host: Path, tmp_path: Path):
    message = refused(source, host, "7")
    assert "wijkwaarde-000007.duckdb is niet gepubliceerd" in message and V1 in message
    assert "is geen versie" in refused(source, host, "../../etc/passwd")
    empty = tmp_path / "leeg"
    empty.mkdir()
    assert "niets gepubliceerd" in refused(empty, host)


def test_a_version_the_host_holds_with_other_bytes_is_refused(source: Path, host: Path, tmp_path: Path):
    build_warehouse(host)  # the host loaded a version 1 of its own: the shared cache would mix them
    other = build_warehouse(tmp_path / "ander", extra_initiative=True)
    message = refused(other, host)
    assert "al een versie wijkwaarde-000001.duckdb met andere inhoud" in message
    assert "INI5" not in codes(host)


def test_a_copy_that_does_not_match_the_source_is_not_published(
    source: Path, host: Path, monkeypatch: pytest.MonkeyPatch
):
    shipping.ship(source, host)
    build_warehouse(source, version=2, extra_initiative=True)
    copy = shipping.copy_file

    def damaged(src: Path, build: Path, progress=None):
        found = copy(src, build, progress)
        with open(build, "r+b") as handle:  # one flipped byte, as a bad disk or network would
            handle.seek(4096)
            byte = handle.read(1)
            handle.seek(4096)
            handle.write(bytes([byte[0] ^ 0xFF]))
        return found

    monkeypatch.setattr(shipping, "copy_file", damaged)
    with pytest.raises(shipping.ShipRefused, match="de kopie van wijkwaarde-000002.duckdb klopt niet"):
        shipping.ship(source, host)
    assert wh.current_version(host) == host / "versions" / V1
    assert not (host / "versions" / V2).exists()
    assert wh.leftovers(host) == []


def test_a_killed_ship_leaves_the_published_version_and_the_next_ship_completes(source: Path, host: Path):
    shipping.ship(source, host)
    build_warehouse(source, version=2, extra_initiative=True)
    started = host.parent / "copying"
    # A real process, killed with SIGKILL halfway through the copy (it waits there, so the kill lands mid-copy).
    script = (
        "import sys, time, pathlib\n"
        "from etl import ship\n"
        "ship.CHUNK = 4096\n"
        "def progress(n):\n"
        "    if n >= 3 * 4096:\n"
        "        pathlib.Path(sys.argv[3]).touch()\n"
        "        time.sleep(60)\n"
        "ship.ship(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), progress=progress)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, str(source), str(host), str(started)], cwd=ROOT)
    deadline = time.monotonic() + 60
    while not started.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert started.exists(), "the ship never reached the copy"
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=10) == -signal.SIGKILL

    assert wh.current_version(host) == host / "versions" / V1
    assert codes(host) == {"INI1", "INI2", "INI3", "INI4"}
    assert [p.name for p in wh.leftovers(host)] == [V2 + wh.BUILDING_SUFFIX]
    assert not (host / "versions" / V2).exists()

    done = shipping.ship(source, host)  # the next ship removes the partial copy and completes
    assert (done.version, done.copied) == (V2, True)
    assert "INI5" in codes(host)
    assert wh.leftovers(host) == []


def test_a_ship_waits_for_a_load_on_the_host_like_a_second_load(source: Path, host: Path):
    with wh.lock(host), pytest.raises(wh.LoadInProgress):
        shipping.ship(source, host)
    assert not wh.published_path(host).exists()


def test_the_command_ships_to_every_target_and_says_so_in_dutch(source: Path, tmp_path: Path):
    hosts = [tmp_path / "host-a", tmp_path / "host-b"]
    for folder in hosts:
        folder.mkdir()
    args = ["--home", str(source), "ship", "--to", str(hosts[0]), "--to", str(hosts[1])]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert first.output.count("Verzonden en gepubliceerd:") == 2 and V1 in first.output
    again = runner.invoke(app, args)
    assert again.exit_code == 0
    assert again.output.count("Niets gewijzigd:") == 2
    for folder in hosts:
        assert wh.current_version(folder) == folder / "versions" / V1


def test_the_command_refuses_in_one_dutch_line(source: Path, tmp_path: Path):
    result = runner.invoke(app, ["--home", str(source), "ship", "--to", str(tmp_path / "nergens")])
    assert result.exit_code == 1
    assert "Niet verzonden:" in result.output and "geen warehouse" in result.output
    host = tmp_path / "host"
    host.mkdir()
    result = runner.invoke(app, ["--home", str(source), "ship", "--to", str(host), "--version", "9"])
    assert result.exit_code == 1
    assert "wijkwaarde-000009.duckdb is niet gepubliceerd" in result.output
    with wh.lock(host):
        result = runner.invoke(app, ["--home", str(source), "ship", "--to", str(host)])
    assert result.exit_code == 3
    assert "er loopt al een load op dit warehouse" in result.output
