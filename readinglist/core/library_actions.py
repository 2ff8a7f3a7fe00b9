"""The user actions of :class:`~readinglist.core.library.Library`.

Each is one store transaction, then the index is brought up to date; imports,
backups and restores too. :class:`LibraryActions` is part of ``Library`` and
is not used alone.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readinglist.core import ingest
from readinglist.core.backup import copies, restoring
from readinglist.core.backup.restoring import Restored
from readinglist.core.errors import LibraryError
from readinglist.core.index import Progress
from readinglist.core.models import Changes, ImportReport, Status
from readinglist.core.paths import SAMPLES_YEAR, sample_paths
from readinglist.core.store import Store, lists, undelete, userdata
from readinglist.core.store.undelete import PaperSnapshot


class LibraryActions:
    """Imports, backups and every change the user makes."""

    store: Store
    path: Path
    _mutex: threading.RLock
    _title_order: userdata.TitleOrder

    if TYPE_CHECKING:

        @contextlib.contextmanager
        def _writing(self) -> Iterator[None]: ...

        def _import_target(self) -> ingest.Target: ...

        def reopen_store(self) -> None: ...

        def reindex(self, progress: Progress | None = None) -> bool: ...

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
        return ingest.import_files(self._import_target(), paths, year, progress)

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
        return ingest.import_text(self._import_target(), text, label, year)

    def import_samples(
        self, progress: Callable[[int, int, str], bool] | None = None
    ) -> ImportReport:
        """Import the bundled sample listings, so a newcomer sees papers at once."""
        return self.import_files(sample_paths(), year=SAMPLES_YEAR, progress=progress)

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
            return copies.make(self.path, self.store, path, as_json=as_json)

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
            restored = restoring.replace(self.path, self.store, path)
            self.reopen_store()
            self.reindex(progress)
            return restored

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
        return self._act(lists.create_list, name)

    def rename_list(self, name: str, new_name: str) -> Changes:
        """Rename a reading list."""
        return self._act(lists.rename_list, name, new_name)

    def delete_list(self, name: str) -> Changes:
        """Delete a reading list (its papers stay in the library)."""
        return self._act(lists.delete_list, name)

    def add_to_list(self, name: str, ids: str | Sequence[str]) -> Changes:
        """Append papers to a reading list (those already in it stay where they are)."""
        return self._act(lists.add_to_list, name, _ids(ids))

    def remove_from_list(self, name: str, ids: str | Sequence[str]) -> Changes:
        """Take papers out of a reading list."""
        return self._act(lists.remove_from_list, name, _ids(ids))

    def move_in_list(self, name: str, paper_id: str, position: int) -> Changes:
        """Move a paper to ``position`` (0-based) within a reading list."""
        return self._act(lists.move_in_list, name, paper_id, position)

    def set_list_order(self, name: str, ids: Sequence[str]) -> Changes:
        """Put a reading list's papers in this order (any left out follow)."""
        return self._act(lists.set_list_order, name, list(ids))

    def snapshot_papers(self, ids: str | Sequence[str]) -> list[PaperSnapshot]:
        """Everything about these papers, so a delete can be undone."""
        with self._mutex:
            return undelete.capture(self.store, _ids(ids))

    def restore_papers(self, snapshots: Sequence[PaperSnapshot]) -> Changes:
        """Put deleted papers back as :meth:`snapshot_papers` saw them."""
        return self._act(undelete.reinsert, list(snapshots))

    def save_search(self, name: str, query: str) -> Changes:
        """Save (or replace) a named search."""
        return self._act(lists.save_search, name, query)

    def delete_saved_search(self, name: str) -> Changes:
        """Forget a saved search."""
        return self._act(lists.delete_saved_search, name)

    def delete_papers(self, ids: str | Sequence[str]) -> Changes:
        """Remove papers, with their notes and list places, from the library."""
        try:
            return self._act(userdata.delete_papers, _ids(ids))
        finally:
            self._title_order.forget()


def _ids(ids: str | Sequence[str]) -> list[str]:
    return [ids] if isinstance(ids, str) else list(ids)
