"""A serving worker leaves what it built to start out of Python's collections (dashboard/wsgi.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_worker_freezes_what_it_built_to_start(tmp_path):
    code = "import gc; import dashboard.wsgi; print(gc.get_freeze_count(), len(gc.get_objects()))"
    env = {"WIJKWAARDE_HOME": str(tmp_path / "leeg"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    frozen, tracked = int(out[0]), int(out[1])
    # the app's modules, Dash's and Plotly's: far more objects frozen than are left for the collector
    assert frozen > 100_000 and tracked < frozen / 10
