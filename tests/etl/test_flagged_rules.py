"""Per-row rules run only over the rows that staging flags (etl/validate.py, Stager.collect).

The flags come from per-column dictionaries (each distinct value checked once) and cheaper tests
such as the per-code indicator bounds; a flag that missed a row would silently lose a reject. Here
seeded faulty files of every CSV template are loaded twice, normally and with every row flagged (so
every rule runs over every row, as before the flags existed), and must give the same rejects,
counts and loaded data.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

import etl.readers as readers
from etl.loader import load
from etl.validate import TABLE_KEYS, Stager
from tests.etl.conftest import BASE_FILES, assert_accounted, reasons, table, write

NASTY = [
    "",
    " ",
    " x ",
    "x",
    ".",
    "?",
    "-",
    "0",
    "-0",
    "12",
    " 12",
    "\u00a012",
    "1.234,5",
    "1,234.5",
    "12.5.0",
    "1,5",
    "1.5",
    "1.000",
    "1e5",
    "+1",
    "inf",
    "nan",
    "\uff11\uff12",
    "-1",
    "100001",
    "=1+1",
    "@x",
    "<b>hi</b>",
    "a\x01b",
    "x" * 201,
    "31-02-2020",
    "29-02-2020",
    "2020-02-30",
    "2020-01-01",
    "1-1-2020",
    "01-01-1800",
    "01-01-2099",
    "99-99-9999",
    "BU9999",
    "bu99990101",
    " BU99990101 ",
    "BU99990101",
    "BU99990102",
    "BU99990999",
    "WK999901",
    "GM9999",
    "ja",
    "nee",
    "JA",
    "misschien",
    "INI1",
    "ini1",
    "INI9",
    "INI 1",
    "a" * 65,
    "deelnemers",
    "DEELNEMERS",
    "onbekend",
    "gemeente",
    "buurt",
    "voedsel",
    "voedsel;eenzaamheid",
    "voedsel|zorg",
    "voedsel;voedsel",
    "3;3",
    "1;17;18",
    "BU99990101;BU99990102",
]
OBSERVATIONS = "initiatiefcode,indicatorcode,buurtcode,periode_start,periode_eind,waarde,doel\n" + "".join(
    f"INI1,deelnemers,BU9999010{1 + i % 2},{1 + i % 28:02d}-0{1 + i % 9}-2021,28-12-2021,{i * 7 % 500},{i % 3}\n"
    for i in range(60)
)
# Rows added after the mutations, each breaking one rule exactly once (the rest comes at random).
UNMUTATED = {
    "waarnemingen.csv": [
        "INI1,deelnemers,BU99990101,01-02-2022,28-02-2022,100001,",  # above the indicator's maximum
        "INI1,deelnemers,BU99990102,01-02-2022,28-02-2022,-1,",  # below its minimum
        "INI1,deelnemers,BU99990102,01-03-2022,28-02-2022,5,",  # ends before it starts
        "INI1,deelnemers,BU99990102,31-04-2022,30-05-2022,5,",  # a date that does not exist
    ],
}
FILES = {**BASE_FILES, "waarnemingen.csv": OBSERVATIONS}


def mutated(text: str, rng: random.Random) -> str:
    lines = text.rstrip("\n").split("\n")
    header, rows = lines[0], [line.split(",") for line in lines[1:]]
    rows += [list(rng.choice(rows)) for _ in range(2)]  # duplicate keys
    for row in rows:
        for j in range(len(row)):
            if rng.random() < 0.25:
                row[j] = rng.choice(NASTY).replace(",", " ")
    rng.shuffle(rows)
    return "\n".join([header] + [",".join(r) for r in rows]) + "\n"


def content(name: str, rng: random.Random) -> str:
    return mutated(FILES[name], rng) + "".join(line + "\n" for line in UNMUTATED.get(name, []))


def loaded(home: Path, entity: str) -> list[tuple]:
    return table(home, f"SELECT * EXCLUDE (batch_id) FROM {TABLE_KEYS[entity][0]} ORDER BY ALL")  # noqa: S608


@pytest.mark.parametrize("fast", [True, False], ids=["fast-path", "python-reader"])
@pytest.mark.parametrize("seed", range(2))
def test_flagged_rows_give_the_same_rejects_as_every_rule_over_every_row(
    seed, fast, base, tmp_path, monkeypatch
):
    monkeypatch.setattr(readers, "FAST_CSV_MIN_BYTES", 0 if fast else 1 << 62)
    rng = random.Random(seed)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in FILES:
        entity = name.removesuffix(".csv")
        # a file of another name keeps the base rows: its keys then also clash with loaded ones
        path = write(folder, f"{entity}-2.csv" if rng.random() < 0.3 else name, content(name, rng))
        results = {}
        for every_row in (False, True):
            home = tmp_path / f"{entity}-{every_row}"
            shutil.copytree(base, home, symlinks=True)
            monkeypatch.setattr(Stager, "flag_every_row", every_row)
            report = load(home, [path], allow_rejects=True)
            assert_accounted(report)
            counts = [(p.rows_in, p.rows_loaded, p.rows_rejected, p.status) for p in report.parts]
            results[every_row] = (reasons(report), counts, loaded(home, entity))
        assert results[False] == results[True], name
        assert results[False][0], f"{name}: the mutations should produce rejects"
