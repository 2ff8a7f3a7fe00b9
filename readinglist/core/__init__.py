"""The core: importers, the library (SQLite + Whoosh), search and export.

Nothing in this package imports Qt; the GUI and the CLI are thin layers over it.

Its names are loaded on first use: an index writer process imports a few
modules of this package (writer.py, the schema's analysis), and starts faster
without the whole library behind them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from readinglist.core.library import Library, LibraryError
    from readinglist.core.models import (
        Changes,
        Hit,
        ImportReport,
        Paper,
        SearchResult,
        Status,
    )

_MODULES = {
    "Changes": "models",
    "Hit": "models",
    "ImportReport": "models",
    "Library": "library",
    "LibraryError": "library",
    "Paper": "models",
    "SearchResult": "models",
    "Status": "models",
}

__all__ = [
    "Changes",
    "Hit",
    "ImportReport",
    "Library",
    "LibraryError",
    "Paper",
    "SearchResult",
    "Status",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
