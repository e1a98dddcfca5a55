"""The real CBS files a user downloads, through `wijkwaarde cbs kerncijfers` as the user runs it: each loads
what the product's statistics catalogue knows, figures equal to the file's, or is refused with a reason."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from etl.cbs import kerncijfers as k
from tests.etl.cbs_cli import cli, wide_console  # noqa: F401 (autouse fixture)
from tests.etl.conftest import table
from tests.real_data import real_data

NABIJHEID = ("cbs-kwb-utrecht", "CBS-Utrecht_Nabijheid_voorzieningen__buurt_2023.csv")
SUPERMARKT = "Detailhandel/Winkels dagelijkse boodschappen/Afstand tot grote supermarkt (km)"
HUISARTS = "Gezondheid en welzijn/Huisartsenpraktijk/Afstand tot huisartsenpraktijk (km)"


def _statline_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def _figures(home: Path, stat: str, year: int) -> dict[str, float | None]:
    return dict(
        table(home, "SELECT area_code, value FROM area_stat WHERE stat_code = ? AND year = ?", [stat, year])
    )


def test_statline_nabijheid_loads_its_distances_equal_to_the_file_with_dot_as_missing(tmp_path: Path):
    home, path = tmp_path / "h", real_data(*NABIJHEID)
    result = cli(home, "cbs", "kerncijfers", "--year", "2023", "--file", str(path))
    assert result.exit_code == 0, result.output
    rows = [r for r in _statline_rows(path) if not r["Regioaanduiding/Codering (code)"].startswith("NL")]
    assert len(rows) == 122
    for stat, column in (("afstand_supermarkt", SUPERMARKT), ("afstand_huisarts", HUISARTS)):
        expected = {
            r["Regioaanduiding/Codering (code)"].strip(): None
            if r[column].strip() == "."
            else float(r[column].strip())
            for r in rows
        }
        assert _figures(home, stat, 2023) == expected
    assert sum(v is not None for v in _figures(home, "afstand_supermarkt", 2023).values()) == 120  # 2 are '.'
    assert set(_figures(home, "afstand_huisarts", 2023).values()) == {None}  # all '.' in this edition
    # what the catalogue has no statistic for is named, not dropped silently
    assert "108 kolom(men) zonder statistiek in Wijkwaarde, niet geladen" in result.output
    assert "afstand tot apotheek (km)" in result.output
    assert "1 regel(s) overgeslagen" in result.output  # Nederland (NL00)
    # the same file again changes nothing
    again = cli(home, "cbs", "kerncijfers", "--year", "2023", "--file", str(path))
    assert again.exit_code == 0 and "Niets gewijzigd" in again.output


def test_nabijheid_after_the_kwb_of_the_same_year_keeps_the_kwb_and_supplies_the_distances(tmp_path: Path):
    """Both are CBS files of GM0344 and 2023: the Nabijheid file is no newer KWB that replaces it whole."""
    home = tmp_path / "h"
    kwb = real_data("cbs-kwb-utrecht", "kwb-2023-utrecht.csv")
    assert cli(home, "cbs", "kerncijfers", "--year", "2023", "--file", str(kwb)).exit_code == 0
    result = cli(home, "cbs", "kerncijfers", "--year", "2023", "--file", str(real_data(*NABIJHEID)))
    assert result.exit_code == 0, result.output
    assert "vervangt 244 waarde(n) die ook in kwb-2023-utrecht.csv" in result.output
    assert _figures(home, "inwoners", 2023)["GM0344"] > 300_000  # the KWB's figures stay
    supermarkt = {
        r["Regioaanduiding/Codering (code)"].strip(): None
        if r[SUPERMARKT].strip() == "."
        else float(r[SUPERMARKT])
        for r in _statline_rows(real_data(*NABIJHEID))
        if not r["Regioaanduiding/Codering (code)"].startswith("NL")
    }
    assert _figures(home, "afstand_supermarkt", 2023) == supermarkt
    # the KWB again: it supplies what it holds, but its '.' (no distances yet) erases none of the distances
    again = cli(home, "cbs", "kerncijfers", "--year", "2023", "--file", str(kwb))
    assert again.exit_code == 0, again.output
    assert (
        "120 ontbrekende waarde(n) niet geladen: CBS-Utrecht_Nabijheid_voorzieningen__buurt_2023.csv"
        in again.output
    )
    assert _figures(home, "afstand_supermarkt", 2023) == supermarkt
    assert (
        cli(home, "cbs", "kerncijfers", "--year", "2023", "--file", str(kwb)).output.count("Niets gewijzigd")
        == 1
    )


def _woonikveilig_values(path: Path) -> dict[tuple[str, str], float | None]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    areas = [doc, *doc["wijken"], *doc["buurten"]]
    return {
        (area["code"], stat): area["demografie"].get(key)
        for area in areas
        for key, stat in k.WOONIKVEILIG_KEYS.items()
    }


def test_kwb_and_woonikveilig_of_one_gemeente_both_load_and_the_file_loaded_last_supplies_shared_figures(
    tmp_path: Path,
):
    home = tmp_path / "h"
    kwb = real_data("cbs-kwb-utrecht", "kwb-2024-utrecht.csv")
    site = real_data("woonikveilig-buurtindicatoren", "gemeente/GM0344.json")
    kwb_values = k.read_file(kwb, 2024).values
    site_values = _woonikveilig_values(site)

    def published() -> dict[tuple[str, str], float | None]:
        rows = table(home, "SELECT area_code, stat_code, value FROM area_stat WHERE year = 2024")
        return {(code, stat): value for code, stat, value in rows}

    first = cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", str(kwb))
    assert first.exit_code == 0, first.output
    second = cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", str(site))
    assert second.exit_code == 0, second.output
    assert "sleutel bestaat al" not in second.output
    assert re.search(r"Let op: .*vervangt \d+ waarde\(n\) die ook in kwb-2024-utrecht.csv", second.output)
    # a value the site lacks (null) keeps the KWB's figure, and says so
    assert (
        "14 ontbrekende waarde(n) niet geladen: kwb-2024-utrecht.csv heeft daar al een cijfer"
        in second.output
    )
    kwb_known = {(c, s): v for (c, _y, s), v in kwb_values.items() if v is not None}
    now = published()
    for (code, stat), value in site_values.items():  # the file loaded last, as written
        assert now[(code, stat)] == (kwb_known.get((code, stat)) if value is None else value)
    site_read = {(c, s): v for (c, y, s), v in k.read_file(site, 2024).values.items() if y == 2024}
    for key, value in site_read.items():  # its computed shares too
        assert now[key] == (kwb_known.get(key) if value is None else value)
    only_kwb = {(c, s): v for (c, _y, s), v in kwb_values.items() if (c, s) not in site_read}
    assert only_kwb and all(now[key] == value for key, value in only_kwb.items())  # the rest stays
    assert (
        table(home, "SELECT count(*) FROM v_area_stat WHERE stat_code = 'aandeel_goede_gezondheid'")[0][0] > 0
    )
    # loading the last file again changes nothing; the other file again makes it the last
    again = cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", str(site))
    assert again.exit_code == 0 and "Niets gewijzigd" in again.output
    back = cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", str(kwb))
    assert back.exit_code == 0, back.output
    assert "Let op" in back.output and "vervangt" in back.output
    # its figures are published again; a value it lacks ('.': the 2024 WOZ is preliminary) never erases one
    assert "ontbrekende waarde(n) niet geladen: GM0344.json heeft daar al een cijfer" in back.output
    now = published()
    site_read = {key: value for key, value in site_read.items() if value is not None}
    for (code, _y, stat), value in kwb_values.items():
        assert now[(code, stat)] == (site_read.get((code, stat)) if value is None else value)
    assert any(value is None and (c, s) in site_read for (c, _y, s), value in kwb_values.items())
    assert (
        cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", str(kwb)).output.count("Niets gewijzigd")
        == 1
    )
    counts = table(home, "SELECT count(*), count(DISTINCT (area_code, year, stat_code)) FROM area_stat")
    assert counts[0][0] == counts[0][1]  # every figure once


def test_statline_ses_woa_is_refused_naming_its_columns_and_its_year():
    path = real_data("cbs-ses-woa-amsterdam", "SES_WOA_scores_per_wijk_en_buurt_amsterdam_2019.csv")
    try:
        k.read_file(path, 2019)
    except k.KerncijfersError as exc:
        assert "geen statistieken gevonden die Wijkwaarde kent" in str(exc)
        assert "ses-woa/totaalscore/gemiddelde score (getal)" in str(exc)
    else:
        raise AssertionError("SES-WOA has no statistic of the catalogue")
    try:
        k.read_file(path, 2023)
    except k.KerncijfersError as exc:
        assert "het bestand is van 2019 (kolom Perioden), niet van 2023: geef --year 2019" in str(exc)
    else:
        raise AssertionError("a 2019 table is no 2023 table")


@pytest.mark.parametrize(
    ("year", "workbook"), [(2023, "CBS-Utrecht-kwb-2023.xlsx"), (2024, "CBS-Utrecht-kwb-2024.xlsx")]
)
def test_the_original_kwb_xlsx_publishes_every_figure_of_its_csv_export(
    tmp_path: Path, year: int, workbook: str
):
    """The 2023 workbook holds integers as text ('222298') and '.' for missing, the 2024 one another sheet
    name: what `cbs kerncijfers` publishes from each equals, value for value, the CSV export's text."""
    home = tmp_path / "h"
    result = cli(
        home, "cbs", "kerncijfers", "--year", str(year), "--file", str(real_data("cbs-kwb-utrecht", workbook))
    )
    assert result.exit_code == 0, result.output
    with open(
        real_data("cbs-kwb-utrecht", f"kwb-{year}-utrecht.csv"), encoding="utf-8", newline=""
    ) as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    expected = {
        (row["gwb_code_10"], stat): None if row[short].strip() == "." else float(row[short])
        for row in rows
        for stat, (short, _odata, _title) in k.VARIABLES.items()
    }
    published = table(home, "SELECT area_code, stat_code, value FROM area_stat WHERE year = ?", [year])
    raw = {(code, stat): value for code, stat, value in published if stat in k.VARIABLES}
    assert raw == expected and len(raw) == 122 * len(k.VARIABLES)
    names = dict(table(home, "SELECT code, name FROM area"))
    assert names == {row["gwb_code_10"]: row["regio"].strip() for row in rows}


