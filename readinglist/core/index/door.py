"""The search engine's one door: what the library asks of its index.

:class:`SearchEngine` opens (and if need be rebuilds) a library's index,
applies the changes queued in the store's outbox, answers searches with
highlights, suggestions and "more like this", and checks the index against the
store. It is given the parts it works with (the folder, the store, the lock
every action of the library takes) and never reaches back into the library.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from whoosh.index import LockError

from readinglist.core.errors import (
    SAVED_BUT_NOT_INDEXED,
    LibraryError,
    quiet_after_failure,
    storage_error,
)
from readinglist.core.index import repair, sync, warmup
from readinglist.core.index.engine import Index, Progress
from readinglist.core.index.guard import GuardedSearching
from readinglist.core.index.search import QueryBuilder, Searching, TitleRanks
from readinglist.core.models import Highlight, SearchResult
from readinglist.core.store import Store

INDEX_DIR = "index"


class SearchEngine:
    """The search index of one open library.

    Args:
        path: the library folder.
        store: the open store (the record the index is derived from).
        index: the open index.
        lock: the lock every action of the library holds; searches and index
            writes take it too, so they never overlap.
    """

    def __init__(
        self, path: Path, store: Store, index: Index, lock: threading.RLock
    ) -> None:
        self.path = path
        self.store = store
        self.index = index
        self.lock = lock
        # Messages for the user about the index (a repair at open, ...).
        self.notices: list[str] = []
        self.rebuilding = repair.Rebuilding()
        # True while a user action brings the index up to date: its change may
        # then wait in memory, searchable, for a later commit (staging.py).
        self.interactive = False
        self.title_ranks: TitleRanks | None = None
        self._builder = QueryBuilder(index.ix.schema)
        self._idle = sync.IdleFlush(lock, self._flush_when_idle)
        self._warmup = warmup.Warmup(index, lock)

    @classmethod
    def open(
        cls,
        path: Path,
        store: Store,
        lock: threading.RLock,
        progress: Progress | None = None,
    ) -> SearchEngine:
        """Open the index of the library in ``path``, rebuilding it if it must.

        A writable open also applies changes a crash left queued; a read-only
        one stages the changes the writer has not indexed yet.

        Raises:
            LibraryError: a read-only open of an index that needs rebuilding.
            StorageError: a rebuild the disk refused.
        """
        index = Index(path / INDEX_DIR)
        try:
            rebuilt = repair.prepare(path, store, index, progress)
            engine = cls(path, store, index, lock)
            if rebuilt and store.count("SELECT count(*) FROM papers"):
                # A new library has no index yet: only a real repair is news.
                engine.notices.append(
                    f"{rebuilt}; it was rebuilt from the library, and nothing was lost"
                )
            if store.readonly:
                engine.stage_for_reader()
            else:
                engine.catch_up(progress)
        except BaseException:
            index.close()
            raise
        return engine

    def close(self) -> None:
        """Commit what is staged (writable) and close the index."""
        self._idle.cancel()
        self._warmup.stop()
        with self.lock:
            if not self.store.readonly:
                with contextlib.suppress(Exception):
                    self.sync()
            self.index.close()

    # -- applying changes -----------------------------------------------------

    def sync(self, progress: Progress | None = None) -> int:
        """Apply queued paper changes to the index; how many were applied."""
        with self.lock:
            applied = sync.sync(
                self.index, self.store, progress, stage=self.interactive
            )
            if self.interactive and len(self.index.staging):
                self._idle.schedule()
            return applied

    def _flush_when_idle(self) -> None:
        if self.index.overlay().hidden:
            sync.sync(self.index, self.store, None, stage=False)

    def rebuild(self, progress: Progress | None = None) -> bool:
        """Rebuild the whole index from the store; False if cancelled."""
        with self.lock:
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

    def pending(self) -> int:
        """How many papers have changes no search shows yet (for ``stats``)."""
        return sync.pending(self.index, self.store)

    def stage_for_reader(self) -> None:
        """Read-only: let searches see changes the writer has not indexed."""
        notice = sync.stage_for_reader(self.index, self.store)
        if notice is not None:
            self.notices.append(notice)

    def catch_up(self, progress: Progress | None = None) -> None:
        """At a writable open: apply updates a crash left queued, verify counts.

        A disk that refuses the update does not stop the open (the changes are
        safe in the store); it leaves a notice instead.
        """
        with quiet_after_failure():
            try:
                self.sync()
                papers = self.store.count("SELECT count(*) FROM papers")
                if self.index.doc_count() == papers:
                    return
            except LockError:
                raise
            except Exception as exc:
                error = storage_error(exc, self.path, outcome=SAVED_BUT_NOT_INDEXED)
                if error is not None:
                    self.notices.append(str(error))
                    return
                if not repair.from_index(exc):
                    raise
        self.rebuild(progress)

    def after_write(self) -> None:
        """After a user action: bring the index up to date, or say why it is behind.

        Raises:
            StorageError: the disk refused the index update (the change is saved).
            LibraryError: another program holds the index's own lock.
        """
        with quiet_after_failure():
            try:
                self.sync()
                return
            except LockError as exc:
                raise LibraryError(
                    "another program is writing the search index of "
                    f"{self.path}; {SAVED_BUT_NOT_INDEXED}"
                ) from exc
            except Exception as exc:
                error = storage_error(exc, self.path, outcome=SAVED_BUT_NOT_INDEXED)
                if error is not None:
                    raise error from exc
                if not repair.from_index(exc):
                    raise
        # A damaged index: the rebuild reads everything, this change included.
        self.rebuild()

    @contextlib.contextmanager
    def interactive_write(self) -> Iterator[None]:
        """Around a user action's index update: its change may stay staged."""
        self.interactive = True
        try:
            yield
        finally:
            self.interactive = False

    # -- questions ------------------------------------------------------------

    def search(self, query: str, **options: Any) -> SearchResult:
        """One page of results for ``query``, with highlights (see Searching)."""
        if (busy := self.rebuilding.message()) is not None:
            return SearchResult(query, 0, [], error=busy)
        with self.lock:
            return self._searching().search(query, **options)

    def ids(
        self, query: str, *, wait: bool = False, **options: Any
    ) -> tuple[list[str], str | None]:
        """All matching ids in order, and a query error if any (see Searching).

        With ``wait``, a rebuild under way is waited for rather than reported.
        """
        if not wait and (busy := self.rebuilding.message()) is not None:
            return [], busy
        with self.lock:
            return self._searching().ids(query, **options)

    def suggest(self, query: str) -> str | None:
        """A spelling correction of ``query`` ("did you mean"), or None.

        It reads the index through a searcher of its own, so it never holds up
        another question to the library.
        """
        if not query.strip() or self.rebuilding.message() is not None:
            return None
        with self.lock:
            searcher = self.index.ix.searcher()
        try:
            return Searching(searcher, self._builder, _no_texts).suggest(query)
        finally:
            searcher.close()

    def more_like_this(self, paper_id: str, abstract: str, limit: int) -> SearchResult:
        """Papers most like ``paper_id``, by the words of its ``abstract``."""
        with self.lock:
            return self._searching().more_like(paper_id, abstract, limit)

    def highlights(self, paper_id: str, query: str) -> list[Highlight]:
        """Where ``query`` matches in the whole title, abstract and note of a paper."""
        with self.lock:
            return self._searching().highlight_paper(paper_id, query)

    def _searching(self) -> Searching:
        searching = GuardedSearching(
            self.index, self.path, self._recover, self._builder, self._texts
        )
        if self.title_ranks is not None:
            searching.title_ranks = self.title_ranks
        # Searches are under way: decode the common lists when idle (warmup.py).
        self._warmup.poke()
        return searching

    def _texts(self, ids: Sequence[str]) -> dict[str, dict[str, str]]:
        return self.store.long_texts(ids)

    def _recover(self, exc: BaseException) -> None:
        """Make the index answer again after ``exc``, or raise IndexUnavailableError."""
        if not self.store.readonly:
            self.rebuild()
            return
        # A reader may have met files a writer replaced a moment ago: look again.
        self.index.close()
        problem = repair.reader_problem(self.path, self.index, self.store.conn)
        if problem is not None:
            raise repair.IndexUnavailableError(
                repair.readonly_message(self.path, problem)
            ) from exc
        # Closing dropped what the reader had staged from the store: stage it again.
        self.stage_for_reader()

    # -- checking -------------------------------------------------------------

    def indexed_rows(
        self, *, deep: bool = False
    ) -> tuple[dict[str, dict[str, Any]], list[str]]:
        """Every indexed paper's stored fields for ``check``, and what is wrong."""
        with self.lock:
            return repair.indexed_rows(
                self.path, self.store, self.index, self.rebuild, deep=deep
            )


def _no_texts(ids: Sequence[str]) -> dict[str, dict[str, str]]:
    """No long texts: a suggestion needs none."""
    del ids
    return {}
