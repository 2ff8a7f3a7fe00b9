"""User actions on papers: star, read status, lists and notes.

Each is one library call on the write lane of the task helper, so actions never
overlap and land in the order the user made them. The library's answer, what
changed, comes back as :attr:`PaperActions.changed` for the window to refresh
just that; a refused action (a list name taken) comes back as a message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal

from readinglist.core.library import Library
from readinglist.core.models import Changes, Status
from readinglist.gui.tasks import TaskContext, Tasks


class PaperActions(QObject):
    """Runs user actions against the library.

    Signals:
        changed(Changes): an action is done; refresh what it changed.
        failed(str): an action could not be done; the message says why.
        note_saved(str): the note of this paper id is stored.
        note_failed(str, str): the note of this paper id was not stored, and why.
    """

    changed = Signal(object)
    failed = Signal(str)
    note_saved = Signal(str)
    note_failed = Signal(str, str)

    def __init__(self, library: Library, tasks: Tasks, parent: QObject | None = None):
        super().__init__(parent)
        self._library = library
        self._tasks = tasks

    def _run(self, action: Callable[[Library], Changes]) -> None:
        library = self._library

        def work(ctx: TaskContext) -> Changes:
            return action(library)

        self._tasks.run(
            work,
            on_success=self.changed.emit,
            on_error=lambda exc: self.failed.emit(_message(exc)),
            lane="write",
        )

    def star(self, ids: Sequence[str], starred: bool) -> None:
        """Star (or unstar) these papers.

        Args:
            ids: the papers.
            starred: True to star them, False to unstar.
        """
        ids = list(ids)
        if ids:
            self._run(lambda lib: lib.set_starred(ids, starred))

    def set_status(self, ids: Sequence[str], status: Status | str) -> None:
        """Set the read status of these papers.

        Args:
            ids: the papers.
            status: unread, reading or read.
        """
        ids = list(ids)
        if ids:
            self._run(lambda lib: lib.set_status(ids, status))

    def add_to_list(self, name: str, ids: Sequence[str], *, create: bool) -> None:
        """Add papers to list ``name``, making the list first if ``create``.

        Args:
            name: the reading list.
            ids: the papers to append.
            create: make the list first (the user typed a new name).
        """
        ids = list(ids)

        def add(lib: Library) -> Changes:
            made = lib.create_list(name) if create else Changes()
            added = lib.add_to_list(name, ids) if ids else Changes()
            return Changes(
                papers=made.papers | added.papers, lists=made.lists or added.lists
            )

        self._run(add)

    def remove_from_list(self, name: str, ids: Sequence[str]) -> None:
        """Take papers out of list ``name``.

        Args:
            name: the reading list.
            ids: the papers to take out.
        """
        ids = list(ids)
        if ids:
            self._run(lambda lib: lib.remove_from_list(name, ids))

    def save_note(self, paper_id: str, text: str) -> None:
        """Store a paper's note in the background.

        Args:
            paper_id: the paper.
            text: the whole note, replacing the stored one.
        """
        library = self._library

        def work(ctx: TaskContext) -> Changes:
            return library.set_note(paper_id, text)

        def saved(changes: Changes) -> None:
            self.note_saved.emit(paper_id)
            self.changed.emit(changes)

        self._tasks.run(
            work,
            on_success=saved,
            on_error=lambda exc: self.note_failed.emit(paper_id, _message(exc)),
            lane="write",
        )


def _message(exc: Exception) -> str:
    text = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
    return text or type(exc).__name__
