"""What the ETL publishes and the dashboard reads: the warehouse's folder, the published file, the taxonomy.

The one module of etl/ the dashboard imports (with etl.taxonomy, the vocabulary both sides speak); it
imports nothing of either side, so neither can pull the other in through it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from etl import taxonomy

__all__ = [
    "DEFAULT_HOME",
    "HOME_ENV",
    "PUBLISHED_NAME",
    "VERSION_RE",
    "VERSIONS_DIR",
    "default_home",
    "kept_versions",
    "published_path",
    "taxonomy",
]

HOME_ENV = "WIJKWAARDE_HOME"  # the warehouse's folder; the command line's --home sets it
DEFAULT_HOME = Path("data/warehouse")
# The symlink in the home folder readers open; the ETL swaps it atomically to each new version.
PUBLISHED_NAME = "wijkwaarde.duckdb"
# The published versions the ETL keeps (the newest few): versions/wijkwaarde-000012.duckdb.
VERSIONS_DIR = "versions"
VERSION_RE = re.compile(r"^wijkwaarde-(\d{6})\.duckdb$")


def default_home() -> Path:
    """The warehouse's folder: $WIJKWAARDE_HOME, else ./data/warehouse."""
    return Path(os.environ.get(HOME_ENV, DEFAULT_HOME))


def published_path(home: Path) -> Path:
    """The symlink readers open; it always points at a complete database."""
    return home / PUBLISHED_NAME


def kept_versions(home: Path) -> list[Path]:
    """The complete versions kept in `home`, oldest first (what `wijkwaarde rollback` can publish again)."""
    folder = home / VERSIONS_DIR
    if not folder.is_dir():
        return []
    found = [(int(m.group(1)), p) for p in folder.iterdir() if (m := VERSION_RE.match(p.name))]
    return [p for _, p in sorted(found)]
