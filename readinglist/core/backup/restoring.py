"""Restoring a library from a backup (an SQLite copy or a JSON backup).

``readinglist restore PATH`` takes either kind of file. It first checks that the
file is a sound Reading List backup (and refuses anything else with a message
saying what the file is), keeps a copy of the library as it is, then replaces
the store in one SQLite transaction; the library then reopens its store and
rebuilds the search index.
"""

from __future__ import annotations

import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from readinglist.core.backup import jsonbackup, snapshots
from readinglist.core.backup.copies import same_file
from readinglist.core.errors import BackupError, storage_error
from readinglist.core.store import SCHEMA_VERSION, STORE_FILE, Store, database

SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """What a backup file holds, as checked before restoring it."""

    path: Path
    kind: str  # "sqlite" or "json"
    papers: int
    lists: int


@dataclass(frozen=True, slots=True)
class Restored:
    """The outcome of a restore."""

    source: BackupInfo
    kept: Path  # the copy of the library as it was just before


def inspect(source: Path | str) -> BackupInfo:
    """Check that ``source`` is a Reading List backup that can be restored.

    Raises:
        BackupError: why it cannot be restored, in words for the user.
    """
    path = Path(source).expanduser()
    try:
        if path.is_dir():
            raise BackupError(f"{path} is a folder; name a backup file inside it")
        with path.open("rb") as handle:
            head = handle.read(64)
    except FileNotFoundError:
        raise BackupError(f"there is no file at {path}") from None
    except OSError as exc:
        raise BackupError(f"{path} cannot be read ({exc.strerror or exc})") from exc
    if head.startswith(SQLITE_MAGIC):
        return _inspect_sqlite(path)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        try:
            backup = jsonbackup.load(path)
        except jsonbackup.BackupFormatError as exc:
            raise BackupError(f"{exc}; nothing was restored") from exc
        except OSError as exc:
            raise BackupError(f"{path} cannot be read ({exc})") from exc
        return BackupInfo(path, "json", len(backup.papers), len(backup.lists))
    raise BackupError(
        f"{path} is not a Reading List backup: restore takes a copy of a library "
        "(made by 'readinglist backup' or found in the library's backups folder) "
        "or a JSON backup (made by 'readinglist backup --json')"
    )


def _inspect_sqlite(path: Path) -> BackupInfo:
    try:
        facts = database.file_facts(path)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is damaged and cannot be restored ({exc})") from exc
    if not facts.is_library:
        raise BackupError(
            f"{path} is an SQLite database, but not a Reading List library"
        )
    if facts.version > SCHEMA_VERSION:
        raise BackupError(
            f"{path} was made by a newer Reading List (schema {facts.version}); "
            "please upgrade the app to restore it"
        )
    if facts.damage is not None:
        raise BackupError(f"{path} is damaged ({facts.damage})")
    return BackupInfo(path, "sqlite", facts.papers, facts.lists)


def replace(folder: Path, store: Store, source: Path | str) -> Restored:
    """Replace the contents of the store in ``folder`` with a backup.

    The caller holds the library's write lock and its mutex; afterwards it must
    open the store afresh (it may be from an older app) and rebuild the index.

    Raises:
        BackupError: the file is not a sound backup, or could not be copied in;
            in either case the library is unchanged.
    """
    info = inspect(source)
    if same_file(info.path, folder / STORE_FILE):
        raise BackupError("this is the library itself; name a backup of it")
    with tempfile.TemporaryDirectory(dir=folder, prefix=".restore-") as scratch:
        built = info.path
        if info.kind == "json":
            built = Path(scratch) / STORE_FILE
            try:
                jsonbackup.build_store(jsonbackup.load(info.path), built)
            except jsonbackup.BackupFormatError as exc:
                raise BackupError(f"{exc}; nothing was restored") from exc
        kept = _keep_current(folder, store)
        _copy_into(folder, store, built)
    return Restored(info, kept)


def _keep_current(folder: Path, store: Store) -> Path:
    try:
        kept = snapshots.copy_database(
            store.conn, snapshots.new_path(folder, snapshots.BEFORE_RESTORE)
        )
    except (OSError, sqlite3.Error) as exc:
        error = storage_error(exc, folder)
        raise BackupError(
            "the library as it is could not be backed up first, so nothing was "
            "restored: " + (str(error) if error is not None else str(exc))
        ) from exc
    snapshots.rotate(folder)
    return kept


def _copy_into(folder: Path, store: Store, built: Path) -> None:
    """Copy ``built`` over the live store in one SQLite transaction."""
    try:
        source = sqlite3.connect(f"{built.resolve().as_uri()}?mode=ro", uri=True)
        try:
            source.backup(store.conn)
        finally:
            source.close()
    except sqlite3.Error as exc:
        error = storage_error(exc, folder)
        raise BackupError(
            "the backup could not be copied into the library; nothing was changed: "
            + (str(error) if error is not None else str(exc))
        ) from exc