def test_the_odata_json_names_the_statistics_it_lacks_and_the_keys_it_does_not_take(tmp_path: Path):
    path = real_data("cbs-kwb2024-gemeente-wijk", "stripped_filtered_data_2024.json")
    result = cli(tmp_path / "h", "cbs", "kerncijfers", "--year", "2024", "--file", str(path))
    assert result.exit_code == 0, result.output
    assert (
        "kolommen niet gevonden, deze cijfers worden niet geladen: inwoners_0_14 (k_0Tot15Jaar)"
        in result.output
    )
    assert "4 kolom(men) zonder statistiek in Wijkwaarde, niet geladen:" in result.output
    assert all(
        key in result.output
        for key in ("Mannen_6", "Vrouwen_7", "OppervlakteTotaal_122", "OppervlakteWater_124")
    )
    doc = json.loads(path.read_text(encoding="utf-8"))
    published = table(tmp_path / "h", "SELECT area_code, stat_code, value FROM area_stat")
    keys = {"inwoners": "AantalInwoners_5", "bevolkingsdichtheid": "Bevolkingsdichtheid_34"}
    keys |= {"woningvoorraad": "Woningvoorraad_35", "oppervlakte_land_ha": "OppervlakteLand_123"}
    assert {(c, s): v for c, s, v in published} == {
        (code, stat): record[key] for code, record in doc.items() for stat, key in keys.items()
    }


