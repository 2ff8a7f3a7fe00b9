"""Decoding the most used posting lists while the library is idle.

The first search for a common word pays for decoding its posting lists (tens
of milliseconds for a word in most of 100,000 abstracts); every later search
finds them cached (postings.py). Common words are the ones people search for,
so after the first search a background thread decodes the lists of the most
frequent title and abstract words, and the positions of the most frequent
(for phrases), up to a memory budget.

It works only when nothing else does: each list is decoded under the
library's lock, which every search and action takes too, so a search waits at
most for one list (a few milliseconds) and the thread waits for searches.

Before the lists, it adds the words of new segments to the spelling index
(spelling.py), so that "did you mean" is ready by the first search that
finds nothing: each segment's saved table is loaded, or its lexicon read
under the lock and the table built (and saved) outside it.
"""

from __future__ import annotations

import contextlib
import threading
import time
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from readinglist.core.index import postings, spelling

if TYPE_CHECKING:
    from whoosh.reading import IndexReader

    from readinglist.core.index.engine import Index

# Terms in at least this share of a segment's documents are decoded, by field:
# title lists are short, so many more of them fit.
MIN_SHARE = {"title": 0.002, "abstract": 0.02}
# Positions, for phrases, of this many of the most frequent terms per field.
WITH_POSITIONS = 64
# The cache may hold this much before the warm-up stops adding to it.
BUDGET = 96 * 1024 * 1024
# Between lists the thread yields, so a waiting search gets the lock first.
PAUSE = 0.0


class Warmup:
    """One warm-up pass per change of segments, started by :meth:`poke`."""

    def __init__(self, index: Index, lock: AbstractContextManager[Any]) -> None:
        self._index = index
        # The library's lock: every search and action takes it too.
        self._library_lock = lock
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._searcher: object = None
        # The frequent terms of a segment, by segment: reading them costs a
        # walk over its whole lexicon.
        self._frequent: dict[object, list[tuple[int, str, bytes]]] = {}

    def poke(self) -> None:
        """After a search: start a pass if the index changed since the last."""
        searcher = self._index.current_searcher
        if searcher is None or searcher is self._searcher:
            return
        if self._thread is not None and self._thread.is_alive():
            return
        self._searcher = searcher
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name="readinglist-warmup", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop the pass under way (the library is closing)."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(5)

    def _run(self) -> None:
        # Whatever goes wrong here (a damaged index, a closed library) is met
        # again, and handled, by the next real search.
        with contextlib.suppress(Exception):
            self._spelling()
            for leaf, field, term, both in self._plan():
                if self._stop.is_set() or postings.CACHE.used > BUDGET:
                    return
                with self._library_lock:
                    if self._stop.is_set():
                        return
                    if both:
                        postings.positions(leaf, field, term)
                    else:
                        postings.postings(leaf, field, term)
                time.sleep(PAUSE)

    def _spelling(self) -> None:
        """Add the words of segments the spelling index has not seen."""
        with self._library_lock:
            searcher = self._index.searcher()
            leaves = [sub.reader() for sub, _ in searcher.leaf_searchers()]
            leaves = [leaf for leaf in leaves if leaf.segment() is not None]
            speller = spelling.speller_for(leaves)
            claimed = speller.claim(leaves) if speller is not None else []
        if speller is None:
            return
        for n, (key, leaf) in enumerate(claimed):
            if self._stop.is_set():
                for rest, _ in claimed[n:]:
                    speller.release(rest)
                return
            try:
                path = spelling.saved_path(key)
                table = spelling.load(path) if path is not None else None
                if table is None:
                    with self._library_lock:
                        words = spelling.words_of(leaf)
                    table = spelling.build(words)
                    if path is not None:
                        with contextlib.suppress(OSError):
                            spelling.save(table, path)
            except Exception:
                speller.release(key)
                raise
            speller.add(key, table)

    def _plan(self) -> list[tuple[IndexReader, str, bytes, bool]]:
        """(segment, field, term, with positions?) for each list, commonest first."""
        with self._library_lock:
            searcher = self._index.searcher()
            leaves = [sub.reader() for sub, _ in searcher.leaf_searchers()]
            leaves = [leaf for leaf in leaves if leaf.segment() is not None]
            if not leaves:
                return []
            # The biggest segment tells which words are frequent.
            sample = max(leaves, key=lambda leaf: leaf.doc_count_all())
            key = postings.segment_key(sample)
            if key not in self._frequent:
                # Tens of milliseconds, but only when the biggest segment is
                # new (after an import or a rebuild). On the searcher's own
                # reader: a reader of the thread's own, half made over a
                # damaged file, would leave its files for the collector.
                self._frequent = {key: _frequent(sample)}
            frequent = self._frequent[key]
        plan: list[tuple[IndexReader, str, bytes, bool]] = []
        for count, field, term in frequent:
            both = count >= 0  # marked below
            plan += [(leaf, field, term, both) for leaf in leaves]
        return plan


def _frequent(leaf: IndexReader) -> list[tuple[int, str, bytes]]:
    """(doc frequency, field, term) of a segment's frequent terms, commonest first.

    The count is negative for terms whose positions need not be decoded.
    """
    found: list[tuple[int, str, bytes]] = []
    for field, share in MIN_SHARE.items():
        if field not in leaf.schema:
            continue
        least = share * leaf.doc_count_all()
        counts = [
            (info.doc_frequency(), term)
            for term, info in leaf.iter_field(field)
            if info.doc_frequency() >= least
        ]
        counts.sort(reverse=True)
        for rank, (count, term) in enumerate(counts):
            found.append((count if rank < WITH_POSITIONS else -count, field, term))
    found.sort(key=lambda item: abs(item[0]), reverse=True)
    return found
