"""Searching that survives damage the open-time probe could not see.

See ``repair`` for the whole story: here a query that fails inside Whoosh
triggers one recovery (a rebuild when the library is writable, a fresh look
when it is read-only) and runs again; if it still fails, the answer carries a
message instead of results.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from whoosh.index import LockError

from readinglist.core.index.engine import Index
from readinglist.core.index.repair import (
    IndexUnavailableError,
    from_index,
    readonly_message,
)
from readinglist.core.index.search import QueryBuilder, Searching, TextSource
from readinglist.core.models import Highlight, SearchResult

T = TypeVar("T")


class GuardedSearching(Searching):
    """:class:`Searching` that survives an index damaged in ways open did not see.

    A query that fails inside Whoosh triggers one recovery (``recover``: a
    rebuild when the library is writable, a fresh look when it is read-only)
    and runs again; if it still fails, the answer carries a message instead of
    results.
    """

    def __init__(
        self,
        index: Index,
        folder: Path,
        recover: Callable[[BaseException], None],
        builder: QueryBuilder,
        texts: TextSource,
    ):
        self._index = index
        self._folder = folder
        # Makes the index answer again, or raises IndexUnavailableError.
        self._recover = recover
        self._trouble: IndexUnavailableError | None = None
        try:
            searcher = self._attempt(index.searcher)
        except IndexUnavailableError as trouble:
            # Every question asked of this object gets the same answer.
            self._trouble = trouble
            searcher = None
        super().__init__(searcher, builder, texts)

    def _attempt(self, call: Callable[[], T]) -> T:
        if self._trouble is not None:
            raise self._trouble
        try:
            return call()
        except Exception as exc:
            if not from_index(exc) or isinstance(exc, LockError):
                raise
            self._recover(exc)
        self.searcher = self._index.searcher()
        try:
            return call()
        except Exception as exc:
            if not from_index(exc):
                raise
            problem = f"the search index cannot be read ({type(exc).__name__}: {exc})"
            raise IndexUnavailableError(
                readonly_message(self._folder, problem)
            ) from exc

    def search(self, text: str, **options: Any) -> SearchResult:
        """See :meth:`Searching.search`; index trouble becomes the result's error."""
        try:
            return self._attempt(lambda: Searching.search(self, text, **options))
        except IndexUnavailableError as trouble:
            return SearchResult(text, 0, [], error=str(trouble))

    def ids(self, text: str, **options: Any) -> tuple[list[str], str | None]:
        """See :meth:`Searching.ids`; index trouble becomes the error."""
        try:
            return self._attempt(lambda: Searching.ids(self, text, **options))
        except IndexUnavailableError as trouble:
            return [], str(trouble)

    def more_like(self, paper_id: str, abstract: str, limit: int) -> SearchResult:
        """See :meth:`Searching.more_like`; index trouble becomes the error."""
        try:
            return self._attempt(
                lambda: Searching.more_like(self, paper_id, abstract, limit)
            )
        except IndexUnavailableError as trouble:
            return SearchResult(f"like:{paper_id}", 0, [], error=str(trouble))

    def highlight_paper(self, paper_id: str, text: str) -> list[Highlight]:
        """See :meth:`Searching.highlight_paper`; no highlights on index trouble."""
        try:
            return self._attempt(
                lambda: Searching.highlight_paper(self, paper_id, text)
            )
        except IndexUnavailableError:
            return []
