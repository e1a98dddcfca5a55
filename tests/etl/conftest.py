"""Fixtures for loader tests: a small valid base warehouse and helpers to write and load files."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl.loader import LoadReport, load

BASE_FILES = {
    "gebieden.csv": (
        "gebiedscode,naam,niveau,bovenliggende_code,grensjaar,oppervlakte_ha,fictief\n"
        "GM9999,Demostad (fictieve gegevens),gemeente,,2024,1200.5,ja\n"
        "WK999901,Centrum,wijk,GM9999,2024,,ja\n"
        "BU99990101,Centrum-Noord,buurt,WK999901,2024,40.2,ja\n"
        "BU99990102,Centrum-Zuid,buurt,WK999901,2024,35.1,ja\n"
    ),
    "organisaties.csv": "organisatiecode,naam\nORG1,Stichting Buurtkracht\n",
    "financiers.csv": "financiercode,naam,type\nFIN1,Gemeente Demostad (fictief),gemeente\n",
    "indicatoren.csv": (
        "indicatorcode,naam_nl,naam_en,eenheid,richting,toc_niveau,aggregatie,telt_personen,minimum,maximum\n"
        "deelnemers,Bereikte deelnemers,Participants reached,personen,hoger_beter,output,som,ja,0,100000\n"
    ),
    "initiatieven.csv": (
        "initiatiefcode,naam,organisatiecode,themas,vorm,startdatum,einddatum,status,buurten\n"
        "INI1,Buurtkeuken,ORG1,voedsel;eenzaamheid,wijkonderneming,01-03-2021,,groeiend,BU99990101;BU99990102\n"
    ),
}


def write(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "warehouse"


@pytest.fixture
def base(tmp_path: Path, home: Path) -> Path:
    """A warehouse with one gemeente, wijk, two buurten, an organisation, funder, indicator, initiative."""
    folder = tmp_path / "base"
    folder.mkdir()
    paths = [write(folder, name, text) for name, text in BASE_FILES.items()]
    report = load(home, paths)
    assert report.published, [r.reason for r in report.rejects]
    return home


def table(home: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str((home / "wijkwaarde.duckdb").resolve()), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def history(home: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Query load_batch and rejected_row of published and refused loads together (etl.attempts)."""
    from etl import attempts

    con = attempts.history(home)
    assert con is not None, f"no loads recorded in {home}"
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def reasons(report: LoadReport) -> list[tuple]:
    return [(r.line, r.column, r.value, r.reason) for r in report.rejects]


def assert_accounted(report: LoadReport) -> None:
    """Rows in = loaded + rejected, for every file."""
    for part in report.parts:
        assert part.rows_in == part.rows_loaded + part.rows_rejected, part
