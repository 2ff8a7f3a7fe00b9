"""The store, the backups and imports stand apart from the Library that uses them.

A helper that imports the library (even only for its type) can reach back into
it; these modules get the parts they need instead, so none of them is in a
circle of imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

import readinglist

PACKAGE = Path(readinglist.__file__).parent
# The modules that must be in no import circle.
APART = (
    "readinglist.core.store",
    "readinglist.core.backup",
    "readinglist.core.ingest",
    "readinglist.core.library_reads",
    "readinglist.core.library_actions",
)


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Who imports whom, counting imports made only for type checking."""

    def known(name: str) -> str:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(known(a.name) for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    targets.add(full if full in modules else known(node.module))
        graph[name] = {t for t in targets if t and t != name}
    return graph


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen: set[str] = set()
    todo = list(graph[start])
    while todo:
        name = todo.pop()
        if name == goal:
            return True
        if name not in seen:
            seen.add(name)
            todo.extend(graph.get(name, ()))
    return False


def test_store_backups_and_imports_are_in_no_import_circle() -> None:
    modules = _modules()
    graph = _graph(modules)
    checked = [m for m in modules if m.startswith(APART)]
    assert "readinglist.core.store.database" in checked
    circles = [m for m in checked if _reaches(graph, m, m)]
    assert circles == []
