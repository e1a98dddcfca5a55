"""The demo generator: deterministic, in the template formats, with plausible and consistent data."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

from etl import demo
from etl import taxonomy as tx
from etl.templates import LOAD_ORDER, TEMPLATES

CP1252_FILES = ("subsidies", "gebiedscijfers")
DUTCH_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("demostad")
    paths = demo.generate(folder, scale="demostad", seed=42)
    return {p.name.split(".")[0]: p for p in paths} | {"_list": paths}


def read_csv(path: Path) -> list[dict[str, str]]:
    if path.stem in CP1252_FILES:
        text, delimiter = path.read_bytes().decode("cp1252"), ";"
    else:
        text, delimiter = path.read_bytes().decode("utf-8"), ","
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def features(out: dict[str, Path]) -> list[dict]:
    return json.loads(out["gebieden"].read_text(encoding="utf-8"))["features"]


def dutch(text: str) -> float:
    assert DUTCH_NUMBER.match(text), text
    return float(text.replace(".", "").replace(",", "."))


def nl_day(text: str) -> date:
    return datetime.strptime(text, "%d-%m-%Y").date()


def shoelace(ring: list[list[float]]) -> float:
    """Signed area in square degrees: positive for a counter-clockwise ring."""
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))


def segments_cross(p1, p2, p3, p4) -> bool:
    def orient(a, b, c) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = orient(p3, p4, p1), orient(p3, p4, p2)
    d3, d4 = orient(p1, p2, p3), orient(p1, p2, p4)
    return d1 * d2 < 0 and d3 * d4 < 0


# -- determinism and file layout -----------------------------------------------------------------


def test_same_seed_same_bytes_and_other_seed_differs(out, tmp_path: Path):
    again = demo.generate(tmp_path / "again", scale="demostad", seed=42)
    for first, second in zip(out["_list"], again, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name
    other = {p.stem: p for p in demo.generate(tmp_path / "other", scale="demostad", seed=7)}
    for entity in ("gebieden", "gebiedscijfers", "initiatieven", "subsidies", "waarnemingen"):
        assert other[entity].read_bytes() != out[entity].read_bytes(), entity


def test_file_names_in_load_order_and_headers_equal_template(out):
    assert [p.stem for p in out["_list"]] == list(LOAD_ORDER)
    assert out["gebieden"].name == "gebieden.geojson"
    for entity in LOAD_ORDER:
        if entity == "gebieden":
            continue
        path = out[entity]
        assert path.name == f"{entity}.csv"
        encoding, delimiter = ("cp1252", ";") if entity in CP1252_FILES else ("utf-8", ",")
        first_line = path.read_bytes().decode(encoding).splitlines()[0]
        assert first_line.split(delimiter) == [c.name for c in TEMPLATES[entity].columns], entity
    props = [c.name for c in TEMPLATES["gebieden"].columns if c.kind != "geometry"]
    for feature in features(out):
        assert list(feature["properties"]) == props


def test_unknown_scale_is_refused(tmp_path: Path):
    with pytest.raises(ValueError):
        demo.generate(tmp_path, scale="wereld")


# -- areas ---------------------------------------------------------------------------------------


def test_demostad_codes_names_and_counts(out):
    props = [f["properties"] for f in features(out)]
    by_level = Counter(p["niveau"] for p in props)
    assert by_level["gemeente"] == 1 and by_level["wijk"] == 8
    assert 35 <= by_level["buurt"] <= 45
    gemeente = next(p for p in props if p["niveau"] == "gemeente")
    assert gemeente["gebiedscode"] == tx.DEMO_GEMEENTE_CODE == "GM9999"
    assert gemeente["naam"] == tx.DEMO_GEMEENTE_NAME
    assert all(p["fictief"] == "ja" for p in props)
    wijken = sorted(p["gebiedscode"] for p in props if p["niveau"] == "wijk")
    assert wijken == [f"WK9999{w:02d}" for w in range(1, 9)]
    for p in props:
        if p["niveau"] == "wijk":
            assert p["bovenliggende_code"] == "GM9999"
        if p["niveau"] == "buurt":
            assert re.fullmatch(r"BU9999\d{4}", p["gebiedscode"])
            assert p["bovenliggende_code"] == "WK" + p["gebiedscode"][2:8]
        assert isinstance(p["oppervlakte_ha"], float) and p["oppervlakte_ha"] > 0
    names = [p["naam"] for p in props if p["niveau"] != "gemeente"]
    assert len(set(names)) == len(names)


def test_polygons_are_valid_touch_and_add_up(out):
    feats = features(out)
    rings = {}
    for f in feats:
        assert f["geometry"]["type"] == "Polygon"
        ring = f["geometry"]["coordinates"][0]
        assert ring[0] == ring[-1], "ring not closed"
        assert shoelace(ring) > 0, "exterior ring not counter-clockwise"
        assert all(5.0 <= x <= 5.25 and 52.0 <= y <= 52.12 for x, y in ring)
        assert all(round(v, 5) == v for point in ring for v in point)
        segs = list(zip(ring, ring[1:], strict=False))
        for i in range(len(segs)):
            for j in range(i + 2, len(segs)):
                if i == 0 and j == len(segs) - 1:
                    continue  # neighbours through the closing point
                assert not segments_cross(*segs[i], *segs[j]), f["properties"]["gebiedscode"]
        rings[f["properties"]["gebiedscode"]] = (f["properties"], ring)
    buurten = {c: r for c, (p, r) in rings.items() if p["niveau"] == "buurt"}
    edges = {c: {(tuple(a), tuple(b)) for a, b in zip(r, r[1:], strict=False)} for c, r in buurten.items()}
    for code, own in edges.items():
        reversed_edges = {(b, a) for a, b in own}
        assert any(reversed_edges & other for c, other in edges.items() if c != code), code
    total = sum(shoelace(r) for r in buurten.values())
    assert abs(shoelace(rings["GM9999"][1]) - total) / total < 0.005
    for wijk in (c for c, (p, _) in rings.items() if p["niveau"] == "wijk"):
        part = sum(shoelace(r) for c, r in buurten.items() if c.startswith("BU" + wijk[2:]))
        assert abs(shoelace(rings[wijk][1]) - part) / part < 0.005, wijk
    ha = {c: p["oppervlakte_ha"] for c, (p, _) in rings.items()}
    assert abs(ha["GM9999"] - sum(ha[c] for c in buurten)) < 1


# -- context statistics --------------------------------------------------------------------------


def test_cp1252_files_are_dutch_excel_exports(out):
    for entity in CP1252_FILES:
        data = out[entity].read_bytes()
        data.decode("cp1252")
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")  # they hold non-ASCII text in Windows-1252 (–, ö)
        assert data.splitlines()[0].count(b";") == len(TEMPLATES[entity].columns) - 1
        assert b"\r\n" in data
    amounts = [r["bedrag"] for r in read_csv(out["subsidies"])]
    assert all(re.fullmatch(r"\d{1,3}(\.\d{3})*,\d{2}", a) for a in amounts)
    assert any("." in a for a in amounts)
    values = [r["waarde"] for r in read_csv(out["gebiedscijfers"]) if r["waarde"] != "."]
    assert all(DUTCH_NUMBER.match(v) for v in values)
    assert any("," in v for v in values) and any(re.search(r"\d\.\d{3}", v) for v in values)


def test_gebiedscijfers_complete_with_secret_markers_only_in_small_buurten(out):
    rows = read_csv(out["gebiedscijfers"])
    codes = {f["properties"]["gebiedscode"] for f in features(out)}
    years = sorted({int(r["jaar"]) for r in rows})
    assert years == list(range(2020, 2026))
    required = {
        "inwoners",
        "huishoudens",
        "aandeel_0_14",
        "aandeel_65plus",
        "inkomen_per_inwoner",
        "aandeel_laag_inkomen",
        "aandeel_goede_gezondheid",
        "aandeel_eenpersoonshuishoudens",
        "woz_waarde",
    }
    stats = {r["statistiek"] for r in rows}
    assert required <= stats <= set(tx.STATISTICS)
    keys = [(r["gebiedscode"], r["jaar"], r["statistiek"]) for r in rows]
    assert len(keys) == len(set(keys)) == len(codes) * len(years) * len(stats)
    residents = {
        (r["gebiedscode"], r["jaar"]): dutch(r["waarde"]) for r in rows if r["statistiek"] == "inwoners"
    }
    secret = [r for r in rows if r["waarde"] == "."]
    assert 0.005 <= len(secret) / len(rows) <= 0.02
    for r in secret:
        assert r["gebiedscode"].startswith("BU")
        assert residents[(r["gebiedscode"], r["jaar"])] < 1000
    assert not [r for r in rows if r["waarde"].strip() in ("", "0", "0,0", "0,00")]
    buurt_res = [v for (c, _), v in residents.items() if c.startswith("BU")]
    assert min(buurt_res) >= 400 and max(buurt_res) <= 6500
    for year in map(str, years):
        total = sum(v for (c, y), v in residents.items() if c.startswith("BU") and y == year)
        assert residents[("GM9999", year)] == total


def test_need_follows_income_and_age(out):
    rows = read_csv(out["gebiedscijfers"])
    value = {
        (r["gebiedscode"], r["statistiek"]): dutch(r["waarde"])
        for r in rows
        if r["jaar"] == "2024" and r["waarde"] != "."
    }
    buurten = sorted({c for c, _ in value if c.startswith("BU")})
    poor = [
        b for b in buurten if (b, "aandeel_laag_inkomen") in value and (b, "inkomen_per_inwoner") in value
    ]
    low = sorted(poor, key=lambda b: value[(b, "aandeel_laag_inkomen")])
    # the buurten with the most low-income households earn less per resident than those with the fewest
    k = len(low) // 4
    mean = lambda bs, s: sum(value[(b, s)] for b in bs) / len(bs)  # noqa: E731
    assert mean(low[-k:], "inkomen_per_inwoner") < mean(low[:k], "inkomen_per_inwoner")
    # initiatives cluster where need is high
    main = Counter(r["buurten"].split(";")[0] for r in read_csv(out["initiatieven"]))
    assert sum(main[b] for b in low[-k:]) > 1.5 * sum(main[b] for b in low[:k])


# -- initiatives, funders, grants ----------------------------------------------------------------


def test_initiatives_cover_themes_forms_and_lifecycles(out):
    rows = read_csv(out["initiatieven"])
    assert 180 <= len(rows) <= 220
    themes = Counter(t for r in rows for t in r["themas"].split(";"))
    assert set(themes) == set(tx.THEMES)
    assert {r["vorm"] for r in rows} == set(tx.FORMS)
    assert all(1 <= len(r["themas"].split(";")) <= 3 for r in rows)
    established = sum(r["status"] == "gevestigd" for r in rows) / len(rows)
    assert 0.06 <= established <= 0.20
    assert sum(r["status"] == "gestopt" for r in rows) > len(rows) / 3
    buurten = {f["properties"]["gebiedscode"] for f in features(out) if f["properties"]["niveau"] == "buurt"}
    orgs = {r["organisatiecode"] for r in read_csv(out["organisaties"])}
    starts = Counter()
    for r in rows:
        start = nl_day(r["startdatum"])
        starts[start.year] += 1
        assert date(2017, 1, 1) <= start <= date(2025, 12, 31)
        if r["status"] == "gestopt":
            assert start < nl_day(r["einddatum"]) <= date(2025, 12, 31)
        else:
            assert r["einddatum"] == "" and r["status"] in ("idee", "startend", "groeiend", "gevestigd")
            if r["status"] == "gevestigd":
                assert start <= date(2023, 1, 1)
            if r["status"] == "idee":
                assert start >= date(2025, 1, 1)
        served = r["buurten"].split(";")
        assert 1 <= len(served) <= 4 and len(set(served)) == len(served) and set(served) <= buurten
        sdgs = [int(s) for s in r["sdgs"].split(";")]
        assert 1 <= len(sdgs) <= 3 and all(1 <= s <= 17 for s in sdgs)
        assert r["organisatiecode"] == "" or r["organisatiecode"] in orgs
        assert not re.match(r"^[=+\-@]", r["naam"]) and "<" not in r["naam"] + r["omschrijving"]
    assert set(starts) == set(range(2017, 2026))
    assert any(ch in r["naam"] for r in rows for ch in "ëöé")
    assert 100 <= len(orgs) <= 140


def test_funders_and_grants(out):
    funders = {r["financiercode"]: r for r in read_csv(out["financiers"])}
    types = Counter(r["type"] for r in funders.values())
    assert set(types) == set(tx.FUNDER_TYPES) and types["fonds"] >= 3
    assert any(
        r["naam"] == "Gemeente Demostad (fictief)" and r["type"] == "gemeente" for r in funders.values()
    )
    initiatives = {r["initiatiefcode"]: r for r in read_csv(out["initiatieven"])}
    grants = read_csv(out["subsidies"])
    assert 200 <= len(grants) <= 1000
    assert len({g["subsidiecode"] for g in grants}) == len(grants)
    for g in grants:
        amount = dutch(g["bedrag"])
        assert 500 <= amount <= 150_000 and amount % 50 == 0
        ini = initiatives[g["initiatiefcode"]]
        start = nl_day(g["startdatum"])
        end_of_life = nl_day(ini["einddatum"]) if ini["einddatum"] else date(2025, 12, 31)
        assert nl_day(ini["startdatum"]) <= start <= end_of_life
        assert nl_day(g["einddatum"]) == date(start.year, 12, 31)
        assert g["financiercode"] in funders
    # survival depends on the funding mix: initiatives with 3+ funding routes stop less often
    routes = Counter()
    for code in {(g["initiatiefcode"], g["financiercode"]) for g in grants}:
        routes[code[0]] += 1
    old = [r for r in initiatives.values() if nl_day(r["startdatum"]) < date(2021, 1, 1)]
    stop_rate = lambda rs: sum(r["status"] == "gestopt" for r in rs) / max(1, len(rs))  # noqa: E731
    few = [r for r in old if routes[r["initiatiefcode"]] <= 1]
    many = [r for r in old if routes[r["initiatiefcode"]] >= 3]
    assert many and stop_rate(many) < stop_rate(few)


def test_indicators(out):
    rows = {r["indicatorcode"]: r for r in read_csv(out["indicatoren"])}
    assert {
        "deelnemers",
        "vrijwilligers",
        "vrijwilligersuren",
        "naar_werk",
        "eenzaamheidsscore",
        "bijeenkomsten",
    } <= set(rows)
    assert len(rows) >= 8
    d = rows["deelnemers"]
    assert (d["naam_nl"], d["naam_en"], d["iris_code"], d["sdg_doel"]) == (
        "Bereikte deelnemers",
        "Participants reached",
        "PI4060",
        "10.2",
    )
    assert (d["toc_niveau"], d["aggregatie"], d["telt_personen"]) == ("output", "som", "ja")
    assert (rows["vrijwilligers"]["aggregatie"], rows["vrijwilligers"]["telt_personen"]) == ("laatste", "ja")
    e = rows["eenzaamheidsscore"]
    assert (e["richting"], e["aggregatie"], e["thema"], e["minimum"], e["maximum"]) == (
        "lager_beter",
        "gemiddelde",
        "eenzaamheid",
        "0",
        "11",
    )
    assert rows["naar_werk"]["sdg_doel"] == "8.5" and rows["naar_werk"]["thema"] == "werk"
    for r in rows.values():
        assert r["iris_code"] == "" or re.fullmatch(r"[A-Z]{2}\d{4}", r["iris_code"])
        assert r["sdg_doel"] == "" or re.fullmatch(r"\d{1,2}\.\d{1,2}", r["sdg_doel"])
        assert r["thema"] == "" or r["thema"] in tx.THEMES
        assert float(r["minimum"]) < float(r["maximum"])


# -- observations --------------------------------------------------------------------------------


def test_observations_reference_existing_rows_and_are_quarterly(out):
    initiatives = {r["initiatiefcode"]: r for r in read_csv(out["initiatieven"])}
    indicators = {r["indicatorcode"]: r for r in read_csv(out["indicatoren"])}
    rows = read_csv(out["waarnemingen"])
    assert len(rows) > 5_000
    keys = set()
    per_initiative = Counter()
    for r in rows:
        ini = initiatives[r["initiatiefcode"]]
        ind = indicators[r["indicatorcode"]]
        assert r["buurtcode"] in ini["buurten"].split(";")
        key = (r["initiatiefcode"], r["indicatorcode"], r["buurtcode"], r["periode_start"])
        assert key not in keys
        keys.add(key)
        start, end = nl_day(r["periode_start"]), nl_day(r["periode_eind"])
        assert start.day == 1 and start.month in (1, 4, 7, 10) and 2020 <= start.year <= 2025
        assert end.month == start.month + 2 and (end + (date(2000, 1, 2) - date(2000, 1, 1))).day == 1
        first_quarter = nl_day(ini["startdatum"]).replace(day=1)
        assert (first_quarter.year, (first_quarter.month - 1) // 3) <= (start.year, (start.month - 1) // 3)
        if ini["einddatum"]:
            assert start <= nl_day(ini["einddatum"])
        value = float(r["waarde"])
        assert float(ind["minimum"]) <= value <= float(ind["maximum"]), r
        per_initiative[r["initiatiefcode"]] += 1
    doel = sum(r["doel"] != "" for r in rows) / len(rows)
    assert 0.6 <= doel < 1
    indicators_used = {(r["initiatiefcode"], r["indicatorcode"]) for r in rows}
    for code in per_initiative:
        assert (code, "deelnemers") in indicators_used and (code, "vrijwilligers") in indicators_used


def test_participants_grow_with_maturity(out):
    initiatives = {r["initiatiefcode"]: r for r in read_csv(out["initiatieven"])}
    first, later = [], []
    for r in read_csv(out["waarnemingen"]):
        if (
            r["indicatorcode"] != "deelnemers"
            or r["buurtcode"] != initiatives[r["initiatiefcode"]]["buurten"][:10]
        ):
            continue
        months = (
            nl_day(r["periode_start"]) - nl_day(initiatives[r["initiatiefcode"]]["startdatum"])
        ).days / 30
        (first if months < 3 else later if months > 24 else []).append(float(r["waarde"]))
    assert first and later
    assert sum(later) / len(later) > 1.5 * sum(first) / len(first)


# -- larger scale --------------------------------------------------------------------------------


def test_provincie_codes_are_consistent(tmp_path: Path):
    spec = demo.SCALES["provincie"]
    paths = {p.stem: p for p in demo.generate(tmp_path, scale="provincie", seed=1)}
    props = [f["properties"] for f in json.loads(paths["gebieden"].read_text(encoding="utf-8"))["features"]]
    codes = [p["gebiedscode"] for p in props]
    assert len(codes) == len(set(codes))
    gemeenten = {p["gebiedscode"] for p in props if p["niveau"] == "gemeente"}
    assert len(gemeenten) == spec.gemeenten and "GM9999" in gemeenten
    assert all(re.fullmatch(r"GM9\d{3}", g) for g in gemeenten)
    buurten = {p["gebiedscode"] for p in props if p["niveau"] == "buurt"}
    assert 900 <= len(buurten) <= 1100
    wijken = {p["gebiedscode"] for p in props if p["niveau"] == "wijk"}
    for p in props:
        if p["niveau"] == "wijk":
            assert (
                p["bovenliggende_code"] == "GM" + p["gebiedscode"][2:6]
                and p["bovenliggende_code"] in gemeenten
            )
        if p["niveau"] == "buurt":
            assert (
                p["bovenliggende_code"] == "WK" + p["gebiedscode"][2:8] and p["bovenliggende_code"] in wijken
            )
    initiatives = read_csv(paths["initiatieven"])
    assert len(initiatives) == spec.initiatives
    assert len({r["initiatiefcode"] for r in initiatives}) == len(initiatives)
    for r in initiatives:
        served = r["buurten"].split(";")
        assert set(served) <= buurten
        assert len({b[:6] for b in served}) == 1  # all served buurten lie in one gemeente
    stat_codes = {
        line.split(";")[0] for line in paths["gebiedscijfers"].read_bytes().decode("cp1252").splitlines()[1:]
    }
    assert stat_codes == set(codes)
