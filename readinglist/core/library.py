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
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType

from readinglist.core import (
    indexsync,
    ingest,
    repair,
    warmup,
)
from readinglist.core.backup import copies, snapshots
from readinglist.core.errors import LibraryError, storage_error
from readinglist.core.index import Index, Progress
from readinglist.core.library_actions import LibraryActions
from readinglist.core.library_reads import LibraryReads
from readinglist.core.locking import LibraryLock, LibraryLockedError
from readinglist.core.models import Highlight, SearchResult
from readinglist.core.paths import folder_problem, no_library_message
from readinglist.core.search import QueryBuilder, Searching
from readinglist.core.searchguard import GuardedSearching
from readinglist.core.store import STORE_FILE, Store, StoreError, userdata
from readinglist.core.store.userdata import UserDataError

INDEX_DIR = "index"
# Beyond any outbox sequence number: clears the whole outbox.
ALL_PENDING = 2**63 - 1

__all__ = ["Library", "LibraryError", "UserDataError"]


class Library(LibraryReads, LibraryActions):
    """An open library folder. Use :meth:`open`, ideally as a context manager.

    The read side is in :class:`LibraryReads`, the user actions in
    :class:`LibraryActions`; opening, closing, the index and search are here.
    """

    def __init__(
        self, path: Path, store: Store, index: Index, lock: LibraryLock | None
    ):
        self.path = path
        self.store = store
        self.index = index
        self._lock_file = lock
        self._mutex = threading.RLock()
        self._builder = QueryBuilder(index.ix.schema)
        self._title_order = userdata.TitleOrder()
        # Messages for the user from opening (a backup that failed, ...).
        self.notices: list[str] = []
        self.rebuilding = repair.Rebuilding()
        # True while a user action brings the index up to date: its change may
        # then wait in memory, searchable, for a later commit (staging.py).
        self._interactive = False
        self._idle = indexsync.IdleFlush(self)
        self._warmup = warmup.Warmup(self)

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
        index = Index(folder / INDEX_DIR)
        try:
            rebuilt = repair.prepare(folder, store, index, progress)
            library = cls(folder, store, index, lock)
            if rebuilt and store.paper_count():
                # A new library has no index yet: only a real repair is news.
                library.notices.append(
                    f"{rebuilt}; it was rebuilt from the library, and nothing was lost"
                )
            if readonly:
                indexsync.stage_for_reader(library)
            else:
                repair.catch_up(library, progress)
                library.notices += copies.at_open(folder, store)
        except BaseException:
            index.close()
            store.close()
            if lock is not None:
                lock.release()
            raise
        return library

    def close(self) -> None:
        """Flush pending index work and release the library."""
        self._idle.cancel()
        self._warmup.stop()
        with self._mutex:
            if not self.store.readonly:
                with contextlib.suppress(Exception):
                    self.sync_index()
            self.index.close()
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
            with repair.disk_errors(self.path):
                yield
            self._interactive = True
            try:
                repair.sync_after_write(self)
            finally:
                self._interactive = False

    @contextlib.contextmanager
    def writing_store(self) -> Iterator[None]:
        """Serialise a write to the store; the caller brings the index up to date."""
        if self.store.readonly:
            raise LibraryError("this library was opened read-only")
        with self._mutex, repair.disk_errors(self.path):
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
            self.store,
            self.index,
            self.writing_store,
            lambda: repair.sync_after_write(self),
        )

    # -- the index ------------------------------------------------------------

    def sync_index(self, progress: Progress | None = None) -> int:
        """Apply queued paper changes to the index; returns how many were applied."""
        with self._mutex:
            return indexsync.sync(self, progress, stage=self._interactive)

    def reindex(self, progress: Progress | None = None) -> bool:
        """Rebuild the whole index from the store; False if cancelled."""
        with self._mutex:
            done = repair.rebuild(
                self.path, self.index, self.store.conn, progress, self.rebuilding
            )
            if done:
                last, _ = self.store.pending()
                self.store.clear_pending(last)
            else:
                # A half-built index must not be mistaken for a good one.
                self.index.create()
            return done

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
            indexed, trouble = repair.indexed_rows(self, deep=deep)
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
        if (busy := self.rebuilding.message()) is not None:
            return SearchResult(query, 0, [], error=busy)
        with self._mutex:
            return self._searching().search(
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
        if (busy := self.rebuilding.message()) is not None:
            return [], busy
        with self._mutex:
            return self._searching().ids(
                query, sort=sort, typeahead=typeahead, scope=scope
            )

    def suggest(self, query: str) -> str | None:
        """A spelling correction of ``query`` ("did you mean"), or None.

        For a query that found nothing, asked apart from its results (the app
        asks once they are shown). It reads the index through a searcher of
        its own, so it never holds up another question to the library.
        """
        if not query.strip() or self.rebuilding.message() is not None:
            return None
        with self._mutex:
            searcher = self.index.ix.searcher()
        try:
            return Searching(searcher, self._builder, _no_texts).suggest(query)
        finally:
            searcher.close()

    def more_like_this(self, paper_id: str, limit: int = 10) -> SearchResult:
        """Papers most like this one, by the words of its abstract."""
        with self._mutex:
            paper = self.paper(paper_id)
            return self._searching().more_like(paper_id, paper.abstract or "", limit)

    def highlights(self, paper_id: str, query: str) -> list[Highlight]:
        """Where ``query`` matches in the whole title, abstract and note of a paper."""
        with self._mutex:
            return self._searching().highlight_paper(paper_id, query)

    def _searching(self) -> Searching:
        searching = GuardedSearching(self, self._builder, self.store.long_texts)
        searching.title_ranks = lambda: self._title_order.ranks(self.store)
        # Searches are under way: decode the common lists when idle (warmup.py).
        self._warmup.poke()
        return searching

    def stats(self) -> dict[str, int]:
        """Counts for the status line and ``readinglist stats``."""
        with self._mutex:
            counts = userdata.stats(self.store)
            # Staged changes are already searched (staging.py): not pending.
            counts["pending_index"] = indexsync.pending(self)
            return counts


def _no_texts(ids: Sequence[str]) -> dict[str, dict[str, str]]:
    """No long texts: a suggestion needs none."""
    return {}
