"""The test tiers: without Playwright installed, the suite still collects and the fast tier holds no browser
or serving test (the markers of tests/conftest.py are what `make test-fast` selects on)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAST = "not browser and not serving and not slow"

# pytest in a process where importing Playwright (or the plugins built on it) fails, as on a machine
# without it; prints the collected test ids and then which of those modules got imported anyway.
WITHOUT_PLAYWRIGHT = """
import sys
BLOCKED = {"playwright", "pytest_playwright", "axe_playwright_python"}
class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}")
sys.meta_path.insert(0, Blocker())
import pytest
code = pytest.main(sys.argv[1:])
print("IMPORTED:", sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED))
sys.exit(code)
"""


def collect(marks: str) -> tuple[list[str], str]:
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_PLAYWRIGHT, "--collect-only", "-q", "-p", "no:cacheprovider",
         "-p", "no:playwright", "-p", "no:xdist", "-m", marks, "tests"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    lines = result.stdout.splitlines()
    return [line for line in lines if "::" in line], next(
        line for line in lines if line.startswith("IMPORTED:")
    )


def test_the_fast_tier_collects_without_playwright_and_has_no_browser_or_serving_test():
    tests, imported = collect(FAST)
    assert imported == "IMPORTED: []"
    assert len(tests) > 100
    assert not [t for t in tests if t.startswith(("tests/browser/", "tests/serving/"))]
    assert (
        "tests/test_tiers.py::test_the_fast_tier_collects_without_playwright_and_has_no_browser_or_serving_test"
        not in tests
    )


def test_every_browser_test_is_in_the_browser_tier():
    tests, imported = collect("browser")
    assert imported == "IMPORTED: []"  # collecting does not import Playwright either: only running does
    assert len(tests) > 50 and all(t.startswith("tests/browser/") for t in tests)
