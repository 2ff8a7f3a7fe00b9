"""The read side of :class:`~readinglist.core.library.Library`: papers, lists, export.

Each method is one question, answered under the library's mutex.
:class:`LibraryReads` is part of ``Library`` and is not used alone.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from readinglist.core import exporters
from readinglist.core.models import ImportRecord, Paper, ReadingList, SavedSearch
from readinglist.core.store import Store, imports, lists, userdata
from readinglist.core.store.userdata import UserDataError

if TYPE_CHECKING:
    from readinglist.core.index import SearchEngine


class LibraryReads:
    """Papers, lists, saved searches, imports, selections and exports."""

    store: Store
    _mutex: threading.RLock

    engine: SearchEngine

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

    def lists(self) -> list[ReadingList]:
        """Every reading list with its paper count, by name."""
        with self._mutex:
            return lists.lists(self.store)

    def list_ids(self, name: str) -> list[str]:
        """The papers of a reading list, in the list's order."""
        with self._mutex:
            return lists.list_ids(self.store, name)

    def saved_searches(self) -> list[SavedSearch]:
        """Every saved search, by name."""
        with self._mutex:
            return lists.saved_searches(self.store)

    def imports(self, limit: int = 20) -> list[ImportRecord]:
        """The most recent imports, newest first, with their paper counts."""
        with self._mutex:
            return imports.imports(self.store, limit)

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
                return lists.list_ids(self.store, list_name)
            if ids:
                return [userdata.resolve(self.store, i) for i in ids]
            if starred or query is not None:
                found, error = self.engine.ids(
                    query or "", scope="starred:yes" if starred else "", wait=True
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
        if path is not None:
            exporters.write_file(
                format, papers, path, title=title, include_notes=include_notes
            )
        return exporters.export(
            format, papers, title=title, include_notes=include_notes
        )
