"""The SQLite store: the library's system of record.

The connection, its transactions, forward migrations (the schema is in
``schema``) and the library's own settings; the reads of papers are in
``papers``. Every write goes
through :meth:`Store.transaction`, and every change to a paper also writes its id
to the ``outbox`` table in the same transaction, so the full-text index can
always be brought up to date from here, even after a crash between the two.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from readinglist.core.store import schema
from readinglist.core.store.papers import PaperReads


class StoreError(Exception):
    """The store cannot be opened or is not a Reading List library."""


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(
            uri, uri=True, isolation_level=None, timeout=5.0, check_same_thread=False
        )
        try:
            conn.execute("PRAGMA user_version").fetchone()
        except sqlite3.OperationalError:
            # In a read-only folder SQLite cannot make the shared-memory file a
            # WAL database needs; nothing can change the file there, so read it
            # as it stands.
            conn.close()
            conn = sqlite3.connect(
                f"{uri}&immutable=1",
                uri=True,
                isolation_level=None,
                check_same_thread=False,
            )
    else:
        conn = sqlite3.connect(
            path, isolation_level=None, timeout=5.0, check_same_thread=False
        )
    # The library serialises all use of the connection with its own lock, so a
    # GUI may call it from a worker thread.
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
    # FULL makes each commit durable on power loss too, at a few ms per action.
    conn.execute("PRAGMA synchronous = FULL")
    return conn


# Keeps a copy of the store at ``path`` (open as the connection) before an
# upgrade rewrites it.
BeforeUpgrade = Callable[[Path, sqlite3.Connection], object]


class Store(PaperReads):
    """One connection to ``library.sqlite3`` and the queries over it.

    Args:
        path: the store's file; a new one is created with the current schema.
        readonly: open without writing (an older schema is then an error).
        before_upgrade: called before an older schema is upgraded, to keep a
            copy; if it fails nothing is changed.
    """

    def __init__(
        self,
        path: Path,
        *,
        readonly: bool = False,
        before_upgrade: BeforeUpgrade | None = None,
    ) -> None:
        self.path = path
        self.readonly = readonly
        self._before_upgrade = before_upgrade
        try:
            self.conn = _connect(path, readonly)
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path} is not a readable library: {exc}") from exc
        if version > schema.SCHEMA_VERSION:
            raise StoreError(
                f"{path} was written by a newer Reading List (schema {version}); "
                "please upgrade the app"
            )
        if version < schema.SCHEMA_VERSION:
            if readonly:
                raise StoreError(f"{path} needs an upgrade; open it once for writing")
            if version > 0:
                self._back_up_before_upgrade(version)
            self._migrate(version)

    def _back_up_before_upgrade(self, version: int) -> None:
        # An upgrade rewrites the user's data; keep the old form first.
        if self._before_upgrade is None:
            return
        try:
            self._before_upgrade(self.path, self.conn)
        except (OSError, sqlite3.Error) as exc:
            self.conn.close()
            raise StoreError(
                f"{self.path} needs an upgrade from schema {version}, but a backup "
                f"could not be made first ({exc}); nothing was changed"
            ) from exc

    def _migrate(self, version: int) -> None:
        for target in range(version + 1, schema.SCHEMA_VERSION + 1):
            with self.transaction():
                for statement in schema.MIGRATIONS[target - 1].split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {target}")

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is committed, or none of it."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            # SQLite ends some failed transactions itself (a full disk, say);
            # a second rollback would hide the real error.
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def count(self, sql: str, params: Sequence[object] = ()) -> int:
        """The single integer a counting query returns."""
        return int(self.conn.execute(sql, params).fetchone()[0])

    # -- outbox ---------------------------------------------------------------

    def enqueue(self, conn: sqlite3.Connection, ids: Iterable[str]) -> None:
        """Mark papers for re-indexing, inside the caller's transaction."""
        conn.executemany(
            "INSERT INTO outbox (paper_id) VALUES (?)", [(i,) for i in ids]
        )

    def pending(
        self, limit: int | None = None, *, after: int = 0
    ) -> tuple[int, list[str]]:
        """The highest outbox sequence number and the distinct ids up to it.

        ``after`` skips the rows up to that sequence number (already staged).
        """
        sql = "SELECT seq, paper_id FROM outbox WHERE seq > ? ORDER BY seq"
        rows = self.conn.execute(
            sql + (f" LIMIT {int(limit)}" if limit else ""), (after,)
        )
        last = 0
        ids: dict[str, None] = {}
        for seq, paper_id in rows:
            last = seq
            ids[paper_id] = None
        return last, list(ids)

    def clear_pending(self, up_to: int) -> None:
        """Forget outbox rows the index has absorbed."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM outbox WHERE seq <= ?", (up_to,))

    # -- meta -----------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        """A value from the ``meta`` table."""
        row = self.conn.execute(
            "SELECT value FROM meta WHERE key = ?", (key,)
        ).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, conn: sqlite3.Connection, key: str, value: str) -> None:
        """Set a ``meta`` value inside the caller's transaction."""
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def is_empty(self) -> bool:
        """True if the library holds no papers, lists or saved searches."""
        row = self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM papers) OR EXISTS (SELECT 1 FROM lists) "
            "OR EXISTS (SELECT 1 FROM saved_searches)"
        ).fetchone()
        return not row[0]

    def integrity_errors(self) -> list[str]:
        """What SQLite's integrity and foreign-key checks report (empty when sound)."""
        errors = [
            str(r[0])
            for r in self.conn.execute("PRAGMA integrity_check")
            if r[0] != "ok"
        ]
        errors += [
            f"dangling reference in {r[0]}"
            for r in self.conn.execute("PRAGMA foreign_key_check")
        ]
        return errors


@dataclass(frozen=True, slots=True)
class FileFacts:
    """What an SQLite file (a backup, say) holds, read without changing it."""

    is_library: bool
    version: int
    damage: str | None = None  # SQLite's first complaint, if any
    papers: int = 0
    lists: int = 0


def file_facts(path: Path) -> FileFacts:
    """Whether the SQLite file at ``path`` is a sound Reading List store, and its size.

    Counts and the damage check are read only from a file that is a library of
    a schema this app knows.

    Raises:
        sqlite3.DatabaseError: the file cannot be read as SQLite.
    """
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if not schema.TABLES.issubset(tables) or version < 1:
            return FileFacts(is_library=False, version=version)
        if version > schema.SCHEMA_VERSION:
            return FileFacts(is_library=True, version=version)
        verdict = [r[0] for r in conn.execute("PRAGMA quick_check")]
        if verdict != ["ok"]:
            return FileFacts(is_library=True, version=version, damage=verdict[0])
        return FileFacts(
            is_library=True,
            version=version,
            papers=int(conn.execute("SELECT count(*) FROM papers").fetchone()[0]),
            lists=int(conn.execute("SELECT count(*) FROM lists").fetchone()[0]),
        )
    finally:
        conn.close()


def copy_to(conn: sqlite3.Connection, target: Path) -> None:
    """Copy the database behind ``conn`` into the new file ``target``.

    The copy is a single self-contained file (rollback journal, not WAL), so it
    can be moved, mailed or restored on its own.

    Raises:
        sqlite3.Error: the copy could not be written.
    """
    copy = sqlite3.connect(target, isolation_level=None)
    try:
        conn.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()


def now() -> float:
    """The current time as stored in the library (seconds since the epoch)."""
    return time.time()
