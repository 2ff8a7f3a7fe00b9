"""The search engine: Whoosh's storage with our analysis and query evaluation.

What is Whoosh's: the files on disk (segments, posting lists, stored fields,
per-document columns), the writers that make them (one process, or two for a
batch), the query parser, and the query objects it builds.

What is ours, and why:

* **Analysis** (analysis.py, documents.py): one loop with a cache of stems
  gives exactly the terms and positions Whoosh's analyzers would, faster, and
  folds accents so either spelling finds the other. Queries still go through
  the fields' real analyzers: the query language is Whoosh's own.
* **Evaluation** (evaluate.py, postings.py, matches.py, phrases.py,
  expansion.py, segments.py): queries run over posting lists decoded into
  numpy arrays, not Whoosh's per-document matchers; at 100,000 papers a
  common word matches most of them, and arrays answer in milliseconds. Scores
  are Whoosh's BM25F, so results rank as Whoosh would rank them
  (tests/unit/core/test_search_parity.py compares the two, and names the few
  places where we differ on purpose).
* **Ranking and spelling** (ranking.py, spelling.py): exact word forms above
  stems, a transposition as one typo, a symmetric-delete spelling index for
  "did you mean": what users of a paper list expect, Whoosh does not offer.
* **Staging, writing, repair** (staging.py, writer.py, sync.py, repair.py,
  check.py, guard.py, probememo.py): changes are searchable at once without a
  disk commit per star, batches survive a failed writer process, and a
  damaged index is found and rebuilt from the store, never trusted.
* **Query syntax** (querysyntax.py, querycheck.py): type-ahead, field names
  and plain-language errors over Whoosh's parser.

Every use of Whoosh's private internals sits in whoosh_private.py, checked
against the pinned whoosh3 by tests/unit/core/test_whoosh_contract.py.
:class:`SearchEngine` (door.py) is the one door the rest of the app uses;
nothing outside this package imports its inner modules.


Its names are loaded on first use, as in ``readinglist.core``: an index
writer process imports whoosh_private.py and the schema, and starts faster
without the rest.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from readinglist.core.index.door import INDEX_DIR, SearchEngine
    from readinglist.core.index.engine import Index, Progress, docs_from_store
    from readinglist.core.index.querycheck import QueryError
    from readinglist.core.index.repair import (
        MARKER,
        IndexUnavailableError,
        Rebuilding,
        disk_errors,
    )
    from readinglist.core.index.search import SORTS
    from readinglist.core.index.writer import Session, WriterFailedError

_MODULES = {
    "INDEX_DIR": "door",
    "MARKER": "repair",
    "Index": "engine",
    "IndexUnavailableError": "repair",
    "Progress": "engine",
    "QueryError": "querycheck",
    "Rebuilding": "repair",
    "SORTS": "search",
    "SearchEngine": "door",
    "Session": "writer",
    "WriterFailedError": "writer",
    "disk_errors": "repair",
    "docs_from_store": "engine",
}

__all__ = [
    "INDEX_DIR",
    "MARKER",
    "SORTS",
    "Index",
    "IndexUnavailableError",
    "Progress",
    "QueryError",
    "Rebuilding",
    "SearchEngine",
    "Session",
    "WriterFailedError",
    "disk_errors",
    "docs_from_store",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
