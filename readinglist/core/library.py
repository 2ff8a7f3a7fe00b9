"""The library: the one facade every front end (GUI, CLI) calls.

SQLite is the system of record and Whoosh a derived index (DESIGN.md section 2).
Each user action is one store transaction that also queues the changed papers in
the outbox; the outbox is then drained into the index, and replayed at the next
open if the process died in between. Every public method is one user action or
one question, safe to call from any thread (they take turns).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from readinglist.core import ingest
from readinglist.core.backup import copies, snapshots
from readinglist.core.errors import LibraryError, storage_error
from readinglist.core.index import (
    Index,
    Progress,
    Rebuilding,
    SearchEngine,
    disk_errors,
)
from readinglist.core.library_actions import LibraryActions
from readinglist.core.library_reads import LibraryReads
from readinglist.core.locking import LibraryLock, LibraryLockedError
from readinglist.core.models import Highlight, SearchResult
from readinglist.core.paths import folder_problem, no_library_message
from readinglist.core.store import STORE_FILE, Store, StoreError, userdata
from readinglist.core.store.userdata import UserDataError

# Beyond any outbox sequence number: clears the whole outbox.
ALL_PENDING = 2**63 - 1

__all__ = ["Library", "LibraryError", "UserDataError"]


class Library(LibraryReads, LibraryActions):
    """An open library folder. Use :meth:`open`, ideally as a context manager.

    The read side is in :class:`LibraryReads`, the user actions in
    :class:`LibraryActions`; opening, closing, the index and search are here.
    """

    def __init__(self, path: Path, engine: SearchEngine, lock: LibraryLock | None):
        self.path = path
        # The search index, and through it the store (both swapped by restore).
        self.engine = engine
        self._lock_file = lock
        self._mutex = engine.lock
        self._title_order = userdata.TitleOrder()
        engine.title_ranks = lambda: self._title_order.ranks(self.store)
        # Messages for the user from opening (a backup that failed, ...).
        self.notices = engine.notices

    @property
    def store(self) -> Store:
        """The open store, the library's record."""
        return self.engine.store

    @store.setter
    def store(self, store: Store) -> None:
        self.engine.store = store

    @property
    def index(self) -> Index:
        """The open search index."""
        return self.engine.index

    @property
    def rebuilding(self) -> Rebuilding:
        """How far a rebuild of the index has got (read from any thread)."""
        return self.engine.rebuilding

    # -- opening and closing --------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        readonly: bool = False,
        progress: Progress | None = None,
    ) -> Library:
        """Open the library in folder ``path``, creating it if missing.

        A writable open takes the library's lock (one writer at a time), replays
        index updates a crash left pending, and rebuilds a missing, damaged or
        outdated index from the store, reporting ``progress``. A read-only open
        takes no lock, so it works while another process writes; it never
        creates a library, and its searches show the store's newest record of
        papers the writer has not indexed yet.

        Raises:
            LibraryError: the folder cannot be used, holds no library (read-only),
                or another process writes it.
        """
        folder = Path(path).expanduser()
        lock: LibraryLock | None = None
        if (problem := folder_problem(folder)) is not None:
            raise LibraryError(problem)
        try:
            if readonly and not (folder / STORE_FILE).is_file():
                raise LibraryError(no_library_message(folder))
            if not readonly:
                folder.mkdir(parents=True, exist_ok=True)
                lock = LibraryLock.acquire(folder)
            store = Store(
                folder / STORE_FILE,
                readonly=readonly,
                before_upgrade=snapshots.before_upgrade,
            )
        except OSError as exc:
            if lock is not None:
                lock.release()
            refused = storage_error(exc, folder)
            if refused is not None:
                raise refused from exc
            raise LibraryError(f"cannot open the library in {folder}: {exc}") from exc
        except (StoreError, LibraryError, LibraryLockedError) as exc:
            if lock is not None:
                lock.release()
            cause = exc.__cause__
            refused = None if cause is None else storage_error(cause, folder)
            raise (refused or LibraryError(str(exc))) from exc
        engine: SearchEngine | None = None
        try:
            engine = SearchEngine.open(folder, store, threading.RLock(), progress)
            library = cls(folder, engine, lock)
            if not readonly:
                library.notices += copies.at_open(folder, store)
        except BaseException:
            if engine is not None:
                engine.index.close()
            store.close()
            if lock is not None:
                lock.release()
            raise
        return library

    def close(self) -> None:
        """Flush pending index work and release the library."""
        self.engine.close()
        with self._mutex:
            self.store.close()
            if self._lock_file is not None:
                self._lock_file.release()
                self._lock_file = None

    def __enter__(self) -> Library:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Serialise a write action, then bring the index up to date."""
        if self.store.readonly:
            raise LibraryError("this library was opened read-only")
        with self._mutex:
            with disk_errors(self.path):
                yield
            with self.engine.interactive_write():
                self.engine.after_write()

    @contextlib.contextmanager
    def writing_store(self) -> Iterator[None]:
        """Serialise a write to the store; the caller brings the index up to date."""
        if self.store.readonly:
            raise LibraryError("this library was opened read-only")
        with self._mutex, disk_errors(self.path):
            yield

    def reopen_store(self) -> None:
        """Open the store afresh after its file was replaced (by a restore).

        A store from an older app is upgraded. Queued index updates are
        dropped: the caller rebuilds the whole index next.

        Raises:
            LibraryError: the new file cannot be opened as a library.
        """
        with self._mutex:
            self.store.close()
            try:
                self.store = Store(
                    self.path / STORE_FILE, before_upgrade=snapshots.before_upgrade
                )
            except StoreError as exc:
                raise LibraryError(str(exc)) from exc
            self.store.clear_pending(ALL_PENDING)
            self._title_order.forget()

    def _import_target(self) -> ingest.Target:
        return ingest.Target(
            self.store, self.index, self.writing_store, self.engine.after_write
        )

    # -- the index ------------------------------------------------------------

    def sync_index(self, progress: Progress | None = None) -> int:
        """Apply queued paper changes to the index; returns how many were applied."""
        return self.engine.sync(progress)

    def reindex(self, progress: Progress | None = None) -> bool:
        """Rebuild the whole index from the store; False if cancelled."""
        return self.engine.rebuild(progress)

    def check(self, *, deep: bool = False) -> list[str]:
        """Every way the store or the index is unsound; empty when all is well.

        ``deep`` also reads every byte of the index (slow on a large library).
        """
        with self._mutex:
            errors = self.store.integrity_errors()
            rows = {
                r["id"]: r
                for r in self.store.conn.execute(
                    "SELECT id, title, starred, status FROM papers"
                )
            }
            indexed, trouble = self.engine.indexed_rows(deep=deep)
            if trouble:
                return errors + trouble
            # Queued changes are not faults: the next writable open applies them.
            pending = set(self.store.pending()[1])
            missing = rows.keys() - indexed.keys() - pending
            extra = indexed.keys() - rows.keys() - pending
            if missing:
                errors.append(f"{len(missing)} papers are missing from the index")
            if extra:
                errors.append(f"the index has {len(extra)} papers the store lacks")
            stale = [
                i
                for i in rows.keys() & indexed.keys() - pending
                if (rows[i]["title"], bool(rows[i]["starred"]), rows[i]["status"])
                != (indexed[i]["title"], indexed[i]["starred"], indexed[i]["status"])
            ]
            if stale:
                errors.append(f"{len(stale)} papers differ between store and index")
            return errors

    def search(
        self,
        query: str,
        limit: int = 20,
        sort: str = "relevance",
        *,
        offset: int = 0,
        typeahead: bool = False,
        scope: str = "",
    ) -> SearchResult:
        """One page of results for ``query``, with highlights.

        Args:
            query: Whoosh query text; empty means every paper (in ``scope``).
            limit: page size.
            sort: relevance, date, upvotes or added.
            offset: how many results to skip.
            typeahead: the last word may be unfinished: match it as a prefix too.
            scope: a query the results must also match (a sidebar entry).
        """
        return self.engine.search(
            query,
            limit=limit,
            offset=offset,
            sort=sort,
            typeahead=typeahead,
            scope=scope,
        )

    def search_ids(
        self,
        query: str,
        sort: str = "relevance",
        *,
        typeahead: bool = False,
        scope: str = "",
    ) -> tuple[list[str], str | None]:
        """All matching ids in order (for a lazy table), and a query error if any."""
        return self.engine.ids(query, sort=sort, typeahead=typeahead, scope=scope)

    def suggest(self, query: str) -> str | None:
        """A spelling correction of ``query`` ("did you mean"), or None.

        For a query that found nothing, asked apart from its results (the app
        asks once they are shown). It reads the index through a searcher of
        its own, so it never holds up another question to the library.
        """
        return self.engine.suggest(query)

    def more_like_this(self, paper_id: str, limit: int = 10) -> SearchResult:
        """Papers most like this one, by the words of its abstract."""
        with self._mutex:
            paper = self.paper(paper_id)
            return self.engine.more_like_this(paper_id, paper.abstract or "", limit)

    def highlights(self, paper_id: str, query: str) -> list[Highlight]:
        """Where ``query`` matches in the whole title, abstract and note of a paper."""
        return self.engine.highlights(paper_id, query)

    def stats(self) -> dict[str, int]:
        """Counts for the status line and ``readinglist stats``."""
        with self._mutex:
            counts = userdata.stats(self.store)
            # Staged changes are already searched (staging.py): not pending.
            counts["pending_index"] = self.engine.pending()
            return counts
