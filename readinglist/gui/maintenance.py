"""Keeping the library sound from the window: messages, rebuild, restore, notes.

:class:`Maintenance` makes the controllers of the window's safety commands
and wires them: the library's notices from opening go to the message log;
"Rebuild Search Index" and "Restore from Backup" run with progress and say
what they did; while the index cannot answer, the results show why; notes
that could not be saved are kept and the window does not close over them.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QMainWindow

from readinglist.core.backup.restoring import Restored
from readinglist.core.library import Library
from readinglist.gui.commands.paper_actions import PaperActions
from readinglist.gui.commands.registry import CommandRegistry
from readinglist.gui.messages import MessageLog
from readinglist.gui.models.papers import PaperTableModel
from readinglist.gui.notes import NoteKeeper
from readinglist.gui.reindexing import IndexWatch, RebuildController
from readinglist.gui.restoring import RestoreController, restored_text
from readinglist.gui.results_controller import ResultsController
from readinglist.gui.search import SearchController
from readinglist.gui.tasks import Tasks
from readinglist.gui.undo import History, papers
from readinglist.gui.widgets.paper_view import PaperView
from readinglist.gui.widgets.results import ResultsPane
from readinglist.gui.widgets.welcome import WelcomePanel

LONG_JOBS = ("import", "samples-load", "index-rebuild", "backup-restore")
"""Commands that wait while one of them runs: they all hold the library long."""

CANCELLED = (
    "The rebuild of the search index was cancelled, so searches find nothing "
    "until it is rebuilt: choose Rebuild Search Index again. It is also rebuilt "
    "the next time the library is opened."
)


class MaintainedWindow(Protocol):
    """What maintenance uses of the main window (never the module itself)."""

    library: Library
    tasks: Tasks
    commands: CommandRegistry
    history: History
    search: SearchController
    paper_actions: PaperActions
    paper_view: PaperView
    model: PaperTableModel
    results: ResultsPane
    results_controller: ResultsController
    status: QLabel
    welcome: WelcomePanel

    def refresh_sidebar(self) -> None: ...
    def show_error(self, message: str) -> None: ...


class Maintenance(QObject):
    """The window's messages, rebuild, restore, index watch and note keeper.

    Args:
        window: the main window, with its widgets, tasks and actions made.
        parent: the main window as a widget, parent of the dialogs.
    """

    def __init__(self, window: MaintainedWindow, parent: QMainWindow) -> None:
        super().__init__(parent)
        self._window = window
        library, tasks = window.library, window.tasks
        note = window.paper_view.note
        self.messages = MessageLog(parent)
        self.notes = NoteKeeper(
            parent,
            library,
            tasks=tasks,
            note=note,
            actions=window.paper_actions,
            messages=self.messages,
        )
        self.rebuild = RebuildController(library, tasks, parent)
        self.restore = RestoreController(library, tasks, parent, note)
        self.watch = IndexWatch(library, tasks, window.results, window.status)
        self.rebuild.started.connect(lambda: self.set_busy(True))
        self.rebuild.finished.connect(self._rebuilt)
        self.rebuild.failed.connect(self._rebuild_failed)
        self.restore.started.connect(lambda: self.set_busy(True))
        self.restore.restored.connect(self._restored)
        self.restore.failed.connect(self._restore_failed)
        self.restore.changed.connect(self.reload)
        self.watch.recovered.connect(self._search_again)
        window.results.rebuild_requested.connect(
            lambda: window.commands.trigger("index-rebuild")
        )
        window.results_controller.index_unavailable.connect(
            lambda _: self.watch.check()
        )
        # What the library had to say when it opened, kept for the session.
        self.messages.add_all(library.notices)

    def set_busy(self, busy: bool) -> None:
        """Disable (or enable again) the commands that hold the library long.

        Args:
            busy: True while an import, a rebuild or a restore runs.
        """
        for name in LONG_JOBS:
            self._window.commands.action(name).setEnabled(not busy)
        self._window.welcome.setEnabled(not busy)
        self._window.results.rebuild_button.setEnabled(not busy)

    def reload(self) -> None:
        """Read the whole library again (a restore replaced it); undo starts anew."""
        window = self._window
        window.history.stack.clear()
        window.paper_view.note.discard()
        window.paper_view.show_paper(None)
        window.model.set_ids([])
        if window.search.request.like:
            window.search.leave_like()  # that paper may be gone
        else:
            window.search.run()
        window.refresh_sidebar()

    def _search_again(self) -> None:
        self._window.search.run()
        self._window.refresh_sidebar()

    def _rebuilt(self, done: bool) -> None:
        self.set_busy(False)
        if done:
            total = self._window.library.rebuilding.total
            self.messages.add(f"The search index was rebuilt: {papers(total)}.")
        else:
            self.messages.add(CANCELLED)
        self._search_again()
        self.watch.check()

    def _rebuild_failed(self, text: str) -> None:
        self.set_busy(False)
        self.messages.add(text, show=False)
        self._window.show_error(text)
        self._search_again()
        self.watch.check()

    def _restored(self, done: Restored) -> None:
        self.set_busy(False)
        self.messages.add(restored_text(done))

    def _restore_failed(self, text: str) -> None:
        self.set_busy(False)
        self.messages.add(text, show=False)
        self._window.show_error(text)