def test_a_woonikveilig_file_given_another_year_than_its_kerncijfers_edition_is_refused(tmp_path: Path):
    """GM0344.json holds the KWB 2024 ('bronnen.kerncijfers'): as --year 2023 it would publish 2024's
    figures as 2023's."""
    site = real_data("woonikveilig-buurtindicatoren", "gemeente/GM0344.json")
    result = cli(tmp_path / "h", "cbs", "kerncijfers", "--year", "2023", "--file", str(site))
    assert result.exit_code == 1, result.output
    assert "bevat de Kerncijfers van 2024" in result.output and "geef --year 2024" in result.output
    assert not (tmp_path / "h" / "wijkwaarde.duckdb").exists()


def test_an_odata_table_given_another_year_than_its_tableinfos_edition_is_refused(tmp_path: Path):
    path = real_data("cbs-kwb2024-gemeente-wijk", "stripped_filtered_data_2024.json")
    result = cli(tmp_path / "h", "cbs", "kerncijfers", "--year", "2023", "--file", str(path))
    assert result.exit_code == 1, result.output
    assert "Kerncijfers wijken en buurten 2024" in result.output and "geef --year 2024" in result.output


@pytest.mark.parametrize("dry_run_first", [False, True])
def test_shared_figures_over_a_warehouse_from_before_origins_load_and_notes_name_the_users_files(
    tmp_path: Path, monkeypatch, dry_run_first: bool
):
    """A warehouse published before load_batch.origin (the user's own file of a generated batch): loading the
    other kind of file over it must not crash (it did, reading the missing column, also in the read-only dry
    run a large warehouse gets); in a current warehouse the notes name the user's file, not the template."""
    import duckdb

    kwb = real_data("cbs-kwb-utrecht", "kwb-2024-utrecht.csv")
    site = real_data("woonikveilig-buurtindicatoren", "gemeente", "GM0344.json")
    if dry_run_first:
        monkeypatch.setenv("WIJKWAARDE_DRY_RUN_MIN_MB", "0")
    old, new = tmp_path / "old", tmp_path / "new"
    for home in (old, new):
        assert cli(home, "cbs", "kerncijfers", "--year", "2024", "--file", str(kwb)).exit_code == 0
    con = duckdb.connect(str((old / "wijkwaarde.duckdb").resolve()))
    con.execute("ALTER TABLE load_batch DROP COLUMN origin")
    con.close()
    result = cli(old, "cbs", "kerncijfers", "--year", "2024", "--file", str(site))
    assert result.exit_code == 0, result.output
    assert "gebiedscijfers-cbs-2024-kwb-GM0344.csv (batch" in result.output  # no origin known: the template
    result = cli(new, "cbs", "kerncijfers", "--year", "2024", "--file", str(site))
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if line.startswith("Let op")]
    assert notes and all(line.startswith("Let op: GM0344.json:") for line in notes), notes
    assert any("die ook in kwb-2024-utrecht.csv (batch" in line for line in notes), notes
    assert "gebiedscijfers-cbs" not in " ".join(notes)
