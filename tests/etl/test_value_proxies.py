"""Value proxies through the loader: the template loads, bad rows are rejected with their exact reasons."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from etl import taxonomy as tx
from etl import value_proxies as vp
from etl.loader import load
from etl.template_files import data_dictionary
from etl.templates import TEMPLATES
from tests.etl.conftest import assert_accounted, reasons, table, write

HEADER = "proxycode;indicatorcode;belanghebbende;waarde_laag;waarde_hoog;bron;jaar;is_voorbeeld;toelichting\n"
EFFECTS = (
    "indicatorcode,naam_nl,naam_en,eenheid,richting,toc_niveau,aggregatie,telt_personen\n"
    "naar_werk,Mensen naar werk,People moved to work,personen,hoger_beter,outcome,som,ja\n"
    "vrijwilligers,Vrijwilligers,Volunteers,personen,hoger_beter,input,laatste,ja\n"
    "eenzaamheidsscore,Eenzaamheidsscore,Loneliness score,score,lager_beter,outcome,gemiddelde,nee\n"
)


def with_effects(base: Path, tmp_path: Path) -> Path:
    report = load(base, [write(tmp_path, "indicatoren-effecten.csv", EFFECTS)])
    assert report.published, reasons(report)
    return base


def proxies(home: Path) -> list[tuple]:
    return table(
        home,
        "SELECT code, indicator_code, stakeholder, value_low, value_high, source, year, is_example, note "
        "FROM value_proxy ORDER BY code",
    )


def test_template_loads_with_dutch_decimals_and_english_headers(base: Path, tmp_path: Path):
    home = with_effects(base, tmp_path)
    text = HEADER + (
        "WP1;naar_werk;gemeente_participatiewet;8.000,00;14.000,50;CPB-notitie (voorbeeld);2024;nee;"
        "eerste jaar\n"
        "WP2;naar_werk;Zorgverzekeraar;0;1.500;voorbeeldwaarde, geen officiële bron;2023;ja;\n"
    )
    report = load(home, [write(tmp_path, "waardeproxies.csv", text)])
    assert report.published, reasons(report)
    assert_accounted(report)
    assert proxies(home) == [
        ("WP1", "naar_werk", "gemeente_participatiewet", 8000.0, 14000.5, "CPB-notitie (voorbeeld)", 2024,
         False, "eerste jaar"),
        ("WP2", "naar_werk", "zorgverzekeraar", 0.0, 1500.0, "voorbeeldwaarde, geen officiële bron", 2023,
         True, None),
    ]  # fmt: skip
    english = (
        "proxy_code,indicator_code,stakeholder,value_low,value_high,source,year,is_example\n"
        "WP3,naar_werk,uwv,100.5,200,example,2024,yes\n"
    )
    report = load(home, [write(tmp_path, "value_proxies_en.csv", english)])
    assert report.published, reasons(report)
    assert report.parts[0].entity == "waardeproxies"
    assert ("WP3", "naar_werk", "uwv", 100.5, 200.0, "example", 2024, True, None) in proxies(home)
    view = table(
        home, "SELECT code, indicator_name_nl, unit, stakeholder_nl FROM v_value_proxy WHERE code = 'WP3'"
    )
    assert view == [("WP3", "Mensen naar werk", "personen", tx.STAKEHOLDERS["uwv"][0])]


def test_bad_stakeholder_negative_and_low_above_high_are_rejected_with_reasons(base: Path, tmp_path: Path):
    home = with_effects(base, tmp_path)
    allowed = ", ".join(tx.STAKEHOLDERS)
    text = HEADER + (
        "OK1;naar_werk;uwv;100;200;voorbeeld;2024;ja;\n"
        "B1;naar_werk;de buurman;100;200;voorbeeld;2024;ja;\n"
        "B2;naar_werk;bewoners;-50;200;voorbeeld;2024;ja;\n"
        "B3;naar_werk;gemeente_wmo;300;200;voorbeeld;2024;ja;\n"
        "B4;naar_werk;uwv;1;2;voorbeeld;2024;ja;\n"
        "B5;vrijwilligers;bewoners;1;2;voorbeeld;2024;ja;\n"
        "B6;eenzaamheidsscore;zorgverzekeraar;1;2;voorbeeld;2024;ja;\n"
        "B7;onbekend;bewoners;1;2;voorbeeld;2024;ja;\n"
    )
    report = load(home, [write(tmp_path, "waardeproxies.csv", text)], allow_rejects=True)
    assert_accounted(report)
    assert reasons(report) == [
        (3, "belanghebbende", "de buurman", f"onbekende waarde; toegestaan: {allowed}"),
        (4, "waarde_laag", "-50", "negatief bedrag: een waardeproxy is 0 euro of meer per eenheid"),
        (5, "waarde_hoog", "200", "waarde_laag is hoger dan waarde_hoog"),
        (6, "indicatorcode, belanghebbende", "naar_werk | uwv",
         "dezelfde indicator en belanghebbende staan ook op regel 2 (dubbeltelling)"),
        (7, "indicatorcode", "vrijwilligers",
         "indicator is geen effect (input of activiteit): een waardeproxy hoort bij output, outcome of impact"),
        (7, "indicatorcode", "vrijwilligers",
         "indicator telt niet op (aggregatie laatste of gemiddelde): een waardeproxy vraagt aggregatie som"),
        (8, "indicatorcode", "eenzaamheidsscore",
         "indicator telt niet op (aggregatie laatste of gemiddelde): een waardeproxy vraagt aggregatie som"),
        (9, "indicatorcode", "onbekend", "onbekende indicatorcode: niet geladen als indicator"),
    ]  # fmt: skip
    assert [row[0] for row in proxies(home)] == ["OK1"]


def test_without_allow_rejects_one_bad_row_publishes_nothing(base: Path, tmp_path: Path):
    home = with_effects(base, tmp_path)
    text = HEADER + "OK1;naar_werk;uwv;100;200;voorbeeld;2024;ja;\nB1;naar_werk;uwv2;1;2;voorbeeld;2024;ja;\n"
    report = load(home, [write(tmp_path, "waardeproxies.csv", text)])
    assert not report.published
    assert proxies(home) == []


def test_shipped_example_file_is_current_marked_as_example_and_loads_on_demo_indicators(
    base: Path, tmp_path: Path
):
    assert vp.SHIPPED.read_bytes() == vp.example_csv(dutch=True).encode("utf-8-sig"), (
        "run `python -c 'from etl.value_proxies import write_example; write_example()'`"
    )
    rows = list(csv.DictReader(io.StringIO(vp.SHIPPED.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows and all(r["is_voorbeeld"] == "ja" for r in rows)
    assert all(r["bron"] == "voorbeeldwaarde, geen officiële bron" for r in rows)
    assert all("toms" not in (r["bron"] + r["toelichting"]).lower() for r in rows)
    from etl import demo

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.name for c in TEMPLATES["indicatoren"].columns])
    writer.writerows(row for row in demo.INDICATORS if row[0] != "deelnemers")  # base has deelnemers
    home = base
    assert load(home, [write(tmp_path, "indicatoren-demo.csv", out.getvalue())]).published
    report = load(home, [vp.SHIPPED])
    assert report.published, reasons(report)
    assert report.parts[0].decimal_style == "komma" and report.parts[0].encoding == "utf-8-sig"
    assert len(proxies(home)) == len(vp.EXAMPLE_PROXIES)


def test_template_files_and_dictionary_cover_value_proxies():
    root = Path(__file__).resolve().parents[2]
    header = (root / "data/templates/waardeproxies.csv").read_text(encoding="utf-8").strip()
    assert header == ";".join(c.name for c in TEMPLATES["waardeproxies"].columns)
    assert "## waardeproxies (value_proxies)" in data_dictionary()
