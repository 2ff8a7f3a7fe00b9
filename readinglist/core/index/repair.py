"""Keeping the search index trustworthy: find damage, rebuild, recover mid-query.

The index is derived from the store, so any doubt about it is settled the same
way: rebuild it. Doubt arises at three moments.

* **At open**: the index is missing, from an older schema, half built (a marker
  file says a rebuild was under way), or :func:`indexcheck.probe` finds a
  damaged file. A writable open rebuilds it, reporting progress; a read-only
  open says why it cannot search (and whether another process is rebuilding).
* **During a query**: damage the probe could not see surfaces as an exception
  from inside Whoosh. :class:`GuardedSearching` then rebuilds (writable) or
  reopens (read-only) and runs the query again, so the user gets results or a
  sentence, never a traceback.
* **After a write**: if bringing the index up to date fails, the change is
  already safe in the store and in the outbox; a damaged index is rebuilt, and a
  full or read-only disk is reported as such.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from readinglist.core.errors import (
    INDEX_INCOMPLETE,
    LibraryError,
    quiet_after_failure,
    storage_error,
)
from readinglist.core.index import probememo, whoosh_private
from readinglist.core.index.check import probe, scan_all
from readinglist.core.index.engine import Index, IndexUnusableError, Progress
from readinglist.core.locking import held_elsewhere
from readinglist.core.store import STORE_FILE, Store

MARKER = "index-rebuilding"
"""A file in the library folder that exists while the index is being rebuilt."""
READER_ATTEMPTS = 5
READER_PAUSE = 0.05

T = TypeVar("T")


class IndexUnavailableError(LibraryError):
    """The index cannot answer now; the message says why and what to do."""


@dataclass(slots=True)
class Rebuilding:
    """How far a rebuild of a library's index has got (read from any thread)."""

    active: bool = False
    done: int = 0
    total: int = 0
    # Rebuilds started so far: a caller can tell that one ran during its query.
    runs: int = 0
    # The last rebuild stopped part-way (cancelled, or refused by the disk), so
    # the index holds only some papers until the next one finishes.
    incomplete: bool = False

    def message(self) -> str | None:
        """What a search should say while the index cannot answer, or None."""
        if self.active:
            return (
                f"The search index is being rebuilt ({self.done:,} of "
                f"{self.total:,} papers); results will be back when it has finished."
            )
        if self.incomplete:
            return (
                "The search index is incomplete: its rebuild stopped before the "
                "end. Rebuild it (Rebuild Search Index in the app, or "
                "'readinglist reindex') to search your papers again; it is also "
                "rebuilt the next time the library is opened."
            )
        return None


# -- finding trouble -----------------------------------------------------------


def from_index(exc: BaseException) -> bool:
    """True when ``exc`` was raised while Whoosh was reading or writing."""
    if isinstance(exc, IndexUnusableError):
        return True  # closed after an earlier failure
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        module = str(tb.tb_frame.f_globals.get("__name__", ""))
        if module == "whoosh" or module.startswith("whoosh."):
            return True
        tb = tb.tb_next
    return False


def index_problem(
    folder: Path,
    index: Index,
    conn: sqlite3.Connection,
    *,
    compare: bool = True,
    memo: bool = False,
    remember: bool = False,
) -> str | None:
    """Why the index must be rebuilt before it is used, or None when it is sound.

    Args:
        folder: the library folder.
        index: its index.
        conn: its store.
        compare: also compare sampled documents with the store (see
            :func:`indexcheck.probe`).
        memo: skip the segments found sound at an earlier open and unchanged
            since (see :mod:`probememo`); only at open, never after a query
            met damage.
        remember: note the segments found sound (the writer only).
    """
    if (folder / MARKER).exists():
        return "a rebuild of the search index did not finish"
    if not index.is_usable():
        return "the search index is missing, damaged or from an older version"
    started = time.time_ns()
    store = folder / STORE_FILE
    found: dict[str, probememo.Fingerprint] = {}
    if memo or remember:
        segments = whoosh_private.segment_ids(index.ix)
        found = probememo.fingerprints(index.path, segments)
    sound = probememo.sound_segments(index.path, store, found) if memo else set()
    reason = probe(index.ix, conn if compare else None, skip=sound)
    if reason is None and remember and len(sound) < len(found):
        probememo.record(index.path, store, found, started_ns=started, keep=sound)
    if reason is not None:
        index.close()
        return f"the search index is damaged ({reason})"
    return None


def reader_problem(
    folder: Path, index: Index, conn: sqlite3.Connection, *, memo: bool = False
) -> str | None:
    """:func:`index_problem` for a reader, which may meet a writer mid-commit.

    While another process writes, a reader can read a table of contents whose
    files that writer has just replaced, and store and index are never read at
    one instant; so the store is not compared, and what looks like damage is
    looked at again a few times before it is believed.
    """
    problem = None
    for _ in range(READER_ATTEMPTS):
        writing = held_elsewhere(folder)
        problem = index_problem(folder, index, conn, compare=not writing, memo=memo)
        if problem is None or not writing or (folder / MARKER).exists():
            return problem
        index.close()
        time.sleep(READER_PAUSE)
    return problem


