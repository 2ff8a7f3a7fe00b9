"""Writing the index: one-paper commits, and batch sessions that cannot lose papers.

A user action changes one paper or a few; its commit replaces their documents
in a new small segment, and merges such segments only once a few dozen have
piled up (see :func:`merge_tiny`), so a star costs a few milliseconds.

A batch (an import of many files, a rebuild) keeps one writer open for all of
its papers and commits once. With two processes (``procs=2``, one per core)
Whoosh's multiprocess writer indexes about twice as fast, but it is fragile: a
worker that dies takes its share of the batch with it, and the commit still
succeeds. So a session checks the document count after committing and reports
:class:`WriterFailedError` for any failure of the two-process writer; the
caller then does the batch again with one writer (the outbox still holds every
paper of it). The writer processes are started clean and end with the app
(readinglist/workers.py): a crash of the app leaves none behind, holding nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from whoosh.index import Index as WhooshIndex
from whoosh.reading import SegmentReader
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from readinglist.core.index import whoosh_private
from readinglist.core.index.whoosh_private import RotatingWriter

if TYPE_CHECKING:
    from readinglist.core.index.documents import IndexDoc

# Postings buffered in memory per writer process before a run goes to disk.
LIMIT_MB = 192
WRITE_TIMEOUT = 10.0
PROGRESS_EVERY = 500
# Segments this small are the leftovers of user actions (see merge_tiny).
TINY_DOCS = 64
TINY_SEGMENTS = 24


# Blocks load about six times faster written with the newest protocol.
whoosh_private.use_newest_pickle_protocol()


class WriterFailedError(Exception):
    """The two-process writer failed; the batch must be done again by one writer."""


def small_commit(
    ix: WhooshIndex,
    docs: Iterable[IndexDoc],
    deleted: Iterable[str] = (),
    searcher: Searcher | None = None,
) -> None:
    """Replace the documents of a few papers and drop deleted ones; commit.

    Args:
        ix: the open index.
        docs: the papers' new documents.
        deleted: ids of papers no longer in the store.
        searcher: an up-to-date searcher of ``ix``, to find the documents to
            replace without opening every segment again (update_document
            would); without one, Whoosh looks them up itself.
    """
    docs = list(docs)
    w = ix.writer(timeout=WRITE_TIMEOUT, compound=False)
    try:
        gone = [*deleted, *(d.paper_id for d in docs)]
        if searcher is None:
            for paper_id in gone:
                w.delete_by_term("id", paper_id)
        else:
            for paper_id in gone:
                for docnum in searcher.document_numbers(id=paper_id):
                    w.delete_document(docnum)
        for doc in docs:
            w.add_document(**doc.fields)
    except BaseException:
        w.cancel()
        raise
    w.commit(mergetype=merge_tiny)


def merge_tiny(w: IndexWriter, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy: merge the one-paper segments once there are many.

    Each user action leaves a segment of a few documents. Merging them at
    every commit (Whoosh's default) costs tens of milliseconds per star;
    leaving them costs every search a little per segment. So they are left
    until TINY_SEGMENTS of them have piled up, then merged into one.

    Returns:
        The segments kept as they are.
    """
    tiny = [s for s in segments if s.doc_count_all() <= TINY_DOCS]
    if len(tiny) < TINY_SEGMENTS:
        return segments
    for segment in tiny:
        reader = SegmentReader(w.storage, w.schema, segment)
        try:
            w.add_reader(reader)
        finally:
            reader.close()
    return [s for s in segments if s.doc_count_all() > TINY_DOCS]


class Session:
    """One writer for a batch of papers, committed once.

    Args:
        ix: the open index.
        procs: writer processes; 2 for large batches.
    """

    def __init__(self, ix: WhooshIndex, procs: int) -> None:
        self.ix = ix
        self.procs = procs
        self.added = 0
        self.deleted = 0
        self._before = int(ix.doc_count())
        self._failed: str | None = None
        options: dict[str, Any] = {
            "limitmb": LIMIT_MB,
            "timeout": WRITE_TIMEOUT,
            "compound": False,
        }
        try:
            if procs > 1:
                self._writer: IndexWriter = RotatingWriter(
                    ix, procs=procs, multisegment=True, **options
                )
            else:
                self._writer = ix.writer(**options)
        except Exception as exc:
            if procs > 1 and not _lock_error(exc):
                raise WriterFailedError(str(exc)) from exc
            raise

    def feed(self, docs: Iterable[IndexDoc], replace: Iterable[str] = ()) -> None:
        """Delete older versions of ``replace``, then add ``docs``.

        A paper may be fed once per session: the writer cannot replace a
        document it has not committed yet.
        """
        if self._failed is not None:
            return  # the batch is lost anyway; commit() says so
        try:
            for paper_id in replace:
                self.deleted += self._writer.delete_by_term("id", paper_id)
            for doc in docs:
                self._writer.add_document(**doc.fields)
                self.added += 1
        except Exception as exc:
            self.cancel()
            if self.procs > 1:
                # Reported at commit, where every caller redoes the batch
                # with one writer; raised here it would end an import.
                self._failed = str(exc) or type(exc).__name__
                return
            raise

    def feed_all(
        self,
        docs: Iterable[IndexDoc],
        replace: Iterable[str],
        total: int,
        progress: Callable[[int, int], bool] | None,
    ) -> bool:
        """:meth:`feed` with progress; False (writer cancelled) if asked to stop."""
        self.feed((), replace)
        batch: list[IndexDoc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) == PROGRESS_EVERY:
                self.feed(batch)
                batch = []
                if self._failed is not None:
                    break  # commit() reports it; the rest would be lost too
                if progress is not None and not progress(self.added, total):
                    self.cancel()
                    return False
        self.feed(batch)
        if progress is not None:
            progress(total, total)
        return True

    def commit(self) -> None:
        """Commit the batch and check that every document arrived.

        Raises:
            WriterFailedError: the two-process writer failed or lost documents;
                nothing of the batch can be trusted, do it again.
        """
        if self._failed is not None:
            raise WriterFailedError(self._failed)
        try:
            # No merge: rewriting the big segments costs more than it saves
            # (DESIGN.md section 8).
            self._writer.commit(merge=False)
        except Exception as exc:
            self.cancel()
            if self.procs > 1 and not _lock_error(exc):
                raise WriterFailedError(str(exc)) from exc
            raise
        expected = self._before - self.deleted + self.added
        found = int(self.ix.doc_count())
        if found != expected:
            raise WriterFailedError(
                f"the index holds {found} documents after the batch, not {expected}"
            )

    def cancel(self) -> None:
        """Drop the batch and release the lock (and any writer processes)."""
        with contextlib.suppress(Exception):
            self._writer.cancel()
        # Whoosh's cancel() does not reach its worker processes, which would
        # otherwise wait for work forever (and keep the app from exiting).
        for task in getattr(self._writer, "tasks", ()):
            with contextlib.suppress(Exception):
                task.terminate()
                task.join(5)


def _lock_error(exc: BaseException) -> bool:
    return type(exc).__name__ == "LockError"
