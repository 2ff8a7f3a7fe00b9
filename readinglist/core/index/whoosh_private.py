"""Every use of Whoosh's private internals, in one place.

Search reads posting blocks, per-document columns and the table of contents
directly, and batch writing runs Whoosh's multiprocess writer with our own
worker processes. Whoosh has no public interface for these, so each access is
one small function or override here; the rest of the package calls them and
never touches a name that starts with an underscore. ``whoosh3`` is pinned
exactly, and tests/unit/core/test_whoosh_contract.py checks every attribute,
the posting-block layout and the writer hooks used here against the installed
version: an upgrade that moves any of them fails in that one test.
"""

from __future__ import annotations

import pickle
import queue
from collections.abc import Iterable, Sequence
from typing import Any

from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.index import Index as WhooshIndex
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.query import Query
from whoosh.reading import IndexReader
from whoosh.util import random_name
from whoosh.writing import SegmentWriter

from readinglist import workers

# A writer process finishes its segment when its buffer is this full.
ROTATE_AT = 0.85
# Seconds to wait for a writer process's segments once it has finished.
RESULT_TIMEOUT = 60.0

# One posting block as Whoosh pickles it: delta-coded document numbers,
# weights (None when all are 1, one float when all are equal), values.
Block = tuple[Sequence[int], float | Sequence[float] | None, Sequence[bytes]]


# -- reading -----------------------------------------------------------------


def terms_table(leaf: IndexReader) -> Any | None:
    """A segment reader's term table (None for other readers)."""
    return getattr(leaf, "_terms", None)


def read_block(matcher: W3LeafMatcher) -> Block:
    """The current posting block of ``matcher``, loaded by Whoosh's own reader.

    Loading through Whoosh means a damaged block fails inside Whoosh (and is
    recognised as index damage, see repair.from_index).
    """
    matcher._read_data()
    ids, weights, values = matcher._data
    return ids, weights, values


def next_block(matcher: W3LeafMatcher) -> None:
    """Move ``matcher`` to its next posting block."""
    matcher._next_block()


def column_file(leaf: IndexReader, filename: str) -> tuple[Any, int, int] | None:
    """Where a segment keeps a per-document column: (file, offset, length).

    None when the segment has no such column (every document has the default).
    """
    perdoc = leaf._perdoc
    if not perdoc.has_column(filename):
        return None
    colfile, offset, length = perdoc._get_column_file(filename)
    return colfile, int(offset), int(length)


def column_typecode(column: Any) -> str | None:
    """The struct code of a fixed-width numeric column type; None for others."""
    code = getattr(column, "_typecode", None)
    return None if code is None else str(code)


def column_default(column: Any) -> float:
    """The value a numeric column type leaves off for documents that have it."""
    return float(column._default)


def string_column(reader: Any, total: int) -> tuple[Any, Any, bytes] | None:
    """A variable-width column's offsets, sizes and bytes, read in one go.

    Args:
        reader: the column reader of one segment (``translate=False``).
        total: the segment's document count.

    Returns:
        None when the reader is not Whoosh's variable-bytes reader.
    """
    offsets = getattr(reader, "_offsets", None)
    sizes = getattr(reader, "_lengths", None)
    if offsets is None or sizes is None:
        return None
    end = (offsets[-1] + sizes[-1]) if total else 0
    blob = bytes(reader._dbfile.get(reader._basepos, end)) if end else b""
    return offsets, sizes, blob


def compiled(q: Query, reader: IndexReader) -> Query:
    """A numeric range as the term queries Whoosh would run for it."""
    result: Query = q._compile_query(reader)
    return result


def expanded_terms(q: Query, reader: IndexReader) -> Iterable[Any]:
    """The index terms a multi-term query (prefix, fuzzy, wildcard) stands for."""
    terms: Iterable[Any] = q._btexts(reader)
    return terms


def table_of_contents(ix: WhooshIndex) -> Any:
    """The index's current table of contents (schema, segments, generation)."""
    return ix._read_toc()


def segment_ids(ix: WhooshIndex) -> list[str]:
    """The ids of the index's current segments."""
    return [str(s.segment_id()) for s in ix._segments()]


# -- writing -----------------------------------------------------------------


def _dumps(value: object, protocol: int = pickle.HIGHEST_PROTOCOL) -> bytes:
    """pickle.dumps with the newest protocol, whatever Whoosh asks for."""
    del protocol
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def use_newest_pickle_protocol() -> None:
    """Make Whoosh write posting blocks with the newest pickle protocol.

    Whoosh pickles posting blocks with protocol 2, which stores each posting's
    positions (bytes) as a call to _codecs.encode: loading a block then costs
    a function call per posting, most of a cold search's time. Its reader
    loads any protocol, so blocks written with the newest one stay plain
    Whoosh blocks and load about six times faster (and take a third less
    space). This replaces the codec's pickler for the whole process.
    """
    whoosh3.dumps = _dumps


