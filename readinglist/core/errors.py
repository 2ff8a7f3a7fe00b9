"""The errors the core raises for the user to read, and how a failed write is told.

Every message here is meant to be shown as it is: it says what happened, what
became of the user's data, and what to do next. Last, how to clean up after a
Whoosh call that failed on damaged files or a full disk.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import sqlite3
import traceback
import warnings
from collections.abc import Iterator
from pathlib import Path


class LibraryError(Exception):
    """The library cannot be opened or used; the message is for the user."""


class StorageError(LibraryError):
    """The disk refused a write: full, read-only, or failing."""


class BackupError(LibraryError):
    """A backup cannot be made or restored; the message says why."""


# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14

_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_DENIED_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
_IO_ERRNOS = {errno.EIO, errno.EFBIG}


def failed_write_kind(exc: BaseException) -> str | None:
    """``"full"``, ``"denied"`` or ``"io"`` for an error a failed write raises.

    None when ``exc`` is not about the disk at all (a bug, or bad data).
    """
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        primary = None if code is None else code & 0xFF
        if primary == _SQLITE_FULL:
            return "full"
        if primary in (_SQLITE_READONLY, _SQLITE_CANTOPEN):
            return "denied"
        if primary == _SQLITE_IOERR:
            return "io"
        return None
    if isinstance(exc, OSError):
        if exc.errno in _FULL_ERRNOS:
            return "full"
        if exc.errno in _DENIED_ERRNOS:
            return "denied"
        if exc.errno in _IO_ERRNOS:
            return "io"
    # Other OS errors (a bad argument, a missing file) come from damaged data
    # or a bug, not from the disk refusing a write.
    return None


SAVED_BUT_NOT_INDEXED = (
    "your change was saved, but the search index could not be updated; "
    "it will catch up the next time the library is opened"
)
INDEX_INCOMPLETE = (
    "your papers and notes are safe, and the search index will be rebuilt "
    "the next time the library is opened"
)


def storage_error(
    exc: BaseException, folder: Path, *, outcome: str = "nothing was changed"
) -> StorageError | None:
    """A StorageError telling the user about ``exc``, or None if it is no disk error.

    Args:
        exc: what the failed write raised.
        folder: the library folder (or the file) being written.
        outcome: what became of the user's data, for example
            :data:`SAVED_BUT_NOT_INDEXED` when the store kept the change and
            only the search index fell behind.
    """
    kind = failed_write_kind(exc)
    if kind is None:
        return None
    if kind == "full":
        cause = f"the disk that holds {folder} is full"
        advice = "free some space and try again"
    elif kind == "denied":
        cause = f"Reading List is not allowed to write in {folder} (it is read-only)"
        advice = (
            "make the folder writable, or use a library in another folder; "
            "searching and showing papers still work"
        )
    else:
        cause = f"the disk that holds {folder} reported an error ({exc})"
        advice = "check the disk and try again"
    return StorageError(f"{cause}; {outcome}. Please {advice}.")


@contextlib.contextmanager
def quiet_after_failure() -> Iterator[None]:
    """Close quietly the files (and the lock) a failed Whoosh call left open.

    When a write fails on a full disk or on damaged files, Whoosh can drop its
    readers, its half-made files and even its write lock without closing them
    (a writer that fails while it is being made is never returned to be
    cancelled). They are closed when the objects are collected: this collects
    them at once, so the next write is not refused with a LockError, and
    silences the warnings that say nothing the user can act on.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            yield
        except BaseException as exc:
            # The failed call's frames (and its causes') hold the writer, its
            # files and its lock; let them go now, not whenever the error is.
            seen: set[int] = set()
            cause: BaseException | None = exc
            while cause is not None and id(cause) not in seen:
                seen.add(id(cause))
                traceback.clear_frames(cause.__traceback__)
                cause = cause.__cause__ or cause.__context__
            # Only after a failure: a full collection costs tens of
            # milliseconds in a large process, which every star would pay.
            gc.collect()
            raise
