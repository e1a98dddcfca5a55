"""Writes the empty input templates (CSV and XLSX) and the data dictionary from the template spec."""

from __future__ import annotations

import csv
from pathlib import Path

from etl.templates import TEMPLATES, Column, Template

# XLSX sheets with these names explain the template; the loader skips them.
EXPLANATION_SHEETS = ("toelichting", "uitleg", "readme")
KIND_NL = {
    "text": "tekst",
    "code": "code",
    "int": "geheel getal",
    "decimal": "getal",
    "date": "datum (dd-mm-jjjj)",
    "enum": "keuzelijst",
    "bool": "ja/nee",
    "geometry": "GeoJSON-geometrie",
}


def _allowed(col: Column) -> str:
    if col.enum:
        return ", ".join(col.enum)
    if col.minimum is not None:
        return f"{col.minimum:g} – {col.maximum:g}"
    return ""


def write_csv(template: Template, folder: Path) -> Path:
    path = folder / f"{template.entity}.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerow([c.name for c in template.columns])
    return path


def write_xlsx(template: Template, folder: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = template.entity
    sheet.append([c.name for c in template.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, col in enumerate(template.columns, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(14, len(col.name) + 4)
    info = book.create_sheet(EXPLANATION_SHEETS[0])
    info.append(["kolom", "English", "verplicht", "soort", "toegestaan", "toelichting", "voorbeeld"])
    for col in template.columns:
        info.append(
            [
                col.name,
                col.alias,
                "ja" if col.required else "nee",
                KIND_NL[col.kind],
                _allowed(col),
                col.description_nl,
                col.example,
            ]
        )
    path = folder / f"{template.entity}.xlsx"
    book.save(path)
    return path


def data_dictionary() -> str:
    """The data dictionary as Markdown, generated from the same spec the loader validates with."""
    lines = [
        "# Datawoordenboek / data dictionary",
        "",
        "Generated from `etl/templates.py` by `wijkwaarde templates`; do not edit by hand.",
        "Headers are Dutch; the English alias is accepted too. Lists are separated by `;` "
        "(or `|` inside a `;`-separated file). Dates: `dd-mm-jjjj` (or ISO `jjjj-mm-dd`). "
        "Numbers: in a `;`-separated file or XLSX the Dutch notation `1.234,5`; in a `,`-separated "
        "file `1234.5`. A thousands separator only follows a first group of 1 to 3 digits that does "
        "not start with 0 (`0.500` and `1.23` are rejected, not read as 500 and 123); numbers of "
        "10^15 or more, infinity and NaN are rejected. Geometry: GeoJSON Polygon or MultiPolygon in "
        "WGS84, valid (not self-intersecting) and inside the Netherlands.",
        "",
    ]
    for t in TEMPLATES.values():
        lines += [
            f"## {t.entity} ({t.alias})",
            "",
            t.description_nl,
            "",
            f"*{t.description_en}*",
            "",
            f"Key: `{', '.join(t.key)}`",
            "",
            "| kolom | English | verplicht | soort | toegestaan | toelichting | voorbeeld |",
            "|---|---|---|---|---|---|---|",
        ]
        for c in t.columns:
            example = c.example.replace("|", "\\|")
            lines.append(
                f"| `{c.name}` | `{c.alias}` | {'ja' if c.required else 'nee'} | "
                f"{KIND_NL[c.kind]}{' (lijst)' if c.is_list else ''} | {_allowed(c)} | "
                f"{c.description_nl} | {example} |"
            )
        lines.append("")
    return "\n".join(lines)


def write_all(folder: Path, docs: Path | None = Path("docs")) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for template in TEMPLATES.values():
        paths.append(write_csv(template, folder))
        paths.append(write_xlsx(template, folder))
    if docs is not None:
        docs.mkdir(parents=True, exist_ok=True)
        target = docs / "data-dictionary.md"
        target.write_text(data_dictionary(), encoding="utf-8")
        paths.append(target)
    return paths
