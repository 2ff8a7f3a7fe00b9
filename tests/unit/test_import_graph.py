"""No circle of imports inside ``readinglist.gui`` or ``readinglist.core``.

A circle means no module of it can be read on its own: which one Python
loads first decides what the others see half-made, and moving one import
can break start-up. The graph is read statically from the source files, so
every import counts wherever it is written (a function's body too), except
those under ``if TYPE_CHECKING:``, which never run.

``readinglist.gui`` is held to more: no circle even through the imports made
for type hints only, so a helper of the main window names the parts of it
that it uses instead of importing the window that builds it.
"""

from __future__ import annotations

import ast
import graphlib
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

import readinglist

ROOT = Path(readinglist.__file__).parent
Graph = dict[str, set[str]]


def _module_name(root: Path, path: Path) -> str:
    parts = [root.name, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _imports(
    tree: ast.AST, hints: bool = False
) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that can run (or, with ``hints``, only type-checks)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If) and _is_type_checking(node.test) and not hints:
            yield from _imports(ast.Module(body=node.orelse, type_ignores=[]), hints)
        else:
            yield from _imports(node, hints)


def _targets(
    node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: set[str]
) -> Iterator[str]:
    """The package's modules that ``node`` loads, written in ``module``."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            here = module.split(".")
            keep = len(here) - node.level + (1 if is_package else 0)
            base = ".".join([*here[:keep], *([base] if base else [])])
        # "from pkg import name" loads pkg.name when that is a module, else pkg.
        names = [
            f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
            for alias in node.names
        ]
    for name in names:
        # "import a.b.c" where only a.b is ours still loads a.b.
        ours = name
        while ours and ours not in known:
            ours = ours.rpartition(".")[0]
        if ours:
            yield ours


def import_graph(root: Path = ROOT, *, hints: bool = False) -> Graph:
    """Which of the package's modules each of its modules imports.

    Args:
        root: the package's folder.
        hints: count the imports under ``if TYPE_CHECKING:`` too.

    Returns:
        Module name to the names of the package's modules it imports.
    """
    files = {_module_name(root, path): path for path in sorted(root.rglob("*.py"))}
    known = set(files)
    graph: Graph = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_package = path.name == "__init__.py"
        graph[module] = {
            target
            for node in _imports(tree, hints)
            for target in _targets(node, module, is_package, known)
            if target != module
        }
    return graph


def circles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Circles of imports, each as the modules in import order, first repeated.

    Each circle found is broken at its closing import and the search runs
    again, so every circle is named, not only the first.
    """
    edges = {module: set(targets) for module, targets in graph.items()}
    found: list[list[str]] = []
    while True:
        try:
            tuple(graphlib.TopologicalSorter(edges).static_order())
        except graphlib.CycleError as exc:
            # The sorter gives the circle against the imports' direction.
            circle = list(reversed(exc.args[1]))
            found.append(circle)
            edges[circle[-2]].discard(circle[-1])
        else:
            return found


@pytest.mark.parametrize(
    ("package", "hints"),
    [
        pytest.param("readinglist.gui", False, id="gui"),
        pytest.param("readinglist.core", False, id="core"),
        pytest.param("readinglist.gui", True, id="gui-with-type-hints"),
        pytest.param("readinglist.core", True, id="core-with-type-hints"),
    ],
)
def test_no_circle_of_imports(package: str, hints: bool) -> None:
    inside = [
        circle
        for circle in circles(import_graph(hints=hints))
        if any(m == package or m.startswith(package + ".") for m in circle)
    ]
    assert not inside, "circles of imports:\n" + "\n".join(
        " -> ".join(circle) for circle in inside
    )


def test_the_walk_sees_imports_in_functions_but_not_type_checking(
    tmp_path: Path,
) -> None:
    # The rules the walk relies on, on a package small enough to read.
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from . import b\n")
    (pkg / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import c\n"
        "else:\n    import pkg.d\n"
    )
    (pkg / "c.py").write_text("from pkg.a import f\n")
    (pkg / "d.py").write_text("from .a import f\n")
    graph = import_graph(pkg)
    assert graph["pkg.a"] == {"pkg.b"}
    assert graph["pkg.b"] == {"pkg.d"}
    assert circles(graph) == [["pkg.a", "pkg.b", "pkg.d", "pkg.a"]]
    assert import_graph(pkg, hints=True)["pkg.b"] == {"pkg.c", "pkg.d"}