def readonly_message(folder: Path, problem: str) -> str:
    """What a read-only user is told when the index cannot be searched."""
    if (folder / MARKER).exists() and held_elsewhere(folder):
        return (
            f"the search index of {folder} is being rebuilt by another Reading "
            "List window or command; please try again when it has finished"
        )
    return (
        f"{problem}, so the library in {folder} cannot be searched yet; it is "
        "rebuilt the next time the library is opened for writing (close other "
        "Reading List windows, then run 'readinglist reindex' or open the app)"
    )


# -- rebuilding --------------------------------------------------------------------


def rebuild(
    folder: Path,
    index: Index,
    conn: sqlite3.Connection,
    progress: Progress | None = None,
    status: Rebuilding | None = None,
) -> bool:
    """Rebuild the index from the store; False if cancelled (the marker stays).

    The marker file is written first and removed only when the new index is
    complete, so a rebuild cut short by a crash, a full disk or a cancel is
    redone at the next open instead of being mistaken for a good index.

    Raises:
        StorageError: the disk refused the index's files.
    """
    status = status or Rebuilding()
    total = int(conn.execute("SELECT count(*) FROM papers").fetchone()[0])

    def report(done: int, total: int) -> bool:
        status.done, status.total = done, total
        # An empty library (a new one) rebuilds in no time: nothing to show.
        return progress is None or total == 0 or progress(done, total)

    marker = folder / MARKER
    started = finished = False
    try:
        with quiet_after_failure():
            marker.write_text(json.dumps({"pid": os.getpid(), "started": time.time()}))
            status.runs += 1
            status.active = started = True
            done = report(0, total) and index.rebuild(conn, report)
        if done:
            marker.unlink(missing_ok=True)
            finished = True
    except (OSError, sqlite3.Error) as exc:
        error = storage_error(exc, folder, outcome=INDEX_INCOMPLETE)
        if error is None:
            raise
        raise error from exc
    finally:
        status.active = False
        if started:
            status.incomplete = not finished
    return done


def prepare(
    folder: Path, store: Store, index: Index, progress: Progress | None
) -> str | None:
    """Make the index usable at open: rebuild it (writable) or explain (read-only).

    Returns:
        Why the index was rebuilt, or None when it was sound.

    Raises:
        LibraryError: a read-only open of a library whose index needs rebuilding.
        StorageError: a rebuild the disk refused.
    """
    if store.readonly:
        problem = reader_problem(folder, index, store.conn, memo=True)
        if problem is not None:
            raise IndexUnavailableError(readonly_message(folder, problem))
        return None
    problem = index_problem(folder, index, store.conn, memo=True, remember=True)
    if problem is not None:
        rebuild(folder, index, store.conn, progress)
    return problem


@contextlib.contextmanager
def disk_errors(folder: Path) -> Iterator[None]:
    """Turn a write the disk refused into a StorageError the user can act on."""
    try:
        yield
    except (sqlite3.Error, OSError) as exc:
        error = storage_error(exc, folder)
        if error is None:
            raise
        raise error from exc


def indexed_rows(
    folder: Path,
    store: Store,
    index: Index,
    rebuild_index: Callable[[], object],
    *,
    deep: bool = False,
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Every indexed paper's stored fields for ``check``, and what is wrong.

    With ``deep``, every posting list is read too (slow on a large library).
    A damaged index is rebuilt (``rebuild_index``) when the library is
    writable; read-only, the damage is reported.
    """
    reason: str | None = None
    for _ in range(READER_ATTEMPTS):
        writing = store.readonly and held_elsewhere(folder)
        read = _read_rows_problem(folder, store, index, deep=deep, compare=not writing)
        if isinstance(read, dict):
            return read, []
        reason = read
        if not writing:
            break
        # Another process is committing: what looked damaged may just be gone.
        index.close()
        time.sleep(READER_PAUSE)
        if reader_problem(folder, index, store.conn):
            break
    if store.readonly:
        return {}, [
            f"the search index is damaged ({reason}); "
            "run 'readinglist reindex' to rebuild it"
        ]
    rebuild_index()
    return index.stored_rows(), []


def _read_rows_problem(
    folder: Path, store: Store, index: Index, *, deep: bool, compare: bool
) -> dict[str, dict[str, Any]] | str:
    """The stored rows, or why the index could not be read."""
    conn = store.conn if compare else None
    try:
        ix = index.ix
    except IndexUnusableError:
        # Closed after an earlier failure: open it again, if it opens.
        reopened = reader_problem(folder, index, store.conn)
        if reopened is not None:
            return reopened
        ix = index.ix
    reason = probe(ix, conn)
    if reason is None and deep:
        reason = scan_all(ix)
    if reason is not None:
        return reason
    try:
        return index.stored_rows()
    except Exception as exc:
        if not from_index(exc):
            raise
        return f"{type(exc).__name__}: {exc}"
