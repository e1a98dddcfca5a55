"""360Giving: import of the real UK files (JSON, and flat CSV/XLSX made from them), export that passes
the 360Giving schema, and the roundtrip export -> import."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012
from typer.testing import CliRunner

from etl.loader import load
from etl.registers import export360
from tests.etl.conftest import assert_accounted, reasons, table
from tests.real_data import DEFAULT, real_data
from wijkwaarde.cli import app

FORMAT = "360giving"
FILES = ("baring.json", "indigo.json", "nominet.json", "ocf1.json", "ocf2.json", "ocf3.json")
# the date format each publisher used for awardDate (SOURCE.md), parsed here with strptime
AWARD_FORMATS = {
    "baring.json": "%d/%m/%Y",
    "indigo.json": "%d/%m/%Y %H:%M",
    "nominet.json": "%m/%Y",
    "ocf1.json": "%d/%m/%Y",
    "ocf2.json": "%d/%m/%Y",
    "ocf3.json": "%d/%m/%Y",
}
HALF_WIDTH = re.compile("[\uff80-\uffbf]")


def standards() -> Path:
    """The 360Giving schemas in ../shared/data/standards/360giving (skip when absent, fail under CI)."""
    root = Path(os.environ.get("WIJKWAARDE_REAL_DATA", DEFAULT)).parent / "standards" / "360giving"
    if not root.exists():
        if os.environ.get("CI"):
            pytest.fail(f"360Giving schemas not found at {root}")
        pytest.skip(f"360Giving schemas not found at {root}")
    return root


def shared_validator() -> Draft202012Validator:
    """The package schema of the shared folder, its grant $ref resolved to the shared grant schema."""
    root = standards()
    package = json.loads((root / "360-giving-package-schema.json").read_text(encoding="utf-8"))
    grant = json.loads((root / "360-giving-schema.json").read_text(encoding="utf-8"))
    ref = package["properties"]["grants"]["items"]["$ref"]
    registry = Registry().with_resource(ref, DRAFT202012.create_resource(grant))
    return Draft202012Validator(
        package, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


@pytest.fixture(scope="module")
def sample() -> Path:
    return real_data("360giving-grantnav-sample")


@pytest.fixture(scope="module")
def grants(sample: Path) -> dict[str, list[dict]]:
    return {name: json.loads((sample / name).read_text(encoding="utf-8"))["grants"] for name in FILES}


@pytest.fixture(scope="module")
def loaded(sample: Path, tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("uk") / "warehouse"
    report = load(home, [sample / name for name in FILES], file_format=FORMAT)
    assert report.published, reasons(report)[:10]
    assert_accounted(report)
    return home


def test_every_grant_of_every_file_is_loaded(loaded: Path, grants: dict[str, list[dict]]):
    rows = {
        name: (rows_in, rows_loaded, rows_rejected)
        for name, rows_in, rows_loaded, rows_rejected in table(
            loaded, "SELECT source_name, rows_in, rows_loaded, rows_rejected FROM load_batch"
        )
    }
    assert rows == {name: (len(g), len(g), 0) for name, g in grants.items()}
    assert sum(len(g) for g in grants.values()) == 916


def test_amounts_per_file_and_currency_equal_the_files(loaded: Path, grants: dict[str, list[dict]]):
    got = {
        name: (currency, n, amount)
        for name, currency, n, amount in table(
            loaded,
            "SELECT b.source_name, g.currency, count(*), sum(g.amount) FROM register_grant g "
            "JOIN load_batch b USING (batch_id) GROUP BY ALL",
        )
    }
    expected = {
        name: ("GBP", len(g), sum(Decimal(str(x["amountAwarded"])) for x in g)) for name, g in grants.items()
    }
    assert got == expected
    assert got["nominet.json"][2] == Decimal("18303977.01")


def test_funders_in_the_files_become_funders(loaded: Path, grants: dict[str, list[dict]]):
    expected = {
        (x["fundingOrganization"][0]["id"], x["fundingOrganization"][0]["name"])
        for g in grants.values()
        for x in g
    }
    assert set(table(loaded, "SELECT code, name FROM funder")) == expected
    assert table(loaded, "SELECT DISTINCT funder_type FROM v_funder") == [("fonds",)]
    departments = {x["fundingOrganization"][0].get("department") for x in grants["ocf1.json"]}
    got = {
        r[0]
        for r in table(loaded, "SELECT DISTINCT funder_unit FROM register_grant WHERE code LIKE '360G-ocf-%'")
    }
    assert departments <= got


def test_award_dates_follow_each_publishers_format(loaded: Path, grants: dict[str, list[dict]]):
    got = {code: (d, precision, text) for code, d, precision, text in table(
        loaded, "SELECT code, award_date, award_date_precision, award_date_text FROM register_grant"
    )}  # fmt: skip
    for name, fmt in AWARD_FORMATS.items():
        precision = "maand" if fmt == "%m/%Y" else "dag"
        for x in grants[name]:
            expected = datetime.strptime(x["awardDate"], fmt).date()
            assert got[x["id"]] == (expected, precision, x["awardDate"]), (name, x["id"])
    # Nominet's planned dates are written out ('19 April 2013'); OCF's are dd/mm/yyyy
    planned = {
        code: (s, e) for code, s, e in table(loaded, "SELECT code, start_date, end_date FROM register_grant")
    }
    for name, fmt in (("nominet.json", "%d %B %Y"), ("ocf1.json", "%d/%m/%Y")):
        for x in grants[name]:
            p = (x.get("plannedDates") or [{}])[0]
            want = tuple(
                datetime.strptime(p[k], fmt).date() if p.get(k) else None for k in ("startDate", "endDate")
            )
            assert planned[x["id"]] == want, x["id"]


def test_mojibake_is_repaired_explicitly_flagged_and_the_original_kept(
    loaded: Path, grants: dict[str, list[dict]]
):
    fields = ("title", "description")

    def texts(x: dict) -> list[str]:
        programme = (x.get("grantProgramme") or [{}])[0].get("title")
        return [x.get("title"), x.get("description"), x["recipientOrganization"][0].get("name"), programme]

    broken = {x["id"] for x in grants["nominet.json"] if any(HALF_WIDTH.search(t or "") for t in texts(x))}
    assert len(broken) == 47  # SOURCE.md counts 45 in the grant texts; 2 more are in programme titles (ﾣ250k)
    flagged = dict(
        table(loaded, "SELECT code, text_repaired FROM register_grant WHERE text_repaired IS NOT NULL")
    )
    assert set(flagged) == set(broken)
    source = {x["id"]: x for x in grants["nominet.json"]}
    repairs = table(loaded, "SELECT grant_code, field, original, repaired FROM register_text_repair")
    for code, field, original, repaired in repairs:
        if field in fields:
            assert original == source[code][field]
            assert not HALF_WIDTH.search(repaired)
            assert len(repaired) == len(original)
    assert table(
        loaded,
        "SELECT description LIKE '%MIT’s Scratch%' FROM register_grant WHERE code = '360G-nominettrust-10'",
    ) == [(True,)]
    assert table(loaded, "SELECT scheme FROM register_grant WHERE code = '360G-nominettrust-384'") == [
        ("£250k Challenge",)
    ]
    # nothing outside the half-width range was touched: the other files have no repairs
    assert table(
        loaded, "SELECT count(*) FROM register_text_repair WHERE grant_code NOT LIKE '360G-nominettrust-%'"
    ) == [(0,)]


def test_uk_locations_are_kept_as_given_and_not_forced_onto_dutch_areas(
    loaded: Path, grants: dict[str, list[dict]]
):
    lsoa = [loc for name in ("ocf1.json", "ocf2.json", "ocf3.json") for x in grants[name]
            for loc in x.get("beneficiaryLocation") or [] if loc.get("geoCode")]  # fmt: skip
    got = table(
        loaded,
        "SELECT geo_code, level, geo_code_type, country_code FROM register_grant_location "
        "WHERE geo_code IS NOT NULL ORDER BY geo_code",
    )
    assert got == sorted((loc["geoCode"], "LSOA", "LSOA", loc.get("countryCode")) for loc in lsoa)
    assert ("Oxford 008B", "LSOA", "LSOA", "GB") in got
    # Dutch country codes without a CBS code (Indigo, Baring) stay a country: no area
    assert table(loaded, "SELECT count(*) FROM v_register_grant_location WHERE area_code IS NOT NULL") == [
        (0,)
    ]
    nl = sum(
        1
        for g in grants.values()
        for x in g
        for loc in x.get("beneficiaryLocation") or []
        if loc.get("countryCode") == "NL"
    )
    assert table(
        loaded, "SELECT count(*), count(level) FROM register_grant_location WHERE country_code = 'NL'"
    ) == [(nl, 0)]


def test_non_standard_fields_are_kept_as_given(loaded: Path, grants: dict[str, list[dict]]):
    impact = {x["id"]: x["IMPACT"] for x in grants["ocf2.json"] if "IMPACT" in x}
    got = dict(
        table(
            loaded,
            "SELECT code, json_extract_string(extra_json, '$.IMPACT') FROM register_grant WHERE code LIKE '360G-ocf-%' AND extra_json IS NOT NULL",
        )
    )
    assert {k: got[k] for k in impact} == impact


def test_a_new_version_of_a_file_keeps_funders_other_files_still_use(sample: Path, tmp_path: Path):
    home = tmp_path / "warehouse"
    assert load(home, [sample / "ocf1.json", sample / "ocf2.json"], file_format=FORMAT).published
    ocf = "GB-CHC-1151621"

    def new_version(name: str, funder: str) -> Path:
        doc = json.loads((sample / name).read_text(encoding="utf-8"))
        doc["grants"] = doc["grants"][:10]
        for grant in doc["grants"]:
            grant["fundingOrganization"] = [{"id": funder, "name": "Ander Fonds"}]
        path = tmp_path / funder / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(doc), encoding="utf-8")
        return path

    report = load(home, [new_version("ocf1.json", "GB-CHC-999")], file_format=FORMAT)
    assert report.published and not report.problems
    assert table(home, "SELECT code FROM funder ORDER BY code") == [("GB-CHC-1151621",), ("GB-CHC-999",)]
    assert table(home, "SELECT funder_code, count(*) FROM register_grant GROUP BY ALL ORDER BY 1") == [
        (ocf, 98),
        ("GB-CHC-999", 10),
    ]
    report = load(home, [new_version("ocf2.json", "GB-CHC-999")], file_format=FORMAT)
    assert report.published and not report.problems
    assert table(home, "SELECT code FROM funder") == [("GB-CHC-999",)]  # no longer used by anything


FLAT = [
    ("Identifier", lambda x: x["id"]),
    ("Title", lambda x: x["title"]),
    ("Description", lambda x: x["description"]),
    ("Currency", lambda x: x["currency"]),
    ("Amount Awarded", lambda x: x["amountAwarded"]),
    ("Award Date", lambda x: x["awardDate"]),
    ("Planned Dates:Start Date", lambda x: (x.get("plannedDates") or [{}])[0].get("startDate")),
    ("Planned Dates:End Date", lambda x: (x.get("plannedDates") or [{}])[0].get("endDate")),
    ("Recipient Org:Identifier", lambda x: x["recipientOrganization"][0]["id"]),
    ("Recipient Org:Name", lambda x: x["recipientOrganization"][0]["name"]),
    ("Funding Org:Identifier", lambda x: x["fundingOrganization"][0]["id"]),
    ("Funding Org:Name", lambda x: x["fundingOrganization"][0]["name"]),
    ("Funding Org:Department", lambda x: x["fundingOrganization"][0].get("department")),
    ("Beneficiary Location:Name", lambda x: x["beneficiaryLocation"][0].get("name")),
    ("Beneficiary Location:Geographic Code", lambda x: x["beneficiaryLocation"][0].get("geoCode")),
    ("Beneficiary Location:Geographic Code Type", lambda x: x["beneficiaryLocation"][0].get("geoCodeType")),
    ("Beneficiary Location:Country Code", lambda x: x["beneficiaryLocation"][0].get("countryCode")),
    ("Grant Programme:Title", lambda x: x["grantProgramme"][0]["title"]),
]
COMPARED = (
    "SELECT code, title, description, currency, amount, award_date, start_date, end_date, recipient_id, "
    "recipient_name, funder_code, funder_unit, scheme, "
    "(SELECT list((level, label, geo_code, geo_code_type, country_code) ORDER BY position) "
    " FROM register_grant_location l WHERE l.grant_code = g.code) AS locations "
    "FROM register_grant g ORDER BY code"
)


def test_flat_csv_and_xlsx_give_the_same_grants_as_json(
    sample: Path, grants: dict[str, list[dict]], tmp_path: Path
):
    """The 360Giving spreadsheet layout (column titles), written here from ocf3.json."""
    rows = [[get(x) for _, get in FLAT] for x in grants["ocf3.json"]]
    flat_csv = tmp_path / "ocf3.csv"
    with open(flat_csv, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([title for title, _ in FLAT])
        writer.writerows([["" if v is None else v for v in row] for row in rows])
    book = openpyxl.Workbook()
    book.active.title = "grants"
    book.active.append([title for title, _ in FLAT])
    for row in rows:
        book.active.append(row)
    book.create_sheet("Notes").append(["about this file"])
    flat_xlsx = tmp_path / "ocf3.xlsx"
    book.save(flat_xlsx)
    results = {}
    for path in (sample / "ocf3.json", flat_csv, flat_xlsx):
        home = tmp_path / f"wh-{path.suffix[1:]}"
        report = load(home, [path], file_format=FORMAT)
        assert report.published, reasons(report)[:5]
        assert [(p.rows_in, p.rows_loaded) for p in report.parts] == [(70, 70)]
        results[path.suffix] = table(home, COMPARED)
    assert results[".csv"] == results[".json"]
    assert results[".xlsx"] == results[".json"]
    assert len(results[".json"]) == 70


def _write_grants(path: Path, items: list) -> Path:
    """A package with one grant per line: the n-th grant starts on line n + 1."""
    body = ",\n".join(json.dumps(x, ensure_ascii=False) for x in items)
    path.write_text('{"grants": [\n' + body + "\n]}\n", encoding="utf-8")
    return path


GRANT = {
    "id": "360G-fonds-1",
    "title": "Buurtkeuken",
    "description": "Koken met de buurt",
    "currency": "EUR",
    "amountAwarded": 5000,
    "awardDate": "2024-03-01",
    "recipientOrganization": [{"id": "NL-KVK-12345678", "name": "Stichting Buurtkracht"}],
    "fundingOrganization": [{"id": "NL-KVK-87654321", "name": "Fonds Voorbeeld"}],
}


def test_dutch_cbs_codes_map_to_areas_and_faults_are_rejected_exactly(base: Path, tmp_path: Path):
    locations = [
        {"name": "Centrum-Noord", "geoCode": "BU99990101", "geoCodeType": "BU", "countryCode": "NL"},
        {"name": "Centrum", "geoCode": "WK999901", "geoCodeType": "WK"},
        {"geoCode": "GM9999"},
        {"name": "Oxford", "geoCode": "E01028521", "geoCodeType": "LSOA", "countryCode": "GB"},
    ]
    items = [
        {**GRANT, "beneficiaryLocation": locations},
        {**GRANT, "id": "360G-fonds-2", "awardDate": "13/13/2024"},
        {**GRANT, "id": "360G-fonds-3", "awardDate": "maart 2024"},
        {**GRANT, "id": "360G-fonds-4", "currency": "EURO"},
        {**GRANT, "id": "360G-fonds-5", "amountAwarded": "5.000,00"},
        {
            **GRANT,
            "id": "360G-fonds-6",
            "plannedDates": [{"startDate": "2024-06-01", "endDate": "2024-01-01"}],
        },
        {**GRANT, "id": "360G-fonds-7", "beneficiaryLocation": [{"geoCode": "BU123", "geoCodeType": "BU"}]},
        {**GRANT, "id": "360G-fonds-1"},
        {k: v for k, v in GRANT.items() if k != "amountAwarded"} | {"id": "360G-fonds-9"},
        {
            **GRANT,
            "id": "360G-fonds-10",
            "awardDate": "03/2024",
            "recipientOrganization": [],
            "recipientIndividual": {"id": "x"},
        },
    ]
    path = _write_grants(tmp_path / "fonds.json", items)
    report = load(base, [path], file_format=FORMAT)
    assert not report.published
    assert reasons(report) == [
        (3, "awardDate", "13/13/2024", "maand groter dan 12: datums met / zijn dag/maand/jaar"),
        (4, "awardDate", "maart 2024", "onbekende datumnotatie (verwacht jjjj-mm-dd, dd/mm/jjjj [uu:mm], "
         "dd-mm-jjjj, mm/jjjj, jjjj-mm, jjjj of '19 April 2013')"),
        (5, "currency", "EURO", "onbekende valuta (verwacht een ISO 4217-code zoals GBP of EUR)"),
        (6, "amountAwarded", "5.000,00", "geen bedrag in notatie met decimale punt (verwacht bijvoorbeeld 1234.50)"),
        (7, "plannedDates/endDate", "2024-01-01", "einddatum ligt voor startdatum"),
        (8, "beneficiaryLocation/0/geoCode", "BU123",
         "geen geldige CBS-code voor geoCodeType BU (GM + 4 cijfers, WK + 6 tekens, BU + 8 tekens)"),
        (10, "amountAwarded", None, "verplicht veld ontbreekt: amountAwarded"),
        (9, "id", "360G-fonds-1", "dubbele sleutel: komt ook voor op regel 2"),
    ]  # fmt: skip
    assert_accounted(report)
    report = load(base, [path], file_format=FORMAT, allow_rejects=True)
    assert report.published
    assert table(
        base,
        "SELECT grant_code, geo_code, level, area_code, area_level FROM v_register_grant_location ORDER BY position",
    ) == [
        ("360G-fonds-1", "BU99990101", "buurt", "BU99990101", "buurt"),
        ("360G-fonds-1", "WK999901", "wijk", "WK999901", "wijk"),
        ("360G-fonds-1", "GM9999", "gemeente", "GM9999", "gemeente"),
        ("360G-fonds-1", "E01028521", "LSOA", None, None),
    ]
    # the funder in the file became a funder; the private recipient is only an aggregate
    assert table(base, "SELECT name, funder_type FROM funder WHERE code = 'NL-KVK-87654321'") == [
        ("Fonds Voorbeeld", "fonds")
    ]
    assert table(
        base,
        "SELECT is_private, recipient_name, award_date, award_date_precision FROM register_grant WHERE code = '360G-fonds-10'",
    ) == [(True, None, date(2024, 3, 1), "maand")]
    assert table(base, "SELECT count(*) FROM v_register_grant WHERE code = '360G-fonds-10'") == [(0,)]


# -- export --------------------------------------------------------------------------------------------
def test_vendored_schemas_are_the_shared_ones():
    root = standards()
    for name in ("360-giving-schema.json", "360-giving-package-schema.json"):
        assert (export360.SCHEMA_DIR / name).read_bytes() == (root / name).read_bytes()


@pytest.fixture(scope="module")
def demo_export(demo_home: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "wijkwaarde-360giving.json"
    result = CliRunner().invoke(app, ["--home", str(demo_home), "export-360giving", "--output", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_demo_export_passes_the_360giving_schema(demo_export: Path, demo_home: Path):
    package = json.loads(demo_export.read_text(encoding="utf-8"))
    errors = [e.message for e in shared_validator().iter_errors(package)]
    assert errors == []
    con = duckdb.connect(str((demo_home / "wijkwaarde.duckdb").resolve()), read_only=True)
    try:
        count, total = con.execute("SELECT count(*), sum(amount) FROM grant_award").fetchone()
        served = con.execute(
            "SELECT 'G' || g.code, list(ib.buurt_code ORDER BY ib.buurt_code) FROM grant_award g "
            "JOIN initiative_buurt ib ON ib.initiative_code = g.initiative_code GROUP BY g.code"
        ).fetchall()
    finally:
        con.close()
    grants = package["grants"]
    assert len(grants) == count > 0
    assert sum(Decimal(str(g["amountAwarded"])) for g in grants) == total
    assert all(g["id"].startswith("360G-wijkwaarde-") for g in grants)
    codes = {
        "G" + g["id"].removeprefix("360G-wijkwaarde-"): sorted(
            loc["geoCode"] for loc in g["beneficiaryLocation"]
        )
        for g in grants
    }
    assert codes == dict(served)
    assert {loc["geoCodeType"] for g in grants for loc in g["beneficiaryLocation"]} == {"BU"}


def test_an_invalid_package_is_caught_by_the_validator(demo_export: Path):
    package = json.loads(demo_export.read_text(encoding="utf-8"))
    package["grants"] = package["grants"][:5]
    assert export360.validate(package) == []
    package["grants"][3]["awardDate"] = "01/02/2020"
    assert export360.validate(package) == [
        "grants/3/awardDate: '01/02/2020' is not valid under any of the given schemas"
    ]
    assert [e.message for e in shared_validator().iter_errors(package)] != []


def test_export_then_import_gives_the_same_grants(demo_export: Path, demo_home: Path, tmp_path: Path):
    con = duckdb.connect(str((demo_home / "wijkwaarde.duckdb").resolve()), read_only=True)
    try:
        expected = con.execute(
            "SELECT '360G-wijkwaarde-' || g.code, g.amount, g.start_date, g.end_date, g.funder_code, f.name, "
            "'360G-wijkwaarde-' || g.initiative_code, i.name, "
            "(SELECT list(buurt_code ORDER BY buurt_code) FROM initiative_buurt b WHERE b.initiative_code = g.initiative_code) "
            "FROM grant_award g JOIN funder f ON f.code = g.funder_code JOIN initiative i ON i.code = g.initiative_code "
            "ORDER BY 1"
        ).fetchall()
    finally:
        con.close()
    roundtrip = (
        "SELECT g.code, g.amount, g.award_date, g.end_date, g.funder_code, f.name, g.recipient_id, g.recipient_name, "
        "(SELECT list(geo_code ORDER BY geo_code) FROM register_grant_location l WHERE l.grant_code = g.code) "
        "FROM register_grant g JOIN funder f ON f.code = g.funder_code ORDER BY 1"
    )
    fresh = tmp_path / "fresh"
    report = load(fresh, [demo_export], file_format=FORMAT)
    assert report.published, reasons(report)[:5]
    assert table(fresh, roundtrip) == expected
    # into a copy of the warehouse it came from: the same funders, recipients linked to the initiatives
    copy = tmp_path / "copy"
    shutil.copytree(demo_home, copy, symlinks=True)
    funders_before = table(copy, "SELECT code, name, funder_type FROM funder ORDER BY code")
    assert load(copy, [demo_export], file_format=FORMAT).published
    assert table(copy, "SELECT code, name, funder_type FROM funder ORDER BY code") == funders_before
    assert table(copy, roundtrip) == expected
    assert table(copy, "SELECT count(*), count(initiative_code) FROM register_grant") == [
        (len(expected), len(expected))
    ]
    assert table(
        copy,
        "SELECT count(*) FROM register_grant r JOIN grant_award g ON '360G-wijkwaarde-' || g.code = r.code "
        "WHERE r.initiative_code = g.initiative_code AND r.amount = g.amount",
    ) == [(len(expected),)]


def test_export_of_an_empty_warehouse_says_why(tmp_path: Path, base: Path):
    result = CliRunner().invoke(
        app, ["--home", str(base), "export-360giving", "--output", str(tmp_path / "x.json")]
    )
    assert result.exit_code == 1
    assert "geen subsidies om te exporteren" in result.output
    assert not (tmp_path / "x.json").exists()


# -- edge cases of the JSON itself -------------------------------------------------------------------
def _one_grant() -> dict:
    return json.loads(real_data("360giving-grantnav-sample", "baring.json").read_text(encoding="utf-8"))[
        "grants"
    ][0]


@pytest.mark.parametrize(
    "text",
    [
        lambda g: '{"grants": [{"id": "A"}], "grants": [' + json.dumps(g) + "]}",
        lambda g: '{"grants": "abc", "grants": []}',
        lambda g: '{"grants": [' + json.dumps(g)[:-1] + ', "id": "360G-ander"}]}',  # a key twice in a grant
    ],
    ids=["grants-twice", "grants-text-and-list", "id-twice-in-a-grant"],
)
def test_a_key_twice_in_a_json_object_refuses_the_file(tmp_path: Path, text):
    path = tmp_path / "grants.json"
    path.write_text(text(_one_grant()), encoding="utf-8")
    report = load(tmp_path / "h", [path], file_format=FORMAT)
    assert not report.published and report.parts[0].refused
    [reject] = report.rejects
    assert "twee keer" in reject.reason and "niet eenduidig" in reject.reason, reject.reason
    assert not (tmp_path / "h" / "wijkwaarde.duckdb").exists()


def test_an_award_date_with_a_time_that_does_not_exist_is_rejected(tmp_path: Path):
    grants = [
        {**_one_grant(), "id": f"360G-t-{i}", "awardDate": d}
        for i, d in enumerate(["31/12/2024 99:99", "31/12/2024 23:59"])
    ]
    path = tmp_path / "grants.json"
    path.write_text(json.dumps({"grants": grants}), encoding="utf-8")
    report = load(tmp_path / "h", [path], file_format=FORMAT, allow_rejects=True)
    assert [(r.column, r.value, r.reason) for r in report.rejects] == [
        ("awardDate", "31/12/2024 99:99", "tijd bestaat niet (uren 0-23, minuten en seconden 0-59)")
    ]
    assert table(tmp_path / "h", "SELECT code, award_date FROM register_grant") == [
        ("360G-t-1", date(2024, 12, 31))
    ]


def test_a_json_file_saved_as_utf16_is_read(tmp_path: Path):
    source = real_data("360giving-grantnav-sample", "baring.json")
    path = tmp_path / "baring-utf16.json"
    path.write_bytes(source.read_text(encoding="utf-8").encode("utf-16"))
    report = load(tmp_path / "h", [path], file_format=FORMAT)
    assert report.published, reasons(report)[:5]
    expected = len(json.loads(source.read_text(encoding="utf-8"))["grants"])
    assert table(tmp_path / "h", "SELECT count(*) FROM register_grant") == [(expected,)]


def test_two_overlapping_360giving_extracts_load_as_their_union_each_grant_once(tmp_path: Path):
    """Two extracts of one publisher's file that share grants (by id): the union, the shared grant as the
    file loaded last has it (an amount corrected there counts, once), nothing refused or lost."""
    grants = json.loads(real_data("360giving-grantnav-sample", "ocf1.json").read_text(encoding="utf-8"))[
        "grants"
    ]
    older, newer = tmp_path / "ocf-deel1.json", tmp_path / "ocf-deel2.json"
    older.write_text(json.dumps({"grants": grants[:100]}), encoding="utf-8")
    corrected = [dict(g) for g in grants[60:]]
    corrected[0]["amountAwarded"] = 12345
    newer.write_text(json.dumps({"grants": corrected}), encoding="utf-8")
    home = tmp_path / "h"
    assert load(home, [older], file_format=FORMAT).published
    report = load(home, [newer], file_format=FORMAT)
    assert report.published, reasons(report)[:5]
    ids = {g["id"] for g in grants}
    assert table(home, "SELECT count(*), count(DISTINCT code) FROM register_grant") == [(len(ids), len(ids))]
    assert table(home, "SELECT amount FROM register_grant WHERE code = ?", [grants[60]["id"]]) == [(12345,)]
    assert table(home, "SELECT batch_id, count(*) FROM register_grant GROUP BY 1 ORDER BY 1") == [
        (1, 60),
        (2, len(grants) - 60),
    ]
