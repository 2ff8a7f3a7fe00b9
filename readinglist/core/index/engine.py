"""The Whoosh full-text index: derived from the store, rebuilt whenever in doubt.

What it holds for a paper is in ``documents.py``. Segments are separate files,
which keeps opening a searcher and a small commit cheap (DESIGN.md section 8);
after a commit the searcher reuses the segments that did not change.

Writing: a batch (an import, a rebuild) goes through one ``writer.Session`` (two
writer processes when large), committed once. A user action's change is staged in
memory (``staging.py``): searches see it at once; it is committed a moment later.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import time
import weakref
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.searching import Searcher

from readinglist.core.errors import quiet_after_failure
from readinglist.core.index import spelling, writer
from readinglist.core.index.documents import (
    IndexDoc,
    all_docs,
    docs_from_store,
    make_schema,
)
from readinglist.core.index.staging import (
    FLUSH_AT,
    NO_OVERLAY,
    Overlay,
    Staging,
    fresh_searcher,
)

# 2: type-ahead edge n-grams, packed positions, no numeric tiers for sort keys.
# 3: edge n-grams of two to four letters only.
# 4: posting blocks pickled with the newest protocol (writer.py), to load faster.
# 5: accents folded in every field (analysis.FoldAccents).
# 6: the analysis classes the schema pickles moved to core/index/analysis.py.
INDEX_SCHEMA_VERSION = 6
VERSION_FILE = "readinglist-index.json"
STAGED_PREFIX = "readinglist-staged-"

# Batches of at least this many papers use two writer processes (one per core).
BULK_THRESHOLD = 2000
# A file or folder unchanged for this long cannot hide a later write in the same
# tick of the file system's clock (here and in probememo.py).
SETTLED_NS = 2_000_000_000

Progress = Callable[[int, int], bool]
"""Called with (done, total); returning False asks the work to stop."""


__all__ = [
    "BULK_THRESHOLD",
    "INDEX_SCHEMA_VERSION",
    "Index",
    "IndexDoc",
    "IndexUnusableError",
    "Progress",
    "all_docs",
    "docs_from_store",
    "make_schema",
    "overlay_of",
]


class IndexUnusableError(Exception):
    """The index cannot be used and must be rebuilt."""


_OVERLAYS: weakref.WeakKeyDictionary[Searcher, Overlay] = weakref.WeakKeyDictionary()


def overlay_of(searcher: Searcher) -> Overlay:
    """The staged changes to search beside ``searcher`` (see staging.py)."""
    return _OVERLAYS.get(searcher, NO_OVERLAY)


class Index:
    """The on-disk Whoosh index of one library, with one long-lived searcher."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._ix: index.Index | None = None
        self._searcher: Searcher | None = None
        # The searcher last found current, and the folder's time then.
        self._checked: tuple[Searcher, int] | None = None
        # While a batch writer is open, other writes wait in the outbox.
        self.session: writer.Session | None = None
        self._staging: Staging | None = None
        # The outbox rows up to this sequence number are committed to disk.
        self.committed_seq = 0

    # -- opening --------------------------------------------------------------

    def is_usable(self) -> bool:
        """True when an index of the current schema opens cleanly."""
        try:
            meta = json.loads((self.path / VERSION_FILE).read_text("utf-8"))
            if meta.get("schema") != INDEX_SCHEMA_VERSION:
                return False
            with quiet_after_failure():
                ix = index.open_dir(str(self.path))
                with ix.searcher() as searcher:
                    searcher.doc_count()
        except Exception:
            # Damaged files; quiet_after_failure closed what the failed open
            # left open.
            return False
        self._ix = ix
        return True

    def create(self) -> None:
        """Start an empty index, wiping whatever was in the folder."""
        self.close()
        self.committed_seq = 0
        if self.path.exists():
            shutil.rmtree(self.path)
        self.path.mkdir(parents=True)
        self._ix = index.create_in(str(self.path), make_schema())
        (self.path / VERSION_FILE).write_text(
            json.dumps({"schema": INDEX_SCHEMA_VERSION}), "utf-8"
        )

    @property
    def ix(self) -> index.Index:
        """The open Whoosh index."""
        if self._ix is None:
            raise IndexUnusableError("the index is not open")
        return self._ix

    @property
    def current_searcher(self) -> Searcher | None:
        """The shared searcher as it is, without refreshing it (None if none yet)."""
        return self._searcher

    def searcher(self) -> Searcher:
        """The shared searcher, refreshed if a write happened since it was made."""
        current = self._searcher
        if current is None or not self._still_current(current):
            current = self._searcher = fresh_searcher(self.ix, current)
        # What a search on this searcher must add: the staged changes, as now.
        _OVERLAYS[current] = self.overlay()
        return current

    def _still_current(self, current: Searcher) -> bool:
        """Whether ``current`` shows the newest commit, asking the disk little.

        Whoosh lists the whole folder to find the newest commit, about a
        millisecond a search at 100,000 papers. Every commit adds a file, which
        changes the folder's modification time. A full check that found
        ``current`` up to date while that time was already old vouches for it
        as long as the time stays the same: a later commit, in a later tick of
        the file system's clock, would have changed it.
        """
        try:
            stamp = os.stat(self.path).st_mtime_ns
        except OSError:
            return bool(current.up_to_date())
        checked = self._checked
        if checked is not None and checked[0] is current and checked[1] == stamp:
            return True
        settled = time.time_ns() - stamp > SETTLED_NS
        fresh = bool(current.up_to_date())
        self._checked = (current, stamp) if fresh and settled else None
        return fresh

    def overlay(self) -> Overlay:
        """The staged changes, as the next search must see them."""
        return self._staging.overlay() if self._staging is not None else NO_OVERLAY

    def close(self) -> None:
        """Release the searcher and the index (staged changes are dropped)."""
        if self._staging is not None:
            self._staging.clear()
            self._staging = None
        self._checked = None
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None

    # -- writing --------------------------------------------------------------

    @property
    def staging(self) -> Staging:
        """Changes searches see that are not committed yet (see staging.py)."""
        if self._staging is None:
            self._staging = Staging(self.ix.schema)
        return self._staging

    @property
    def staged_seq(self) -> int:
        """The outbox rows up to this sequence number are in the index searched."""
        return max(self.committed_seq, self._staging.seq if self._staging else 0)

    def update(
        self,
        docs: Iterable[IndexDoc],
        deleted: Iterable[str] = (),
        *,
        seq: int = 0,
        stage: bool = False,
    ) -> None:
        """Drop the documents of ``deleted`` papers, then add or replace ``docs``.

        While a batch writer is open (an import), both go into the batch,
        which commits at its end. With ``stage`` they are staged in memory
        (searches see them at once) and committed with later changes;
        otherwise they are committed now, with anything staged.

        Args:
            docs: the papers' new documents.
            deleted: ids of papers no longer in the store.
            seq: the outbox rows these changes come from reach this number.
            stage: a user action: commit later (see staging.py).
        """
        if self.session is not None:
            self.session.feed(docs, deleted)
            return
        if stage or (self._staging is not None and len(self._staging)):
            docs = list(docs)
            deleted = list(deleted)
            if stage:
                self._mark_staged([*deleted, *(d.paper_id for d in docs)], seq)
            self.staging.add(docs, deleted, seq)
            if not stage or len(self.staging) >= FLUSH_AT:
                self.flush()
            return
        writer.small_commit(self.ix, docs, deleted, self.searcher())
        self.committed_seq = max(self.committed_seq, seq)
        # Notes of changes a crashed process had staged: the outbox had them.
        self._drop_marks()

    def flush(self) -> None:
        """Commit the staged changes to disk (their outbox rows may then go)."""
        if self._staging is None or not len(self._staging):
            return
        docs, deleted, seq = self._staging.contents()
        writer.small_commit(self.ix, docs, deleted, self.searcher())
        self.committed_seq = max(self.committed_seq, seq)
        self._staging.clear()
        self._drop_marks()

    def _mark_staged(self, ids: Sequence[str], seq: int) -> None:
        """Note in the index folder which papers wait in memory.

        The note says the index on disk lags (the outbox, not this file, is
        what a crash is repaired from), and writing it surfaces a disk that
        refuses the index's files at the action, as a commit would.
        """
        name = f"{STAGED_PREFIX}{seq}.txt"
        handle = self.ix.storage.create_file(name)
        try:
            handle.write("\n".join(ids).encode("utf-8"))
        finally:
            handle.close()

    def _drop_marks(self) -> None:
        storage = self.ix.storage
        for name in list(storage.list()):
            if name.startswith(STAGED_PREFIX):
                with contextlib.suppress(OSError):
                    storage.delete_file(name)

    def open_session(self, expected: int) -> writer.Session:
        """A writer for a batch of about ``expected`` papers (see writer.Session)."""
        # Staged changes first: the batch may replace the same papers, and a
        # later commit of the staged (older) documents would undo that.
        self.flush()
        procs = 2 if expected >= BULK_THRESHOLD else 1
        session = writer.Session(self.ix, procs)
        self.session = session
        return session

    def end_session(self) -> None:
        """Forget the batch writer (after its commit or cancel)."""
        self.session = None
        self.save_spelling()

    def apply(
        self,
        docs: Callable[[], Iterable[IndexDoc]],
        present: Sequence[str],
        deleted: Sequence[str],
        progress: Progress | None = None,
        *,
        seq: int = 0,
        stage: bool = False,
    ) -> bool:
        """Bring papers up to date: replace ``present`` from ``docs``, drop ``deleted``.

        Args:
            docs: makes the documents of ``present``.
            present: papers to (re)index.
            deleted: papers gone from the store.
            progress: for a large batch.
            seq: the outbox rows these changes come from reach this number.
            stage: a user action: a few papers may wait in memory (see update).

        Returns:
            False if ``progress`` asked to stop (nothing was committed).
        """
        if len(present) + len(deleted) < BULK_THRESHOLD:
            self.update(docs(), deleted, seq=seq, stage=stage)
            return True
        self.flush()
        done = self.add_many(docs, len(present), progress, replace=[*present, *deleted])
        if done:
            self.committed_seq = max(self.committed_seq, seq)
        return done

    def add_many(
        self,
        docs: Callable[[], Iterable[IndexDoc]],
        total: int,
        progress: Progress | None = None,
        *,
        replace: Sequence[str] = (),
        fresh: bool = False,
    ) -> bool:
        """Index many papers in one batch; False if cancelled (nothing committed).

        Two writer processes are used for large batches; if they fail, the
        batch is done again by one writer.

        Args:
            docs: makes the documents (called again if the batch is redone).
            total: how many there are.
            progress: called every few hundred papers.
            replace: ids whose older documents are deleted first.
            fresh: the index was empty before (a redo starts from empty again).
        """
        two = total >= BULK_THRESHOLD
        try:
            return self._add(docs(), total, progress, replace, 2 if two else 1)
        except writer.WriterFailedError:
            if not two:
                raise
        # The failed writer may have committed part of the batch: a redo
        # replaces the batch's papers (or starts from an empty index).
        if fresh:
            self.create()
        return self._add(docs(), total, progress, replace, 1)

    def _add(
        self,
        docs: Iterable[IndexDoc],
        total: int,
        progress: Progress | None,
        replace: Sequence[str],
        procs: int,
    ) -> bool:
        session = writer.Session(self.ix, procs)
        if not session.feed_all(docs, replace, total, progress):
            return False
        session.commit()
        self.save_spelling()
        return True

    def save_spelling(self) -> None:
        """Save the spelling tables of new segments (after a batch commit), so
        that even a one-shot process suggests at once (spelling.py)."""
        # A damaged segment is found, and repaired, by the next search; the
        # tables are only a head start for it.
        with contextlib.suppress(Exception):
            leaves = [sub.reader() for sub, _ in self.searcher().leaf_searchers()]
            spelling.prepare([leaf for leaf in leaves if leaf.segment() is not None])

    def rebuild(
        self, conn: sqlite3.Connection, progress: Progress | None = None
    ) -> bool:
        """Recreate the index from the store; False if cancelled."""
        total = int(conn.execute("SELECT count(*) FROM papers").fetchone()[0])
        self.create()
        return self.add_many(lambda: all_docs(conn), total, progress, fresh=True)

    # -- checking -------------------------------------------------------------

    def stored_rows(self) -> dict[str, dict[str, Any]]:
        """Every indexed paper's stored fields, by id."""
        searcher = self.searcher()
        return {f["id"]: f for f in searcher.all_stored_fields()}

    def doc_count(self) -> int:
        """How many papers the index holds."""
        return int(self.searcher().doc_count())
