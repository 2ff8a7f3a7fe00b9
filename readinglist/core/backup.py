"""Backups of a library and restoring from them.

Three kinds of copy exist, all of the store (the index is rebuilt from it):

* automatic copies in ``<library>/backups/``: one a day at the first writable
  open, one before every schema upgrade and one before every restore; the
  newest ten are kept (see ``snapshots``);
* copies the user asks for with ``readinglist backup [PATH]``: an SQLite file
  made with SQLite's backup API, never deleted automatically;
* JSON backups (``readinglist backup --json PATH``): the whole library with
  every piece of user data as readable text (see ``jsonbackup``).

``readinglist restore PATH`` takes either kind of file. It first checks that the
file is a sound Reading List backup (and refuses anything else with a message
saying what the file is), keeps a copy of the library as it is, then replaces
the store in one SQLite transaction and rebuilds the search index.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from readinglist.core import jsonbackup, snapshots
from readinglist.core.errors import BackupError, LibraryError, storage_error
from readinglist.core.index import Progress
from readinglist.core.store import SCHEMA_VERSION, STORE_FILE, Store, StoreError

if TYPE_CHECKING:
    from readinglist.core.library import Library

SQLITE_MAGIC = b"SQLite format 3\x00"
# The tables every Reading List store has, at every schema version so far.
TABLES = frozenset(
    {"meta", "papers", "imports", "sources", "tags", "lists", "list_items"}
    | {"saved_searches", "outbox"}
)


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
        if snapshots.made_on(folder, snapshots.DAILY, today) or _empty(store):
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


def _empty(store: Store) -> bool:
    row = store.conn.execute(
        "SELECT EXISTS (SELECT 1 FROM papers) OR EXISTS (SELECT 1 FROM lists) "
        "OR EXISTS (SELECT 1 FROM saved_searches)"
    ).fetchone()
    return not row[0]


def make(library: Library, target: Path | str | None, *, as_json: bool) -> Path:
    """Back the library up to ``target`` (a file or a folder), or into backups/.

    Returns:
        The file written.

    Raises:
        BackupError: the file could not be written (nothing is left behind).
    """
    suffix = ".json" if as_json else ".sqlite3"
    if target is None:
        path = snapshots.new_path(library.path, snapshots.MANUAL, suffix)
    else:
        path = Path(target).expanduser()
        if path.is_dir():
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            path = path / f"readinglist-backup-{stamp}{suffix}"
    if _same_file(path, library.path / STORE_FILE):
        raise BackupError("a backup cannot be written over the library itself")
    try:
        if as_json:
            snapshots.write_text(path, jsonbackup.dump(library.store))
        else:
            snapshots.copy_database(library.store.conn, path)
    except (OSError, sqlite3.Error) as exc:
        error = storage_error(exc, path.parent)
        raise BackupError(
            f"the backup could not be written to {path}: "
            + (str(error) if error is not None else str(exc))
        ) from exc
    return path


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
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if not TABLES.issubset(tables) or version < 1:
                raise BackupError(
                    f"{path} is an SQLite database, but not a Reading List library"
                )
            if version > SCHEMA_VERSION:
                raise BackupError(
                    f"{path} was made by a newer Reading List (schema {version}); "
                    "please upgrade the app to restore it"
                )
            verdict = [r[0] for r in conn.execute("PRAGMA quick_check")]
            if verdict != ["ok"]:
                raise BackupError(f"{path} is damaged ({verdict[0]})")
            papers = int(conn.execute("SELECT count(*) FROM papers").fetchone()[0])
            lists = int(conn.execute("SELECT count(*) FROM lists").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is damaged and cannot be restored ({exc})") from exc
    return BackupInfo(path, "sqlite", papers, lists)


def restore(
    library: Library, source: Path | str, progress: Progress | None = None
) -> Restored:
    """Replace the library's contents with a backup, then rebuild the index.

    The caller holds the library's write lock and its mutex.

    Raises:
        BackupError: the file is not a sound backup, or could not be copied in;
            in either case the library is unchanged.
    """
    info = inspect(source)
    if _same_file(info.path, library.path / STORE_FILE):
        raise BackupError("this is the library itself; name a backup of it")
    with tempfile.TemporaryDirectory(dir=library.path, prefix=".restore-") as scratch:
        built = info.path
        if info.kind == "json":
            built = Path(scratch) / STORE_FILE
            try:
                jsonbackup.build_store(jsonbackup.load(info.path), built)
            except jsonbackup.BackupFormatError as exc:
                raise BackupError(f"{exc}; nothing was restored") from exc
        kept = _keep_current(library)
        _copy_into(library, built)
    _reopen(library)
    library.reindex(progress)
    return Restored(info, kept)


def _keep_current(library: Library) -> Path:
    try:
        kept = snapshots.copy_database(
            library.store.conn,
            snapshots.new_path(library.path, snapshots.BEFORE_RESTORE),
        )
    except (OSError, sqlite3.Error) as exc:
        error = storage_error(exc, library.path)
        raise BackupError(
            "the library as it is could not be backed up first, so nothing was "
            "restored: " + (str(error) if error is not None else str(exc))
        ) from exc
    snapshots.rotate(library.path)
    return kept


def _copy_into(library: Library, built: Path) -> None:
    """Copy ``built`` over the live store in one SQLite transaction."""
    try:
        source = sqlite3.connect(f"{built.resolve().as_uri()}?mode=ro", uri=True)
        try:
            source.backup(library.store.conn)
        finally:
            source.close()
    except sqlite3.Error as exc:
        error = storage_error(exc, library.path)
        raise BackupError(
            "the backup could not be copied into the library; nothing was changed: "
            + (str(error) if error is not None else str(exc))
        ) from exc


def _reopen(library: Library) -> None:
    """Open the restored store afresh, upgrading it if it is from an older app."""
    library.store.close()
    try:
        library.store = Store(library.path / STORE_FILE)
    except StoreError as exc:
        raise LibraryError(str(exc)) from exc
    with library.store.transaction() as conn:
        # The index is rebuilt from scratch, so queued updates are moot.
        conn.execute("DELETE FROM outbox")


def _same_file(one: Path, other: Path) -> bool:
    with contextlib.suppress(OSError):
        return one.resolve() == other.resolve() or one.samefile(other)
    return False
