"""Draining the outbox into the index: now, or staged for a commit a moment later.

Every change to a paper queues its id in the store's outbox, in the same
transaction. :func:`sync` reads the rows not yet seen, and either commits the
papers' documents to the index at once (at open, at close, after an import),
or, after a user action, stages them in memory (see ``staging.py``) so the
action returns in a few milliseconds while the next search already shows it.
Outbox rows are deleted only once what they asked for is committed to disk.

:class:`IdleFlush` commits staged changes when the library has been quiet for
a moment, so other processes reading the library see them soon too.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from readinglist.core.index.engine import Progress, docs_from_store

if TYPE_CHECKING:
    from readinglist.core.index.engine import Index
    from readinglist.core.store import Store

# Seconds without a write before staged changes are committed.
IDLE_SECONDS = 1.5
# A reader stages at most this many papers the writer has not indexed yet.
READER_STAGE_MAX = 2000


def sync(index: Index, store: Store, progress: Progress | None, *, stage: bool) -> int:
    """Apply queued paper changes to the index; how many papers were applied.

    Args:
        index: the open index (the library's lock held).
        store: the open, writable store.
        progress: for a large batch.
        stage: a user action: a few changes may stay staged in memory.
    """
    if index.session is not None:
        return 0  # an import's batch writer is open; its end syncs
    last, ids = store.pending(after=index.staged_seq)
    if ids:
        present = store.existing_ids(ids)
        known = set(present)
        deleted = [i for i in ids if i not in known]
        conn = store.conn
        if not index.apply(
            lambda: docs_from_store(conn, present),
            present,
            deleted,
            progress,
            seq=last,
            stage=stage,
        ):
            return 0  # cancelled: the outbox keeps every change
    if not stage:
        index.flush()
    committed = index.committed_seq
    if committed and store.count(
        "SELECT count(*) FROM outbox WHERE seq <= ?", (committed,)
    ):
        store.clear_pending(committed)
    return len(ids)


def pending(index: Index, store: Store) -> int:
    """How many papers have changes no search shows yet (for ``stats``)."""
    return store.count(
        "SELECT count(DISTINCT paper_id) FROM outbox WHERE seq > ?",
        (index.staged_seq,),
    )


class IdleFlush:
    """Commits staged changes once the library has had no write for a moment."""

    def __init__(self, lock: AbstractContextManager[Any], flush: Callable[[], None]):
        # The library's lock, and what commits the staged changes (under it).
        self._library_lock = lock
        self._flush = flush
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._closed = False

    def schedule(self) -> None:
        """Start (or restart) the countdown."""
        with self._lock:
            if self._closed:
                return
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(IDLE_SECONDS, self._run)
            self._timer.daemon = True
            self._timer.start()

    def cancel(self) -> None:
        """Stop the countdown for good (the library is closing and syncs itself).

        A flush already under way is waited for, so no thread of the library's
        is left running once it is closed (and none at interpreter exit).
        """
        with self._lock:
            self._closed = True
            timer, self._timer = self._timer, None
            if timer is not None:
                timer.cancel()
        if timer is not None and timer is not threading.current_thread():
            timer.join()

    def _run(self) -> None:
        # A failure here changes nothing: the outbox still holds every change,
        # and the next action or the close commits it.
        with contextlib.suppress(Exception), self._library_lock:
            if self._closed:
                return
            self._flush()


def stage_for_reader(index: Index, store: Store) -> str | None:
    """At a read-only open: let searches see changes the writer has not indexed.

    The store is the record. A writer (the app) commits each change to the
    store at once but may keep its index update in memory for a moment
    (staging.py); its outbox rows say which papers. A reader stages those
    papers' documents from the store in its own memory, so a search agrees
    with ``show`` and ``stats``. An outbox much longer than a burst of actions
    means an import or a rebuild is under way: the reader then searches the
    index as it stands and says so.

    Returns:
        A notice for the user when the reader searches an index behind the store.
    """
    last, ids = store.pending()
    if not ids:
        return None
    if len(ids) > READER_STAGE_MAX:
        return (
            f"{len(ids):,} papers changed moments ago are still being indexed by "
            "the Reading List window or command that has the library open; "
            "searches may not show those changes until it has finished"
        )
    present = store.existing_ids(ids)
    known = set(present)
    deleted = [i for i in ids if i not in known]
    index.staging.add(docs_from_store(store.conn, present), deleted, last)
    return None
