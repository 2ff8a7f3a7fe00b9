"""The core: importers, the library (SQLite + Whoosh), search and export.

Nothing in this package imports Qt; the GUI and the CLI are thin layers over it.
"""

from __future__ import annotations

from readinglist.core.library import Library, LibraryError
from readinglist.core.models import (
    Changes,
    Hit,
    ImportReport,
    Paper,
    SearchResult,
    Status,
)

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
