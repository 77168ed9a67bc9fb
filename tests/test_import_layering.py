"""
The apps' modules import each other in layers, with no cycle, and at the top of the file.

An import hidden inside a function is how a cycle usually gets dodged, and the cycle then
surfaces later as a half-initialised module; so imports inside functions are refused except
in AppConfig.ready(), where Django requires them. Read from the source, not by importing it.
"""

import ast
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
APPS = ["clinic", "content", "appointments", "staff"]


def app_modules() -> dict[str, Path]:
    modules = {}
    for app in APPS:
        for path in (PROJECT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(PROJECT).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    return modules


def imported_names(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    # `from content import signoff` imports the module content.signoff.
    return [base] + [f"{base}.{alias.name}" for alias in node.names]


def top_level_imports(path: Path, modules: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found |= {name for name in imported_names(node) if name in modules}
    return found


def imports_inside_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    hidden = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if function.name == "ready" and path.name == "apps.py":
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import | ast.ImportFrom):
                hidden.append(f"{path.relative_to(PROJECT)}:{node.lineno}")
    return hidden


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> list[str] | None:
        if module in visiting:
            return [*visiting[visiting.index(module) :], module]
        if module in done:
            return None
        visiting.append(module)
        for imported in sorted(graph.get(module, ())):
            if cycle := visit(imported):
                return cycle
        visiting.pop()
        done.add(module)
        return None

    for module in sorted(graph):
        if cycle := visit(module):
            return cycle
    return None


def test_no_import_cycle_between_the_apps_modules():
    modules = app_modules()
    graph = {name: top_level_imports(path, modules) - {name} for name, path in modules.items()}
    # The graph is read right: these are known layers.
    assert "content.models" in graph["content.site_pages"]
    assert "content.signoff" in graph["content.signoff_admin"]
    assert find_cycle(graph) is None


def test_no_import_hides_inside_a_function():
    hidden = [line for path in app_modules().values() for line in imports_inside_functions(path)]
    assert hidden == []


@pytest.mark.parametrize(
    ("graph", "cycle"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
    ],
)
def test_the_cycle_finder_finds_cycles(graph, cycle):
    assert find_cycle(graph) == cycle
