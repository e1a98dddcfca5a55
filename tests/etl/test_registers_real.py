"""The Amsterdam subsidy register 2016 (real file): every row accounted for, totals against pandas."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from etl.loader import load
from tests.etl.conftest import assert_accounted, history, reasons, table
from tests.real_data import real_data

FORMAT = "amsterdam-subsidies"
PRIVATE = "(Particulier)"
OTHER_UNITS = "overige onderdelen (kleine aantallen samengevoegd)"


@pytest.fixture(scope="module")
def register() -> Path:
    return real_data("openstate-subsidies", "amsterdam-subsidies-2016.json")


@pytest.fixture(scope="module")
def raw(register: Path) -> pd.DataFrame:
    """The file as pandas reads it, independently of the loader."""
    return pd.read_json(register, dtype={"Verleend": float})


@pytest.fixture(scope="module")
def loaded(register: Path, tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("amsterdam") / "warehouse"
    report = load(home, [register], file_format=FORMAT)
    assert report.published, reasons(report)[:10]
    assert_accounted(report)
    return home


def test_every_row_is_loaded_and_counted(loaded: Path, raw: pd.DataFrame):
    rows_in, rows_loaded, rows_rejected, status, entity = table(
        loaded, "SELECT rows_in, rows_loaded, rows_rejected, status, entity FROM load_batch"
    )[0]
    assert rows_in == len(raw) == 2691
    assert (rows_loaded, rows_rejected, status, entity) == (len(raw), 0, "gepubliceerd", FORMAT)
    assert table(loaded, "SELECT count(*) FROM register_grant") == [(len(raw),)]
    # the product's own grants (v_grant, v_grant_buurt) are untouched by a register
    assert table(loaded, "SELECT count(*) FROM v_grant") == [(0,)]
    assert table(loaded, "SELECT code, name, funder_type FROM v_funder") == [
        ("GM0363", "Gemeente Amsterdam", "gemeente")
    ]


def test_zero_means_refused_and_adds_no_money(loaded: Path, raw: pd.DataFrame):
    refused = raw[raw.Verleend == 0]
    granted = raw[raw.Verleend > 0]
    by_status = {
        s: (n, nulls, total)
        for s, n, nulls, total in table(
            loaded,
            "SELECT status, count(*), count(*) FILTER (WHERE amount IS NULL), sum(amount) "
            "FROM register_grant GROUP BY status",
        )
    }
    assert by_status["geweigerd"] == (len(refused), len(refused), None)
    assert by_status["toegekend"][0:2] == (len(granted), 0)
    assert float(by_status["toegekend"][2]) == pytest.approx(granted.Verleend.sum())
    assert granted.Verleend.sum() == 427_419_075
    # the view the dashboard reads: refused rows carry no amount, so no 0 grant enters a total
    assert table(
        loaded, "SELECT count(*) FROM v_register_grant WHERE status = 'geweigerd' AND amount IS NOT NULL"
    ) == [(0,)]


def _location(unit: str) -> str:
    return unit if re.match(r"^stadsdeel ", unit) else "Amsterdam (centrale stad)"


def test_money_per_stadsdeel_equals_pandas_and_stays_at_stadsdeel_level(loaded: Path, raw: pd.DataFrame):
    frame = raw.assign(location=raw.Organisatie.map(_location))
    expected = {
        loc: (int((g.Verleend > 0).sum()), int((g.Verleend == 0).sum()), round(g.Verleend.sum(), 2))
        for loc, g in frame.groupby("location")
    }
    got = {
        label: (n_awarded, n_refused, round(amount, 2))
        for label, n_awarded, n_refused, amount in table(
            loaded, "SELECT label, n_awarded, n_refused, amount FROM v_register_location_total"
        )
    }
    assert got == expected
    assert len([k for k in got if k.startswith("stadsdeel ")]) == 7
    # a stadsdeel is kept as the register gives it: a label, no CBS code, never spread over buurten
    assert table(
        loaded,
        "SELECT DISTINCT level, geo_code, area_code FROM v_register_location_total WHERE label LIKE 'stadsdeel %'",
    ) == [("stadsdeel", None, None)]
    assert table(loaded, "SELECT count(*) FROM v_grant_buurt") == [(0,)]


def test_requested_amounts_are_read_from_dutch_money_text(loaded: Path, raw: pd.DataFrame):
    requested = raw.Aangevraagd.str.replace("€", "").str.replace(".", "").str.strip().astype(int)
    assert table(loaded, "SELECT sum(amount_requested) FROM register_grant")[0][0] == int(requested.sum())
    biggest = raw.loc[requested.idxmax()]
    assert biggest.Aangevraagd == "€ 48.950.340"
    assert table(
        loaded,
        "SELECT amount_requested, amount_requested_text FROM register_grant WHERE amount_requested_text = $t",
        {"t": "€ 48.950.340"},
    ) == [(48_950_340, "€ 48.950.340")]


def test_private_recipients_are_aggregated_never_listed_one_by_one(loaded: Path, raw: pd.DataFrame):
    private = raw[raw.Naam == PRIVATE]
    assert len(private) == 444
    # not a name or a project text of a private person is stored
    assert table(
        loaded,
        "SELECT count(*), count(recipient_name), count(title) FROM register_grant WHERE is_private",
    ) == [(444, 0, 0)]
    assert table(
        loaded, "SELECT count(*) FROM v_register_grant WHERE recipient_name = $n", {"n": PRIVATE}
    ) == [(0,)]
    # expected groups, computed here: per granting unit and status; units under 3 merged into one group
    frame = private.assign(status=private.Verleend.map(lambda v: "geweigerd" if v == 0 else "toegekend"))
    sizes = frame.groupby(["Organisatie", "status"]).Naam.transform("size")
    frame = frame.assign(unit=frame.Organisatie.where(sizes >= 3, OTHER_UNITS))
    expected = {
        (unit, status): (len(g), round(g.Verleend.sum(), 2) if status == "toegekend" else None)
        for (unit, status), g in frame.groupby(["unit", "status"])
    }
    got = {
        (unit, status): (n, None if amount is None else round(amount, 2))
        for unit, status, n, amount in table(
            loaded,
            "SELECT funder_unit, status, n_grants, amount FROM v_register_grant WHERE is_private_aggregate",
        )
    }
    assert got == expected
    assert all(n >= 3 for (unit, _), (n, _) in got.items() if unit != OTHER_UNITS)
    # a private grant's location is never listed per grant either
    assert table(
        loaded,
        "SELECT count(*) FROM v_register_grant_location l JOIN register_grant g ON g.code = l.grant_code "
        "WHERE g.is_private",
    ) == [(0,)]
    # but the totals per stadsdeel include them, as a count
    assert table(loaded, "SELECT sum(n_private) FROM v_register_location_total") == [(444,)]


def test_reloading_is_a_no_op_and_a_changed_file_supersedes(register: Path, tmp_path: Path):
    home = tmp_path / "warehouse"
    assert load(home, [register], file_format=FORMAT).published
    again = load(home, [register], file_format=FORMAT)
    assert [p.status for p in again.parts] == ["ongewijzigd"]
    records = json.loads(register.read_text(encoding="utf-8"))
    changed = tmp_path / "new" / register.name
    changed.parent.mkdir()
    changed.write_text(json.dumps(records[:100], ensure_ascii=False), encoding="utf-8")
    report = load(home, [changed], file_format=FORMAT)
    assert report.published, reasons(report)
    assert table(home, "SELECT batch_id, status, superseded_by FROM load_batch ORDER BY batch_id") == [
        (1, "vervangen", 2),
        (2, "gepubliceerd", None),
    ]
    assert table(home, "SELECT count(*), min(batch_id) FROM register_grant") == [(100, 2)]
    assert table(home, "SELECT code FROM funder") == [("GM0363",)]  # still used: kept, not duplicated


def _write_records(path: Path, records: list) -> Path:
    """One record per line after the opening bracket: record i starts on line i + 2."""
    body = ",\n".join(json.dumps(r, ensure_ascii=False) if not isinstance(r, str) else r for r in records)
    path.write_text("[\n" + body + "\n]\n", encoding="utf-8")
    return path


GOOD = {
    "Naam": "Stichting Buurtkrant IJopener",
    "Project": "",
    "Regeling": "Subsidieregeling buurtbudgetten (West)",
    "Organisatie": "stadsdeel West",
    "Thema": "Participatie",
    "Jaar": 2016,
    "Periodiciteit": "Eenmalig",
    "Aangevraagd": "€ 15.000",
    "Verleend": 10358.00,
}


def test_bad_rows_are_rejected_with_file_line_column_and_reason(tmp_path: Path):
    no_name = {k: v for k, v in GOOD.items() if k != "Naam"}
    path = _write_records(
        tmp_path / "register.json",
        [
            GOOD,
            {**GOOD, "Verleend": "twaalf"},
            {**GOOD, "Aangevraagd": "€ 12.5"},
            no_name,
            {**GOOD, "Verleend": -5},
            {**GOOD, "Jaar": "zestien"},
            {**GOOD, "Bedrag": 1},
            "42",
            {**GOOD, "Naam": PRIVATE, "Verleend": "€ 1.250,50"},
        ],
    )
    report = load(tmp_path / "warehouse", [path], file_format=FORMAT)
    assert not report.published
    assert reasons(report) == [
        (
            3,
            "Verleend",
            "twaalf",
            "geen bedrag in Nederlandse notatie (verwacht bijvoorbeeld € 1.234 of 1.234,50)",
        ),
        (
            4,
            "Aangevraagd",
            "€ 12.5",
            "geen bedrag in Nederlandse notatie (verwacht bijvoorbeeld € 1.234 of 1.234,50)",
        ),
        (5, "Naam", None, "verplicht veld ontbreekt"),
        (6, "Verleend", "-5", "negatief bedrag"),
        (7, "Jaar", "zestien", "geen jaartal (verwacht bijvoorbeeld 2016)"),
        (8, "Bedrag", "1", "onbekende kolom: niet in het subsidieregister"),
        (9, None, "42", 'geen object (verwacht {"Naam": …, "Verleend": …})'),
    ]
    assert all(r.file_name == "register.json" for r in report.rejects)
    part = report.parts[0]
    assert (part.rows_in, part.rows_loaded, part.rows_rejected) == (9, 2, 7)
    # the record of the attempt is kept: `wijkwaarde rejects` shows these rows; it is kept beside the
    # warehouse (etl.attempts), so a refusal into an empty warehouse publishes nothing at all
    assert history(tmp_path / "warehouse", "SELECT count(*), min(line), max(line) FROM rejected_row") == [
        (7, 3, 9)
    ]
    assert not (tmp_path / "warehouse" / "wijkwaarde.duckdb").exists()

    allowed = load(tmp_path / "warehouse", [path], file_format=FORMAT, allow_rejects=True)
    assert allowed.published
    assert_accounted(allowed)
    assert table(
        tmp_path / "warehouse",
        "SELECT line, status, amount, amount_text, is_private FROM register_grant ORDER BY line",
    ) == [(2, "toegekend", 10358, "10358.0", False), (10, "toegekend", 1250.5, "€ 1.250,50", True)]


def test_a_file_that_is_not_a_register_is_refused_whole(tmp_path: Path):
    broken = tmp_path / "kapot.json"
    broken.write_text('[{"Naam": "x",', encoding="utf-8")
    report = load(tmp_path / "warehouse", [broken], file_format=FORMAT)
    assert not report.published
    assert reasons(report) == [
        (
            None,
            None,
            None,
            "ongeldige JSON: Expecting property name enclosed in double quotes: line 1 column 15 (char 14)",
        )
    ]
    other = tmp_path / "object.json"
    other.write_text('{"grants": []}', encoding="utf-8")
    assert reasons(load(tmp_path / "warehouse", [other], file_format=FORMAT)) == [
        (None, None, None, 'verwacht een JSON-lijst van subsidies ([{"Naam": …}, …])')
    ]


def test_cli_load_with_format_lists_rejects_and_refuses_bad_options(tmp_path: Path):
    from typer.testing import CliRunner

    from wijkwaarde import cli

    for console in (cli.console, cli.errors):
        console.width = 300
    runner = CliRunner()
    path = _write_records(tmp_path / "register.json", [GOOD, {**GOOD, "Verleend": "twaalf"}])
    home = str(tmp_path / "warehouse")
    result = runner.invoke(cli.app, ["--home", home, "load", "--format", FORMAT, str(path)])
    assert result.exit_code == 1
    assert "geen bedrag in Nederlandse notatie" in result.output
    assert "amsterdam-subsidies" in result.output
    result = runner.invoke(
        cli.app, ["--home", home, "load", "--format", FORMAT, "--allow-rejects", str(path)]
    )
    assert result.exit_code == 0, result.output
    assert "Gepubliceerd" in result.output
    result = runner.invoke(cli.app, ["--home", home, "load", "--format", "excel", str(path)])
    assert result.exit_code == 2
    assert "Onbekend formaat 'excel'; kies uit amsterdam-subsidies, 360giving." in result.output
    result = runner.invoke(
        cli.app, ["--home", home, "load", "--format", FORMAT, "--decimal", "komma", str(path)]
    )
    assert result.exit_code == 2


def test_the_same_register_under_another_file_name_replaces_it_not_doubles_it(register: Path, tmp_path: Path):
    """A re-download saved as another name (here with Windows line ends) holds the same grants."""
    home = tmp_path / "warehouse"
    assert load(home, [register], file_format=FORMAT).published
    before = table(home, "SELECT count(*), sum(amount) FROM register_grant")
    copy = tmp_path / "amsterdam-subsidies-2016-download2.json"
    copy.write_bytes(register.read_bytes().replace(b"\n", b"\r\n"))
    report = load(home, [copy], file_format=FORMAT)
    assert report.published, reasons(report)[:5]
    assert table(home, "SELECT count(*), sum(amount) FROM register_grant") == before
    assert table(home, "SELECT DISTINCT batch_id FROM register_grant") == [(2,)]
    assert table(home, "SELECT batch_id, status FROM load_batch ORDER BY 1") == [
        (1, "vervangen"),
        (2, "gepubliceerd"),
    ]
    # another year's register, with no grant in common, stays beside it
    other = tmp_path / "amsterdam-subsidies-2017.json"
    records = json.loads(register.read_text(encoding="utf-8"))[:10]
    other.write_text(json.dumps([{**r, "Jaar": 2017} for r in records], ensure_ascii=False), encoding="utf-8")
    assert load(home, [other], file_format=FORMAT).published
    assert table(home, "SELECT count(*) FROM register_grant")[0][0] == before[0][0] + 10


@pytest.mark.parametrize("dry_run", [False, True], ids=["copy", "dry-run-first"])
def test_two_overlapping_extracts_load_as_their_union_each_grant_once(
    register: Path, loaded: Path, tmp_path: Path, monkeypatch, dry_run: bool
):
    """The register cut into two extracts that share 800 grants: the grants only in the older extract
    stay (was: the newer extract superseded its whole batch, and 1,000 grants vanished), a shared grant
    counts once, as the file loaded last has it."""
    if dry_run:  # the load first runs on the published database read-only (etl.loader.Shadow)
        monkeypatch.setenv("WIJKWAARDE_DRY_RUN_MIN_MB", "0")
    home = tmp_path / "warehouse"
    records = json.loads(register.read_text(encoding="utf-8"))
    older = _write_records(tmp_path / "subsidies-jan-sep.json", records[:1800])
    newer = _write_records(tmp_path / "subsidies-mei-dec.json", records[1000:])
    whole = table(loaded, "SELECT count(*), sum(amount), count(DISTINCT code) FROM register_grant")
    assert load(home, [older], file_format=FORMAT).published
    report = load(home, [newer], file_format=FORMAT)
    assert report.published, reasons(report)[:5]
    assert "800 subsidie(s) ook in subsidies-jan-sep.json (batch 1)" in report.parts[0].message
    assert table(home, "SELECT count(*), sum(amount), count(DISTINCT code) FROM register_grant") == whole
    assert table(home, "SELECT batch_id, count(*) FROM register_grant GROUP BY 1 ORDER BY 1") == [
        (1, 1000),
        (2, 1691),
    ]
    assert table(home, "SELECT count(*) FROM register_grant_location") == [(whole[0][0],)]
    assert table(home, "SELECT batch_id, status, superseded_by FROM load_batch ORDER BY 1") == [
        (1, "gepubliceerd", 2),
        (2, "gepubliceerd", None),
    ]
    # the older extract again: no longer all in the warehouse, so it loads, and its version counts
    report = load(home, [older], file_format=FORMAT)
    assert report.published and report.parts[0].status == "gepubliceerd", reasons(report)[:5]
    assert table(home, "SELECT count(*), sum(amount), count(DISTINCT code) FROM register_grant") == whole
    assert table(home, "SELECT batch_id, count(*) FROM register_grant GROUP BY 1 ORDER BY 1") == [
        (2, 891),
        (3, 1800),
    ]
    # the whole register under a third name holds every grant of both: they are superseded whole
    report = load(home, [register], file_format=FORMAT)
    assert report.published, reasons(report)[:5]
    assert table(home, "SELECT count(*), sum(amount), count(DISTINCT code) FROM register_grant") == whole
    assert table(home, "SELECT batch_id, status FROM load_batch ORDER BY 1") == [
        (1, "vervangen"),
        (2, "vervangen"),
        (3, "vervangen"),
        (4, "gepubliceerd"),
    ]


def test_the_register_saved_again_by_another_tool_is_the_same_grants(
    register: Path, tmp_path: Path, monkeypatch
):
    """A tool that saves the JSON again writes 10358.00 as 10358.0: the same grants, not 2,691 more
    (was: the code digested the amount's spelling). A warehouse loaded with the codes of before knows
    them by their spelling: the register under another name, spelled as before, replaces them."""
    from etl.registers import amsterdam

    resaved = tmp_path / "subsidies-opnieuw-opgeslagen.json"
    resaved.write_text(json.dumps(json.loads(register.read_text(encoding="utf-8"))), encoding="utf-8")
    assert b": 10358.0}" in resaved.read_bytes() and b":10358.00}" in register.read_bytes()
    copy = tmp_path / "subsidies-kopie.json"
    copy.write_bytes(register.read_bytes().replace(b"\n", b"\r\n"))  # other bytes, same spelling
    for old_codes, again in ((False, resaved), (True, copy)):
        home = tmp_path / f"warehouse-{old_codes}"
        with monkeypatch.context() as patch:
            if old_codes:  # a warehouse loaded before grant codes read amounts by value
                patch.setattr(amsterdam, "grant_code", amsterdam.legacy_code)
            assert load(home, [register], file_format=FORMAT).published
        before = table(home, "SELECT count(*), sum(amount) FROM register_grant")
        report = load(home, [again], file_format=FORMAT)
        assert report.published, reasons(report)[:5]
        assert table(home, "SELECT count(*), sum(amount) FROM register_grant") == before
        assert table(home, "SELECT batch_id, status FROM load_batch ORDER BY 1") == [
            (1, "vervangen"),
            (2, "gepubliceerd"),
        ]


def test_two_overlapping_extracts_in_one_load_are_their_union_too(
    register: Path, loaded: Path, tmp_path: Path
):
    """Both extracts given to one load (a folder): the file given last wins the shared grants, as in
    two loads (was: refused, 'sleutel bestaat al: geladen uit' the first)."""
    records = json.loads(register.read_text(encoding="utf-8"))
    folder = tmp_path / "extracten"
    folder.mkdir()
    _write_records(folder / "a-jan-sep.json", records[:1800])
    _write_records(folder / "b-mei-dec.json", records[1000:])
    home = tmp_path / "warehouse"
    report = load(home, [folder], file_format=FORMAT)
    assert report.published, reasons(report)[:5]
    whole = table(loaded, "SELECT count(*), sum(amount), count(DISTINCT code) FROM register_grant")
    assert table(home, "SELECT count(*), sum(amount), count(DISTINCT code) FROM register_grant") == whole
    assert table(home, "SELECT source_name, status, superseded_by FROM load_batch ORDER BY 1") == [
        ("a-jan-sep.json", "gepubliceerd", 2),
        ("b-mei-dec.json", "gepubliceerd", None),
    ]
