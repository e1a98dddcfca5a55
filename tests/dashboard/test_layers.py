"""Imports flow one way on the dashboard side: pages -> callbacks -> views -> repository -> SQL.

The chart pipeline (dashboard/charts/) sits between callbacks and views: callbacks, pack and pages take their
charts from it; a chart is drawn from views, components and the repository, never from pages or callbacks.

Read from the source (module-level imports): a lower layer never imports a higher one, so there is no
cycle between them. The shell, the links and the permalinks read the page registry that dashboard/pages
hands to dashboard/page.py (register_pages) when it is imported, so none of them imports a page.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "dashboard"

# layer (a folder of dashboard/) -> the dashboard modules and folders it must not import
FORBIDDEN = {
    "callbacks": ("dashboard.pages", "dashboard.app"),
    "charts": ("dashboard.callbacks", "dashboard.pages", "dashboard.pack", "dashboard.app"),
    "views": (
        "dashboard.charts",
        "dashboard.callbacks",
        "dashboard.pages",
        "dashboard.pack",
        "dashboard.app",
    ),
    "pack": ("dashboard.callbacks", "dashboard.pages", "dashboard.app"),
    "components": (
        "dashboard.charts",
        "dashboard.views",
        "dashboard.callbacks",
        "dashboard.pages",
        "dashboard.pack",
        "dashboard.app",
    ),
}


def module_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.parse(path.read_text()).body:  # module level only
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_no_layer_above_it(layer):
    wrong = {
        f"{path.relative_to(ROOT.parent)} imports {name}"
        for path in sorted((ROOT / layer).glob("*.py"))
        for name in module_imports(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer])
    }
    assert not wrong


@pytest.mark.parametrize("layer", ["charts", "views", "pages", "pack", "components"])
def test_only_callbacks_decide_not_to_update(layer):
    """PreventUpdate is the callback boundary's business: views return None or raise their own errors."""
    raising = [p.name for p in sorted((ROOT / layer).glob("*.py")) if "PreventUpdate" in p.read_text()]
    assert raising == []
