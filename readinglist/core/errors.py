"""The errors the core raises for the user to read, and how a failed write is told.

Every message here is meant to be shown as it is: it says what happened, what
became of the user's data, and what to do next.
"""

from __future__ import annotations

import errno
import sqlite3
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
