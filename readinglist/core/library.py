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
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from readinglist.core import (
    backup,
    exporters,
    indexsync,
    ingest,
    repair,
    restore,
    userdata,
    warmup,
)
from readinglist.core.backup import Restored
from readinglist.core.errors import LibraryError, storage_error
from readinglist.core.index import Index, Progress
from readinglist.core.locking import LibraryLock, LibraryLockedError
from readinglist.core.models import (
    Changes,
    Highlight,
    ImportRecord,
    ImportReport,
    Paper,
    ReadingList,
    SavedSearch,
    SearchResult,
    Status,
)
from readinglist.core.paths import (
    SAMPLES_YEAR,
    folder_problem,
    no_library_message,
    sample_paths,
)
from readinglist.core.restore import PaperSnapshot
from readinglist.core.search import QueryBuilder, Searching
from readinglist.core.searchguard import GuardedSearching
from readinglist.core.store import STORE_FILE, Store, StoreError
from readinglist.core.userdata import UserDataError

INDEX_DIR = "index"

__all__ = ["Library", "LibraryError", "UserDataError"]


class Library:
    """An open library folder. Use :meth:`open`, ideally as a context manager."""

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
            store = Store(folder / STORE_FILE, readonly=readonly)
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
            if rebuilt and store.count("SELECT count(*) FROM papers"):
                # A new library has no index yet: only a real repair is news.
                library.notices.append(
                    f"{rebuilt}; it was rebuilt from the library, and nothing was lost"
                )
            if readonly:
                indexsync.stage_for_reader(library)
            else:
                repair.catch_up(library, progress)
                library.notices += backup.at_open(folder, store)
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

    # -- importing ------------------------------------------------------------

    def import_files(
        self,
        paths: Iterable[Path | str],
        *,
        year: int | None = None,
        progress: Callable[[int, int, str], bool] | None = None,
    ) -> ImportReport:
        """Import listing files (or BibTeX, RIS, CSL-JSON), one transaction each.

        Args:
            paths: the files to read.
            year: the year for dates that lack one; default from each file's date.
            progress: called with (files done, files, current path) before each
                file; returning False stops before that file (files already
                imported stay imported).

        Returns:
            Per file: how many papers were added, merged, unchanged, and problems.
        """
        # One index writer for all the files; see ingest.py.
        return ingest.import_files(self, paths, year, progress)

    def import_text(
        self, text: str, label: str, *, year: int | None = None
    ) -> ImportReport:
        """Import listing (or BibTeX, RIS, CSL-JSON) text, such as pasted text.

        The text is read exactly as a file with that content would be, and
        reported and recorded under ``label`` in place of a file name.

        Args:
            text: the text, any format a file may have.
            label: what the report and the Recent Imports call it.
            year: the year for dates that lack one; default this year.

        Returns:
            The report of one "file" named ``label``.
        """
        return ingest.import_text(self, text, label, year)

    def import_samples(
        self, progress: Callable[[int, int, str], bool] | None = None
    ) -> ImportReport:
        """Import the bundled sample listings, so a newcomer sees papers at once."""
        return self.import_files(sample_paths(), year=SAMPLES_YEAR, progress=progress)

    # -- reading --------------------------------------------------------------

    def paper(self, paper_id: str) -> Paper:
        """One paper with all its user data.

        Raises:
            KeyError: no paper has this id.
        """
        with self._mutex:
            found = self.store.papers([paper_id])
        if not found:
            raise KeyError(paper_id)
        return found[0]

    def papers(self, ids: Sequence[str]) -> list[Paper]:
        """Papers by id, in the order given; unknown ids are skipped."""
        with self._mutex:
            return self.store.papers(ids)

    def resolve(self, ref: str) -> str:
        """The paper id for an id, an unambiguous id prefix, or a citation key.

        Raises:
            KeyError: with a message saying why ``ref`` names no single paper.
        """
        with self._mutex:
            return userdata.resolve(self.store, ref)

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

    def lists(self) -> list[ReadingList]:
        """Every reading list with its paper count, by name."""
        with self._mutex:
            return userdata.lists(self.store)

    def list_ids(self, name: str) -> list[str]:
        """The papers of a reading list, in the list's order."""
        with self._mutex:
            return userdata.list_ids(self.store, name)

    def saved_searches(self) -> list[SavedSearch]:
        """Every saved search, by name."""
        with self._mutex:
            return userdata.saved_searches(self.store)

    def imports(self, limit: int = 20) -> list[ImportRecord]:
        """The most recent imports, newest first, with their paper counts."""
        with self._mutex:
            return userdata.imports(self.store, limit)

    def select(
        self,
        *,
        list_name: str | None = None,
        starred: bool = False,
        query: str | None = None,
        ids: Sequence[str] = (),
        everything: bool = False,
    ) -> list[str]:
        """The ids an export (or another bulk action) works on, in a sensible order.

        Exactly one of the arguments names the selection: a reading list (in its
        order), the starred papers, a query's results (by relevance), ids as given,
        or the whole library (newest first).

        Raises:
            UserDataError: an unknown list, or a query that cannot be read.
        """
        with self._mutex:
            if list_name is not None:
                return userdata.list_ids(self.store, list_name)
            if ids:
                return [userdata.resolve(self.store, i) for i in ids]
            if starred or query is not None:
                found, error = self._searching().ids(
                    query or "", scope="starred:yes" if starred else ""
                )
                if error:
                    raise UserDataError(error)
                return found
            if everything:
                return self.store.all_ids()
            raise UserDataError(
                "say which papers: a list, starred, a query, ids or all"
            )

    def citation_keys(self, ids: Sequence[str]) -> list[str]:
        """The keys ``\\cite{}`` takes for these papers, as an export writes them.

        Args:
            ids: the papers, in order; unknown ids are skipped.

        Returns:
            One key per paper: its pinned key, else the one an export makes.
        """
        return exporters.citekeys(self.papers(ids))

    def export(
        self,
        format: str,
        ids: Sequence[str],
        *,
        title: str = exporters.DEFAULT_TITLE,
        path: Path | str | None = None,
        include_notes: bool = False,
    ) -> str:
        """Export papers as BibTeX, BibLaTeX, RIS, CSL-JSON, Markdown or CSV.

        Args:
            format: one of ``exporters.EXPORTERS``.
            ids: the papers, in the order they should appear.
            title: the list's name, for formats that show one.
            path: if given, the file to write (replaced in one step).
            include_notes: write the user's notes (annote, annotation, N1).

        Returns:
            The exported text.

        Raises:
            ValueError: an unknown format.
            OSError: the file could not be written.
        """
        papers = self.papers(ids)
        notes = include_notes
        if path is not None:
            exporters.write_file(format, papers, path, title=title, include_notes=notes)
        return exporters.export(format, papers, title=title, include_notes=notes)

    # -- backups ----------------------------------------------------------------

    def backup(self, path: Path | str | None = None, *, as_json: bool = False) -> Path:
        """Copy the whole library, user data included, to a backup file.

        Args:
            path: a file or a folder; by default a new file in ``backups/``.
            as_json: write the app's JSON backup instead of an SQLite copy.

        Returns:
            The file written.

        Raises:
            BackupError: it could not be written (nothing is left behind).
        """
        with self._mutex:
            return backup.make(self, path, as_json=as_json)

    def restore(self, path: Path | str, progress: Progress | None = None) -> Restored:
        """Replace the library with a backup (SQLite copy or JSON), then reindex.

        The library as it was is first copied into ``backups/``.

        Raises:
            BackupError: not a sound backup, or it could not be copied in; the
                library is unchanged.
        """
        if self.store.readonly:
            raise LibraryError("this library was opened read-only")
        with self._mutex:
            return backup.restore(self, path, progress)

    # -- user actions ---------------------------------------------------------

    def _act(self, action: Callable[..., Changes], *args: Any) -> Changes:
        with self._writing():
            return action(self.store, *args)

    def set_starred(self, ids: str | Sequence[str], starred: bool) -> Changes:
        """Star or unstar papers."""
        return self._act(userdata.set_starred, _ids(ids), starred)

    def set_status(self, ids: str | Sequence[str], status: Status | str) -> Changes:
        """Set the read status (unread, reading, read) of papers."""
        return self._act(userdata.set_status, _ids(ids), Status(status))

    def set_note(self, paper_id: str, text: str) -> Changes:
        """Replace a paper's note."""
        return self._act(userdata.set_note, paper_id, text)

    def set_tags(self, paper_id: str, tags: Sequence[str]) -> Changes:
        """Replace a paper's tags."""
        return self._act(userdata.set_tags, paper_id, list(tags))

    def create_list(self, name: str) -> Changes:
        """Create an empty reading list."""
        return self._act(userdata.create_list, name)

    def rename_list(self, name: str, new_name: str) -> Changes:
        """Rename a reading list."""
        return self._act(userdata.rename_list, name, new_name)

    def delete_list(self, name: str) -> Changes:
        """Delete a reading list (its papers stay in the library)."""
        return self._act(userdata.delete_list, name)

    def add_to_list(self, name: str, ids: str | Sequence[str]) -> Changes:
        """Append papers to a reading list (those already in it stay where they are)."""
        return self._act(userdata.add_to_list, name, _ids(ids))

    def remove_from_list(self, name: str, ids: str | Sequence[str]) -> Changes:
        """Take papers out of a reading list."""
        return self._act(userdata.remove_from_list, name, _ids(ids))

    def move_in_list(self, name: str, paper_id: str, position: int) -> Changes:
        """Move a paper to ``position`` (0-based) within a reading list."""
        return self._act(userdata.move_in_list, name, paper_id, position)

    def set_list_order(self, name: str, ids: Sequence[str]) -> Changes:
        """Put a reading list's papers in this order (any left out follow)."""
        return self._act(restore.set_list_order, name, list(ids))

    def snapshot_papers(self, ids: str | Sequence[str]) -> list[PaperSnapshot]:
        """Everything about these papers, so a delete can be undone."""
        with self._mutex:
            return restore.capture(self.store, _ids(ids))

    def restore_papers(self, snapshots: Sequence[PaperSnapshot]) -> Changes:
        """Put deleted papers back as :meth:`snapshot_papers` saw them."""
        return self._act(restore.reinsert, list(snapshots))

    def save_search(self, name: str, query: str) -> Changes:
        """Save (or replace) a named search."""
        return self._act(userdata.save_search, name, query)

    def delete_saved_search(self, name: str) -> Changes:
        """Forget a saved search."""
        return self._act(userdata.delete_saved_search, name)

    def delete_papers(self, ids: str | Sequence[str]) -> Changes:
        """Remove papers, with their notes and list places, from the library."""
        try:
            return self._act(userdata.delete_papers, _ids(ids))
        finally:
            self._title_order.forget()


def _no_texts(ids: Sequence[str]) -> dict[str, dict[str, str]]:
    """No long texts: a suggestion needs none."""
    return {}


def _ids(ids: str | Sequence[str]) -> list[str]:
    return [ids] if isinstance(ids, str) else list(ids)
