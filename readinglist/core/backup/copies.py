"""Backups of a library: today's automatic copy and the copies the user asks for.

Three kinds of copy exist, all of the store (the index is rebuilt from it):

* automatic copies in ``<library>/backups/``: one a day at the first writable
  open, one before every schema upgrade and one before every restore; the
  newest ten are kept (see ``snapshots``);
* copies the user asks for with ``readinglist backup [PATH]``: an SQLite file
  made with SQLite's backup API, never deleted automatically;
* JSON backups (``readinglist backup --json PATH``): the whole library with
  every piece of user data as readable text (see ``jsonbackup``).

Putting one back is ``restoring``'s work.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

from readinglist.core.backup import jsonbackup, snapshots
from readinglist.core.errors import BackupError, storage_error
from readinglist.core.store import STORE_FILE, Store


def at_open(folder: Path, store: Store, today: dt.date | None = None) -> list[str]:
    """At a writable open: tidy after a crash, make today's backup; never raises.

    Temporary files a killed backup or restore left behind are removed, then
    the day's automatic backup is made if there is none yet (an empty library
    is not backed up). The caller holds the write lock.

    Returns:
        Messages for the user (empty when all went well), such as why the
        backup could not be made.
    """
    today = today or dt.date.today()
    snapshots.clean_leftovers(folder)
    try:
        if snapshots.made_on(folder, snapshots.DAILY, today) or store.is_empty():
            return []
        when = dt.datetime.combine(today, dt.datetime.now().time())
        snapshots.copy_database(
            store.conn, snapshots.new_path(folder, snapshots.DAILY, when=when)
        )
        snapshots.rotate(folder)
    except (OSError, sqlite3.Error) as exc:
        error = storage_error(exc, snapshots.backup_dir(folder))
        reason = str(error) if error is not None else str(exc)
        return [f"today's automatic backup could not be made: {reason}"]
    return []


def make(
    folder: Path, store: Store, target: Path | str | None, *, as_json: bool
) -> Path:
    """Back up the library in ``folder`` to ``target`` (a file or folder), or backups/.

    The caller holds the library's mutex, so nothing writes meanwhile.

    Returns:
        The file written.

    Raises:
        BackupError: the file could not be written (nothing is left behind).
    """
    suffix = ".json" if as_json else ".sqlite3"
    if target is None:
        path = snapshots.new_path(folder, snapshots.MANUAL, suffix)
    else:
        path = Path(target).expanduser()
        if path.is_dir():
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            path = path / f"readinglist-backup-{stamp}{suffix}"
    if same_file(path, folder / STORE_FILE):
        raise BackupError("a backup cannot be written over the library itself")
    try:
        if as_json:
            snapshots.write_text(path, jsonbackup.dump(store))
        else:
            snapshots.copy_database(store.conn, path)
    except (OSError, sqlite3.Error) as exc:
        error = storage_error(exc, path.parent)
        raise BackupError(
            f"the backup could not be written to {path}: "
            + (str(error) if error is not None else str(exc))
        ) from exc
    return path


def same_file(one: Path, other: Path) -> bool:
    """True if both paths name one file."""
    with contextlib.suppress(OSError):
        return one.resolve() == other.resolve() or one.samefile(other)
    return False
