"""Exports the product's grants as a 360Giving JSON package, validated against the 360Giving schema.

Mapping (documented in docs/data-model.md): id `<prefix>-<subsidiecode>`; the recipient is the
initiative (`<prefix>-<initiatiefcode>`, its name); the funder `<prefix>-<financiercode>` with its
Wijkwaarde type in `organisationType`; `awardDate` is the start of the grant period (the product has no
decision date); the buurten the initiative serves are `beneficiaryLocation` with the CBS code as
`geoCode` and `geoCodeType` `BU` (Wijkwaarde's Dutch extension of the UK codelist); themes are
classifications in the vocabulary `wijkwaarde-thema`.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from pathlib import Path

import duckdb

from etl.registers import common as c
from etl.registers.giving360 import SCHEMA_DIR

PACKAGE_VERSION = "1.4"
THEME_VOCABULARY = "wijkwaarde-thema"


class ExportError(Exception):
    """Nothing to export, or the package did not pass the schema."""


@cache
def _schemas() -> tuple[dict, dict]:
    package = json.loads((SCHEMA_DIR / "360-giving-package-schema.json").read_text(encoding="utf-8"))
    grant = json.loads((SCHEMA_DIR / "360-giving-schema.json").read_text(encoding="utf-8"))
    return package, grant


def _load(schema_dir: Path | None) -> tuple[dict, dict]:
    if schema_dir is None:
        return _schemas()
    package = json.loads((schema_dir / "360-giving-package-schema.json").read_text(encoding="utf-8"))
    grant = json.loads((schema_dir / "360-giving-schema.json").read_text(encoding="utf-8"))
    return package, grant


def validator(schema_dir: Path | None = None, which: str = "package"):
    """A Draft 2020-12 validator of the package (or grant) schema, offline: the grant schema's public
    URLs (the package refers to 1.4.2, the file says 1.4.3) resolve to the local file; formats are
    checked (date-time needs rfc3339-validator: without it `awardDate`'s oneOf cannot pass)."""
    from jsonschema import Draft202012Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    package, grant = _load(schema_dir)
    # the files say `http://json-schema.org/draft/2020-12/schema`, which `referencing` does not detect
    resource = DRAFT202012.create_resource(grant)
    urls = {grant["$id"], package["properties"]["grants"]["items"]["$ref"]}
    registry = Registry().with_resources((url, resource) for url in urls)
    return Draft202012Validator(
        package if which == "package" else grant,
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def validate(package: dict, schema_dir: Path | None = None, full: bool = False) -> list[str]:
    """Every schema error as `path: message` (empty when the package is valid).

    By default the package is checked with its first grant, then every grant against the grant
    schema: the same rules, except `uniqueItems` over all grants, which is quadratic and is implied
    by the unique ids checked here. `full=True` validates the package as one document.
    """
    grants = package.get("grants")
    if full or not isinstance(grants, list) or not grants:
        found = [(list(e.absolute_path), e.message) for e in validator(schema_dir).iter_errors(package)]
    else:
        found = [
            (list(e.absolute_path), e.message)
            for e in validator(schema_dir).iter_errors({**package, "grants": grants[:1]})
        ]
        check = validator(schema_dir, "grant")
        for index, grant in enumerate(grants[1:], start=1):
            found.extend((["grants", index, *e.absolute_path], e.message) for e in check.iter_errors(grant))
        ids = [g.get("id") for g in grants if isinstance(g, dict)]
        if len(set(ids)) != len(ids):
            found.append((["grants"], "ids zijn niet uniek"))
    messages = []
    for path, message in sorted(found, key=lambda f: [str(p) for p in f[0]]):
        short = message if len(message) <= 160 else message[:157] + "..."
        messages.append("/".join(str(p) for p in path) + ": " + short)
    return messages


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def build_package(
    con: duckdb.DuckDBPyConnection, prefix: str = c.EXPORT_PREFIX, publisher: str = "Wijkwaarde"
) -> dict:
    """The product's grants (v_grant) as a 360Giving package, from the published views only."""
    grants = con.execute(
        "SELECT g.code, g.funder_code, g.funder_name, g.funder_type, g.initiative_code, i.name, g.amount, "
        "g.start_date, g.end_date, g.description, b.loaded_at "
        "FROM v_grant g JOIN v_initiative i ON i.code = g.initiative_code "
        "LEFT JOIN v_batch b ON b.batch_id = g.batch_id ORDER BY g.code"
    ).fetchall()
    buurten: dict[str, list[tuple[str, str]]] = {}
    for initiative, code, name in con.execute(
        "SELECT ib.initiative_code, ib.buurt_code, b.buurt_name FROM v_initiative_buurt ib "
        "JOIN v_buurt b ON b.buurt_code = ib.buurt_code ORDER BY ib.initiative_code, NOT ib.is_primary, ib.buurt_code"
    ).fetchall():
        buurten.setdefault(initiative, []).append((code, name))
    themes: dict[str, list[tuple[str, str]]] = {}
    for initiative, code, label in con.execute(
        "SELECT initiative_code, theme_code, label_nl FROM v_initiative_theme ORDER BY initiative_code, theme_code"
    ).fetchall():
        themes.setdefault(initiative, []).append((code, label))
    out = []
    for (
        code,
        funder,
        funder_name,
        funder_type,
        initiative,
        name,
        amount,
        start,
        end,
        description,
        loaded,
    ) in grants:
        title = f"{name} ({funder_name}, {start.year})"
        grant = {
            "id": f"{prefix}-{code}",
            "title": title,
            "description": description or f"Subsidie van {funder_name} aan het initiatief {name}.",
            "currency": "EUR",
            "amountAwarded": float(amount),
            "awardDate": _iso(start),
            "plannedDates": [{k: v for k, v in (("startDate", _iso(start)), ("endDate", _iso(end))) if v}],
            "recipientOrganization": [{"id": f"{prefix}-{initiative}", "name": name}],
            "fundingOrganization": [
                {"id": f"{prefix}-{funder}", "name": funder_name, "organisationType": funder_type}
            ],
        }
        if buurten.get(initiative):
            grant["beneficiaryLocation"] = [
                {"name": bname, "geoCode": bcode, "geoCodeType": "BU", "countryCode": "NL"}
                for bcode, bname in buurten[initiative]
            ]
        if themes.get(initiative):
            grant["classifications"] = [
                {"vocabulary": THEME_VOCABULARY, "code": tcode, "title": label}
                for tcode, label in themes[initiative]
            ]
        if loaded:
            grant["dateModified"] = loaded.astimezone().isoformat(timespec="seconds")
        out.append(grant)
    return {
        "grants": out,
        "version": PACKAGE_VERSION,
        "title": f"Subsidies uit Wijkwaarde ({publisher})",
        "issued": date.today().isoformat(),
        "modified": datetime.now().astimezone().isoformat(timespec="seconds"),
        "publisher": {"name": publisher},
        "license": "https://creativecommons.org/licenses/by/4.0/",
    }


def export(
    con: duckdb.DuckDBPyConnection, output: Path, prefix: str = c.EXPORT_PREFIX, publisher: str = "Wijkwaarde"
) -> int:
    """Write the package to `output` after validating it; returns the number of grants."""
    package = build_package(con, prefix, publisher)
    if not package["grants"]:
        raise ExportError("geen subsidies om te exporteren (360Giving vraagt minstens één grant)")
    problems = validate(package)
    if problems:
        raise ExportError("het pakket voldoet niet aan het 360Giving-schema: " + "; ".join(problems[:5]))
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(json.dumps(package, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(output)
    return len(package["grants"])
