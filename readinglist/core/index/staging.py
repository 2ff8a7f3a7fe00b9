"""Index changes held in memory until they are committed: near-real-time search.

Committing a Whoosh segment for every star costs 20-60 ms on a small disk
(two dozen files written, a table of contents, the searcher reopened). So a
user action commits its change to the store (with its outbox row, durable at
once) and *stages* the paper's new document here: in a small in-memory index
that every search reads beside the one on disk, while the paper's older
document on disk is hidden. The next search therefore shows the change
(read-your-writes) without any disk write to the index.

Staged documents reach the disk in one commit (``Index.flush``): when enough
have gathered, when the library is idle for a moment, and when it closes. If
the process dies first, nothing is lost: the outbox rows are cleared only
after that commit, so the next open replays them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from whoosh.fields import Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.index import Index as WhooshIndex
from whoosh.reading import EmptyReader, MultiReader, SegmentReader
from whoosh.searching import Searcher
from whoosh.writing import NO_MERGE

from readinglist.core.index import whoosh_private

if TYPE_CHECKING:
    from readinglist.core.index.documents import IndexDoc

# Staged papers that make a commit worth its cost (about one per 32 actions).
FLUSH_AT = 32


@dataclass(frozen=True, slots=True)
class Overlay:
    """What a search must know of the staged changes at one moment.

    Attributes:
        hidden: papers whose documents on disk are out of date (or deleted).
        searcher: the in-memory index of their new documents; None if empty.
    """

    hidden: frozenset[str]
    searcher: Searcher | None


NO_OVERLAY = Overlay(frozenset(), None)


class Staging:
    """The staged documents, by paper id (None: the paper was deleted).

    Staging a change only records it; the in-memory index is brought up to
    date when a search next asks (see :meth:`overlay`), so a burst of actions
    costs one small segment, and an action returns without indexing anything.
    """

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.docs: dict[str, IndexDoc | None] = {}
        # The outbox rows up to this sequence number are staged.
        self.seq = 0
        self._ram: WhooshIndex | None = None
        self._searcher: Searcher | None = None
        self._waiting: dict[str, IndexDoc | None] = {}
        self._overlay = NO_OVERLAY

    def __len__(self) -> int:
        return len(self.docs)

    def add(self, docs: Iterable[IndexDoc], deleted: Iterable[str], seq: int) -> None:
        """Stage new documents of papers, and papers deleted, up to outbox ``seq``."""
        for paper_id in deleted:
            self.docs[paper_id] = self._waiting[paper_id] = None
        for doc in docs:
            self.docs[doc.paper_id] = self._waiting[doc.paper_id] = doc
        self.seq = max(self.seq, seq)

    def overlay(self) -> Overlay:
        """The staged changes as searches see them now."""
        if self._waiting:
            self._index_waiting()
        return self._overlay

    def _index_waiting(self) -> None:
        if self._ram is None:
            self._ram = RamStorage().create_index(self.schema)
        waiting, self._waiting = self._waiting, {}
        writer = self._ram.writer()
        try:
            # Older staged versions, found with the searcher already open
            # (delete_by_term would open every in-memory segment again).
            if self._searcher is not None:
                for paper_id in waiting:
                    for docnum in self._searcher.document_numbers(id=paper_id):
                        writer.delete_document(docnum)
            for doc in waiting.values():
                if doc is not None:
                    writer.add_document(**doc.fields)
        except BaseException:
            writer.cancel()
            self._waiting = waiting | self._waiting
            raise
        # No merging: a handful of tiny segments live here until the flush.
        writer.commit(mergetype=NO_MERGE)
        self._searcher = fresh_searcher(self._ram, self._searcher)
        self._overlay = Overlay(frozenset(self.docs), self._searcher)

    def contents(self) -> tuple[list[IndexDoc], list[str], int]:
        """Everything staged: documents, ids of deleted papers, the outbox seq."""
        docs = [d for d in self.docs.values() if d is not None]
        deleted = [i for i, d in self.docs.items() if d is None]
        return docs, deleted, self.seq

    def clear(self) -> None:
        """Forget every staged change (after a commit or a rebuild)."""
        if self._searcher is not None:
            self._searcher.close()
        self.docs = {}
        self._waiting = {}
        self._ram = None
        self._searcher = None
        self._overlay = NO_OVERLAY


def fresh_searcher(ix: WhooshIndex, old: Searcher | None) -> Searcher:
    """A searcher of the index as it is now, reusing ``old``'s unchanged segments.

    Opening a segment's reader reads its term table; after a one-paper commit
    only the new segment and the one that lost the paper's old document have
    changed. (Whoosh's own Searcher.refresh() would also reuse segments that
    gained deletions, keeping deleted documents visible.)
    """
    toc = whoosh_private.table_of_contents(ix)
    reusable: dict[str, Any] = {}
    if old is not None:
        for leaf, _ in old.reader().leaf_readers():
            segment = leaf.segment()
            if segment is not None:
                reusable[segment.segment_id()] = leaf
    readers = []
    for segment in toc.segments:
        leaf = reusable.pop(segment.segment_id(), None)
        if (
            leaf is not None
            and leaf.segment().deleted_count() != segment.deleted_count()
        ):
            leaf.close()
            leaf = None
        readers.append(
            leaf
            or SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation)
        )
    for leaf in reusable.values():
        leaf.close()
    if not readers:
        reader: Any = EmptyReader(toc.schema)
    elif len(readers) == 1:
        reader = readers[0]
    else:
        reader = MultiReader(readers, generation=toc.generation)
    # The old searcher is dropped, not closed: closing it would close the
    # segment readers the new one shares.
    return Searcher(reader, fromindex=ix)
