"""The input templates users can download: only .csv/.xlsx files that exist in data/templates/."""

from __future__ import annotations

import os
from pathlib import Path

SUFFIXES = (".csv", ".xlsx")


def templates_dir() -> Path:
    default = Path(__file__).resolve().parents[1] / "data" / "templates"
    return Path(os.environ.get("WIJKWAARDE_TEMPLATES", default))


def template_files() -> list[Path]:
    folder = templates_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def find_template(filename: str) -> Path | None:
    """The template called exactly `filename`, looked up in the allow-list of existing files, or None."""
    return next((p for p in template_files() if p.name == filename), None)
