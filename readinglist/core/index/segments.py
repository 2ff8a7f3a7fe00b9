"""One searcher's segments as one numbered set of documents.

Document numbers are the searcher's global ones: a segment's numbers plus the
segment's offset. The segments on disk come first, then the staged changes
(staging.py); documents on disk of papers whose change is staged are hidden,
as are deleted ones. Per-document values (ids, sort keys) are read as whole
columns and cached (postings.py).
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from readinglist.core.index import postings
from readinglist.core.index.engine import overlay_of
from readinglist.core.index.matches import NOTHING, inside
from readinglist.core.index.postings import Ints

# Where staged papers' documents sit on disk, per (unchanging) disk searcher.
_ON_DISK: weakref.WeakKeyDictionary[Searcher, dict[str, list[int]]] = (
    weakref.WeakKeyDictionary()
)


class SegmentView:
    """The segments of one searcher (and of the staged changes after them),
    with global document numbers, deletions, and per-document values."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.schema = searcher.schema
        overlay = overlay_of(searcher)
        # The index on disk, then the staged changes (staging.py) after it.
        self.readers: list[IndexReader] = [searcher.reader()]
        subs = [(s, o) for s, o in searcher.leaf_searchers()]
        size = int(searcher.reader().doc_count_all())
        if overlay.searcher is not None:
            self.readers.append(overlay.searcher.reader())
            subs += [(s, o + size) for s, o in overlay.searcher.leaf_searchers()]
        # An empty index has one reader of no segment: nothing to read there.
        self._subs = [(s, o) for s, o in subs if s.reader().segment() is not None]
        self.leaves: list[tuple[IndexReader, int]] = [
            (s.reader(), o) for s, o in self._subs
        ]
        self._disk_leaves = sum(1 for _, o in self.leaves if o < size)
        self.total = sum(int(r.doc_count_all()) for r in self.readers)
        self._live = [postings.live(leaf) for leaf, _ in self.leaves]
        if overlay.hidden:
            self._hide(searcher, overlay.hidden)

    def _hide(self, searcher: Searcher, papers: frozenset[str]) -> None:
        """Leave out the documents on disk of papers whose change is staged."""
        known = _ON_DISK.setdefault(searcher, {})
        for paper in papers - known.keys():
            known[paper] = list(searcher.document_numbers(id=paper))
        hidden = [d for p in papers for d in known[p]]
        for n, (leaf, offset) in enumerate(self.leaves):
            size = leaf.doc_count_all()
            mine = [d - offset for d in hidden if offset <= d < offset + size]
            if mine:
                alive = self._live[n]
                alive = np.ones(size, dtype=np.bool_) if alive is None else alive.copy()
                alive[mine] = False
                self._live[n] = alive

    def stored_fields(self, docnum: int) -> dict[str, Any]:
        """The stored fields of a global document number."""
        for leaf, offset in reversed(self.leaves):
            if docnum >= offset:
                return dict(leaf.stored_fields(docnum - offset))
        raise KeyError(docnum)

    def _df(self, field: str, btext: bytes) -> int:
        # As Whoosh counts it (deleted documents too), from the term dictionary:
        # no posting list is decoded for it.
        return sum(
            postings.doc_frequency(leaf, field, btext) for leaf, _ in self.leaves
        )

    # -- documents of the whole index ------------------------------------------

    def every(self, within: Ints | None = None) -> Ints:
        """Every document not deleted (among ``within``, if given)."""
        parts = []
        for (leaf, offset), alive in zip(self.leaves, self._live, strict=True):
            if within is None:
                local = np.arange(leaf.doc_count_all(), dtype=np.int64)
            else:
                local = inside(within, offset, leaf.doc_count_all())
            parts.append((local if alive is None else local[alive[local]]) + offset)
        return np.concatenate(parts) if parts else NOTHING.docs

    def ids(self, docs: Ints) -> list[str]:
        """The paper ids of global document numbers."""
        table = self._table("id", lambda leaf: postings.strings(leaf, "id"))
        return [table[d] for d in docs.tolist()]

    def sort_keys(self, field: str, docs: Ints) -> Any:
        """Values of a sortable field for ``docs``, comparable as numbers."""
        keys = self._table(field, lambda leaf: postings.sort_keys(leaf, field))
        return np.asarray(keys)[docs]

    def _table(self, name: str, per_leaf: Any) -> Any:
        """Per-document values of every leaf, in global document order.

        The part for the segments on disk is kept (it changes only when they
        do); staged documents' values are appended to it for each search.
        """
        disk = self.leaves[: self._disk_leaves]
        key = ("table", name, *(postings.segment_key(leaf) for leaf, _ in disk))

        def join(leaves: list[tuple[IndexReader, int]]) -> Any:
            parts = [per_leaf(leaf) for leaf, _ in leaves]
            if parts and isinstance(parts[0], list):
                return [value for part in parts for value in part]
            return np.concatenate(parts) if parts else np.zeros(0)

        table = postings.CACHE.get(key, lambda: join(disk), lambda t: 8 * len(t))
        staged = self.leaves[self._disk_leaves :]
        if not staged:
            return table
        extra = join(staged)
        if isinstance(table, list):
            return table + list(extra)
        return np.concatenate([table, extra])
