"""The import graph of our own modules, read from the source with `ast`: no cycle, and imports flow one way.

The layers: the command line (wijkwaarde/) may import etl/ and dashboard/; the dashboard imports of etl/
only the contract (etl.contract, and etl.taxonomy it re-exports); etl/ imports neither. Every import
counts, those inside functions too: a cycle hidden in a function is still a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("etl", "dashboard", "wijkwaarde")
CONTRACT = {"etl", "etl.contract", "etl.taxonomy"}  # what the dashboard may import of etl/


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _own(name: str) -> str | None:
    """The module of ours `name` refers to (a module, or the package holding the name), or None."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path) -> set[str]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(_own(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, `level - 1` packages up
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}".rstrip(".")
            for alias in node.names:  # `from etl import loader` imports the module etl.loader
                full = f"{base}.{alias.name}"
                found.add(full if full in MODULES else _own(base))
    found.discard(None)
    found.discard(module)
    return found


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def _unit(module: str) -> str:
    """A module's place one level below its top package: `dashboard.views.need` -> `dashboard.views`."""
    return ".".join(module.split(".")[:2])


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan), each a cycle or several."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _subgraph(prefixes: tuple[str, ...], collapse: bool = False) -> dict[str, set[str]]:
    """The graph of the modules under `prefixes`; with `collapse`, of their subpackages instead."""
    inside = {m for m in GRAPH if m.split(".")[0] in prefixes}
    graph: dict[str, set[str]] = {}
    for module in inside:
        source = _unit(module) if collapse else module
        targets = {(_unit(t) if collapse else t) for t in GRAPH[module] if t in inside}
        graph.setdefault(source, set()).update(targets - {source})
    return graph


def _explain(cycles: list[list[str]], graph: dict[str, set[str]]) -> str:
    lines = []
    for members in cycles:
        edges = [f"{a} -> {b}" for a in members for b in sorted(graph[a]) if b in members]
        lines.append(f"{', '.join(members)}: {'; '.join(edges)}")
    return "\n".join(lines)


def test_the_graph_is_read():
    # the test would pass on an empty graph: it must see the imports it is about
    assert "etl.batch" in GRAPH["etl.loader"] and "etl.loader" in GRAPH["wijkwaarde.cli"]
    assert "etl.contract" in GRAPH["dashboard.repository.reader"]


@pytest.mark.parametrize("collapse", [False, True], ids=["modules", "subpackages"])
def test_etl_and_the_command_line_have_no_import_cycle(collapse):
    graph = _subgraph(("etl", "wijkwaarde"), collapse)
    cycles = _cycles(graph)
    assert not cycles, "import cycles:\n" + _explain(cycles, graph)


def _imports_of(package: str, allowed) -> list[str]:
    """The imports `a -> b` from modules of `package` into our other packages that `allowed(b)` refuses."""
    return sorted(
        f"{m} -> {t}"
        for m, targets in GRAPH.items()
        if m.split(".")[0] == package
        for t in targets
        if t.split(".")[0] != package and not allowed(t)
    )


def test_etl_imports_neither_the_dashboard_nor_the_command_line():
    wrong = _imports_of("etl", allowed=lambda target: False)
    assert not wrong, "etl/ imports these (only the command line may import both sides):\n" + "\n".join(wrong)


def test_the_dashboard_reads_etl_only_through_the_contract():
    wrong = _imports_of("dashboard", allowed=lambda target: target in CONTRACT)
    assert not wrong, "the dashboard imports of etl/ only etl.contract (or etl.taxonomy):\n" + "\n".join(
        wrong
    )


def test_nothing_imports_the_command_line():
    wrong = _imports_of("dashboard", allowed=lambda target: not target.startswith("wijkwaarde"))
    assert not wrong, "the dashboard imports the command line:\n" + "\n".join(wrong)


def test_dashboard_modules_have_no_import_cycle():
    graph = _subgraph(("dashboard",))
    cycles = _cycles(graph)
    assert not cycles, "import cycles:\n" + _explain(cycles, graph)


def test_dashboard_subpackages_have_no_import_cycle():
    graph = _subgraph(("dashboard",), collapse=True)
    cycles = _cycles(graph)
    assert not cycles, "import cycles:\n" + _explain(cycles, graph)
