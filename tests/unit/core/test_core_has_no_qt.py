"""The core must run without Qt: the CLI and other front ends rely on it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import readinglist.core

CORE = Path(readinglist.core.__file__).parent


def test_no_core_module_imports_qt() -> None:
    offenders = []
    for module in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{module.name}: {n}"
                for n in names
                if n.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "shiboken6"}
            ]
    assert offenders == []


def test_importing_the_core_loads_no_qt() -> None:
    code = (
        "import sys, readinglist.core, readinglist.cli; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
