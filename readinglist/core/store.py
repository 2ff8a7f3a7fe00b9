"""The SQLite store: the library's system of record.

Schema, forward migrations, and the queries the library needs. Every write goes
through :meth:`Store.transaction`, and every change to a paper also writes its id
to the ``outbox`` table in the same transaction, so the full-text index can
always be brought up to date from here, even after a crash between the two.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from readinglist.core import snapshots
from readinglist.core.models import Paper, Source, Status

SCHEMA_VERSION = 1
# The store's file in a library folder.
STORE_FILE = "library.sqlite3"

# Each entry upgrades the schema from version i to i + 1; never edit one that has
# shipped, append a new one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE papers (
        id TEXT PRIMARY KEY,
        ident TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        abstract TEXT,
        authors_count INTEGER,
        organisation TEXT,
        published TEXT,
        year_inferred INTEGER NOT NULL DEFAULT 0,
        date_raw TEXT,
        upvotes INTEGER,
        links TEXT NOT NULL DEFAULT '[]',
        starred INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'unread'
            CHECK (status IN ('unread', 'reading', 'read')),
        note TEXT NOT NULL DEFAULT '',
        citekey TEXT UNIQUE,
        added REAL NOT NULL,
        modified REAL NOT NULL
    );
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        format TEXT NOT NULL,
        imported_at REAL NOT NULL
    );
    CREATE TABLE sources (
        paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        line INTEGER NOT NULL,
        PRIMARY KEY (paper_id, import_id)
    );
    CREATE INDEX sources_by_import ON sources(import_id);
    CREATE TABLE tags (
        paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (paper_id, tag)
    );
    CREATE TABLE lists (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        created REAL NOT NULL
    );
    CREATE TABLE list_items (
        list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
        paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        PRIMARY KEY (list_id, paper_id)
    );
    CREATE INDEX list_items_by_paper ON list_items(paper_id);
    CREATE TABLE saved_searches (
        name TEXT PRIMARY KEY COLLATE NOCASE,
        query TEXT NOT NULL,
        created REAL NOT NULL
    );
    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        paper_id TEXT NOT NULL
    );
    """,
)

PAPER_COLUMNS = (
    "id, title, abstract, authors_count, organisation, published, year_inferred, "
    "date_raw, upvotes, links, starred, status, note, citekey, added"
)


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


class Store:
    """One connection to ``library.sqlite3`` and the queries over it."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        try:
            self.conn = _connect(path, readonly)
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path} is not a readable library: {exc}") from exc
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{path} was written by a newer Reading List (schema {version}); "
                "please upgrade the app"
            )
        if version < SCHEMA_VERSION:
            if readonly:
                raise StoreError(f"{path} needs an upgrade; open it once for writing")
            if version > 0:
                self._back_up_before_upgrade(version)
            self._migrate(version)

    def _back_up_before_upgrade(self, version: int) -> None:
        # An upgrade rewrites the user's data; keep the old form first.
        try:
            snapshots.before_upgrade(self.path, self.conn)
        except (OSError, sqlite3.Error) as exc:
            self.conn.close()
            raise StoreError(
                f"{self.path} needs an upgrade from schema {version}, but a backup "
                f"could not be made first ({exc}); nothing was changed"
            ) from exc

    def _migrate(self, version: int) -> None:
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for statement in MIGRATIONS[target - 1].split(";"):
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

    # -- papers -----------------------------------------------------------------

    def paper_rows(self, ids: Sequence[str]) -> dict[str, sqlite3.Row]:
        """The paper rows for ``ids`` that exist, by id."""
        rows: dict[str, sqlite3.Row] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT {PAPER_COLUMNS} FROM papers WHERE id IN ({marks})", chunk
            ):
                rows[row["id"]] = row
        return rows

    def long_texts(self, ids: Sequence[str]) -> dict[str, dict[str, str]]:
        """The abstract and note of each of ``ids`` that exists, by id.

        Only these two columns: a result page's highlights need nothing else.
        """
        found: dict[str, dict[str, str]] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for paper_id, abstract, note in self.conn.execute(
                f"SELECT id, abstract, note FROM papers WHERE id IN ({marks})", chunk
            ):
                found[paper_id] = {"abstract": abstract or "", "note": note or ""}
        return found

    def papers(self, ids: Sequence[str]) -> list[Paper]:
        """Full paper records for ``ids``, in the same order; unknown ids skipped."""
        rows = self.paper_rows(ids)
        wanted = [i for i in ids if i in rows]
        tags = self._grouped("SELECT paper_id, tag FROM tags", wanted, "tag")
        lists = self._grouped(
            "SELECT li.paper_id, l.name FROM list_items li "
            "JOIN lists l ON l.id = li.list_id",
            wanted,
            "name",
            column="li.paper_id",
        )
        sources: dict[str, list[Source]] = {}
        for chunk in _chunks(wanted, 500):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                "SELECT paper_id, path, line FROM sources "
                f"WHERE paper_id IN ({marks}) ORDER BY import_id",
                chunk,
            ):
                found = sources.setdefault(row["paper_id"], [])
                source = Source(row["path"], row["line"])
                if source not in found:
                    found.append(source)
        return [
            _paper_from_row(
                rows[i],
                tags=tuple(sorted(tags.get(i, ()))),
                lists=tuple(lists.get(i, ())),
                sources=tuple(sources.get(i, ())),
            )
            for i in wanted
        ]

    def _grouped(
        self,
        select: str,
        ids: Sequence[str],
        value: str,
        column: str = "paper_id",
    ) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"{select} WHERE {column} IN ({marks})", chunk
            ):
                grouped.setdefault(row["paper_id"], []).append(row[value])
        return grouped

    def all_ids(self) -> list[str]:
        """Every paper id, newest first."""
        return [
            r[0] for r in self.conn.execute("SELECT id FROM papers ORDER BY added DESC")
        ]

    def existing_ids(self, ids: Iterable[str]) -> list[str]:
        """The ids among ``ids`` that name papers in the library, in order."""
        ids = list(dict.fromkeys(ids))
        found: set[str] = set()
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self.conn.execute(
                    f"SELECT id FROM papers WHERE id IN ({marks})", chunk
                )
            )
        return [i for i in ids if i in found]

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


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _paper_from_row(
    row: sqlite3.Row,
    *,
    tags: tuple[str, ...],
    lists: tuple[str, ...],
    sources: tuple[Source, ...],
) -> Paper:
    return Paper(
        paper_id=row["id"],
        title=row["title"],
        abstract=row["abstract"],
        authors_count=row["authors_count"],
        organisation=row["organisation"],
        published=row["published"],
        year_inferred=bool(row["year_inferred"]),
        date_raw=row["date_raw"],
        upvotes=row["upvotes"],
        links=tuple(json.loads(row["links"])),
        starred=bool(row["starred"]),
        status=Status(row["status"]),
        note=row["note"],
        tags=tags,
        lists=lists,
        citekey=row["citekey"],
        added=row["added"],
        sources=sources,
    )


def now() -> float:
    """The current time as stored in the library (seconds since the epoch)."""
    return time.time()
