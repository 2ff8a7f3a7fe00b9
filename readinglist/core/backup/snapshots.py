"""Copies of the store in ``<library>/backups/``, made with SQLite's backup API.

SQLite's backup API copies a consistent snapshot of a live database, even one in
WAL mode with a writer at work, which copying the file would not. Each copy is
written to a temporary file beside its target, flushed to disk and then renamed
into place, so a backup file is either complete or absent, never half written.

Automatic copies (the daily one, and those made before a schema upgrade and
before a restore) rotate: the newest :data:`KEEP` are kept. Copies the user asks
for by name are never deleted. This module needs only the standard library, so
the store can call it before it upgrades itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from readinglist.core.store.database import copy_to

BACKUP_DIR = "backups"
KEEP = 10
DAILY = "daily"
BEFORE_UPGRADE = "before-upgrade"
BEFORE_RESTORE = "before-restore"
MANUAL = "manual"
AUTOMATIC = (DAILY, BEFORE_UPGRADE, BEFORE_RESTORE)
# How old a manual backup's temporary file must be before it counts as left over.
_MANUAL_GRACE = 3600.0

_NAME = re.compile(
    r"^library-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?-(?P<reason>[a-z-]+)"
    r"\.(?:sqlite3|json)$"
)


def backup_dir(library: Path) -> Path:
    """The folder that holds a library's backups."""
    return library / BACKUP_DIR


def new_path(
    library: Path,
    reason: str,
    suffix: str = ".sqlite3",
    when: dt.datetime | None = None,
) -> Path:
    """A fresh file name in the backups folder, sortable by time.

    Args:
        library: the library folder.
        reason: why the copy is made (``daily``, ``manual``, ...).
        suffix: ``.sqlite3`` or ``.json``.
        when: the time to name it after; now by default.
    """
    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = backup_dir(library)
    path = folder / f"library-{stamp}-{reason}{suffix}"
    count = 1
    while path.exists():
        count += 1
        path = folder / f"library-{stamp}-{count}-{reason}{suffix}"
    return path


def listing(library: Path) -> list[tuple[Path, dt.datetime, str]]:
    """Every backup the app made in the backups folder: path, time, reason.

    Newest first. Files the app did not name are left out (and left alone).
    """
    folder = backup_dir(library)
    found = []
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        for entry in folder.iterdir():
            match = _NAME.match(entry.name)
            if match and entry.is_file():
                when = dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
                found.append((entry, when, match["reason"], int(match["n"] or 1)))
    found.sort(key=lambda item: (item[1], item[3], item[0].name), reverse=True)
    return [(path, when, reason) for path, when, reason, _ in found]


def made_on(library: Path, reason: str, day: dt.date) -> bool:
    """True when a backup for ``reason`` was made on ``day``."""
    return any(r == reason and when.date() == day for _, when, r in listing(library))


def rotate(library: Path, keep: int = KEEP) -> list[Path]:
    """Delete automatic backups beyond the newest ``keep``; returns those deleted."""
    automatic = [path for path, _, reason in listing(library) if reason in AUTOMATIC]
    for path in automatic[keep:]:
        path.unlink(missing_ok=True)
    return automatic[keep:]


def copy_database(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy the database behind ``conn`` to ``target`` in one step.

    The copy is a single self-contained file (rollback journal, not WAL), so it
    can be moved, mailed or restored on its own.

    Raises:
        OSError, sqlite3.Error: the copy could not be written; nothing is left
            behind at ``target`` or beside it.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    os.close(handle)
    temporary = Path(name)
    try:
        copy_to(conn, temporary)
        _flush(temporary)
        os.replace(temporary, target)
        _flush(target.parent)
    except BaseException:
        for leftover in (temporary, Path(f"{temporary}-journal")):
            leftover.unlink(missing_ok=True)
        raise
    return target


def write_text(target: Path, text: str) -> Path:
    """Write a UTF-8 text file in one step (temporary file, flush, rename).

    Raises:
        OSError: the file could not be written; nothing is left behind.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
        _flush(target.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def clean_leftovers(library: Path, now: float | None = None) -> list[Path]:
    """Remove temporary files a killed backup or restore left behind.

    Called with the write lock held, so nothing else makes the automatic
    backups or restores whose leftovers these are. A manual backup may be
    under way in another process without the lock, so its temporary files are
    removed only when over an hour old.

    Returns:
        What was removed.
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    candidates = [*library.glob(".restore-*")]
    with contextlib.suppress(OSError):
        candidates += backup_dir(library).glob(".library-*.tmp*")
    for path in candidates:
        with contextlib.suppress(OSError):
            manual = f"-{MANUAL}." in path.name
            if manual and now - path.stat().st_mtime < _MANUAL_GRACE:
                continue
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
    return removed


def before_upgrade(store_path: Path, conn: sqlite3.Connection) -> Path:
    """Copy a store that is about to be upgraded to a newer schema, then rotate."""
    library = store_path.parent
    copied = copy_database(conn, new_path(library, BEFORE_UPGRADE))
    rotate(library)
    return copied


def _flush(path: Path) -> None:
    """Make a file's (or a folder's) contents durable before relying on them."""
    if not path.is_dir():
        handle = os.open(path, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
        return
    # Syncing the folder makes the rename durable; where folders cannot be
    # opened or synced the rename is still atomic, only less durable.
    with contextlib.suppress(OSError):
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