class WritersEndedError(Exception):
    """No writer process is left to take the batch's work."""


class _RotatingTask(SubWriterTask):  # type: ignore[misc]
    """A writer process that starts a new segment before its buffer spills.

    Whoosh's writer process keeps every posting of its share in one memory
    buffer; past ``limitmb`` it sorts the buffer to a file on disk and merges
    those files at the end, pickling and unpickling every posting twice. At
    50,000 papers per process that nearly doubles the work. Finishing the
    segment as the buffer fills avoids it, at the price of one segment per
    few thousand papers (searching visits each segment).
    """

    def run(self) -> None:
        ix = self.storage.open_index(self.indexname)
        segments: list[Any] = []
        writer = self.writer = SegmentWriter(ix, _lk=False, **self.kwargs)
        fieldnames: set[str] = set()
        while self.running:
            job = self.jobqueue.get()
            if job is None:
                break
            self._process_file(*job)
            pool = writer.pool
            if pool.currentsize > ROTATE_AT * pool.limit:
                fieldnames |= pool.fieldnames
                segments.append(writer._finalize_segment())
                writer = self.writer = SegmentWriter(ix, _lk=False, **self.kwargs)
        if not self.running:
            writer.cancel()
            return
        fieldnames |= writer.pool.fieldnames
        if writer.docnum:
            segments.append(writer._finalize_segment())
        else:
            writer._close_segment()
        self.resultqueue.put((None, fieldnames, segments), timeout=5)


def run_rotating(jobqueue: Any, resultqueue: Any, *args: Any) -> None:
    """A writer process's body (see :func:`readinglist.workers.start`)."""
    # The task object is a Process subclass only for Whoosh's sake; it runs
    # here, in the process already started.
    storage, indexname, kwargs, multisegment = args
    task = _RotatingTask(
        storage, indexname, jobqueue, resultqueue, kwargs, multisegment
    )
    task.run()


class RotatingWriter(MpWriter):  # type: ignore[misc]
    """Whoosh's multiprocess writer with :class:`_RotatingTask` processes."""

    def __init__(self, ix: WhooshIndex, **kwargs: Any) -> None:
        # Its queues must come from the context its processes are started in.
        kwargs["start_method"] = workers.CONTEXT.get_start_method()
        super().__init__(ix, **kwargs)

    def _new_task(self) -> Any:
        task = workers.start(
            f"{__name__}:run_rotating",
            (self.jobqueue, self.resultqueue),
            (self.storage, self.indexname, self.subargs, self.multisegment),
            name="readinglist-index-writer",
        )
        self.tasks.append(task)
        return task

    def _enqueue(self) -> None:
        # MpWriter._enqueue, with a job queue that cannot wait forever.
        docs: list[Any] = self.docbuffer
        filename = f"{random_name()}.doclist"
        with self.temp_storage().create_file(filename).raw_file() as f:
            for item in docs:
                pickle.dump(item, f, pickle.HIGHEST_PROTOCOL)
        if len(self.tasks) < self.procs:
            self._new_task()
        self._put((filename, len(docs)))
        docs.clear()

    def _put(self, job: tuple[str, int] | None) -> None:
        """Queue a job; fail if no writer process is left to take it.

        Whoosh waits for room in the queue forever; if the processes ended
        (one failed to start, or was killed) there never is any.
        """
        while True:
            try:
                self.jobqueue.put(job, timeout=0.25)
                return
            except queue.Full:
                if not any(task.is_alive() for task in self.tasks):
                    raise WritersEndedError("the writer processes ended") from None

    def _commit(self, mergetype: Any, optimize: Any, merge: Any) -> None:
        # MpWriter._commit (multisegment), with a list of segments per task.
        if self.docbuffer:
            self._enqueue()
        for _ in self.tasks:
            self._put(None)
        finalsegments = self._merge_segments(mergetype, optimize, merge)
        results: list[tuple[Any, Any, list[Any]]] = []
        waited = 0.0
        while len(results) < len(self.tasks) and waited < RESULT_TIMEOUT:
            try:
                results.append(self.resultqueue.get(timeout=0.25))
            except queue.Empty:
                waited += 0.25
                if not any(task.is_alive() for task in self.tasks):
                    break  # a lost process: the document count check says so
        for task in self.tasks:
            task.join(RESULT_TIMEOUT)
        for _, _, segments in results:
            finalsegments += segments
        if self._added:
            finalsegments.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(finalsegments)
        self._finish()
